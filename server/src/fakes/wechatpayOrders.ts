// The fake's payment API (基础支付, v3): JSAPI / Native / H5 orders, query by out_trade_no, close, refunds and
// their query, with the real request/response fields. Paying is played at POST /fake/transactions/pay (the
// payer's side: wx.requestPayment with the paySign our server made, or a scan of a Native / H5 order); it sends
// TRANSACTION.SUCCESS to the order's notify_url. A refund succeeds after the fake's delay and sends REFUND.SUCCESS.
import { createHash, createVerify, X509Certificate } from 'node:crypto';
import type { FakeApiContext, FakeReply } from './wechatpay';

export type TradeState = 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND' | 'PAYERROR';
export type TradeType = 'JSAPI' | 'NATIVE' | 'MWEB';

export interface FakeOrder {
  appid: string;
  mchid: string;
  out_trade_no: string;
  description: string;
  attach?: string;
  notify_url: string | null;
  trade_type: TradeType;
  trade_state: TradeState;
  total: number;
  payer_openid: string | null;
  prepay_id: string;
  transaction_id: string | null;
  success_time: string | null;
  /** The request body as sent, to tell a repeat from a different order with the same out_trade_no. */
  content: string;
}

export interface FakeRefund {
  out_refund_no: string;
  refund_id: string;
  out_trade_no: string;
  transaction_id: string;
  refund: number;
  total: number;
  status: 'PROCESSING' | 'SUCCESS' | 'ABNORMAL' | 'CLOSED';
  notify_url: string | null;
  create_time: string;
  success_time: string | null;
  content: string;
}

/** What the payer's side passes to the fake's pay endpoint. */
/** A short ticket per order (the prepay_id's tail is padding: every order would share it). */
const ticketOf = (o: Pick<FakeOrder, 'prepay_id'>) => createHash('sha256').update(o.prepay_id).digest('base64url').slice(0, 10);
/** What a Native order's QR code carries: one per order, as WeChat Pay's are. */
export const codeUrlOf = (o: Pick<FakeOrder, 'prepay_id'>) => `weixin://wxpay/bizpayurl?pr=${ticketOf(o)}`;

export type PayOrderArgs =
  | { appId: string; timeStamp: string; nonceStr: string; package: string; signType: string; paySign: string; openId?: string }
  | { out_trade_no: string; openId?: string };

const TYPES: Record<string, TradeType> = { jsapi: 'JSAPI', native: 'NATIVE', h5: 'MWEB' };
const posInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;

