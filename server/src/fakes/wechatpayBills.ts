// The fake's transfer bills API (商家转账, POST /v3/fund-app/mch-transfer/transfer-bills): a bill waits in
// WAIT_USER_CONFIRM with a package_info until the payee confirms in the mini-program
// (wx.requestMerchantTransfer, played by confirmTransfer); query by out_bill_no, cancel (撤销), closing after
// the confirmation window (FAIL, OVERDUE_CLOSE), MCHTRANSFER.BILL.FINISHED notifications.
import { randomBytes } from 'node:crypto';
import type { FakeApiContext, FakeReply } from './wechatpay';

export type BillState = 'ACCEPTED' | 'PROCESSING' | 'WAIT_USER_CONFIRM' | 'TRANSFERING' | 'SUCCESS' | 'FAIL' | 'CANCELING' | 'CANCELLED';

export interface FakeBill {
  mchid: string;
  appid: string;
  out_bill_no: string;
  transfer_bill_no: string;
  transfer_scene_id: string;
  openid: string;
  transfer_amount: number;
  transfer_remark: string;
  user_recv_perception: string | null;
  transfer_scene_report_infos: { info_type: string; info_content: string }[];
  notify_url: string | null;
  state: BillState;
  fail_reason?: string;
  package_info: string;
  create_time: string;
  update_time: string;
  createdAt: number;
  content: string;
}

export type ConfirmTransfer = (args: { mchId: string; appId: string; package: string; openId?: string }) => Promise<{ status: number; errMsg: string }>;

const BILLS = '/v3/fund-app/mch-transfer/transfer-bills';
/** 用户收款感知 allowed per scene (the fake knows 1000 现金营销 and 1005 佣金报酬), as WeChat Pay checks them. */
const PERCEPTIONS: Record<string, string[]> = { 1000: ['活动奖励', '现金奖励'], 1005: ['劳务报酬', '报酬收入'] };
/** Report fields each scene requires (转账场景报备信息). */
const REPORT_TYPES: Record<string, string[]> = { 1000: ['活动名称', '奖励说明'], 1005: ['岗位类型', '报酬说明'] };

