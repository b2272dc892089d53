// 监督抽检: a sample and its lab result; a failed sample opens a follow-up (后处理) that stays on the
// inspectors' task list until it is closed with the disposal (后处理率 100%).
import { randomUUID } from 'node:crypto';
import { SAMPLE_FOLLOW_UP_WORKING_DAYS, SAMPLE_RESULT_LABELS, type SampleResult } from '@shared/domain/supervision';
import type { z } from 'zod';
import type { CreateSampleBody } from '@shared/schemas/supervision';
import { defineOwed, finishOwed, owe, withOwed } from '../../db/owed';
import { isDuplicateKey } from '../../db/sequence';
import { conflict, unprocessable } from '../../errors';
import type { AppContext } from '../../http/types';
import { WorkshopModel } from '../../models/Workshop';
import { putCreditEvent } from '../../services/publicFile';
import { SampleModel, type SampleDoc } from '../../models/Sample';
import { audit } from '../../services/audit';
import { shanghaiDate } from '../../services/calendar';
import { notifyUser } from '../../services/notify';
import { officeOf } from '../../services/regions';
import { authorize } from '../../policies';
import { attachOwnFiles } from '../files';
import { endOfDay, instantOf, loadWorkshop, replayOf } from './common';
import { recomputeRisk } from './risk';
import { flagAwards } from '../programs/awards';

type Ctx = AppContext;

/** What a sample's public record is made of: a stored sample, or one the scale seed builds. */
export interface SampleFacts {
  workshopId: string; at: Date; product: string; batch: string; result: string; office: string;
  items: string[]; failedItems: string[]; followUp?: { status?: string | null } | null;
}

export function sampleCreditFields(s: SampleFacts) {
  const closed = s.followUp?.status === 'closed';
  return {
    workshopId: s.workshopId,
    type: 'sampling',
    at: s.at,
    title: `监督抽检：${s.product}`,
    detail: [
      `批次 ${s.batch}`,
      `检验项目：${s.items.join('、')}`,
      s.failedItems.length ? `不合格项目：${s.failedItems.join('、')}` : null,
      s.result === 'fail' ? (closed ? '已依法完成后处理' : '后处理中') : null,
    ].filter(Boolean).join('；'),
    result: SAMPLE_RESULT_LABELS[s.result as SampleResult],
    source: s.office,
  };
}

const OWED = 'Sample';
const ref = (s: { _id: unknown }) => `Sample:${String(s._id)}`;

// What a sample and its follow-up owe to other documents, each step idempotent (db/owed.ts).
defineOwed<SampleDoc>(OWED, SampleModel, {
  async creditEvent(_services, s) {
    await putCreditEvent(ref(s), sampleCreditFields(s));
  },
  async risk(_services, s) {
    await recomputeRisk(s.workshopId);
  },
  // A failed sample of a key item flags the workshop's program awards for review (each program says which items).
  async awards(_services, s) {
    if (s.result !== 'fail') return;
    await flagAwards(s.workshopId, { kind: 'sample', ref: ref(s), failedItems: [...s.failedItems], at: s.at, title: `监督抽检不合格：${s.product}（${s.failedItems.join('、') || '不合格'}）` });
  },
  async notify(services, s) {
    const w = await WorkshopModel.findById(s.workshopId, { ownerId: 1 }).lean();
    if (!w?.ownerId) return;
    const failed = s.result === 'fail';
    await notifyUser(services, w.ownerId, {
      title: `监督抽检：${SAMPLE_RESULT_LABELS[s.result as SampleResult]}`,
      body: failed
        ? `${s.product}（${s.batch}）不合格${s.failedItems?.length ? `（${s.failedItems.join('、')}）` : ''}，请于${s.followUp?.due ?? '期限'}前配合后处理`
        : `${s.product}（${s.batch}）抽检合格`,
      page: `packages/credit/mine/index?sample=${String(s._id)}`,
      key: `${ref(s)}:recorded`,
    });
  },
});

export async function recordSample(ctx: Ctx, body: z.output<typeof CreateSampleBody>): Promise<{ doc: SampleDoc; replayed: boolean }> {
  const user = ctx.state.user!;
  const w = await loadWorkshop(body.workshopId);
  authorize(user, 'supervision.record', w);
  const clientId = body.clientId ?? randomUUID();
  const replay = () => replayOf<SampleDoc>(ctx.services, OWED, body.workshopId, () => SampleModel.findOne({ clientId }));
  const first = await replay();
  if (first) return first;
  const now = new Date();
  const today = shanghaiDate(now);
  if (body.sampledAt > today) throw unprocessable('inspection.date_invalid', '抽样日期不能晚于今天');
  const failed = body.result === 'fail';
  const due = failed ? await ctx.services.calendar.addWorkingDays(now, SAMPLE_FOLLOW_UP_WORKING_DAYS) : null;
  let doc: SampleDoc;
  try {
    doc = await SampleModel.create({
      clientId, workshopId: String(w._id), region: w.region,
      product: body.product, batch: body.batch, items: body.items, sampledAt: body.sampledAt, at: instantOf(body.sampledAt, today, now),
      lab: body.lab ?? null, reportNo: body.reportNo ?? null, result: body.result, failedItems: failed ? body.failedItems ?? [] : [],
      office: officeOf(ctx.services, w.region) ?? '市场监督管理局', inspectorId: String(user._id),
      followUp: failed ? { status: 'open', due: due!.date, dueAt: endOfDay(due!.date) } : { status: 'none' },
      ...owe(['creditEvent', 'risk', 'awards', 'notify'], now),
    });
  } catch (e) {
    if (isDuplicateKey(e)) { const again = await replay(); if (again) return again; }
    throw e;
  }
  await audit(ctx, { action: 'sample.recorded', subjectType: 'Sample', subjectId: String(doc._id), after: { workshopId: doc.workshopId, result: doc.result, followUpDue: due?.date ?? null } });
  return { doc: await finishOwed(ctx.services, OWED, doc), replayed: false };
}

export async function closeFollowUp(ctx: Ctx, s: SampleDoc, body: { disposal: string; photos?: string[] }): Promise<SampleDoc> {
  const user = ctx.state.user!;
  authorize(user, 'supervision.record', s);
  if (s.followUp?.status !== 'open') throw conflict('sample.follow_up_state');
  if (body.photos?.length) {
    const owner = (await WorkshopModel.findById(s.workshopId, { ownerId: 1 }).lean())?.ownerId ?? null;
    await attachOwnFiles(user, body.photos, { record: 'Sample', id: String(s._id), region: s.region, viewerId: owner });
  }
  const closed = await SampleModel.findOneAndUpdate({ _id: s._id, 'followUp.status': 'open' }, withOwed({
    $set: { 'followUp.status': 'closed', 'followUp.disposal': body.disposal, 'followUp.photos': body.photos ?? [], 'followUp.closedAt': new Date(), 'followUp.closedBy': String(user._id) },
  }, ['creditEvent']), { returnDocument: 'after' });
  if (!closed) throw conflict('sample.follow_up_state');
  const updated = await finishOwed(ctx.services, OWED, closed);
  await audit(ctx, { action: 'sample.follow_up_closed', subjectType: 'Sample', subjectId: String(s._id), before: { status: 'open' }, after: { status: 'closed', disposal: body.disposal } });
  return updated;
}
