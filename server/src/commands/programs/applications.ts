// Applications to a program: an owner applies inside the window when every rule passes; admins of the
// workshop's region score, ask and decide; approval takes a place of the yearly quota and puts the
// application on public notice (公示) for the program's working days; objections (tip-offs linked here) keep
// it pending until handled; the granting job then grants the award (awards.ts). Every state change is one
// conditional update; what it owes to other documents is an owed step (db/owed.ts).
import { Types } from 'mongoose';
import { canDoApplication, LIVE_APPLICATION_STATUSES, type ApplicationAction, type ProgramRule } from '@shared/domain/programs';
import type { ApplyBody } from '@shared/schemas/programs';
import type { z } from 'zod';
import type { AnswerBody, ObjectionBody, ResolveObjectionBody, ScoreBody } from '@shared/schemas/programs';
import { defineOwed, finishOwed, owe, withOwed } from '../../db/owed';
import { isDuplicateKey } from '../../db/sequence';
import { conflict, notFound, unprocessable } from '../../errors';
import type { AppContext } from '../../http/types';
import { ProgramModel, type ProgramDoc } from '../../models/Program';
import { ProgramApplicationModel, type ProgramApplicationDoc } from '../../models/ProgramApplication';
import { StoredFileModel } from '../../models/StoredFile';
import { WorkshopModel, type WorkshopDoc } from '../../models/Workshop';
import { authorize } from '../../policies';
import type { Services } from '../../services';
import { audit } from '../../services/audit';
import { shanghaiDate } from '../../services/calendar';
import { notifyUser } from '../../services/notify';
import { linkFiles } from '../files';
import { submitTipoff, type Sender } from '../tipoff/submit';
import { evaluateRules, readFacts, type EligibilityFacts } from './eligibility';
import { placed, quotaKey, releasePlace, takePlace } from './quota';

export const APPLICATION_OWED = 'ProgramApplication';
export const MY_PROGRAMS_PAGE = 'packages/programs/mine/index';
const entry = (title: string, by: string | null = null, at = new Date()) => ({ at, title, by });
const endOfDay = (date: string) => new Date(`${date}T23:59:59.999+08:00`);

export async function loadApplication(id: string): Promise<ProgramApplicationDoc> {
  const a = await ProgramApplicationModel.findById(id);
  if (!a) throw notFound('resource.not_found', '未找到该申报');
  return a;
}

export async function loadOwnWorkshop(ctx: AppContext, workshopId: string): Promise<WorkshopDoc> {
  const w = await WorkshopModel.findById(workshopId);
  if (!w) throw notFound('resource.not_found', '未找到该作坊');
  authorize(ctx.state.user, 'program.apply', w);
  return w;
}

/** Today's date in Shanghai inside the program's window. */
export const windowOpen = (p: { applyFrom: string; applyUntil: string }, now = new Date()) => {
  const today = shanghaiDate(now);
  return today >= p.applyFrom && today <= p.applyUntil;
};
/** A workshop inside the program's region may apply (a county program takes the county's workshops). */
const inProgramRegion = (p: { region: string }, w: { region: string }) => w.region.startsWith(p.region);

export async function eligibilityOf(p: ProgramDoc, w: WorkshopDoc, now = new Date(), known?: EligibilityFacts) {
  const rules = p.rules as unknown as ProgramRule[];
  const r = evaluateRules(rules, known ?? (await readFacts(w, now)), now);
  if (!inProgramRegion(p, w)) {
    r.eligible = false;
    r.rules.unshift({ kind: 'registered', label: '申报区域', summary: `作坊须在${p.issuer}辖区内`, passed: false, current: `作坊位于${w.regionName}`, todo: `本项目只受理${p.issuer}辖区内的作坊`, action: 'none' });
  }
  return r;
}

