// Payments (WeChat Pay v3 基础支付) for whatever a purpose sells, e.g. 'training' (a seat of a paid session).
// The purpose's code owns its records; this layer owns the order (models/PayOrder.ts) and tells the purpose
// through handlers it registers at import time:
//   onPaid('training', async (order, services) => …)            order paid (once per order, retried until it returns)
//   onRefunded('training', async (order, refund, services) => …) a refund succeeded (once per refund, retried likewise)
// Handlers must be idempotent (a crash between the order's change and the handler's end runs them again from
// the reconciliation job) and must accept a payment that arrives late (an order paid after its close: refund it).
// Every status change is one conditional findOneAndUpdate on the status it leaves: duplicate notifications,
// a notification racing the reconciliation query, two refunds at once: one wins, the rest change nothing.
import { createHash, createSign, randomBytes } from 'node:crypto';
import { AppError, badRequest, conflict, notFound } from '../errors';
import { isDuplicateKey } from '../db/sequence';
import { PayOrderModel, type PayOrderLean } from '../models/PayOrder';
import type { Services } from './index';
import type { WechatPayClient } from './wechatpay';

export type PayChannel = 'jsapi' | 'native' | 'h5';
export interface RefundInfo { outRefundNo: string; amountFen: number; refundId: string | null }
export type PaidHandler = (order: PayOrderLean, services: Services) => Promise<void>;
export type RefundedHandler = (order: PayOrderLean, refund: RefundInfo, services: Services) => Promise<void>;

const paidHandlers = new Map<string, PaidHandler>();
const refundedHandlers = new Map<string, RefundedHandler>();
/** Registers what happens when an order of `purpose` is paid (one handler per purpose; a new one replaces it). */
export function onPaid(purpose: string, handler: PaidHandler): void { paidHandlers.set(purpose, handler); }
/** Registers what happens when a refund of an order of `purpose` succeeds. */
export function onRefunded(purpose: string, handler: RefundedHandler): void { refundedHandlers.set(purpose, handler); }

/** What Taro.requestPayment / wx.requestPayment takes for a JSAPI (mini-program) order. */
export interface RequestPaymentParams { appId: string; timeStamp: string; nonceStr: string; package: string; signType: 'RSA'; paySign: string }
export type PayStart =
  | { channel: 'jsapi'; requestPayment: RequestPaymentParams }
  | { channel: 'native'; codeUrl: string }
  | { channel: 'h5'; h5Url: string }
  /** The order is no longer payable (paid, closed, refunded). */
  | { channel: PayChannel; done: true };

const NOTIFY_PATH = '/pay/notify/transfer';
function payOf(services: Services): WechatPayClient {
  if (!services.pay) throw new AppError(503, 'pay.disabled', '未启用微信支付');
  return services.pay;
}
/** Our notify URLs: next to the transfer one (WECHATPAY_NOTIFY_URL / PUBLIC_BASE_URL …/api/v1/pay/notify/transfer). */
export function notifyUrls(pay: WechatPayClient): { pay: string; refund: string } {
  const u = pay.notifyUrl;
  const base = u.endsWith(NOTIFY_PATH) ? u.slice(0, -NOTIFY_PATH.length) : `${new URL(u).origin}/api/v1`;
  return { pay: `${base}/pay/notify`, refund: `${base}/pay/refund-notify` };
}

/** out_trade_no: "P" + 2 hex of the purpose + refId + "A" + attempt (≤ 32 characters, WeChat Pay's limit). */
export function outTradeNoOf(purpose: string, refId: string, attempt: number): string {
  const no = `P${createHash('sha1').update(purpose).digest('hex').slice(0, 2)}${refId}A${attempt}`;
  if (!/^[A-Za-z0-9]{1,24}$/.test(refId) || !Number.isInteger(attempt) || attempt < 1 || no.length > 32) throw new Error(`payments: bad refId/attempt ${refId}/${attempt}`);
  return no;
}

