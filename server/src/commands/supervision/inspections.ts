// Daily inspections (日常监督检查), rectification (整改) and its follow-up check (复查), self-checks (自查).
import { Types, type QueryFilter } from 'mongoose';
import { INSPECTION_RESULT_LABELS, type InspectionResult, type RectificationStatus } from '@shared/domain/supervision';
import type { CreateInspectionBody } from '@shared/schemas/supervision';
import { defineOwed, finishOwed, owe, withOwed } from '../../db/owed';
import { isDuplicateKey } from '../../db/sequence';
import { conflict, unprocessable } from '../../errors';
import type { AppContext } from '../../http/types';
import { latestInspectionOf, putCreditEvent } from '../../services/publicFile';
import { InspectionModel, type Inspection, type InspectionDoc } from '../../models/Inspection';
import { InspectionTaskModel } from '../../models/InspectionTask';
import { SelfCheckModel } from '../../models/SelfCheck';
import { WorkshopModel, type WorkshopDoc } from '../../models/Workshop';
import { checklistFacts, checklistSummary, inspectionTitle } from '../../presenters/supervision';
import { audit } from '../../services/audit';
import { shanghaiDate } from '../../services/calendar';
import { notifyUser } from '../../services/notify';
import { officeOf } from '../../services/regions';
import { authorize } from '../../policies';
import { areInspectorsOf } from '../../services/users';
import { attachOwnFiles } from '../files';
import { endOfDay, instantOf, loadWorkshop, replayOf } from './common';
import { recomputeRisk } from './risk';

type Ctx = AppContext;

/** What an inspection's public records are made of: a stored inspection, or one the scale seed builds. */
export interface InspectionFacts {
  _id: unknown;
  workshopId: string;
  at: Date;
  date: string;
  result: string;
  office: string;
  items: { code?: string | null; result?: string | null; note?: string | null }[];
  rectification?: { status?: string | null; deadline?: string | null } | null;
}

// The owner's supervision page (packages/credit/mine) lists every inspection of their workshop.
const OWNER_PAGE = 'packages/credit/mine/index';

/** The public record of an inspection: one CreditEvent per inspection (ref), updated in place. */
export function inspectionCreditFields(i: InspectionFacts) {
  const { pass, basic, fail } = checklistSummary(i.items);
  return {
    workshopId: i.workshopId,
    type: 'inspection',
    at: i.at,
    title: inspectionTitle(i.result as InspectionResult),
    detail: `10项检查：符合${pass}项，基本符合${basic}项，不符合${fail}项${i.rectification?.deadline ? `；整改期限${i.rectification.deadline}` : ''}`,
    result: INSPECTION_RESULT_LABELS[i.result as InspectionResult],
    source: i.office,
    data: {
      checklist: checklistFacts(i.items),
      rectification: i.rectification?.status && i.rectification.status !== 'none' ? { status: i.rectification.status, deadline: i.rectification.deadline ?? null } : null,
    },
  };
}

const OWED = 'Inspection';
const ref = (i: { _id: unknown }) => `Inspection:${String(i._id)}`;

// What recording an inspection owes to other documents, each step idempotent (db/owed.ts).
defineOwed<InspectionDoc>(OWED, InspectionModel, {
  async creditEvent(_services, i) {
    await putCreditEvent(ref(i), inspectionCreditFields(i), { latest: latestInspectionOf(i) });
  },
  async workshop(_services, i) {
    // $max: an older inspection entered late never moves lastInspectionAt back.
    await WorkshopModel.updateOne({ _id: i.workshopId }, { $max: { lastInspectionAt: i.at } });
  },
  async risk(_services, i) {
    await recomputeRisk(i.workshopId);
  },
  async task(_services, i) {
    // The visit fulfils this inspector's planned task (双随机) for the workshop.
    const filter = i.taskId ? { _id: i.taskId } : { workshopId: i.workshopId, inspectorIds: i.inspectorIds[0] };
    await InspectionTaskModel.updateMany({ ...filter, status: 'planned' }, { $set: { status: 'done', inspectionId: String(i._id) } });
  },
  async notify(services, i) {
    const w = await WorkshopModel.findById(i.workshopId, { ownerId: 1 }).lean();
    if (!w?.ownerId) return;
    const deadline = i.rectification?.deadline;
    await notifyUser(services, w.ownerId, {
      title: `日常检查：${INSPECTION_RESULT_LABELS[i.result as InspectionResult]}`,
      body: deadline && i.rectification?.status === 'pending' ? `待整改：请于${deadline}前完成整改并上传整改材料` : `${i.date} 检查结果已记录`,
      page: `${OWNER_PAGE}?inspection=${String(i._id)}`,
      key: `${ref(i)}:recorded`,
    });
  },
});