export function paymentOrdersApi(ctx: FakeApiContext, opts: { merchantCert: string }) {
  const { mchid, appid, now } = ctx;
  const orders = new Map<string, FakeOrder>();
  const refunds = new Map<string, FakeRefund>();
  const merchantKey = new X509Certificate(opts.merchantCert).publicKey;

  const transactionResource = (o: FakeOrder) => ({
    appid: o.appid, mchid: o.mchid, out_trade_no: o.out_trade_no, transaction_id: o.transaction_id ?? undefined,
    trade_type: o.trade_type, trade_state: o.trade_state, trade_state_desc: ({ NOTPAY: '未支付', SUCCESS: '支付成功', CLOSED: '已关闭', REFUND: '转入退款', PAYERROR: '支付失败' })[o.trade_state],
    bank_type: o.trade_state === 'NOTPAY' || o.trade_state === 'CLOSED' ? undefined : 'OTHERS', attach: o.attach ?? '',
    success_time: o.success_time ?? undefined,
    payer: o.payer_openid ? { openid: o.payer_openid } : undefined,
    amount: { total: o.total, payer_total: o.trade_state === 'NOTPAY' || o.trade_state === 'CLOSED' ? undefined : o.total, currency: 'CNY', payer_currency: 'CNY' },
  });
  const refundResource = (r: FakeRefund) => ({
    mchid, out_trade_no: r.out_trade_no, transaction_id: r.transaction_id, out_refund_no: r.out_refund_no, refund_id: r.refund_id,
    refund_status: r.status, success_time: r.success_time ?? undefined, user_received_account: '支付用户零钱',
    amount: { total: r.total, refund: r.refund, payer_total: r.total, payer_refund: r.refund },
  });

  /** The payer pays: JSAPI by wx.requestPayment (the paySign is checked with the merchant certificate), or a scan. */
  const payOrder = async (a: PayOrderArgs): Promise<{ status: number; errMsg: string }> => {
    let o: FakeOrder | undefined;
    if ('package' in a) {
      o = [...orders.values()].find((x) => `prepay_id=${x.prepay_id}` === a.package);
      const message = `${a.appId}\n${a.timeStamp}\n${a.nonceStr}\n${a.package}\n`;
      if (!o || a.appId !== o.appid || a.signType !== 'RSA' || !createVerify('RSA-SHA256').update(message).verify(merchantKey, a.paySign ?? '', 'base64')) {
        return { status: 400, errMsg: 'requestPayment:fail 支付验证签名失败' };
      }
      if (a.openId && o.payer_openid && a.openId !== o.payer_openid) return { status: 400, errMsg: 'requestPayment:fail 用户身份与下单用户不一致' };
    } else {
      o = orders.get(a.out_trade_no);
      if (!o || o.trade_type === 'JSAPI') return { status: 400, errMsg: 'requestPayment:fail 订单不存在' };
    }
    if (o.trade_state !== 'NOTPAY') return { status: 400, errMsg: 'requestPayment:fail 订单已支付或已关闭' };
    const seq = ctx.nextSeq();
    o.trade_state = 'SUCCESS';
    o.transaction_id = `4200${Date.now()}${seq}`.slice(0, 28);
    o.success_time = now();
    o.payer_openid ??= a.openId ?? `fake-openid-${seq}`;
    setTimeout(() => { void ctx.deliver(o!.notify_url, o!.out_trade_no, transactionResource(o!), { type: 'TRANSACTION.SUCCESS', summary: '支付成功', originalType: 'transaction' }); }, ctx.delay);
    return { status: 200, errMsg: 'requestPayment:ok' };
  };

  const parse = (raw: string): Record<string, any> | null => { try { return JSON.parse(raw); } catch { return null; } };

  /** Answers a signed request to the payment API; false when the path is not one of its. */
  const handle = (method: string, url: URL, raw: string, reply: FakeReply): boolean => {
    const create = /^\/v3\/pay\/transactions\/(jsapi|native|h5)$/.exec(url.pathname);
    if (method === 'POST' && create) {
      const body = parse(raw);
      if (!body) return reply(400, { code: 'PARAM_ERROR', message: '请求体不是合法的JSON' });
      const type = TYPES[create[1]];
      const problem =
        body.appid !== appid ? 'appid和mch_id不匹配'
          : body.mchid !== mchid ? 'mchid与请求商户号不一致'
            : !/^[A-Za-z0-9_\-|*]{6,32}$/.test(body.out_trade_no ?? '') ? 'out_trade_no格式错误'
              : !body.description || String(body.description).length > 127 ? 'description不能为空'
                : !/^https?:\/\//.test(body.notify_url ?? '') ? 'notify_url格式错误'
                  : !posInt(body.amount?.total) ? '订单金额必须为大于0的整数（单位：分）'
                    : (body.amount.currency ?? 'CNY') !== 'CNY' ? '币种不支持'
                      : type === 'JSAPI' && !body.payer?.openid ? 'payer.openid不能为空'
                        : type === 'MWEB' && !body.scene_info?.payer_client_ip ? 'scene_info.payer_client_ip不能为空' : null;
      if (problem) return reply(400, { code: 'PARAM_ERROR', message: problem });
      const existing = orders.get(body.out_trade_no);
      const answerOf = (o: FakeOrder) => type === 'JSAPI' ? { prepay_id: o.prepay_id }
        : type === 'NATIVE' ? { code_url: codeUrlOf(o) }
          : { h5_url: `https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=${o.prepay_id}&package=${ticketOf(o)}` };
      if (existing) {
        if (existing.trade_state === 'SUCCESS' || existing.trade_state === 'REFUND') return reply(400, { code: 'ORDERPAID', message: '该订单已支付' });
        if (existing.trade_state === 'CLOSED') return reply(400, { code: 'ORDER_CLOSED', message: '当前订单已关闭，请重新下单' });
        if (existing.content !== raw && (existing.trade_type !== type || JSON.stringify({ ...parse(existing.content), time_expire: 0 }) !== JSON.stringify({ ...body, time_expire: 0 }))) {
          return reply(400, { code: 'INVALID_REQUEST', message: '201 商户订单号重复' });
        }
        return reply(200, answerOf(existing));
      }
      const seq = ctx.nextSeq();
      const o: FakeOrder = {
        appid, mchid, out_trade_no: body.out_trade_no, description: body.description, attach: body.attach, notify_url: body.notify_url,
        trade_type: type, trade_state: 'NOTPAY', total: body.amount.total, payer_openid: body.payer?.openid ?? null,
        prepay_id: `wx${Date.now()}${seq}`.padEnd(36, '0').slice(0, 36), transaction_id: null, success_time: null, content: raw,
      };
      orders.set(o.out_trade_no, o);
      return reply(200, answerOf(o));
    }

    const q = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(url.pathname);
    if (method === 'GET' && q) {
      if (url.searchParams.get('mchid') !== mchid) return reply(400, { code: 'PARAM_ERROR', message: 'mchid与请求商户号不一致' });
      const o = orders.get(decodeURIComponent(q[1]));
      if (!o) return reply(404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
      return reply(200, transactionResource(o));
    }

    const close = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(url.pathname);
    if (method === 'POST' && close) {
      const body = parse(raw);
      if (body?.mchid !== mchid) return reply(400, { code: 'PARAM_ERROR', message: 'mchid与请求商户号不一致' });
      const o = orders.get(decodeURIComponent(close[1]));
      if (!o) return reply(404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
      if (o.trade_state === 'SUCCESS' || o.trade_state === 'REFUND') return reply(400, { code: 'ORDERPAID', message: '该订单已支付' });
      o.trade_state = 'CLOSED';
      return reply(204, null);
    }

    if (method === 'POST' && url.pathname === '/v3/refund/domestic/refunds') {
      const body = parse(raw);
      if (!body) return reply(400, { code: 'PARAM_ERROR', message: '请求体不是合法的JSON' });
      const o = body.out_trade_no ? orders.get(body.out_trade_no) : [...orders.values()].find((x) => x.transaction_id === body.transaction_id);
      const problem =
        !/^[A-Za-z0-9_\-|*@]{1,64}$/.test(body.out_refund_no ?? '') ? 'out_refund_no格式错误'
          : !posInt(body.amount?.refund) || !posInt(body.amount?.total) ? '退款金额必须为大于0的整数（单位：分）'
            : (body.amount.currency ?? 'CNY') !== 'CNY' ? '币种不支持' : null;
      if (problem) return reply(400, { code: 'PARAM_ERROR', message: problem });
      if (!o) return reply(404, { code: 'RESOURCE_NOT_EXISTS', message: '订单不存在' });
      const existing = refunds.get(body.out_refund_no);
      if (existing) {
        if (existing.content !== raw) return reply(400, { code: 'INVALID_REQUEST', message: '商户退款单号重复，但请求内容不一致' });
      } else {
        if (o.trade_state !== 'SUCCESS' && o.trade_state !== 'REFUND') return reply(400, { code: 'INVALID_REQUEST', message: '订单未支付，不能退款' });
        if (body.amount.total !== o.total) return reply(400, { code: 'PARAM_ERROR', message: '订单金额与原订单金额不一致' });
        const refunded = [...refunds.values()].filter((r) => r.out_trade_no === o.out_trade_no && r.status !== 'CLOSED').reduce((s, r) => s + r.refund, 0);
        if (refunded + body.amount.refund > o.total) return reply(403, { code: 'NOT_ENOUGH', message: '申请退款金额超过订单可退金额' });
      }
      const r: FakeRefund = existing ?? {
        out_refund_no: body.out_refund_no, refund_id: `5030${Date.now()}${ctx.nextSeq()}`.slice(0, 29), out_trade_no: o.out_trade_no,
        transaction_id: o.transaction_id!, refund: body.amount.refund, total: body.amount.total, status: 'PROCESSING',
        notify_url: body.notify_url ?? null, create_time: now(), success_time: null, content: raw,
      };
      if (!existing) {
        refunds.set(r.out_refund_no, r);
        o.trade_state = 'REFUND';
        setTimeout(() => {
          r.status = 'SUCCESS';
          r.success_time = now();
          void ctx.deliver(r.notify_url, r.out_refund_no, refundResource(r), { type: 'REFUND.SUCCESS', summary: '退款成功', originalType: 'refund' });
        }, ctx.delay);
      }
      return reply(200, { ...refundResource(r), status: r.status, channel: 'ORIGINAL', create_time: r.create_time, funds_account: 'AVAILABLE', amount: { ...refundResource(r).amount, currency: 'CNY' } });
    }

    const rq = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(url.pathname);
    if (method === 'GET' && rq) {
      const r = refunds.get(decodeURIComponent(rq[1]));
      if (!r) return reply(404, { code: 'RESOURCE_NOT_EXISTS', message: '退款单不存在' });
      return reply(200, { ...refundResource(r), status: r.status, channel: 'ORIGINAL', create_time: r.create_time });
    }
    return false;
  };

  return { orders, refunds, payOrder, handle, transactionResource, refundResource };
}