/** JSAPI paySign (v3): RSA-SHA256 with the merchant key over "appId\ntimeStamp\nnonceStr\npackage\n". */
export function requestPaymentParams(pay: WechatPayClient, prepayId: string, now = Date.now()): RequestPaymentParams {
  const p = { appId: pay.appId, timeStamp: String(Math.floor(now / 1000)), nonceStr: randomBytes(16).toString('hex'), package: `prepay_id=${prepayId}` };
  const paySign = createSign('RSA-SHA256').update(`${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`).sign(pay.config.privateKey, 'base64');
  return { ...p, signType: 'RSA', paySign };
}

function startOf(pay: WechatPayClient, o: PayOrderLean): PayStart | null {
  if (o.status !== 'created') return { channel: o.channel as PayChannel, done: true };
  if (o.channel === 'jsapi' && o.prepayId) return { channel: 'jsapi', requestPayment: requestPaymentParams(pay, o.prepayId) };
  if (o.channel === 'native' && o.codeUrl) return { channel: 'native', codeUrl: o.codeUrl };
  if (o.channel === 'h5' && o.h5Url) return { channel: 'h5', h5Url: o.h5Url };
  return null;
}

export interface CreateOrderInput {
  purpose: string;
  refId: string;
  /** 1 for the first order of this thing; a new attempt after the previous order was closed. */
  attempt?: number;
  description: string;
  amountFen: number;
  channel: PayChannel;
  /** jsapi: the payer's openid for our appid. */
  payerOpenid?: string | null;
  /** h5: the payer's IP address. */
  payerClientIp?: string;
  /** When WeChat Pay stops accepting payment (time_expire). */
  expiresAt?: Date;
}

/**
 * Creates the order of (purpose, refId, attempt) at WeChat Pay, or gives the one already made (idempotent: the
 * unique key makes a second call the same order; a differing amount/channel/payer is a conflict). Returns the
 * order and what the client needs to pay it.
 */
export async function createOrder(services: Services, input: CreateOrderInput): Promise<{ order: PayOrderLean; start: PayStart }> {
  const pay = payOf(services);
  const attempt = input.attempt ?? 1;
  if (!Number.isInteger(input.amountFen) || input.amountFen <= 0) throw badRequest('request.invalid', '支付金额应为大于0的整数（分）');
  if (input.channel === 'jsapi' && !input.payerOpenid) throw badRequest('request.invalid', '小程序支付需要付款人的 openid');
  const outTradeNo = outTradeNoOf(input.purpose, input.refId, attempt);
  const description = input.description.slice(0, 127);
  let order: PayOrderLean;
  try {
    order = (await PayOrderModel.create({
      outTradeNo, purpose: input.purpose, refId: input.refId, attempt, description, amountFen: input.amountFen,
      channel: input.channel, payerOpenid: input.payerOpenid ?? null,
    })).toObject() as PayOrderLean;
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    const found = await PayOrderModel.findOne({ outTradeNo }).lean<PayOrderLean>();
    if (!found) throw e;
    if (found.amountFen !== input.amountFen || found.channel !== input.channel || (found.payerOpenid ?? null) !== (input.payerOpenid ?? null)) {
      throw conflict('pay.order_conflict', '该笔订单已按其他金额或方式创建，请重新下单');
    }
    order = found;
  }
  const ready = startOf(pay, order);
  if (ready) return { order, start: ready };

  const urls = notifyUrls(pay);
  const body: Record<string, unknown> = {
    appid: pay.appId, mchid: pay.mchid, description, out_trade_no: outTradeNo, notify_url: urls.pay,
    amount: { total: input.amountFen, currency: 'CNY' },
    ...(input.expiresAt ? { time_expire: `${new Date(input.expiresAt.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00` } : {}),
    ...(input.channel === 'jsapi' ? { payer: { openid: input.payerOpenid } } : {}),
    ...(input.channel === 'h5' ? { scene_info: { payer_client_ip: input.payerClientIp ?? '127.0.0.1', h5_info: { type: 'Wap' } } } : {}),
  };
  const res = await pay.call('POST', `/v3/pay/transactions/${input.channel}`, body);
  if (res.status !== 200) {
    services.log.warn({ outTradeNo, status: res.status, error: res.error }, 'wechatpay order not created');
    // ORDERPAID: it was paid meanwhile (a lost answer); the query settles it.
    if (res.error?.code === 'ORDERPAID') await reconcileOrder(services, order);
    throw new AppError(502, 'pay.unavailable', `微信支付下单失败：${String(res.error?.message ?? '请稍后再试')}`);
  }
  const set = input.channel === 'jsapi' ? { prepayId: String(res.data?.prepay_id ?? '') }
    : input.channel === 'native' ? { codeUrl: String(res.data?.code_url ?? '') } : { h5Url: String(res.data?.h5_url ?? '') };
  const updated = await PayOrderModel.findOneAndUpdate({ outTradeNo, status: 'created' }, { $set: set }, { returnDocument: 'after' }).lean<PayOrderLean>();
  const now = updated ?? (await PayOrderModel.findOne({ outTradeNo }).lean<PayOrderLean>())!;
  return { order: now, start: startOf(pay, now) ?? { channel: input.channel, done: true } };
}