export async function recordInspection(ctx: Ctx, body: CreateInspectionBody): Promise<{ doc: InspectionDoc; replayed: boolean }> {
  const user = ctx.state.user!;
  const w = await loadWorkshop(body.workshopId);
  authorize(user, 'supervision.record', w);
  const replay = () => replayOf<InspectionDoc>(ctx.services, OWED, body.workshopId, () => InspectionModel.findOne({ clientId: body.clientId }));
  const first = await replay();
  if (first) return first;

  const now = new Date();
  const today = shanghaiDate(now);
  const date = body.date ?? today;
  if (date > today) throw unprocessable('inspection.date_invalid', '检查日期不能晚于今天');
  const deadline = body.result === 'rectify' ? body.rectificationDeadline! : null;
  if (deadline && deadline < today) throw unprocessable('inspection.date_invalid', '整改期限不能早于今天');
  const co = [...new Set(body.coInspectorIds ?? [])].filter((id) => id !== String(user._id));
  if (co.length && !(await areInspectorsOf(co, w.region))) throw unprocessable('inspection.co_inspector');
  const photos = body.items.flatMap((i) => i.photos ?? []);
  const _id = new Types.ObjectId();
  await attachOwnFiles(user, photos, { record: 'Inspection', id: String(_id), region: w.region, viewerId: w.ownerId ?? null });

  let doc: InspectionDoc;
  try {
    doc = await InspectionModel.create({
      _id,
      clientId: body.clientId,
      workshopId: String(w._id),
      region: w.region,
      date,
      at: instantOf(date, today, now),
      inspectorIds: [String(user._id), ...co],
      office: officeOf(ctx.services, w.region) ?? '市场监督管理局',
      items: body.items.map((i) => ({ code: i.code, result: i.result, note: i.note ?? null, photos: i.photos ?? [] })),
      result: body.result,
      note: body.note ?? null,
      taskId: body.taskId ?? null,
      rectification: deadline ? { status: 'pending', deadline, deadlineAt: endOfDay(deadline) } : { status: 'none' },
      ...owe(['creditEvent', 'workshop', 'risk', 'task', 'notify'], now),
    });
  } catch (e) {
    // The same offline submission arriving twice at once: the unique clientId lets one in.
    if (isDuplicateKey(e)) { const again = await replay(); if (again) return again; }
    throw e;
  }
  await audit(ctx, { action: 'inspection.recorded', subjectType: 'Inspection', subjectId: String(doc._id), after: { workshopId: doc.workshopId, result: doc.result, deadline } });
  return { doc: await finishOwed(ctx.services, OWED, doc), replayed: false };
}

/**
 * One change per rectification version, whoever asks: the filter names the version read and the
 * statuses it may move from; the public record is owed in the same update.
 */
async function rectificationChange(ctx: Ctx, i: InspectionDoc, from: RectificationStatus[], set: Record<string, unknown>): Promise<InspectionDoc> {
  const version = i.rectification?.version ?? 0;
  const updated = await InspectionModel.findOneAndUpdate(
    { _id: i._id, 'rectification.version': version, 'rectification.status': { $in: from } } as QueryFilter<Inspection>,
    withOwed({ $set: { ...set, 'rectification.version': version + 1 } }, ['creditEvent']),
    { returnDocument: 'after' },
  );
  if (!updated) throw conflict('inspection.rectification_state');
  return finishOwed(ctx.services, OWED, updated);
}