export async function apply(ctx: AppContext, p: ProgramDoc, body: ApplyBody, now = new Date()): Promise<ProgramApplicationDoc> {
  const user = ctx.state.user!;
  if (!p.active) throw notFound('program.not_found');
  const w = await loadOwnWorkshop(ctx, body.workshopId);
  if (!windowOpen(p, now)) {
    throw unprocessable('program.window_closed', `申报时间为 ${p.applyFrom} 至 ${p.applyUntil}`, { applyFrom: p.applyFrom, applyUntil: p.applyUntil, failed: [] });
  }
  const elig = await eligibilityOf(p, w, now);
  if (!elig.eligible) {
    const failed = elig.rules.filter((r) => !r.passed);
    throw unprocessable('program.not_eligible', `暂不符合申报条件：${failed.map((r) => r.todo).join('；')}`, { failed });
  }
  // Materials: every required code, known codes only, the applicant's own uploads for programs.
  const known = new Map(p.materials.map((m) => [m.code!, m]));
  const given = new Set(body.materials.map((m) => m.code));
  const missing = p.materials.filter((m) => m.required && !given.has(m.code!));
  if (missing.length) throw unprocessable('program.materials_missing', `请上传：${missing.map((m) => m.label).join('、')}`, { missing: missing.map((m) => m.code) });
  const unknown = body.materials.filter((m) => !known.has(m.code));
  if (unknown.length) throw unprocessable('program.materials_missing', `本项目不需要材料“${unknown[0].code}”`);
  const fileIds = [...new Set(body.materials.map((m) => m.fileId))];
  if (fileIds.length) {
    const n = await StoredFileModel.countDocuments({ _id: { $in: fileIds.map((i) => new Types.ObjectId(i)) }, ownerId: String(user._id), purpose: 'program' });
    if (n !== fileIds.length) throw unprocessable('program.files_invalid');
  }
  const year = Number(shanghaiDate(now).slice(0, 4));
  const id = new Types.ObjectId();
  // Staff of the workshop's region may open the materials; the applicant sees them too.
  await linkFiles(fileIds, { record: 'ProgramApplication', id: String(id), region: w.region, viewerId: String(user._id) });
  let a: ProgramApplicationDoc;
  try {
    a = await ProgramApplicationModel.create({
      _id: id, key: `${String(p._id)}:${String(w._id)}:${year}`, programId: String(p._id), workshopId: String(w._id), workshopName: w.name,
      ownerId: String(user._id), region: w.region, year, status: 'submitted', statement: body.statement, materials: body.materials,
      submittedAt: now, eligibility: { at: now, eligible: elig.eligible, rules: elig.rules }, timeline: [entry('提交申报', String(user._id), now)],
    });
  } catch (e) {
    if (isDuplicateKey(e)) throw conflict('program.already_applied', `该作坊已申报 ${year} 年度“${p.name}”`);
    throw e;
  }
  await audit(ctx, { action: 'program.applied', subjectType: 'ProgramApplication', subjectId: String(a._id), region: a.region ?? null, after: { programId: a.programId, workshopId: a.workshopId, year } });
  return a;
}

/** One conditional update of an application: from the statuses `action` allows, or 409. */
async function move(a: ProgramApplicationDoc, action: ApplicationAction, update: Record<string, unknown>, extra: Record<string, unknown> = {}, owed: string[] = [], now = new Date()) {
  const updated = await ProgramApplicationModel.findOneAndUpdate(
    { _id: a._id, status: { $in: (['submitted', 'under_review', 'in_notice'] as const).filter((s) => canDoApplication(action, s)) }, ...extra },
    withOwed(update, owed, now),
    { returnDocument: 'after' },
  );
  if (!updated) throw conflict('program.application_state');
  return updated;
}

export async function score(ctx: AppContext, a: ProgramApplicationDoc, body: z.output<typeof ScoreBody>): Promise<ProgramApplicationDoc> {
  const user = ctx.state.user!;
  authorize(user, 'program.review', a);
  if (!canDoApplication('score', a.status)) throw conflict('program.application_state');
  const now = new Date();
  const mine = { reviewerId: String(user._id), reviewerName: user.name ?? '评审人员', score: body.score, comment: body.comment ?? null, at: now, ...(body.items?.length ? { items: body.items } : {}) };
  // One score per reviewer: a second replaces the first (a new version of the list).
  const scores = [...a.scores.filter((s) => s.reviewerId !== mine.reviewerId), mine];
  const updated = await move(a, 'score', { $set: { status: 'under_review', scores }, $inc: { rev: 1 }, $push: { timeline: entry(`评审打分：${body.score}分`, String(user._id), now) } }, { rev: a.rev });
  await audit(ctx, { action: 'program.scored', subjectType: 'ProgramApplication', subjectId: String(a._id), after: { score: body.score } });
  return updated;
}