export async function findOrder(outTradeNo: string): Promise<PayOrderLean | null> {
  return PayOrderModel.findOne({ outTradeNo }).lean<PayOrderLean>();
}

export type OrderQuery =
  | { state: 'found'; tradeState: string; resource: Record<string, unknown> }
  | { state: 'not_found' }
  | { state: 'unknown'; message: string };

/** GET /v3/pay/transactions/out-trade-no/{no}: where the order stands at WeChat Pay. */
export async function queryOrder(services: Services, outTradeNo: string): Promise<OrderQuery> {
  const pay = payOf(services);
  const res = await pay.call('GET', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${encodeURIComponent(pay.mchid)}`);
  if (res.status === 404) return { state: 'not_found' };
  if (res.status !== 200) return { state: 'unknown', message: String(res.error?.message ?? res.error ?? res.status) };
  return { state: 'found', tradeState: String(res.data?.trade_state ?? ''), resource: res.data as Record<string, unknown> };
}

/**
 * Closes an unpaid order (WeChat Pay first, then ours from created to closed). If it was paid meanwhile,
 * the payment is applied instead. Returns the order as it then stands.
 */
export async function closeOrder(services: Services, outTradeNo: string): Promise<PayOrderLean> {
  const pay = payOf(services);
  const order = await findOrder(outTradeNo);
  if (!order) throw notFound('resource.not_found', '订单不存在');
  if (order.status !== 'created') return order;
  const res = await pay.call('POST', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`, { mchid: pay.mchid });
  if (res.status === 204 || res.status === 200 || res.error?.code === 'ORDER_NOT_EXIST' || res.error?.code === 'ORDER_CLOSED') {
    await PayOrderModel.findOneAndUpdate({ outTradeNo, status: 'created' }, { $set: { status: 'closed', closedAt: new Date() } });
  } else if (res.error?.code === 'ORDERPAID') {
    await reconcileOrder(services, order);
  } else {
    throw new AppError(502, 'pay.unavailable', `微信支付关单失败：${String(res.error?.message ?? '请稍后再试')}`);
  }
  return (await findOrder(outTradeNo))!;
}

export type ApplyOutcome = 'applied' | 'duplicate' | 'ignored' | 'mismatch' | 'unknown_order';

async function recordAnomaly(services: Services, outTradeNo: string, kind: string, detail: string) {
  services.log.error({ outTradeNo, kind, detail }, 'wechatpay answer does not match the order: not applied');
  await PayOrderModel.findOneAndUpdate({ outTradeNo }, { $push: { anomalies: { at: new Date(), kind, detail: detail.slice(0, 500) } } }, { timestamps: false });
}

/**
 * A transaction as WeChat Pay reports it (TRANSACTION.SUCCESS resource, or the query answer). SUCCESS with the
 * order's amount, appid and merchant moves the order from created (or closed: paid while we closed it) to paid,
 * once; the purpose's onPaid handler then runs.
 */
