import { insertOrGet } from '../db/sequence';
import { NotificationModel } from '../models/Notification';
import { UserModel } from '../models/User';
import type { Services } from './index';

export interface Notice {
  title: string;
  body: string;
  /** Mini-program page to open, e.g. "packages/registration/detail/index?id=…". */
  page?: string;
  /** Idempotency key (e.g. "Registration:<id>:approved"): a second call with it records and sends nothing. */
  key?: string;
}

// Subscribe-message template for "办理进度通知"; WeChat limits `thing` values to 20 characters.
const TEMPLATE_ID = process.env.WECHAT_TPL_PROGRESS ?? 'tpl-progress-update';
const thing = (s: string) => (s.length > 20 ? `${s.slice(0, 19)}…` : s);

/**
 * Records an in-app notice and sends it as a WeChat subscribe message. Delivery failures are
 * recorded on the notice, never thrown: the state change that caused it has already happened. Returns
 * whether a notice was recorded now (false: its key was recorded by an earlier run).
 */
export async function notifyUser(services: Pick<Services, 'wechat' | 'log'>, userId: string, n: Notice): Promise<boolean> {
  let note: { _id: unknown };
  if (n.key) {
    const r = await insertOrGet(NotificationModel, { key: n.key, userId, title: n.title, body: n.body, page: n.page ?? null }, { key: n.key });
    if (!r.created) return false; // recorded (and sent) by an earlier run of the same step
    note = r.doc;
  } else {
    note = await NotificationModel.create({ userId, title: n.title, body: n.body, page: n.page ?? null });
  }
  const user = await UserModel.findById(userId).lean();
  if (!user?.openid) return true;
  try {
    const r = await services.wechat.sendSubscribeMessage({
      touser: user.openid,
      template_id: TEMPLATE_ID,
      page: n.page,
      data: {
        thing1: { value: thing(n.title) },
        thing2: { value: thing(n.body) },
        time3: { value: new Date().toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) },
      },
      miniprogram_state: 'formal',
      lang: 'zh_CN',
    });
    await NotificationModel.updateOne({ _id: note._id }, { $set: r.ok ? { wechat: 'sent' } : { wechat: 'failed', wechatError: `${r.errcode} ${r.errmsg}` } });
  } catch (e) {
    services.log.warn({ err: e, userId }, 'subscribe message failed');
    await NotificationModel.updateOne({ _id: note._id }, { $set: { wechat: 'failed', wechatError: 'unavailable' } });
  }
  return true;
}
