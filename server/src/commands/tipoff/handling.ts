// Staff handling of tip-off cases on working-day deadlines: accept, decline, extend, close (with what closing
// owes: the black-workshop record, the public credit record, the risk grade, the reporters' notices), the
// audited view of a named reporter's identity, and the escalation of overdue cases.
import { Types } from 'mongoose';
import {
  TIPOFF_CLOSE_WORKING_DAYS, TIPOFF_EXTENSION_WORKING_DAYS, TIPOFF_RESULT_LABELS, TIPOFF_STATUS_LABELS, type TipoffStatus,
} from '@shared/domain/tipoff';
import type { CloseBody } from '@shared/schemas/tipoff';
import type { CategoryCode } from '@shared/domain/categories';
import { defineOwed, finishOwed, withOwed } from '../../db/owed';
import { isDuplicateKey } from '../../db/sequence';
import { conflict, notFound, unprocessable } from '../../errors';
import { TipoffModel } from '../../models/Tipoff';
import { TipoffCaseModel, type TipoffCaseDoc } from '../../models/TipoffCase';
import { TipoffReporterModel } from '../../models/TipoffReporter';
import { UserModel } from '../../models/User';
import { WorkshopModel } from '../../models/Workshop';
import { authorize } from '../../policies';
import type { Services } from '../../services';
import { audit } from '../../services/audit';
import { notifyUser } from '../../services/notify';
import { nameKeys } from '../../services/pinyin';
import { putCreditEvent } from '../../services/publicFile';
import { officeOf } from '../../services/regions';
import { recomputeRisk } from '../supervision/risk';
import { deadline, type Ctx } from './common';

export async function loadCase(id: string): Promise<TipoffCaseDoc> {
  const c = await TipoffCaseModel.findById(id);
  if (!c) throw notFound('resource.not_found', '未找到该举报案件');
  return c;
}

function by(ctx: Ctx) {
  return officeOf(ctx.services, ctx.state.user?.region) ?? '监管部门';
}

async function transition(ctx: Ctx, c: TipoffCaseDoc, from: TipoffStatus[], set: Record<string, unknown>, title: string, note?: string | null, opts: { filter?: Record<string, unknown>; owed?: string[] } = {}): Promise<TipoffCaseDoc> {
  const stateConflict = async () => {
    const now = await TipoffCaseModel.findById(c._id).lean();
    return conflict('tipoff.state_conflict', `举报当前状态为“${TIPOFF_STATUS_LABELS[(now?.status ?? c.status) as TipoffStatus]}”，不能进行此操作`);
  };
  if (!from.includes(c.status as TipoffStatus)) throw await stateConflict();
  const updated = await TipoffCaseModel.findOneAndUpdate(
    { _id: c._id, status: { $in: from }, ...(opts.filter ?? {}) },
    withOwed({ $set: set, $push: { timeline: { at: new Date(), title, note: note ?? null, by: by(ctx) } } }, opts.owed ?? []),
    { returnDocument: 'after' },
  );
  if (!updated) throw await stateConflict();
  return updated;
}

/** Tells the named reporters of a case (in-app + subscribe message). Anonymous reporters track by token. */
async function tellReporters(services: Services, caseId: string, title: string, body: string, key?: string) {
  const reports = await TipoffModel.find({ caseId, anonymous: false }).lean();
  const ids = reports.map((r) => String(r._id));
  const reporters = ids.length ? await TipoffReporterModel.find({ tipoffId: { $in: ids } }).lean() : [];
  for (const r of reporters) {
    if (!r.userIdEnc) continue;
    await notifyUser(services, services.cipher.decrypt(r.userIdEnc), { title, body, page: 'packages/tipoff/index/index', ...(key ? { key: `${key}:${r.tipoffId}` } : {}) });
  }
}

export async function accept(ctx: Ctx, c: TipoffCaseDoc) {
  authorize(ctx.state.user, 'tipoff.handle', c);
  const now = new Date();
  const close = await deadline(ctx.services, now, TIPOFF_CLOSE_WORKING_DAYS);
  const updated = await transition(ctx, c, ['submitted'], {
    status: 'accepted', handlerId: String(ctx.state.user!._id), acceptedAt: now, decidedAt: now, closeDeadline: close, dueAt: close.dueAt,
  }, '受理', `将于${close.due}前核查办结`);
  await audit(ctx, { action: 'tipoff.accepted', subjectType: 'TipoffCase', subjectId: String(c._id), before: { status: 'submitted' }, after: { status: 'accepted', closeDue: close.due } });
  await tellReporters(ctx.services, String(c._id), '举报已受理', `将于${close.due}前办结`, `TipoffCase:${String(c._id)}:accepted`);
  return updated;
}

