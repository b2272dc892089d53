// Awards: granted after the public notice by a job (one conditional update per application, so several
// server instances grant each once), shown as a badge on the public credit file; flagged for review by a
// serious violation (a penalty of the configured severity, a failed sample of a key item: owed steps of
// those commands call flagAwards); revoked by an admin with a reason — the badge leaves the public file, the
// award and its history stay. A revoked award is never granted again: its application stays awarded.
import { Types } from 'mongoose';
import { fenToYuanText, HERITAGE_KINDS, SHOWN_AWARD_STATUSES, subsidyDueFen, TEACHING_KINDS, type ProgramKind } from '@shared/domain/programs';
import { StoredFileModel } from '../../models/StoredFile';
import { defineOwed, finishOwed, withOwed } from '../../db/owed';
import { insertOrGet } from '../../db/sequence';
import { conflict, notFound, unprocessable } from '../../errors';
import type { AppContext } from '../../http/types';
import { AwardModel, type AwardDoc } from '../../models/Award';
import { ProgramModel } from '../../models/Program';
import { ProgramApplicationModel, type ProgramApplicationDoc } from '../../models/ProgramApplication';
import { WorkshopModel } from '../../models/Workshop';
import { authorize } from '../../policies';
import type { Services } from '../../services';
import { audit } from '../../services/audit';
import { shanghaiDate } from '../../services/calendar';
import { notifyUser } from '../../services/notify';
import { putCreditEvent, updateCreditEvent } from '../../services/publicFile';
import { APPLICATION_OWED, defineApplicationOwed, MY_PROGRAMS_PAGE } from './applications';

const AWARD_OWED = 'Award';
const awardRef = (id: string) => `Award:${id}`;
const entry = (title: string, by: string | null = null, at = new Date()) => ({ at, title, by });

export async function loadAward(id: string): Promise<AwardDoc> {
  const a = await AwardModel.findById(id);
  if (!a) throw notFound('resource.not_found', '未找到该称号');
  return a;
}

/**
 * Grants the awards whose notice ended by `now` with no objection open: one conditional update per
 * application (status in_notice, no open objection) fixes the award id and owes the award's steps.
 */
export async function grantDueAwards(services: Services, now = new Date()): Promise<number> {
  const due = await ProgramApplicationModel.find({ status: 'in_notice', openObjections: 0, noticeEndsAt: { $lte: now } }).sort({ noticeEndsAt: 1 }).limit(100);
  let n = 0;
  for (const a of due) {
    const granted = await ProgramApplicationModel.findOneAndUpdate(
      { _id: a._id, status: 'in_notice', openObjections: 0 },
      withOwed({ $set: { status: 'awarded', awardId: String(new Types.ObjectId()), awardedAt: now }, $push: { timeline: entry('公示期满无异议，授予称号', null, now) } }, ['award', 'badge', 'creditEvent', 'notifyAward'], now),
      { returnDocument: 'after' },
    );
    if (!granted) continue;
    n++;
    try {
      await finishOwed(services, APPLICATION_OWED, granted);
    } catch (e) {
      services.log.warn({ err: e, id: String(a._id) }, 'award steps failed; the recovery job finishes them');
    }
  }
  return n;
}

/**
 * Awards past their validity expire: the badge leaves the workshop (its public record left the file at
 * validUntil already). One conditional update per award, like the grant.
 */
export async function expireAwards(services: Services, now = new Date()): Promise<number> {
  const due = await AwardModel.find({ status: { $in: SHOWN_AWARD_STATUSES }, validUntil: { $lte: now } }, { _id: 1 }).limit(100).lean();
  let n = 0;
  for (const d of due) {
    const aw = await AwardModel.findOneAndUpdate(
      { _id: d._id, status: { $in: SHOWN_AWARD_STATUSES } },
      withOwed({ $set: { status: 'expired' }, $push: { history: entry('有效期届满', null, now) } }, ['unbadge'], now),
      { returnDocument: 'after' },
    );
    if (!aw) continue;
    n++;
    await finishOwed(services, AWARD_OWED, aw);
  }
  return n;
}

async function awardOf(a: ProgramApplicationDoc) {
  return AwardModel.findOne({ applicationId: String(a._id) });
}

