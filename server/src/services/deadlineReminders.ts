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
 * and an SMS when the message is new, SMS is configured and the owner has a bound phone. A failed SMS is
 * recorded on the message (sms: 'failed'), not retried: the message centre still has it. Returns the number
 * of messages recorded now.
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
    await smsTo(services, w.ownerId, key, [`${w.name}的整改`, deadline]);
  }
  return sent;
}

async function smsTo(services: Services, userId: string, key: string, params: string[]) {
  const cfg = services.config.sms;
  const user = await UserModel.findById(userId, { phoneEnc: 1 }).lean();
  if (!cfg || !user?.phoneEnc) return;
  try {
    await new SmsClient(cfg).send(services.cipher.decrypt(user.phoneEnc), params, cfg.deadlineTemplateId ?? cfg.templateId);
    await NotificationModel.updateOne({ key }, { $set: { sms: 'sent' } });
  } catch (e) {
    services.log.warn({ err: e, userId }, 'deadline SMS failed');
    await NotificationModel.updateOne({ key }, { $set: { sms: 'failed' } });
  }
}
