// The applicant's side: drafts saved section by section, submission (and resubmission after a
// correction), and a registered workshop's renewal, change or cancellation.
import { maskIdNumber, maskPhone } from '@shared/domain/mask';
import { ACCEPT_WORKING_DAYS, EDITABLE_STATUSES, OPEN_STATUSES, RENEWAL_WINDOW_DAYS, REGISTRATION_STATUS_LABELS, WITHDRAWABLE_STATUSES, canWithdraw, isEditable, type RegistrationStatus } from '@shared/domain/registration';
import type { RegistrationDraftBody } from '@shared/schemas/registration';
import { conflict, unprocessable } from '../../errors';
import { RegistrationModel, type RegistrationDoc } from '../../models/Registration';
import type { UserDoc } from '../../models/User';
import type { WorkshopDoc } from '../../models/Workshop';
import { authorize } from '../../policies';
import { audit } from '../../services/audit';
import { assertOwnFiles, linkFiles } from '../files';
import { missingMaterials, negativeHits } from './checks';
import { entry, transition, type Ctx } from './common';
import { deadlineAfter, resumeDeadline, type Deadline } from './deadline';

function sectionsToSet(ctx: Ctx, body: RegistrationDraftBody): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  const { cipher, regions } = ctx.services;
  if (body.applicant) {
    const a = body.applicant;
    if (a.name !== undefined) set['applicant.name'] = a.name;
    if (a.phone !== undefined) { set['applicant.phoneEnc'] = cipher.encrypt(a.phone); set['applicant.phoneMasked'] = maskPhone(a.phone); }
    if (a.idNumber !== undefined) { set['applicant.idNumberEnc'] = cipher.encrypt(a.idNumber); set['applicant.idNumberMasked'] = maskIdNumber(a.idNumber); }
  }
  if (body.workshop) {
    const w = body.workshop;
    if (w.region !== undefined && !regions.exists(w.region)) throw unprocessable('region.not_found', '所选区域不存在');
    for (const k of ['name', 'region', 'address', 'categories'] as const) if (w[k] !== undefined) set[`workshop.${k}`] = w[k];
    if (w.location) set['workshop.location'] = w.location;
    if (w.region !== undefined) set.region = w.region;
  }
  if (body.products) set.products = body.products.filter((p) => p.trim());
  if (body.premises) for (const [k, v] of Object.entries(body.premises)) set[`premises.${k}`] = v;
  if (body.equipment) set.equipment = body.equipment;
  if (body.staff) set.staff = body.staff;
  if (body.commitment) set.commitment = { signed: true, signatureName: body.commitment.signatureName, signedAt: new Date() };
  if (body.licence) for (const [k, v] of Object.entries(body.licence)) set[`licence.${k}`] = v;
  return set;
}

/** Premises photos and the floor plan must be files the applicant uploaded. */
const assertOwnMaterials = (user: UserDoc, body: RegistrationDraftBody) =>
  assertOwnFiles(user, [...(body.premises?.photos ?? []), ...(body.premises?.floorPlan ? [body.premises.floorPlan] : [])]);

export async function createDraft(ctx: Ctx, body: RegistrationDraftBody): Promise<RegistrationDoc> {
  const user = ctx.state.user!;
  await assertOwnMaterials(user, body);
  const reg = new RegistrationModel({ kind: 'new', status: 'draft', applicantId: String(user._id), timeline: [] });
  reg.set(sectionsToSet(ctx, body));
  await reg.save();
  await audit(ctx, { action: 'registration.draft_created', subjectType: 'Registration', subjectId: String(reg._id), region: reg.region ?? null });
  return reg;
}

export async function updateDraft(ctx: Ctx, reg: RegistrationDoc, body: RegistrationDraftBody): Promise<RegistrationDoc> {
  authorize(ctx.state.user, 'registration.edit', reg);
  if (!isEditable(reg.status)) throw conflict('registration.not_editable', '申请已提交，不能修改');
  await assertOwnMaterials(ctx.state.user!, body);
  const set = sectionsToSet(ctx, body);
  if (!Object.keys(set).length) return reg;
  const updated = await RegistrationModel.findOneAndUpdate({ _id: reg._id, status: { $in: [...EDITABLE_STATUSES] } }, { $set: set }, { returnDocument: 'after' });
  if (!updated) throw conflict('registration.not_editable', '申请已提交，不能修改');
  return updated;
}

export async function submit(ctx: Ctx, reg: RegistrationDoc): Promise<RegistrationDoc> {
  authorize(ctx.state.user, 'registration.edit', reg);
  if (!isEditable(reg.status)) throw conflict('registration.state_conflict', '申请已提交，请勿重复提交');
  const missing = missingMaterials(reg);
  if (missing.length) throw unprocessable('registration.incomplete', `还缺少：${missing.join('、')}`, { missing });
  const hits = await negativeHits(reg);
  if (hits.length) {
    throw unprocessable('registration.negative_list', `以下品种属于禁止生产食品目录，不能登记：${hits.map((h) => `${h.product}（${h.reason}）`).join('；')}`, { products: hits });
  }
  // Its materials (checked as the applicant's own when saved) now belong to an application of its region.
  const region = reg.region ?? reg.workshop?.region;
  if (region) {
    await linkFiles([...(reg.premises?.photos ?? []), ...(reg.premises?.floorPlan ? [reg.premises.floorPlan] : [])], { record: 'Registration', id: String(reg._id), region, viewerId: reg.applicantId });
  }
  const now = new Date();
  let updated: RegistrationDoc;
  if (reg.status === 'draft') {
    const deadline = await deadlineAfter(ctx.services.calendar, 'accept', now, ACCEPT_WORKING_DAYS);
    updated = await transition(reg, ['draft'], { status: 'submitted', submittedAt: now, deadline }, entry(ctx, 'submitted', '提交申请'));
  } else {
    const back = (reg.correctionFrom ?? 'submitted') as RegistrationStatus;
    const deadline = await resumeDeadline(ctx.services.calendar, reg.deadline as Deadline, now);
    updated = await transition(reg, ['correction'], { status: back, deadline, corrections: [], correctionFrom: null }, entry(ctx, back, '补正后重新提交'));
  }
  await audit(ctx, { action: 'registration.submitted', subjectType: 'Registration', subjectId: String(reg._id), region: reg.region ?? null, before: { status: reg.status }, after: { status: updated.status } });
  return updated;
}

