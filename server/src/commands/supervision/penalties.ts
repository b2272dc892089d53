// 行政处罚 and 信用修复. A penalty is public on the credit file from the decision; after its publicity
// period (公示期) the owner may apply for credit repair, which an admin of the region reviews; an approved
// repair takes it off the public file at once. Unrepaired, it leaves after PENALTY_MAX_PUBLIC_DAYS.
import type { QueryFilter } from 'mongoose';
import { PENALTY_MAX_PUBLIC_DAYS } from '@shared/domain/supervision';
import type { z } from 'zod';
import type { CreatePenaltyBody } from '@shared/schemas/supervision';
import { defineOwed, finishOwed, owe, withOwed } from '../../db/owed';
import { isDuplicateKey } from '../../db/sequence';
import { conflict, unprocessable } from '../../errors';
import type { AppContext } from '../../http/types';
import { putCreditEvent, updateCreditEvent } from '../../services/publicFile';
import { PenaltyModel, type Penalty, type PenaltyDoc } from '../../models/Penalty';
import { WorkshopModel, type WorkshopDoc } from '../../models/Workshop';
import { audit } from '../../services/audit';
import { shanghaiDate } from '../../services/calendar';
import { notifyUser } from '../../services/notify';
import { officeOf } from '../../services/regions';
import { authorize } from '../../policies';
import { attachOwnFiles } from '../files';
import { loadWorkshop } from './common';
import { recomputeRisk } from './risk';
import { flagAwards } from '../programs/awards';

type Ctx = AppContext;
const DAY_MS = 86_400_000;
const ref = (p: { _id: unknown }) => `Penalty:${String(p._id)}`;
const OWED = 'Penalty';
const OWNER_PAGE = 'packages/credit/mine/index';

// What a penalty and its credit repair owe to other documents, each step idempotent (db/owed.ts).
defineOwed<PenaltyDoc>(OWED, PenaltyModel, {
  async creditEvent(_services, p) {
    await putCreditEvent(ref(p), {
      workshopId: p.workshopId, type: 'penalty', at: p.decidedAt, title: '行政处罚',
      detail: `决定书文号：${p.decisionNumber}；违法事实：${p.facts}；处罚依据：${p.basis}`,
      result: p.outcome, source: p.office, publicUntil: p.publicUntil,
    });
  },
  async risk(_services, p) {
    await recomputeRisk(p.workshopId);
  },
  async notify(services, p) {
    const w = await WorkshopModel.findById(p.workshopId, { ownerId: 1 }).lean();
    if (w?.ownerId) await notifyUser(services, w.ownerId, { title: '行政处罚决定已公示', body: `决定书文号 ${p.decisionNumber}`, page: OWNER_PAGE, key: `${ref(p)}:recorded` });
  },
  // A serious violation flags the workshop's program awards for review (each program says which).
  async awards(_services, p) {
    await flagAwards(p.workshopId, { kind: 'penalty', ref: ref(p), fineFen: p.fineFen ?? null, at: p.decidedAt, title: `行政处罚 ${p.decisionNumber}：${p.outcome}` });
  },
  // A credit repair approved: off the public file from now on (publicUntil fixed in the review's update).
  async repairPublic(_services, p) {
    await updateCreditEvent(ref(p), { publicUntil: p.publicUntil });
  },
});

export async function recordPenalty(ctx: Ctx, body: z.output<typeof CreatePenaltyBody>): Promise<PenaltyDoc> {
  const user = ctx.state.user!;
  const w = await loadWorkshop(body.workshopId);
  authorize(user, 'supervision.record', w);
  const now = new Date();
  if (body.decidedAt > shanghaiDate(now)) throw unprocessable('inspection.date_invalid', '处罚决定日期不能晚于今天');
  const decidedAt = new Date(`${body.decidedAt}T12:00:00+08:00`);
  const publicityEnds = new Date(decidedAt.getTime() + body.publicityDays * DAY_MS);
  const publicUntil = new Date(decidedAt.getTime() + PENALTY_MAX_PUBLIC_DAYS * DAY_MS);
  const office = officeOf(ctx.services, w.region) ?? '市场监督管理局';
  let doc: PenaltyDoc;
  try {
    doc = await PenaltyModel.create({
      decisionNumber: body.decisionNumber, workshopId: String(w._id), region: w.region,
      facts: body.facts, basis: body.basis, outcome: body.outcome, fineFen: body.fineFen ?? null,
      decidedAt, publicityDays: body.publicityDays, publicityEnds, publicUntil, office, createdBy: String(user._id),
      ...owe(['creditEvent', 'risk', 'notify', 'awards'], now),
    });
  } catch (e) {
    if (isDuplicateKey(e)) throw conflict('penalty.duplicate', `决定书文号“${body.decisionNumber}”已登记`);
    throw e;
  }
  await audit(ctx, { action: 'penalty.recorded', subjectType: 'Penalty', subjectId: String(doc._id), after: { workshopId: doc.workshopId, decisionNumber: doc.decisionNumber, publicUntil } });
  return finishOwed(ctx.services, OWED, doc);
}

