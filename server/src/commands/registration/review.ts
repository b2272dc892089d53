// The reviewer's side: accept, ask for correction, schedule and record the site check, reject; and the
// scheduler's escalation of overdue applications. The statuses each action moves from are shared with the
// review screen (shared/src/domain/registration.ts reviewFrom).
import { Types } from 'mongoose';
import {
  CORRECTABLE_FIELDS, DECISION_WORKING_DAYS, MIN_SITE_INSPECTORS, SITE_CHECK_WORKING_DAYS, APPEAL_NOTICE_DEFAULT, reviewFrom, siteCheckProblem,
} from '@shared/domain/registration';
import { unprocessable } from '../../errors';
import { RegistrationModel, type RegistrationDoc } from '../../models/Registration';
import { UserModel } from '../../models/User';
import { authorize } from '../../policies';
import { hasRole, inJurisdiction } from '../../policies/jurisdiction';
import { actorOf } from '../../policies/policy';
import type { Services } from '../../services';
import { audit } from '../../services/audit';
import { shanghaiDate } from '../../services/calendar';
import { notifyUser } from '../../services/notify';
import { attachOwnFiles } from '../files';
import { entry, expectStatus, tellApplicant, transition, type Ctx } from './common';
import { deadlineAfter, pauseDeadline, type Deadline } from './deadline';

export async function accept(ctx: Ctx, reg: RegistrationDoc): Promise<RegistrationDoc> {
  authorize(ctx.state.user, 'registration.review', reg);
  const from = reviewFrom('accept', reg.kind);
  expectStatus(reg, from);
  const next = reg.kind === 'new'
    ? await deadlineAfter(ctx.services.calendar, 'site_check', new Date(), SITE_CHECK_WORKING_DAYS)
    : await deadlineAfter(ctx.services.calendar, 'decision', new Date(), DECISION_WORKING_DAYS);
  const updated = await transition(reg, from, { status: 'accepted', deadline: next, escalated: false }, entry(ctx, 'accepted', '受理'));
  await audit(ctx, { action: 'registration.accepted', subjectType: 'Registration', subjectId: String(reg._id), before: { status: 'submitted' }, after: { status: 'accepted' } });
  await tellApplicant(ctx, updated, '申请已受理', reg.kind === 'new' ? `将于${next.due}前完成现场核查` : `将于${next.due}前作出决定`);
  return updated;
}

export async function requestCorrection(ctx: Ctx, reg: RegistrationDoc, items: { field: keyof typeof CORRECTABLE_FIELDS; reason: string }[]) {
  authorize(ctx.state.user, 'registration.review', reg);
  const from = reviewFrom('correction', reg.kind);
  expectStatus(reg, from);
  const paused = await pauseDeadline(ctx.services.calendar, reg.deadline as Deadline, new Date());
  const note = items.map((i) => `${CORRECTABLE_FIELDS[i.field]}：${i.reason}`).join('；');
  const updated = await transition(reg, from, { status: 'correction', corrections: items, correctionFrom: reg.status, deadline: paused }, entry(ctx, 'correction', '需补正', note));
  await audit(ctx, { action: 'registration.correction_requested', subjectType: 'Registration', subjectId: String(reg._id), before: { status: reg.status }, after: { status: 'correction', items } });
  await tellApplicant(ctx, updated, '申请需要补正', `请补正：${items.map((i) => CORRECTABLE_FIELDS[i.field]).join('、')}`);
  return updated;
}

export async function scheduleSiteCheck(ctx: Ctx, reg: RegistrationDoc, input: { inspectorIds: string[]; date: string }) {
  authorize(ctx.state.user, 'registration.review', reg);
  const from = reviewFrom('schedule', reg.kind);
  expectStatus(reg, from);
  const ids = [...new Set(input.inspectorIds)];
  if (ids.length < MIN_SITE_INSPECTORS) throw unprocessable('registration.site_check_inspectors', '现场核查需至少两名不同的监管人员');
  const found = await UserModel.find({ _id: { $in: ids.map((i) => new Types.ObjectId(i)) } }).lean();
  const eligible = new Map(found.filter((u) => hasRole(actorOf(u), 'inspector') && inJurisdiction(actorOf(u), reg.region)).map((u) => [String(u._id), u.name]));
  if (!ids.every((id) => eligible.has(id))) throw unprocessable('registration.site_check_inspectors', '核查人员须为本辖区的监管人员');
  const due = reg.deadline?.due;
  if (due && input.date > due) throw unprocessable('registration.site_check_late', `现场核查应在${due}前完成（受理后${SITE_CHECK_WORKING_DAYS}个工作日内）`);
  if (input.date < shanghaiDate(new Date())) throw unprocessable('registration.site_check_past', '核查日期不能早于今天');
  // Names in the order the reviewer picked them (not the order the database returns).
  const names = ids.map((id) => eligible.get(id)).join('、');
  // Scheduled again (a check still without a result): e.g. moved earlier to record it today.
  const again = reg.status === 'site_check';
  const updated = await transition(
    reg, from, { status: 'site_check', 'siteCheck.date': input.date, 'siteCheck.inspectorIds': ids, 'siteCheck.result': null },
    entry(ctx, 'site_check', again ? '重新安排现场核查' : '安排现场核查', `${input.date}，核查人员：${names}`), { 'siteCheck.result': null },
  );
  await audit(ctx, { action: 'registration.site_check_scheduled', subjectType: 'Registration', subjectId: String(reg._id), after: input });
  await tellApplicant(ctx, updated, again ? '现场核查日期已调整' : '现场核查已安排', `核查日期：${input.date}`);
  return updated;
}