/**
 * The applicant withdraws an application not yet accepted (submitted, or waiting for a correction): one
 * conditional update from those statuses; the deadline stops and the address is free for a new application.
 * Errors: 409 registration.state_conflict once accepted (or withdrawn already), 403/404 for others' applications.
 */
export async function withdraw(ctx: Ctx, reg: RegistrationDoc, reason: string | undefined): Promise<RegistrationDoc> {
  authorize(ctx.state.user, 'registration.edit', reg);
  if (!canWithdraw(reg.status)) {
    throw conflict('registration.state_conflict', `申请当前为“${REGISTRATION_STATUS_LABELS[reg.status as RegistrationStatus] ?? reg.status}”，受理后不能撤回`);
  }
  const updated = await transition(reg, [...WITHDRAWABLE_STATUSES], { status: 'withdrawn', deadline: null, escalated: false }, entry(ctx, 'withdrawn', '申请人撤回申请', reason ?? null));
  await audit(ctx, { action: 'registration.withdrawn', subjectType: 'Registration', subjectId: String(reg._id), region: reg.region ?? null, before: { status: reg.status }, after: { status: 'withdrawn' }, reason });
  return updated;
}

/** Deletes a draft never submitted (one conditional delete). 409 registration.state_conflict otherwise. */
export async function deleteDraft(ctx: Ctx, reg: RegistrationDoc): Promise<void> {
  authorize(ctx.state.user, 'registration.edit', reg);
  const gone = reg.status === 'draft' ? await RegistrationModel.deleteOne({ _id: reg._id, status: 'draft' }) : null;
  if (!gone?.deletedCount) throw conflict('registration.state_conflict', '只有未提交的草稿可以删除；已提交的申请可在受理前撤回');
  await audit(ctx, { action: 'registration.draft_deleted', subjectType: 'Registration', subjectId: String(reg._id), region: reg.region ?? null });
}

/** Owner-side follow-ups on a registered workshop: renewal, change, cancellation (each reviewed). */
export async function applyForWorkshop(ctx: Ctx, w: WorkshopDoc, kind: 'renewal' | 'change' | 'cancellation', input: { reason?: string; change?: Record<string, unknown> }) {
  const user = ctx.state.user!;
  authorize(user, 'registration.applyForWorkshop', w);
  if (w.status !== 'registered') throw conflict('registration.state_conflict', '该作坊已注销，不能办理');
  if (kind === 'renewal') {
    const expires = w.certificate?.expiresAt;
    const opens = expires ? new Date(expires.getTime() - RENEWAL_WINDOW_DAYS * 86400_000) : null;
    if (opens && new Date() < opens) {
      throw unprocessable('registration.renewal_not_open', `登记证有效期届满前${RENEWAL_WINDOW_DAYS}日起可申请延续，请于${opens.toISOString().slice(0, 10)}后办理`);
    }
  }
  if (kind === 'change' && input.change?.region && !ctx.services.regions.exists(String(input.change.region))) throw unprocessable('region.not_found', '所选区域不存在');
  if (await RegistrationModel.exists({ workshopId: String(w._id), status: { $in: OPEN_STATUSES } })) {
    throw conflict('registration.already_open', '该作坊已有正在办理的申请，请等待办结');
  }
  const now = new Date();
  const deadline = await deadlineAfter(ctx.services.calendar, 'accept', now, ACCEPT_WORKING_DAYS);
  const reg = await RegistrationModel.create({
    kind, status: 'submitted', applicantId: String(user._id), workshopId: String(w._id), region: w.region,
    workshop: { name: w.name, region: w.region, address: w.address, location: w.location, categories: w.categories },
    products: w.products, change: input.change ?? null, reason: input.reason ?? null,
    certificateNumber: w.certificate?.number ?? null, submittedAt: now, deadline,
    timeline: [entry(ctx, 'submitted', `提交${{ renewal: '延续', change: '变更', cancellation: '注销' }[kind]}申请`, input.reason)],
  });
  if (kind === 'change') {
    const hits = await negativeHits(reg);
    if (hits.length) {
      await RegistrationModel.deleteOne({ _id: reg._id });
      throw unprocessable('registration.negative_list', `以下品种属于禁止生产食品目录：${hits.map((h) => h.product).join('、')}`, { products: hits });
    }
  }
  await audit(ctx, { action: `registration.${kind}_submitted`, subjectType: 'Registration', subjectId: String(reg._id) });
  return reg;
}