export function transferBillsApi(ctx: FakeApiContext, opts: { confirmWindowMs: number; signerSerial: string }) {
  const { mchid, appid, now } = ctx;
  const bills = new Map<string, FakeBill>();

  // MCHTRANSFER.BILL.FINISHED: sent when a bill reaches SUCCESS, FAIL or CANCELLED.
  const notifyBill = (b: FakeBill) => ctx.deliver(b.notify_url, b.out_bill_no, {
    mchid: b.mchid, out_bill_no: b.out_bill_no, transfer_bill_no: b.transfer_bill_no, state: b.state,
    transfer_amount: b.transfer_amount, openid: b.openid, ...(b.fail_reason ? { fail_reason: b.fail_reason } : {}),
    create_time: b.create_time, update_time: b.update_time,
  });

  const finishBill = (b: FakeBill, state: 'SUCCESS' | 'FAIL' | 'CANCELLED', reason?: string) => {
    b.state = state;
    if (reason) b.fail_reason = reason;
    b.update_time = now();
    return notifyBill(b);
  };

  /** A bill past the confirmation window is closed when next looked at (WeChat Pay closes it on its own). */
  const age = (b: FakeBill) => {
    if (b.state === 'WAIT_USER_CONFIRM' && Date.now() - b.createdAt > opts.confirmWindowMs) void finishBill(b, 'FAIL', 'OVERDUE_CLOSE');
  };

  const confirmTransfer: ConfirmTransfer = async (a) => {
    const b = [...bills.values()].find((x) => x.package_info === a.package);
    if (!b || a.mchId !== mchid || a.appId !== b.appid) return { status: 400, errMsg: 'requestMerchantTransfer:fail package信息有误' };
    age(b);
    if (b.state !== 'WAIT_USER_CONFIRM') return { status: 400, errMsg: 'requestMerchantTransfer:fail 该笔转账已失效' };
    if (a.openId && a.openId !== b.openid) return { status: 400, errMsg: 'requestMerchantTransfer:fail 你的微信号与商家指定的微信号不一致' };
    b.state = 'TRANSFERING';
    b.update_time = now();
    setTimeout(() => {
      const fault = ctx.takeFault();
      void finishBill(b, fault ? 'FAIL' : 'SUCCESS', fault);
    }, ctx.delay);
    return { status: 200, errMsg: 'requestMerchantTransfer:ok' };
  };

  /** WeChat Pay closes a bill nobody confirmed within the window (FAIL, OVERDUE_CLOSE). */
  const expireBill = async (no: string) => {
    const b = bills.get(no);
    if (b && b.state === 'WAIT_USER_CONFIRM') await finishBill(b, 'FAIL', 'OVERDUE_CLOSE');
  };

  /** Answers a signed request to the transfer bills API; false when the path is not one of its. */
  const handle = (method: string, url: URL, raw: string, wechatpaySerial: string | null, reply: FakeReply): boolean => {
    if (method === 'POST' && url.pathname === BILLS) {
      let body: Record<string, any>;
      try { body = JSON.parse(raw); } catch { return reply(400, { code: 'PARAM_ERROR', message: '请求体不是合法的JSON' }); }
      const infos = Array.isArray(body.transfer_scene_report_infos) ? body.transfer_scene_report_infos as { info_type?: unknown; info_content?: unknown }[] : [];
      const scene = String(body.transfer_scene_id ?? '');
      const problem =
        wechatpaySerial !== opts.signerSerial ? 'Wechatpay-Serial 应为商户的微信支付公钥ID或平台证书序列号'
          : body.appid !== appid ? 'appid与商户号不匹配'
            : !/^[A-Za-z0-9]{5,32}$/.test(body.out_bill_no ?? '') ? 'out_bill_no格式错误'
              : !PERCEPTIONS[scene] ? '转账场景ID不存在或未开通'
                : typeof body.openid !== 'string' || !body.openid ? 'openid不能为空'
                  : !Number.isInteger(body.transfer_amount) || body.transfer_amount < 10 ? '转账金额不合法'
                    : typeof body.transfer_remark !== 'string' || !body.transfer_remark || [...body.transfer_remark].length > 32 ? '转账备注不合法'
                      : REPORT_TYPES[scene].some((t) => !infos.some((i) => i.info_type === t && typeof i.info_content === 'string' && i.info_content)) ? '需传入转账场景报备信息,请检查'
                        : null;
      if (problem) return reply(400, { code: 'PARAM_ERROR', message: problem });
      if (body.user_recv_perception != null && !PERCEPTIONS[scene].includes(body.user_recv_perception)) {
        return reply(400, { code: 'INVALID_REQUEST', message: '暂不支持展示当前传入的用户收款感知' });
      }
      const shape = (b: FakeBill) => ({
        out_bill_no: b.out_bill_no, transfer_bill_no: b.transfer_bill_no, create_time: b.create_time, state: b.state,
        ...(b.state === 'WAIT_USER_CONFIRM' ? { package_info: b.package_info } : {}), ...(b.fail_reason ? { fail_reason: b.fail_reason } : {}),
      });
      const existing = bills.get(body.out_bill_no);
      if (existing) {
        if (existing.content !== raw) return reply(400, { code: 'INVALID_REQUEST', message: '商户单号已存在，但请求内容不一致' });
        age(existing);
        return reply(200, shape(existing));
      }
      const b: FakeBill = {
        mchid, appid, out_bill_no: body.out_bill_no, transfer_bill_no: `1330000${Date.now()}${ctx.nextSeq()}`, transfer_scene_id: scene,
        openid: body.openid, transfer_amount: body.transfer_amount, transfer_remark: body.transfer_remark,
        user_recv_perception: body.user_recv_perception ?? null, transfer_scene_report_infos: infos as FakeBill['transfer_scene_report_infos'],
        notify_url: body.notify_url ?? null, state: 'WAIT_USER_CONFIRM', package_info: randomBytes(48).toString('base64'),
        create_time: now(), update_time: now(), createdAt: Date.now(), content: raw,
      };
      bills.set(b.out_bill_no, b);
      return reply(200, shape(b));
    }

    const bq = /^\/v3\/fund-app\/mch-transfer\/transfer-bills\/out-bill-no\/([^/]+)(\/cancel)?$/.exec(url.pathname);
    if (bq && ((method === 'GET' && !bq[2]) || (method === 'POST' && bq[2]))) {
      const b = bills.get(decodeURIComponent(bq[1]));
      if (!b) return reply(404, { code: 'NOT_FOUND', message: '记录不存在' });
      age(b);
      if (bq[2]) {
        if (!['ACCEPTED', 'PROCESSING', 'WAIT_USER_CONFIRM', 'TRANSFERING'].includes(b.state)) {
          return reply(400, { code: 'INVALID_REQUEST', message: '当前单据状态不允许撤销' });
        }
        b.state = 'CANCELING';
        b.update_time = now();
        setTimeout(() => { void finishBill(b, 'CANCELLED', 'MCH_CANCEL'); }, ctx.delay);
        return reply(200, { out_bill_no: b.out_bill_no, transfer_bill_no: b.transfer_bill_no, state: b.state, update_time: b.update_time });
      }
      return reply(200, {
        mch_id: mchid, out_bill_no: b.out_bill_no, transfer_bill_no: b.transfer_bill_no, appid: b.appid, state: b.state,
        transfer_amount: b.transfer_amount, transfer_remark: b.transfer_remark, ...(b.fail_reason ? { fail_reason: b.fail_reason } : {}),
        openid: b.openid, create_time: b.create_time, update_time: b.update_time,
      });
    }
    return false;
  };

  return { bills, confirmTransfer, expireBill, handle };
}