export async function ask(ctx: AppContext, a: ProgramApplicationDoc, question: string): Promise<ProgramApplicationDoc> {
  const user = ctx.state.user!;
  authorize(user, 'program.review', a);
  if (!canDoApplication('question', a.status)) throw conflict('program.application_state');
  const now = new Date();
  const q = { id: String(new Types.ObjectId()), question, askedBy: String(user._id), askedAt: now, answer: null, answeredAt: null, materials: [] };
  const updated = await move(a, 'question', { $set: { status: 'under_review' }, $inc: { rev: 1 }, $push: { questions: q, timeline: entry('评审人员提问', String(user._id), now) } }, {}, ['notifyQuestion'], now);
  await audit(ctx, { action: 'program.question_asked', subjectType: 'ProgramApplication', subjectId: String(a._id), after: { questionId: q.id } });
  return finishOwed(ctx.services, APPLICATION_OWED, updated);
}

export async function answer(ctx: AppContext, a: ProgramApplicationDoc, body: z.output<typeof AnswerBody>): Promise<ProgramApplicationDoc> {
  const user = ctx.state.user!;
  authorize(user, 'program.ownApplication', a);
  if (!canDoApplication('answer', a.status)) throw conflict('program.application_state');
  const q = a.questions.find((x) => x.id === body.questionId && !x.answer);
  if (!q) throw unprocessable('program.question_not_found');
  if (body.materials.length) {
    const n = await StoredFileModel.countDocuments({ _id: { $in: body.materials.map((i) => new Types.ObjectId(i)) }, ownerId: String(user._id), purpose: 'program' });
    if (n !== new Set(body.materials).size) throw unprocessable('program.files_invalid');
    await linkFiles(body.materials, { record: 'ProgramApplication', id: String(a._id), region: a.region, viewerId: a.ownerId });
  }
  const now = new Date();
  const questions = a.questions.map((x) => (x.id === q.id ? { ...x.toObject?.() ?? x, answer: body.answer, answeredAt: now, materials: body.materials } : x));
  const updated = await move(a, 'answer', { $set: { questions }, $inc: { rev: 1 }, $push: { timeline: entry('申报人答复', String(user._id), now) } }, { rev: a.rev });
  await audit(ctx, { action: 'program.question_answered', subjectType: 'ProgramApplication', subjectId: String(a._id), region: a.region ?? null, after: { questionId: q.id } });
  return updated;
}

export async function withdraw(ctx: AppContext, a: ProgramApplicationDoc): Promise<ProgramApplicationDoc> {
  const user = ctx.state.user!;
  authorize(user, 'program.ownApplication', a);
  if (!canDoApplication('withdraw', a.status)) throw conflict('program.application_state', '评审已有结论，不能撤回');
  const now = new Date();
  // The key is released: the workshop may apply again this year.
  const updated = await move(a, 'withdraw', { $set: { status: 'withdrawn', key: `withdrawn:${String(a._id)}` }, $push: { timeline: entry('申报人撤回', String(user._id), now) } });
  await audit(ctx, { action: 'program.withdrawn', subjectType: 'ProgramApplication', subjectId: String(a._id), region: a.region ?? null, before: { status: a.status }, after: { status: 'withdrawn' } });
  return updated;
}

export async function reject(ctx: AppContext, a: ProgramApplicationDoc, reason: string): Promise<ProgramApplicationDoc> {
  const user = ctx.state.user!;
  authorize(user, 'program.review', a);
  if (!canDoApplication('reject', a.status)) throw conflict('program.application_state');
  const now = new Date();
  const updated = await move(a, 'reject', {
    $set: { status: 'rejected', decidedAt: now, decidedBy: String(user._id), decisionNote: reason }, $push: { timeline: entry('评审未通过', String(user._id), now) },
  }, {}, ['notifyDecision'], now);
  await audit(ctx, { action: 'program.rejected', subjectType: 'ProgramApplication', subjectId: String(a._id), before: { status: a.status }, after: { status: 'rejected' }, reason });
  return finishOwed(ctx.services, APPLICATION_OWED, updated);
}

