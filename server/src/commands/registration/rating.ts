// 政务服务"好差评" on registration decisions (国办发〔2019〕51号; DOMAIN.md "Rules added in turn 2"): the applicant
// rates a decided application once; a bad rating gets an answer from the office within 15 working days.
import { BAD_RATING_REPLY_WORKING_DAYS, RATABLE_STATUSES, SERVICE_RATING_LABELS, isBadRating, type ServiceRatingScore } from '@shared/domain/rating';
import { conflict } from '../../errors';
import { RegistrationModel, type RegistrationDoc } from '../../models/Registration';
import { UserModel } from '../../models/User';
import { authorize } from '../../policies';
import { audit } from '../../services/audit';
import { notifyUser } from '../../services/notify';
import { officeOf } from '../../services/regions';
import type { Ctx } from './common';

/**
 * The applicant rates the decision: score 1..5 (5 非常满意), an optional comment. One conditional update
 * (decided, not yet rated), so two taps record one rating. A bad rating (≤ 2) gets a reply deadline of
 * 15 working days and a message to the region's staff.
 * Errors: 404 for others' applications; 409 rating.not_decided before a decision, rating.exists once rated.
 */
export async function rate(ctx: Ctx, reg: RegistrationDoc, score: ServiceRatingScore, comment: string | undefined): Promise<RegistrationDoc> {
  authorize(ctx.state.user, 'registration.edit', reg);
  if (!(RATABLE_STATUSES as readonly string[]).includes(reg.status)) throw conflict('rating.not_decided', '作出登记决定后才能评价');
  const now = new Date();
  const bad = isBadRating(score);
  const replyDue = bad ? (await ctx.services.calendar.addWorkingDays(now, BAD_RATING_REPLY_WORKING_DAYS)).date : null;
  const rating = { score, comment: comment || null, at: now, bad, replyDue, reply: null };
  const updated = await RegistrationModel.findOneAndUpdate(
    { _id: reg._id, status: { $in: [...RATABLE_STATUSES] }, rating: null },
    { $set: { rating } },
    { returnDocument: 'after' },
  );
  if (!updated) throw conflict('rating.exists', '您已评价过本次办理，感谢您的反馈');
  await audit(ctx, { action: 'registration.rated', subjectType: 'Registration', subjectId: String(reg._id), region: reg.region ?? null, after: { score, bad } });
  if (bad) {
    // The county's admins (and above) hear of a bad rating at once (keyed: one message each however often this runs).
    const county = (reg.region ?? '').slice(0, 6);
    const staff = await UserModel.find({ roles: 'admin', region: { $in: [county, county.slice(0, 4), county.slice(0, 2)] }, disabled: { $ne: true } }, { _id: 1 }).lean();
    for (const s of staff) {
      await notifyUser(ctx.services, String(s._id), {
        title: `收到差评：${SERVICE_RATING_LABELS[score]}`,
        body: `${reg.workshop?.name ?? '登记申请'}的申请人对办理结果评价“${SERVICE_RATING_LABELS[score]}”，请于 ${replyDue} 前核实答复`,
        page: `packages/staff/registration/index?id=${String(reg._id)}`,
        key: `Registration:${String(reg._id)}:rating:${String(s._id)}`,
      });
    }
  }
  return updated;
}

/**
 * Staff of the application's region answer a bad rating (what was found, what was put right). One conditional
 * update (a bad rating without an answer); the applicant gets a message.
 * Errors: 403 outside the region; 409 rating.no_bad_rating when there is no bad rating, rating.replied once answered.
 */
export async function reply(ctx: Ctx, reg: RegistrationDoc, answer: string): Promise<RegistrationDoc> {
  authorize(ctx.state.user, 'registration.review', reg);
  const rating = reg.rating as { bad?: boolean } | null;
  if (!rating?.bad) throw conflict('rating.no_bad_rating', '该申请没有待答复的差评');
  const by = ctx.state.user!;
  const office = officeOf(ctx.services, reg.region) ?? '承办机关';
  const updated = await RegistrationModel.findOneAndUpdate(
    { _id: reg._id, 'rating.bad': true, 'rating.reply': null },
    { $set: { 'rating.reply': { answer, at: new Date(), by: String(by._id), byName: office } } },
    { returnDocument: 'after' },
  );
  if (!updated) throw conflict('rating.replied', '该差评已答复');
  await audit(ctx, { action: 'registration.rating_replied', subjectType: 'Registration', subjectId: String(reg._id), reason: answer });
  await notifyUser(ctx.services, reg.applicantId, {
    title: '您的评价已答复', body: `${office}已核实您对办理结果的评价并答复，请查看`,
    page: `packages/registration/detail/index?id=${String(reg._id)}`, key: `Registration:${String(reg._id)}:rating-reply`,
  });
  return updated;
}
