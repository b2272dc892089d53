// WeChat Pay → us, for payments (services/payments.ts): the transaction result (TRANSACTION.SUCCESS) and the
// refund result (REFUND.*). Verified as the transfer notification is (services/wechatpay.ts verifyNotification:
// signature by the configured platform certificate or public key, timestamp within 300 s, nonce once, AES-GCM
// tag checked). Failures answer in WeChat Pay's own format, which its servers read (not our ErrorResponse).
import { z } from 'zod';
import type { ApiRouter } from '../../http/api';
import type { AppContext } from '../../http/types';
import { NotificationRejected } from '../../services/wechatpay';
import { applyRefund, applyTransaction, type ApplyOutcome } from '../../services/payments';

const PayNotifyFail = z.object({ code: z.literal('FAIL'), message: z.string() }).meta({ id: 'PaymentNotifyFail' });
const ALSO = {
  400: { description: '通知内容与订单不符（如金额不一致），已记录，未生效', schema: PayNotifyFail },
  401: { description: '验签失败、时间戳过期、随机串重复或密文被篡改（微信支付按此格式读取，稍后重发）', schema: PayNotifyFail },
  404: { description: '未启用微信支付', schema: PayNotifyFail },
};

async function receive(ctx: AppContext, kind: 'TRANSACTION.' | 'REFUND.', apply: (r: Record<string, unknown>) => Promise<ApplyOutcome>) {
  const pay = ctx.services.pay;
  const raw = (ctx.request as unknown as { rawBody?: string }).rawBody ?? '';
  const fail = (status: number, message: string) => { ctx.status = status; ctx.body = { code: 'FAIL', message }; };
  if (!pay) return fail(404, '未启用微信支付');
  let note: { eventType: string; resource: Record<string, unknown> };
  try {
    note = await pay.verifyNotification(ctx.headers, raw);
  } catch (e) {
    if (!(e instanceof NotificationRejected)) throw e;
    ctx.state.log.warn({ reason: e.message }, 'wechatpay payment notification rejected');
    return fail(401, '验签失败');
  }
  if (!note.eventType.startsWith(kind)) return fail(400, '通知类型不符');
  const outcome = await apply(note.resource);
  if (outcome === 'mismatch') return fail(400, '通知内容与订单不符');
  if (outcome === 'unknown_order') return fail(400, '订单不存在');
  ctx.status = 204;
}

export function paymentRoutes(api: ApiRouter) {
  api.route('post', '/pay/notify', {
    summary: '微信支付支付结果通知（微信支付服务器调用）', tags: ['支付回调'], auth: false,
    body: z.looseObject({}), response: { status: 204, description: '已接收' }, also: ALSO,
    description: 'TRANSACTION.SUCCESS：先验签（原始报文；按配置用平台证书或微信支付公钥），拒绝超过300秒的时间戳和重复的随机串，'
      + '再以 APIv3 密钥 AES-256-GCM 解密（校验认证标签）。金额须与订单一致；重复的通知只生效一次。',
  }, (ctx) => receive(ctx, 'TRANSACTION.', (r) => applyTransaction(ctx.services, r)));

  api.route('post', '/pay/refund-notify', {
    summary: '微信支付退款结果通知（微信支付服务器调用）', tags: ['支付回调'], auth: false,
    body: z.looseObject({}), response: { status: 204, description: '已接收' }, also: ALSO,
    description: 'REFUND.SUCCESS / REFUND.ABNORMAL / REFUND.CLOSED：验签与解密同支付结果通知；退款金额须与退款单一致；重复的通知只生效一次。',
  }, (ctx) => receive(ctx, 'REFUND.', (r) => applyRefund(ctx.services, r)));
}