/**
 * Approval: enough scores, then a place of the yearly quota (409 program.quota_full when none is left),
 * then the application goes on public notice until the end of the program's last notice working day.
 * The place is taken first and given back when the application moved meanwhile, so a place is never given
 * twice and never kept by an application that is not in notice.
 */
export async function approve(ctx: AppContext, a: ProgramApplicationDoc, note: string | undefined, now = new Date()): Promise<ProgramApplicationDoc> {
  const user = ctx.state.user!;
  authorize(user, 'program.review', a);
  if (!canDoApplication('approve', a.status)) throw conflict('program.application_state');
  const p = await ProgramModel.findById(a.programId);
  if (!p) throw notFound('program.not_found');
  if (a.scores.length < p.minScores) throw unprocessable('program.scores_missing', `须至少${p.minScores}位评审人员打分，目前${a.scores.length}位`);
  const key = quotaKey(p, a);
  const place = await takePlace(key, String(a._id), p.quota!.perYear, now);
  if (place === 'full') throw conflict('program.quota_full', `${a.year}年度名额（${p.quota!.perYear}个）已满`);
  if (place === 'held') throw conflict('program.application_state');
  const notice = await ctx.services.calendar.addWorkingDays(now, p.noticeDays);
  const updated = await ProgramApplicationModel.findOneAndUpdate(
    { _id: a._id, status: { $in: ['submitted', 'under_review'] } },
    withOwed({
      $set: {
        status: 'in_notice', quotaKey: key, noticeFrom: shanghaiDate(now), noticeUntil: notice.date, noticeEndsAt: p.noticeDays > 0 ? endOfDay(notice.date) : now,
        decidedAt: now, decidedBy: String(user._id), decisionNote: note ?? null,
      },
      $push: { timeline: entry(`评审通过，公示至 ${notice.date}`, String(user._id), now) },
    }, ['notifyNotice'], now),
    { returnDocument: 'after' },
  );
  if (!updated) {
    await releasePlace(key, String(a._id));
    await placed(key, String(a._id), now);
    throw conflict('program.application_state');
  }
  await placed(key, String(a._id), now);
  await audit(ctx, { action: 'program.approved', subjectType: 'ProgramApplication', subjectId: String(a._id), before: { status: a.status }, after: { status: 'in_notice', noticeUntil: notice.date, quotaKey: key } });
  return finishOwed(ctx.services, APPLICATION_OWED, updated);
}

/** An objection during the notice: a tip-off (violation) about the workshop, linked to the application. */
export async function object(ctx: AppContext, a: ProgramApplicationDoc, body: z.output<typeof ObjectionBody>, sender: Sender) {
  if (a.status !== 'in_notice') throw unprocessable('program.not_in_notice');
  const p = await ProgramModel.findById(a.programId, { name: 1 }).lean();
  const w = await WorkshopModel.findById(a.workshopId, { region: 1 }).lean();
  if (!p || !w) throw notFound();
  const r = await submitTipoff(ctx, {
    kind: 'violation', workshopId: a.workshopId, region: w.region, description: `【${p.name} 公示异议】${body.description}`, media: [],
    anonymous: body.anonymous, ...(body.reporter ? { reporter: body.reporter } : {}), consent: true,
  }, sender);
  const tid = String(r.tipoff._id);
  const linked = await ProgramApplicationModel.updateOne(
    { _id: a._id, status: 'in_notice', 'objections.tipoffId': { $ne: tid } },
    { $push: { objections: { tipoffId: tid, caseId: r.tipoff.caseId, receiptCode: r.tipoff.receiptCode, status: 'open', at: new Date(), note: null, by: null }, timeline: entry('收到公示异议') }, $inc: { openObjections: 1, rev: 1 } },
  );
  if (!linked.modifiedCount && !r.duplicate) {
    // The notice ended meanwhile: the report stays an ordinary tip-off about the workshop.
    const now = await ProgramApplicationModel.findById(a._id, { status: 1 }).lean();
    if (now?.status !== 'in_notice') throw unprocessable('program.not_in_notice');
  }
  await audit(ctx, { action: 'program.objection', subjectType: 'ProgramApplication', subjectId: String(a._id), region: a.region ?? null, after: { tipoffId: tid } });
  return r;
}