defineApplicationOwed({
  async award(_services, a) {
    const p = await ProgramModel.findById(a.programId).lean();
    if (!p || !a.awardId) return;
    const grantedAt = a.awardedAt ?? new Date();
    const validUntil = new Date(grantedAt);
    validUntil.setUTCFullYear(validUntil.getUTCFullYear() + p.validityYears);
    await insertOrGet(AwardModel, {
      _id: a.awardId, applicationId: String(a._id), programId: a.programId, programName: p.name, kind: p.kind, badge: p.badge,
      workshopId: a.workshopId, workshopName: a.workshopName, region: a.region, issuer: p.issuer, grantedAt, validUntil,
      history: [entry(`授予“${p.badge}”`, null, grantedAt)],
    }, { applicationId: String(a._id) });
  },
  async badge(_services, a) {
    const aw = await awardOf(a);
    if (aw && SHOWN_AWARD_STATUSES.includes(aw.status as never)) await WorkshopModel.updateOne({ _id: a.workshopId }, { $addToSet: { badges: aw.badge } });
  },
  async creditEvent(_services, a) {
    const aw = await awardOf(a);
    if (!aw) return;
    await putCreditEvent(awardRef(String(aw._id)), {
      workshopId: aw.workshopId, type: 'award', at: aw.grantedAt, title: `荣誉称号：${aw.badge}`,
      detail: `${aw.programName}；${aw.issuer}授予，有效期至 ${shanghaiDate(aw.validUntil)}`, result: '已授予', source: aw.issuer,
      // A revoked award's record leaves the public file at its revocation (revoke's step sets it).
      publicUntil: aw.revokedAt ?? aw.validUntil,
    }, { once: true });
  },
  async notifyAward(services, a) {
    const aw = await awardOf(a);
    if (aw && a.ownerId) await notifyUser(services, a.ownerId, { title: '荣誉称号已授予', body: `“${aw.badge}”公示期满，已授予`, page: MY_PROGRAMS_PAGE, key: `ProgramApplication:${String(a._id)}:awarded` });
  },
});

// What a revoked award owes: its badge off the workshop (unless another shown award gives the same one),
// its public record off the public file (kept in credit_events and on the award's history).
defineOwed<AwardDoc>(AWARD_OWED, AwardModel, {
  async unbadge(_services, aw) {
    const shown = await AwardModel.find({ workshopId: aw.workshopId, status: { $in: SHOWN_AWARD_STATUSES } }, { badge: 1 }).lean();
    if (!shown.some((x) => x.badge === aw.badge && String(x._id) !== String(aw._id))) await WorkshopModel.updateOne({ _id: aw.workshopId }, { $pull: { badges: aw.badge } });
  },
  async unpublish(_services, aw) {
    await updateCreditEvent(awardRef(String(aw._id)), { publicUntil: aw.revokedAt ?? new Date(), result: '已撤销' });
  },
  async notifyRevoked(services, aw) {
    const w = await WorkshopModel.findById(aw.workshopId, { ownerId: 1 }).lean();
    if (w?.ownerId) await notifyUser(services, w.ownerId, { title: '荣誉称号已撤销', body: aw.revokeReason ?? aw.badge, page: MY_PROGRAMS_PAGE, key: `Award:${String(aw._id)}:revoked` });
  },
});

export async function revokeAward(ctx: AppContext, aw: AwardDoc, reason: string): Promise<AwardDoc> {
  const user = ctx.state.user!;
  authorize(user, 'award.revoke', aw);
  const now = new Date();
  const updated = await AwardModel.findOneAndUpdate(
    { _id: aw._id, status: { $in: SHOWN_AWARD_STATUSES } },
    withOwed({ $set: { status: 'revoked', revokedAt: now, revokedBy: String(user._id), revokeReason: reason }, $push: { history: entry(`撤销：${reason}`, String(user._id), now) } }, ['unbadge', 'unpublish', 'notifyRevoked'], now),
    { returnDocument: 'after' },
  );
  if (!updated) throw conflict('award.state', '该称号已撤销');
  await audit(ctx, { action: 'award.revoked', subjectType: 'Award', subjectId: String(aw._id), before: { status: aw.status }, after: { status: 'revoked' }, reason });
  return finishOwed(ctx.services, AWARD_OWED, updated);
}

export type Violation =
  | { kind: 'penalty'; ref: string; fineFen: number | null; at: Date; title: string }
  | { kind: 'sample'; ref: string; failedItems: string[]; at: Date; title: string };

/** Whether a program's revocation rule takes this violation. Pure. */
export function violationFlags(revokeOn: { penaltyMinFineFen?: number | null; failedSampleItems?: string[] | null } | null | undefined, v: Violation): boolean {
  if (!revokeOn) return false;
  if (v.kind === 'penalty') return revokeOn.penaltyMinFineFen != null && (v.fineFen ?? 0) >= revokeOn.penaltyMinFineFen;
  const items = revokeOn.failedSampleItems;
  return items != null && (items.length === 0 || v.failedItems.some((i) => items.includes(i)));
}

/**
 * Flags the workshop's shown awards whose program's rule takes the violation, once per violation (its ref):
 * an owed step of the penalty and sample commands, so it is idempotent.
 */
export async function flagAwards(workshopId: string, v: Violation): Promise<number> {
  const awards = await AwardModel.find({ workshopId, status: { $in: SHOWN_AWARD_STATUSES } }).lean();
  let n = 0;
  for (const aw of awards) {
    const p = await ProgramModel.findById(aw.programId, { revokeOn: 1 }).lean();
    if (!violationFlags(p?.revokeOn, v)) continue;
    const r = await AwardModel.updateOne(
      { _id: aw._id, status: { $in: SHOWN_AWARD_STATUSES }, 'flags.ref': { $ne: v.ref } },
      { $set: { status: 'flagged' }, $push: { flags: { at: v.at, reason: v.title, ref: v.ref }, history: entry(`违法违规待复核：${v.title}`, null, new Date()) } },
    );
    n += r.modifiedCount;
  }
  return n;
}