export async function decline(ctx: Ctx, c: TipoffCaseDoc, reason: string) {
  authorize(ctx.state.user, 'tipoff.handle', c);
  const now = new Date();
  // A declined case leaves its group, as a closed one does: the next report about the place opens a new case.
  const updated = await transition(ctx, c, ['submitted'], { status: 'declined', declineReason: reason, decidedAt: now, handlerId: String(ctx.state.user!._id), dueAt: null, groupKey: `closed:${String(c._id)}` }, '不予受理', reason);
  await audit(ctx, { action: 'tipoff.declined', subjectType: 'TipoffCase', subjectId: String(c._id), before: { status: 'submitted' }, after: { status: 'declined' }, reason });
  await tellReporters(ctx.services, String(c._id), '举报不予受理', reason, `TipoffCase:${String(c._id)}:declined`);
  return updated;
}

export async function extend(ctx: Ctx, c: TipoffCaseDoc, reason: string) {
  authorize(ctx.state.user, 'tipoff.handle', c);
  if (c.status !== 'accepted' || !c.closeDeadline) throw conflict('tipoff.state_conflict', `举报当前状态为“${TIPOFF_STATUS_LABELS[c.status as TipoffStatus]}”，不能延长办理期限`);
  if (c.extended) throw conflict('tipoff.already_extended');
  const close = await deadline(ctx.services, c.closeDeadline.due, TIPOFF_EXTENSION_WORKING_DAYS);
  const updated = await transition(ctx, c, ['accepted'], { extended: true, extensionReason: reason, closeDeadline: close, dueAt: close.dueAt, 'escalated.close': false }, '延长办理期限', `延至${close.due}：${reason}`, { filter: { extended: false } });
  await audit(ctx, { action: 'tipoff.extended', subjectType: 'TipoffCase', subjectId: String(c._id), before: { closeDue: c.closeDeadline!.due }, after: { closeDue: close.due }, reason });
  return updated;
}

export async function close(ctx: Ctx, c: TipoffCaseDoc, input: CloseBody) {
  authorize(ctx.state.user, 'tipoff.handle', c);
  if (c.status !== 'accepted') throw conflict('tipoff.state_conflict', `举报当前状态为“${TIPOFF_STATUS_LABELS[c.status as TipoffStatus]}”，不能办结`);
  const confirmed = input.result !== 'unfounded';
  const set: Record<string, unknown> = {};
  // Where the finding goes: an existing file (一户一档), or a new black-workshop record. Its id is fixed
  // in the one claimed update, so a retried follow-up recreates the same record, never a second one.
  let workshopId = input.workshopId ?? c.workshopId ?? null;
  let createBlack = false;
  if (input.workshopId) {
    const w = await WorkshopModel.findById(input.workshopId).lean();
    if (!w) throw unprocessable('tipoff.workshop_not_found');
    authorize(ctx.state.user, 'tipoff.handle', w); // a workshop of the case's handler's region
  } else if (confirmed && input.blackWorkshop && !c.workshopId) {
    workshopId = String(new Types.ObjectId());
    createBlack = true;
  }
  if (confirmed && !workshopId) throw unprocessable('tipoff.link_required');
  const outcome = { result: input.result, publicReason: input.publicReason, note: input.note ?? null, closedAt: new Date(), by: String(ctx.state.user!._id) };
  // A closed case leaves its group: the next report about the place opens a new case.
  Object.assign(set, { status: 'closed', outcome, workshopId, dueAt: null, groupKey: `closed:${String(c._id)}`, blackWorkshop: createBlack ? input.blackWorkshop : null });
  const label = TIPOFF_RESULT_LABELS[input.result];
  const owed = confirmed && workshopId ? [...(createBlack ? ['blackWorkshop'] : []), 'creditEvent', 'risk', 'notifyClosed'] : ['notifyClosed'];
  const updated = await transition(ctx, c, ['accepted'], set, `办结：${label}`, input.publicReason, { owed });
  await audit(ctx, { action: 'tipoff.closed', subjectType: 'TipoffCase', subjectId: String(c._id), before: { status: 'accepted' }, after: { status: 'closed', result: input.result, workshopId } });
  return finishOwed(ctx.services, CASE_OWED, updated);
}

const CASE_OWED = 'TipoffCase';