export async function applyTransaction(services: Services, r: Record<string, unknown>): Promise<ApplyOutcome> {
  const pay = payOf(services);
  const outTradeNo = String(r.out_trade_no ?? '');
  const order = outTradeNo ? await findOrder(outTradeNo) : null;
  if (!order) return 'unknown_order';
  if (r.trade_state !== 'SUCCESS') return 'ignored';
  const amount = (r.amount ?? {}) as { total?: unknown; payer_total?: unknown; currency?: unknown };
  const problem = amount.total !== order.amountFen ? `amount.total ${String(amount.total)} ≠ ${order.amountFen}`
    : (amount.currency ?? 'CNY') !== 'CNY' ? `currency ${String(amount.currency)}`
      : r.appid !== undefined && r.appid !== pay.appId ? `appid ${String(r.appid)}`
        : r.mchid !== undefined && r.mchid !== pay.mchid ? `mchid ${String(r.mchid)}` : null;
  if (problem) { await recordAnomaly(services, outTradeNo, 'transaction_mismatch', problem); return 'mismatch'; }
  const payer = (r.payer ?? {}) as { openid?: unknown };
  const updated = await PayOrderModel.findOneAndUpdate(
    { outTradeNo, status: { $in: ['created', 'closed'] } },
    {
      $set: {
        status: 'paid', transactionId: String(r.transaction_id ?? ''), paidAt: new Date(), owedSince: new Date(),
        ...(typeof payer.openid === 'string' ? { payerOpenid: payer.openid } : {}),
      },
      $push: { owed: 'paid' },
    },
    { returnDocument: 'after' },
  ).lean<PayOrderLean>();
  if (!updated) return 'duplicate';
  await runOwed(services, updated);
  return 'applied';
}

/** Runs the purpose handlers the order still owes; each one done is taken off. */
export async function runOwed(services: Services, order: PayOrderLean): Promise<void> {
  for (const item of order.owed ?? []) {
    try {
      if (item === 'paid') {
        const h = paidHandlers.get(order.purpose);
        if (!h) { services.log.warn({ purpose: order.purpose, outTradeNo: order.outTradeNo }, 'no onPaid handler for this purpose'); continue; }
        await h(order, services);
      } else if (item.startsWith('refunded:')) {
        const no = item.slice('refunded:'.length);
        const h = refundedHandlers.get(order.purpose);
        const r = order.refunds.find((x) => x.outRefundNo === no);
        if (!h || !r) { services.log.warn({ purpose: order.purpose, outRefundNo: no }, 'no onRefunded handler for this purpose'); continue; }
        await h(order, { outRefundNo: no, amountFen: r.amountFen ?? 0, refundId: r.refundId ?? null }, services);
      }
      await PayOrderModel.findOneAndUpdate({ _id: order._id }, { $pull: { owed: item } });
    } catch (e) {
      services.log.error({ err: e, outTradeNo: order.outTradeNo, item }, 'payment handler failed; retried by the reconciliation job');
    }
  }
  await PayOrderModel.findOneAndUpdate({ _id: order._id, owed: { $size: 0 } }, { $set: { owedSince: null } });
}

const REFUND_KEY = /^[A-Za-z0-9_-]{1,24}$/;

/**
 * Refunds `amountFen` of a paid order. `key` names this refund within the order (e.g. the cancellation's
 * id): the same key again is the same refund (out_refund_no = out_trade_no + "R" + key). One refund at a time;
 * the total never exceeds what was paid. The result comes by REFUND.SUCCESS (or the reconciliation query).
 */