/** The teaching recorded in `year` and the subsidy it earns. */
export function subsidyOf(aw: Pick<AwardDoc, '_id' | 'teaching'>, subsidy: { fenPerYear: number; requiredHours: number }, year: number) {
  const entries = aw.teaching.filter((e) => e.date?.startsWith(String(year)));
  const hours = entries.reduce((s, e) => s + (e.hours ?? 0), 0);
  const apprentices = new Set(entries.flatMap((e) => e.apprentices ?? [])).size;
  const dueFen = subsidyDueFen(subsidy.fenPerYear, subsidy.requiredHours, hours);
  return {
    awardId: String(aw._id), year,
    entries: entries.map((e) => ({ date: e.date!, apprentices: [...(e.apprentices ?? [])], hours: e.hours ?? 0, note: e.note ?? null })),
    hours, apprentices, requiredHours: subsidy.requiredHours, fenPerYear: subsidy.fenPerYear, dueFen, dueLabel: fenToYuanText(dueFen),
  };
}

/** An inheritor records teaching (传艺授徒): the award's owner, for a kind with an apprenticeship subsidy. */
export async function recordTeaching(ctx: AppContext, aw: AwardDoc, body: { date: string; apprentices: string[]; hours: number; note?: string }) {
  const w = await WorkshopModel.findById(aw.workshopId, { ownerId: 1 }).lean();
  authorize(ctx.state.user, 'award.teach', { ownerId: w?.ownerId ?? null });
  const p = await ProgramModel.findById(aw.programId, { subsidy: 1 }).lean();
  if (!p?.subsidy || !TEACHING_KINDS.includes(aw.kind as ProgramKind)) throw unprocessable('award.no_subsidy');
  if (body.date > shanghaiDate(new Date())) throw unprocessable('request.invalid', '授徒日期不能晚于今天');
  const now = new Date();
  const updated = await AwardModel.findOneAndUpdate(
    { _id: aw._id, status: { $in: SHOWN_AWARD_STATUSES } },
    { $push: { teaching: { date: body.date, apprentices: body.apprentices, hours: body.hours, note: body.note ?? null, at: now } } },
    { returnDocument: 'after' },
  );
  if (!updated) throw conflict('award.state', '该称号已撤销，不能登记授徒');
  await audit(ctx, { action: 'award.teaching_recorded', subjectType: 'Award', subjectId: String(aw._id), region: aw.region ?? null, after: { date: body.date, hours: body.hours, apprentices: body.apprentices.length } });
  return subsidyOf(updated, p.subsidy, Number(body.date.slice(0, 4)));
}

/** This year's teaching record and subsidy of an award: for its owner (the inheritor) and the admins who pay it. */
export async function readTeaching(ctx: AppContext, aw: AwardDoc, year: number) {
  const w = await WorkshopModel.findById(aw.workshopId, { ownerId: 1 }).lean();
  authorize(ctx.state.user, 'award.readTeaching', { ownerId: w?.ownerId ?? null, region: aw.region });
  const p = await ProgramModel.findById(aw.programId, { subsidy: 1 }).lean();
  if (!p?.subsidy || !TEACHING_KINDS.includes(aw.kind as ProgramKind)) throw unprocessable('award.no_subsidy');
  return subsidyOf(aw, p.subsidy, year);
}

/** The heritage story page of an award (技艺、传承人、历史、照片): its workshop's owner or an admin of its region. */
export async function writeStory(ctx: AppContext, aw: AwardDoc, body: { technique: string; inheritor: string; history: string; photos: string[] }): Promise<AwardDoc> {
  const user = ctx.state.user!;
  const w = await WorkshopModel.findById(aw.workshopId, { ownerId: 1 }).lean();
  authorize(user, 'award.story', { ownerId: w?.ownerId ?? null, region: aw.region });
  if (!HERITAGE_KINDS.includes(aw.kind as ProgramKind)) throw unprocessable('award.no_story');
  const photos = [...new Set(body.photos)];
  if (photos.length) {
    const n = await StoredFileModel.countDocuments({ _id: { $in: photos.map((i) => new Types.ObjectId(i)) }, ownerId: String(user._id), purpose: 'story' });
    if (n !== photos.length) throw unprocessable('program.files_invalid', '照片不存在或不是您以“非遗故事照片”上传的');
  }
  const story = { technique: body.technique, inheritor: body.inheritor, history: body.history, photos };
  const updated = await AwardModel.findOneAndUpdate(
    { _id: aw._id, status: { $in: SHOWN_AWARD_STATUSES } },
    { $set: { story }, $push: { history: entry('更新非遗故事', String(user._id)) } },
    { returnDocument: 'after' },
  );
  if (!updated) throw conflict('award.state', '该称号已撤销或到期');
  await audit(ctx, { action: 'award.story_written', subjectType: 'Award', subjectId: String(aw._id), region: aw.region ?? null, before: aw.story ?? null, after: story });
  return updated;
}