// What closing a case owes: the black-workshop record, the public credit record, the risk grade and the
// named reporters' notices. Each step idempotent (fixed ids and refs, keyed notices).
defineOwed<TipoffCaseDoc>(CASE_OWED, TipoffCaseModel, {
  async blackWorkshop(services, c) {
    const b = c.blackWorkshop as { name: string; address: string; categories: CategoryCode[]; region?: string } | null;
    if (!b || !c.workshopId) return;
    const region = b.region ?? c.region;
    const keys = nameKeys(b.name);
    try {
      await WorkshopModel.create({
        _id: new Types.ObjectId(c.workshopId), name: b.name, namePinyin: keys.full, nameInitials: keys.initials, ownerId: null, ownerNameMasked: null,
        region, regionName: services.regions.fullName(region) ?? region, address: b.address,
        location: { lat: c.location?.lat ?? null, lng: c.location?.lng ?? null }, categories: b.categories, products: [], status: 'unlicensed',
        certificate: { number: null, status: null, issuedAt: null, expiresAt: null }, riskGrade: null, badges: [],
      });
      await audit(null, { action: 'workshop.black_recorded', subjectType: 'Workshop', subjectId: c.workshopId, after: { name: b.name, status: 'unlicensed', from: `TipoffCase:${String(c._id)}` } });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e; // recorded by an earlier run of this step
    }
  },
  async creditEvent(services, c) {
    // The public credit file: one record per case (the reporters are never part of it).
    const o = c.outcome!;
    await putCreditEvent(`TipoffCase:${String(c._id)}`, {
      workshopId: c.workshopId!, type: 'tipoff', at: o.closedAt, title: c.blackWorkshop ? '举报查实：无证生产' : '举报查实', detail: o.publicReason,
      result: TIPOFF_RESULT_LABELS[o.result as keyof typeof TIPOFF_RESULT_LABELS], source: officeOf(services, c.region) ?? '市场监督管理局',
    }, { once: true });
  },
  async risk(_services, c) {
    await recomputeRisk(c.workshopId!); // a verified tip-off weighs on the grade (services/risk.ts)
  },
  async notifyClosed(services, c) {
    const o = c.outcome!;
    await tellReporters(services, String(c._id), `举报已办结：${TIPOFF_RESULT_LABELS[o.result as keyof typeof TIPOFF_RESULT_LABELS]}`, o.publicReason, `TipoffCase:${String(c._id)}:closed`);
  },
});

export async function reporterIdentities(ctx: Ctx, c: TipoffCaseDoc, reason: string) {
  // The handling inspector (who accepted) and admins of the case's region; nobody else, not even colleagues.
  authorize(ctx.state.user, 'tipoff.viewIdentity', c);
  const reports = await TipoffModel.find({ caseId: String(c._id) }).sort({ createdAt: 1 }).lean();
  const reporters = await TipoffReporterModel.find({ tipoffId: { $in: reports.map((r) => String(r._id)) } }).lean();
  const { cipher } = ctx.services;
  const data = reports.map((r) => {
    const who = !r.anonymous ? reporters.find((x) => x.tipoffId === String(r._id)) : undefined;
    return {
      reportId: String(r._id), submittedAt: r.createdAt.toISOString(), named: !r.anonymous,
      name: who?.nameEnc ? cipher.decrypt(who.nameEnc) : null, phone: who?.phoneEnc ? cipher.decrypt(who.phoneEnc) : null,
    };
  });
  // Every view is audited with its reason; the audit row names the case, never the identity.
  await audit(ctx, { action: 'tipoff.reporter_viewed', subjectType: 'TipoffCase', subjectId: String(c._id), reason, after: { reports: data.filter((d) => d.named).map((d) => d.reportId) } });
  return data;
}

/** Overdue acceptance or outcome: marked once per step and sent to the county admins (督办). */
export async function escalateOverdueTipoffs(services: Services, now = new Date()): Promise<number> {
  let count = 0;
  for (const step of ['accept', 'close'] as const) {
    const status = step === 'accept' ? 'submitted' : 'accepted';
    const overdue = await TipoffCaseModel.find({ status, dueAt: { $lt: now }, [`escalated.${step}`]: false }).limit(500);
    for (const c of overdue) {
      const title = step === 'accept' ? '超过受理期限，已报县级监管部门督办' : '超过办结期限，已报县级监管部门督办';
      // Marked once per step (an extension resets the close flag): of two job runs, one escalates.
      const marked = await TipoffCaseModel.updateOne({ _id: c._id, status, [`escalated.${step}`]: false }, { $set: { [`escalated.${step}`]: true }, $push: { timeline: { at: now, title, note: null, by: '系统' } } });
      if (!marked.modifiedCount) continue;
      count++;
      await audit(null, { action: 'tipoff.escalated', subjectType: 'TipoffCase', subjectId: String(c._id), after: { step } });
      const county = c.region.slice(0, 6);
      const admins = await UserModel.find({ roles: 'admin', region: { $in: [county, county.slice(0, 4), county.slice(0, 2)] } }).lean();
      for (const a of admins) {
        await notifyUser(services, String(a._id), { title: '举报办理超期督办', body: `${services.regions.name(county) ?? ''}举报案件已超过法定期限`, page: `packages/staff/tipoff/index?id=${String(c._id)}` });
      }
    }
  }
  return count;
}