/** One change per repair version: the filter names the version and status read; the loser gets 409. */
async function repairChange(ctx: Ctx, p: PenaltyDoc, from: string[], set: Record<string, unknown>, owed: string[], conflictCode: 'penalty.repair_state' | 'penalty.repair_not_eligible') {
  const version = p.repair?.version ?? 0;
  const filter = { _id: p._id, 'repair.version': version, 'repair.status': { $in: from } } as QueryFilter<Penalty>;
  const updated = await PenaltyModel.findOneAndUpdate(filter, withOwed({ $set: { ...set, 'repair.version': version + 1 } }, owed), { returnDocument: 'after' });
  if (!updated) throw conflict(conflictCode);
  return finishOwed(ctx.services, OWED, updated);
}

export async function requestRepair(ctx: Ctx, p: PenaltyDoc, w: WorkshopDoc, body: { reason: string; photos?: string[] }): Promise<PenaltyDoc> {
  const user = ctx.state.user!;
  authorize(user, 'supervision.ownerAct', w);
  const now = new Date();
  const status = p.repair?.status ?? 'none';
  if (status === 'requested') throw conflict('penalty.repair_state', '信用修复申请正在审核');
  if (status === 'approved' || p.publicUntil <= now) throw unprocessable('penalty.repair_not_eligible', '该处罚已不在公示中，无需修复');
  if (p.publicityEnds > now) throw unprocessable('penalty.repair_not_eligible', `公示期至${shanghaiDate(p.publicityEnds)}届满，届满后可申请信用修复`);
  await attachOwnFiles(user, body.photos, { record: 'Penalty', id: String(p._id), region: p.region, viewerId: w.ownerId ?? null });
  const updated = await repairChange(ctx, p, ['none', 'rejected'], {
    'repair.status': 'requested', 'repair.reason': body.reason, 'repair.photos': body.photos ?? [], 'repair.requestedAt': now,
    'repair.reviewedAt': null, 'repair.reviewedBy': null, 'repair.reviewNote': null,
  }, [], 'penalty.repair_state');
  await audit(ctx, { action: 'penalty.repair_requested', subjectType: 'Penalty', subjectId: String(p._id), region: p.region ?? null, before: { status }, after: { status: 'requested' } });
  return updated;
}

export async function reviewRepair(ctx: Ctx, p: PenaltyDoc, w: WorkshopDoc, body: { approved: boolean; note?: string }): Promise<PenaltyDoc> {
  const user = ctx.state.user!;
  authorize(user, 'supervision.reviewRepair', p);
  if (p.repair?.status !== 'requested') throw conflict('penalty.repair_state');
  const now = new Date();
  const set: Record<string, unknown> = {
    'repair.status': body.approved ? 'approved' : 'rejected', 'repair.reviewedAt': now, 'repair.reviewedBy': String(user._id), 'repair.reviewNote': body.note ?? null,
  };
  if (body.approved) set.publicUntil = now;
  const updated = await repairChange(ctx, p, ['requested'], set, body.approved ? ['repairPublic'] : [], 'penalty.repair_state');
  await audit(ctx, {
    action: body.approved ? 'penalty.repair_approved' : 'penalty.repair_rejected', subjectType: 'Penalty', subjectId: String(p._id),
    before: { status: 'requested', publicUntil: p.publicUntil }, after: { status: updated.repair!.status, publicUntil: updated.publicUntil }, reason: body.note,
  });
  if (w.ownerId) {
    await notifyUser(ctx.services, w.ownerId, {
      title: body.approved ? '信用修复已通过' : '信用修复未通过',
      body: body.approved ? '该处罚信息已停止公示' : (body.note ?? '请查看审核意见，整改后可重新申请'),
      page: OWNER_PAGE,
      key: `${ref(p)}:repair-reviewed:${updated.repair?.version ?? 0}`,
    });
  }
  return updated;
}