export async function recordSiteCheck(ctx: Ctx, reg: RegistrationDoc, input: { items: { code: string; result: string; note?: string; photos?: string[] }[]; passed: boolean; note?: string }) {
  const user = ctx.state.user!;
  authorize(user, 'registration.review', reg);
  const from = reviewFrom('siteCheck', reg.kind);
  expectStatus(reg, from);
  // Who was scheduled is known once a site check is: so the status first (409), then the inspector (403).
  authorize(user, 'registration.recordSiteCheck', reg);
  const problem = siteCheckProblem(input.items, input.passed);
  if (problem) throw unprocessable('registration.site_check_inconsistent', problem);
  // A result is recorded on or after the scheduled day; to record it earlier the check is rescheduled first.
  const today = shanghaiDate(new Date());
  const scheduled = reg.siteCheck?.date;
  if (scheduled && scheduled > today) throw unprocessable('registration.site_check_not_due', `现场核查安排在${scheduled}，当天或之后才能录入结果；如需提前，请先重新安排核查日期`);
  // Site check photos: the inspector's own uploads, attached to this application's region.
  await attachOwnFiles(user, input.items.flatMap((i) => i.photos ?? []), { record: 'Registration', id: String(reg._id), region: reg.region ?? '', viewerId: reg.applicantId });
  const deadline = await deadlineAfter(ctx.services.calendar, 'decision', new Date(), DECISION_WORKING_DAYS);
  const result = { items: input.items, passed: input.passed, note: input.note ?? null, by: String(user._id), at: new Date() };
  const updated = await transition(reg, from, { 'siteCheck.result': result, deadline, escalated: false }, entry(ctx, 'site_check', input.passed ? '现场核查通过' : '现场核查未通过', input.note), { 'siteCheck.result': null, 'siteCheck.date': { $lte: today } });
  await audit(ctx, { action: 'registration.site_check_recorded', subjectType: 'Registration', subjectId: String(reg._id), after: { passed: input.passed } });
  return updated;
}

export async function reject(ctx: Ctx, reg: RegistrationDoc, input: { reason: string; appealNotice?: string }) {
  authorize(ctx.state.user, 'registration.review', reg);
  const from = reviewFrom('reject', reg.kind);
  expectStatus(reg, from);
  const decision = { result: 'rejected', reason: input.reason, appealNotice: input.appealNotice ?? APPEAL_NOTICE_DEFAULT, at: new Date(), by: String(ctx.state.user!._id) };
  const updated = await transition(reg, from, { status: 'rejected', decision, deadline: null }, entry(ctx, 'rejected', '不予登记', input.reason));
  await audit(ctx, { action: 'registration.rejected', subjectType: 'Registration', subjectId: String(reg._id), before: { status: reg.status }, after: { status: 'rejected' }, reason: input.reason });
  await tellApplicant(ctx, updated, '申请未获准予', input.reason);
  return updated;
}

/** Marks overdue open applications and tells the county admins; run by the scheduler. */
export async function escalateOverdue(services: Services, now = new Date()): Promise<number> {
  const overdue = await RegistrationModel.find({ status: { $in: ['submitted', 'accepted', 'site_check'] }, escalated: false, 'deadline.dueAt': { $lt: now } }).limit(500);
  let count = 0;
  for (const reg of overdue) {
    const r = await RegistrationModel.updateOne({ _id: reg._id, escalated: false }, { $set: { escalated: true }, $push: { timeline: { at: now, status: reg.status, title: '超期，已报县级监管部门督办', note: null, by: '系统' } } });
    if (!r.modifiedCount) continue;
    count++;
    await audit(null, { action: 'registration.escalated', subjectType: 'Registration', subjectId: String(reg._id) });
    const county = (reg.region ?? '').slice(0, 6);
    const admins = await UserModel.find({ roles: 'admin', region: { $in: [county, county.slice(0, 4), county.slice(0, 2)] } }).lean();
    for (const a of admins) {
      await notifyUser(services, String(a._id), { title: '登记审查超期督办', body: `${reg.workshop?.name ?? '申请'}已超过法定期限`, page: `packages/staff/registration/index?id=${String(reg._id)}` });
    }
  }
  return count;
}
