// Urgent deadlines by SMS (#15 point 2): a rectification (整改) an owner must finish within 2 working days gets a
// message in the message centre and an SMS to the owner's bound phone, once per inspection and deadline. A
// correction (补正) has no owner deadline here: the review clock stops until the owner resubmits (DOMAIN.md).
import { InspectionModel } from '../models/Inspection';
import { NotificationModel } from '../models/Notification';
import { UserModel } from '../models/User';
import { WorkshopModel } from '../models/Workshop';
import { shanghaiDate } from './calendar';
import type { Services } from './index';
import { notifyUser } from './notify';
import { SmsClient } from './sms';

/** Working days before a deadline at which the owner is reminded by SMS. */
export const URGENT_WORKING_DAYS = 2;

/**
 * Reminds owners of rectifications due within URGENT_WORKING_DAYS working days (from today, Beijing): a keyed
 * message (`Inspection:<id>:due-soon:<deadline>`), so each deadline is reminded once however often this runs,
 * and an SMS when the message is new, SMS is configured and the owner has a bound phone — sent at once within
 * SMS_HOURS (08:00–21:00 Beijing), else held for the first run in them. Returns the number of messages
 * recorded now.
 */
export async function remindUrgentDeadlines(services: Services, now = new Date()): Promise<number> {
  const last = (await services.calendar.addWorkingDays(shanghaiDate(now), URGENT_WORKING_DAYS)).date;
  const until = new Date(`${last}T23:59:59.999+08:00`);
  const due = await InspectionModel.find({ 'rectification.status': 'pending', 'rectification.deadlineAt': { $gte: now, $lte: until } }, { workshopId: 1, rectification: 1 }).limit(1000).lean();
  let sent = 0;
  for (const i of due) {
    const w = await WorkshopModel.findById(i.workshopId, { ownerId: 1, name: 1 }).lean();
    if (!w?.ownerId) continue;
    const deadline = i.rectification!.deadline!;
    const key = `Inspection:${String(i._id)}:due-soon:${deadline}`;
    const recorded = await notifyUser(services, w.ownerId, {
      title: '整改期限临近',
      body: `${w.name}的整改须在${deadline}前完成并上传整改材料`,
      page: `packages/credit/mine/index?inspection=${String(i._id)}`,
      key,
    });
    if (!recorded) continue;
    sent++;
    await holdSms(services, w.ownerId, key, [`${w.name}的整改`, deadline]);
  }
  await sendHeldSms(services, now);
  return sent;
}

/** Beijing hours in which reminders go out by SMS (08:00–21:00): a reminder recorded at night waits. */
export const SMS_HOURS = { from: 8, until: 21 } as const;
const inSmsHours = (now: Date) => {
  const h = (now.getUTCHours() + 8) % 24;
  return h >= SMS_HOURS.from && h < SMS_HOURS.until;
};

/** Marks the message's SMS as owed (the owner has a bound phone and SMS is configured); sent by sendHeldSms. */
async function holdSms(services: Services, userId: string, key: string, params: string[]) {
  if (!services.config.sms) return;
  const user = await UserModel.findById(userId, { phoneEnc: 1 }).lean();
  if (!user?.phoneEnc) return;
  await NotificationModel.updateOne({ key, sms: 'skipped' }, { $set: { sms: 'pending', smsParams: params } });
}

/**
 * Sends the SMS owed by reminder messages, within SMS_HOURS only. Each message is taken by one conditional
 * update (pending → sending), so two instances never send the same SMS; a failure is recorded ('failed'),
 * not retried: the message centre still has the reminder. A run that died while sending leaves 'sending'.
 */
export async function sendHeldSms(services: Services, now = new Date()): Promise<number> {
  const cfg = services.config.sms;
  if (!cfg || !inSmsHours(now)) return 0;
  const held = await NotificationModel.find({ sms: 'pending' }, { _id: 1 }).sort({ createdAt: 1 }).limit(500).lean();
  let n = 0;
  for (const h of held) {
    const m = await NotificationModel.findOneAndUpdate({ _id: h._id, sms: 'pending' }, { $set: { sms: 'sending' } }, { returnDocument: 'after' }).lean();
    if (!m) continue;
    const user = await UserModel.findById(m.userId, { phoneEnc: 1 }).lean();
    try {
      if (!user?.phoneEnc) throw new Error('no bound phone');
      await new SmsClient(cfg).send(services.cipher.decrypt(user.phoneEnc), m.smsParams ?? [], cfg.deadlineTemplateId ?? cfg.templateId);
      await NotificationModel.updateOne({ _id: m._id }, { $set: { sms: 'sent' } });
      n++;
    } catch (e) {
      services.log.warn({ err: e, userId: m.userId }, 'deadline SMS failed');
      await NotificationModel.updateOne({ _id: m._id }, { $set: { sms: 'failed' } });
    }
  }
  return n;
}