export async function refund(services: Services, input: { outTradeNo: string; key: string; amountFen: number; reason: string }): Promise<PayOrderLean> {
  const pay = payOf(services);
  if (!REFUND_KEY.test(input.key)) throw new Error(`payments: bad refund key ${input.key}`);
  if (!Number.isInteger(input.amountFen) || input.amountFen <= 0) throw badRequest('request.invalid', '退款金额应为大于0的整数（分）');
  const outRefundNo = `${input.outTradeNo}R${input.key}`;
  const order = await findOrder(input.outTradeNo);
  if (!order) throw notFound('resource.not_found', '订单不存在');
  const known = order.refunds.find((r) => r.outRefundNo === outRefundNo);
  let current: PayOrderLean = order;
  if (known) {
    if (known.status !== 'pending') return order;
  } else {
    if (input.amountFen > order.amountFen - (order.refundedFen ?? 0)) throw conflict('pay.refund_exceeds', '退款金额超过可退金额');
    const started = await PayOrderModel.findOneAndUpdate(
      { outTradeNo: input.outTradeNo, status: { $in: ['paid', 'refunded'] }, pendingRefundNo: null, refundedFen: { $lte: order.amountFen - input.amountFen } },
      {
        $set: { status: 'refunding', pendingRefundNo: outRefundNo },
        $push: { refunds: { outRefundNo, amountFen: input.amountFen, reason: input.reason.slice(0, 80), status: 'pending', requestedAt: new Date() } },
      },
      { returnDocument: 'after' },
    ).lean<PayOrderLean>();
    if (!started) throw conflict('pay.refund_not_allowed', '订单未支付或另有退款在处理中');
    current = started;
  }
  const amount = known?.amountFen ?? input.amountFen;
  const res = await pay.call('POST', '/v3/refund/domestic/refunds', {
    out_trade_no: input.outTradeNo, out_refund_no: outRefundNo, reason: (known?.reason ?? input.reason).slice(0, 80),
    notify_url: notifyUrls(pay).refund, amount: { refund: amount, total: order.amountFen, currency: 'CNY' },
  });
  if (res.status === 200) {
    if (res.data?.status === 'SUCCESS') await applyRefund(services, res.data as Record<string, unknown>);
  } else if (res.status >= 400 && res.status < 500 && res.status !== 429) {
    // Refused: no refund exists at WeChat Pay; the order goes back to what it was.
    await settleRefund(services, current, outRefundNo, { ok: false, reason: String(res.error?.code ?? res.status) });
  } // else unknown: stays refunding, the reconciliation job asks.
  return (await findOrder(input.outTradeNo))!;
}

async function settleRefund(services: Services, order: PayOrderLean, outRefundNo: string, result: { ok: true; refundId: string } | { ok: false; reason: string }): Promise<boolean> {
  const r = order.refunds.find((x) => x.outRefundNo === outRefundNo);
  if (!r) return false;
  const refunds = order.refunds.map((x) => x.outRefundNo !== outRefundNo ? x
    : result.ok ? { ...x, status: 'success', refundId: result.refundId, settledAt: new Date() } : { ...x, status: 'failed', failReason: result.reason, settledAt: new Date() });
  const refundedFen = (order.refundedFen ?? 0) + (result.ok ? r.amountFen ?? 0 : 0);
  const updated = await PayOrderModel.findOneAndUpdate(
    { _id: order._id, status: 'refunding', pendingRefundNo: outRefundNo },
    {
      $set: { refunds, pendingRefundNo: null, refundedFen, status: refundedFen > 0 ? 'refunded' : 'paid', ...(result.ok ? { owedSince: new Date() } : {}) },
      ...(result.ok ? { $push: { owed: `refunded:${outRefundNo}` } } : {}),
    },
    { returnDocument: 'after' },
  ).lean<PayOrderLean>();
  if (updated && result.ok) await runOwed(services, updated);
  return !!updated;
}

/** A refund as WeChat Pay reports it (REFUND.* resource, or the refund query answer). */
export async function applyRefund(services: Services, r: Record<string, unknown>): Promise<ApplyOutcome> {
  const outRefundNo = String(r.out_refund_no ?? '');
  const order = outRefundNo ? await PayOrderModel.findOne({ 'refunds.outRefundNo': outRefundNo }).lean<PayOrderLean>() : null;
  if (!order) return 'unknown_order';
  const status = String(r.refund_status ?? r.status ?? '');
  if (status === 'PROCESSING') return 'ignored';
  if (order.pendingRefundNo !== outRefundNo) return 'duplicate';
  const mine = order.refunds.find((x) => x.outRefundNo === outRefundNo)!;
  const amount = (r.amount ?? {}) as { refund?: unknown; total?: unknown };
  if (status === 'SUCCESS') {
    const problem = amount.refund !== mine.amountFen ? `amount.refund ${String(amount.refund)} ≠ ${mine.amountFen}`
      : amount.total !== undefined && amount.total !== order.amountFen ? `amount.total ${String(amount.total)} ≠ ${order.amountFen}`
        : r.out_trade_no !== undefined && r.out_trade_no !== order.outTradeNo ? `out_trade_no ${String(r.out_trade_no)}` : null;
    if (problem) { await recordAnomaly(services, order.outTradeNo, 'refund_mismatch', problem); return 'mismatch'; }
  }
  const ok = status === 'SUCCESS';
  return (await settleRefund(services, order, outRefundNo, ok ? { ok: true, refundId: String(r.refund_id ?? '') } : { ok: false, reason: status || 'UNKNOWN' })) ? 'applied' : 'duplicate';
}