export async function submitRectification(ctx: Ctx, i: InspectionDoc, w: WorkshopDoc, body: { note: string; photos: string[] }): Promise<InspectionDoc> {
  const user = ctx.state.user!;
  authorize(user, 'supervision.ownerAct', w);
  if (i.rectification?.status !== 'pending') throw conflict('inspection.rectification_state', i.rectification?.status === 'submitted' ? '整改材料已提交，等待复查' : '该检查没有待提交的整改');
  if (shanghaiDate(new Date()) > i.rectification.deadline!) {
    throw unprocessable('inspection.rectification_late', `整改期限（${i.rectification.deadline}）已过，不能再提交整改材料，请联系${i.office}`);
  }
  await attachOwnFiles(user, body.photos, { record: 'Inspection', id: String(i._id), region: i.region, viewerId: w.ownerId ?? null });
  const updated = await rectificationChange(ctx, i, ['pending'], {
    'rectification.status': 'submitted', 'rectification.note': body.note, 'rectification.photos': body.photos, 'rectification.submittedAt': new Date(),
  });
  await audit(ctx, { action: 'inspection.rectification_submitted', subjectType: 'Inspection', subjectId: String(i._id), region: i.region ?? null, before: { status: 'pending' }, after: { status: 'submitted', photos: body.photos.length } });
  for (const id of i.inspectorIds) {
    await notifyUser(ctx.services, id, {
      title: '整改材料已提交', body: `${w.name}已提交整改材料，请复查`, page: `packages/staff/inspection/index?id=${String(i._id)}`,
      key: `${ref(i)}:submitted:${updated.rectification?.version ?? 0}:${id}`,
    });
  }
  return updated;
}

export async function reviewRectification(ctx: Ctx, i: InspectionDoc, w: WorkshopDoc, body: { passed: boolean; note?: string; newDeadline?: string }): Promise<InspectionDoc> {
  const user = ctx.state.user!;
  authorize(user, 'supervision.record', i);
  const status = i.rectification?.status;
  if (status !== 'pending' && status !== 'submitted') throw conflict('inspection.rectification_state');
  const now = new Date();
  if (!body.passed && body.newDeadline! < shanghaiDate(now)) throw unprocessable('inspection.date_invalid', '新的整改期限不能早于今天');
  const set: Record<string, unknown> = { 'rectification.reviewedAt': now, 'rectification.reviewedBy': String(user._id), 'rectification.reviewNote': body.note ?? null };
  if (body.passed) set['rectification.status'] = 'closed';
  else Object.assign(set, { 'rectification.status': 'pending', 'rectification.deadline': body.newDeadline, 'rectification.deadlineAt': endOfDay(body.newDeadline!) });
  const updated = await rectificationChange(ctx, i, ['pending', 'submitted'], set);
  await audit(ctx, { action: 'inspection.rectification_reviewed', subjectType: 'Inspection', subjectId: String(i._id), before: { status }, after: { status: updated.rectification!.status, deadline: updated.rectification!.deadline } });
  if (w.ownerId) {
    await notifyUser(ctx.services, w.ownerId, {
      title: body.passed ? '整改复查通过' : '整改复查未通过',
      body: body.passed ? '整改已完成，信用档案已更新' : `请于${body.newDeadline}前继续整改并上传整改材料`,
      page: `${OWNER_PAGE}?inspection=${String(i._id)}`,
      key: `${ref(i)}:reviewed:${updated.rectification?.version ?? 0}`,
    });
  }
  return updated;
}

export async function recordSelfCheck(ctx: Ctx, w: WorkshopDoc, body: { items: { code: string; result: string; note?: string; photos?: string[] }[]; note?: string }) {
  const user = ctx.state.user!;
  authorize(user, 'supervision.ownerAct', w);
  const _id = new Types.ObjectId();
  await attachOwnFiles(user, body.items.flatMap((i) => i.photos ?? []), { record: 'SelfCheck', id: String(_id), region: w.region, viewerId: String(user._id) });
  const doc = await SelfCheckModel.create({
    _id,
    workshopId: String(w._id), region: w.region, ownerId: String(user._id), at: new Date(),
    items: body.items.map((i) => ({ code: i.code, result: i.result, note: i.note ?? null, photos: i.photos ?? [] })), note: body.note ?? null,
  });
  await audit(ctx, { action: 'self_check.recorded', subjectType: 'SelfCheck', subjectId: String(doc._id), region: w.region ?? null, after: { workshopId: String(w._id), fail: body.items.filter((i) => i.result === 'fail').length } });
  return doc;
}