/**
 * An objection handled: not founded (the notice goes on; the award waits for the other objections), or
 * upheld (the application is not approved and its place goes back). One update on the version read.
 */
export async function resolveObjection(ctx: AppContext, a: ProgramApplicationDoc, body: z.output<typeof ResolveObjectionBody>): Promise<ProgramApplicationDoc> {
  const user = ctx.state.user!;
  authorize(user, 'program.review', a);
  const o = a.objections.find((x) => x.tipoffId === body.objectionId && x.status === 'open');
  if (!o) throw unprocessable('program.objection_not_found');
  if (a.status !== 'in_notice') throw conflict('program.application_state');
  const now = new Date();
  const status = body.upheld ? 'upheld' : 'dismissed';
  const objections = a.objections.map((x) => (x.tipoffId === o.tipoffId ? { ...(x.toObject?.() ?? x), status, note: body.note, by: String(user._id) } : x));
  const open = objections.filter((x) => x.status === 'open').length;
  const set: Record<string, unknown> = { objections, openObjections: open };
  if (body.upheld) Object.assign(set, { status: 'rejected', decidedAt: now, decidedBy: String(user._id), decisionNote: `公示异议成立：${body.note}` });
  const updated = await move(a, 'rejectInNotice', {
    $set: set, $inc: { rev: 1 }, $push: { timeline: entry(body.upheld ? '公示异议成立，不予授予' : '公示异议经核实不成立', String(user._id), now) },
  }, { rev: a.rev }, body.upheld ? ['releasePlace', 'notifyDecision'] : [], now);
  await audit(ctx, { action: body.upheld ? 'program.objection_upheld' : 'program.objection_dismissed', subjectType: 'ProgramApplication', subjectId: String(a._id), after: { tipoffId: o.tipoffId, status }, reason: body.note });
  return finishOwed(ctx.services, APPLICATION_OWED, updated);
}

export { LIVE_APPLICATION_STATUSES };

// What an application owes (the award steps are defined with the awards, awards.ts, on the same kind).
export const applicationSteps = {
  async notifyQuestion(services: Services, a: ProgramApplicationDoc) {
    if (!a.ownerId) return;
    const q = a.questions.at(-1);
    await notifyUser(services, a.ownerId, { title: '评审人员提问', body: q?.question ?? '请查看并答复', page: MY_PROGRAMS_PAGE, key: `ProgramApplication:${String(a._id)}:q:${q?.id ?? ''}` });
  },
  async notifyNotice(services: Services, a: ProgramApplicationDoc) {
    if (!a.ownerId) return;
    await notifyUser(services, a.ownerId, { title: '申报已通过评审', body: `进入公示，公示至 ${a.noticeUntil}`, page: MY_PROGRAMS_PAGE, key: `ProgramApplication:${String(a._id)}:notice` });
  },
  async notifyDecision(services: Services, a: ProgramApplicationDoc) {
    if (!a.ownerId) return;
    await notifyUser(services, a.ownerId, { title: '申报未通过', body: a.decisionNote ?? '请查看评审意见', page: MY_PROGRAMS_PAGE, key: `ProgramApplication:${String(a._id)}:rejected` });
  },
  async releasePlace(_services: Services, a: ProgramApplicationDoc) {
    if (a.quotaKey) await releasePlace(a.quotaKey, String(a._id));
  },
};
export const defineApplicationOwed = (steps: Record<string, (services: Services, a: ProgramApplicationDoc) => Promise<void>>) =>
  defineOwed<ProgramApplicationDoc>(APPLICATION_OWED, ProgramApplicationModel, { ...applicationSteps, ...steps });
export { owe };