/** Settles one created order from WeChat Pay's answer; true when it changed. */
async function reconcileOrder(services: Services, order: PayOrderLean, closeAfterMs = 2 * 3600_000): Promise<boolean> {
  const q = await queryOrder(services, order.outTradeNo);
  if (q.state === 'unknown') return false;
  const age = Date.now() - new Date(order.createdAt!).getTime();
  if (q.state === 'not_found') {
    // Never reached WeChat Pay (creation failed or died): nothing can be paid on it.
    if (age < closeAfterMs) return false;
    return !!(await PayOrderModel.findOneAndUpdate({ outTradeNo: order.outTradeNo, status: 'created' }, { $set: { status: 'closed', closedAt: new Date() } }));
  }
  if (q.tradeState === 'SUCCESS' || q.tradeState === 'REFUND') return (await applyTransaction(services, { ...q.resource, trade_state: 'SUCCESS' })) === 'applied';
  if (q.tradeState === 'CLOSED' || q.tradeState === 'REVOKED' || q.tradeState === 'PAYERROR') {
    return !!(await PayOrderModel.findOneAndUpdate({ outTradeNo: order.outTradeNo, status: 'created' }, { $set: { status: 'closed', closedAt: new Date() } }));
  }
  if (age >= closeAfterMs) return (await closeOrder(services, order.outTradeNo)).status !== 'created';
  return false;
}

/**
 * The reconciliation job: orders in created for more than `olderThanMs` are settled from the query answer
 * (paid, closed; unpaid ones older than `closeAfterMs` are closed), refunds in flight that long are asked
 * for (and sent again if WeChat Pay never got them), and handler calls still owed are run again.
 */
export async function reconcilePayments(services: Services, opts: { olderThanMs?: number; closeAfterMs?: number; limit?: number } = {}): Promise<number> {
  if (!services.pay) return 0;
  const cutoff = new Date(Date.now() - (opts.olderThanMs ?? 10 * 60_000));
  const limit = opts.limit ?? 100;
  let n = 0;
  for (const o of await PayOrderModel.find({ status: 'created', createdAt: { $lt: cutoff } }).sort({ createdAt: 1 }).limit(limit).lean<PayOrderLean[]>()) {
    try { if (await reconcileOrder(services, o, opts.closeAfterMs)) n += 1; } catch (e) { services.log.error({ err: e, outTradeNo: o.outTradeNo }, 'payment reconciliation failed'); }
  }
  for (const o of await PayOrderModel.find({ status: 'refunding', updatedAt: { $lt: cutoff } }).sort({ updatedAt: 1 }).limit(limit).lean<PayOrderLean[]>()) {
    const no = o.pendingRefundNo;
    if (!no) continue;
    const res = await services.pay.call('GET', `/v3/refund/domestic/refunds/${encodeURIComponent(no)}`);
    if (res.status === 200) {
      if ((await applyRefund(services, res.data as Record<string, unknown>)) === 'applied') n += 1;
    } else if (res.status === 404) {
      const r = o.refunds.find((x) => x.outRefundNo === no);
      if (r) await refund(services, { outTradeNo: o.outTradeNo, key: no.slice(o.outTradeNo.length + 1), amountFen: r.amountFen ?? 0, reason: r.reason ?? '' }).catch(() => null);
    }
  }
  for (const o of await PayOrderModel.find({ owedSince: { $lt: cutoff } }).sort({ owedSince: 1 }).limit(limit).lean<PayOrderLean[]>()) {
    await runOwed(services, o);
    n += 1;
  }
  return n;
}
