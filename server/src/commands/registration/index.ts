// Registration state changes. Each is one atomic update guarded by the expected status, so a
// double click or two reviewers at once change the application once; the loser gets 409.
import type { QueryFilter, UpdateQuery } from 'mongoose';
import { Types } from 'mongoose';
import { CHECKLIST_ITEMS } from '@shared/domain/categories';
import { maskIdNumber, maskName, maskPhone } from '@shared/domain/mask';
import {
  ACCEPT_WORKING_DAYS, APPEAL_NOTICE_DEFAULT, CERTIFICATE_YEARS, CORRECTABLE_FIELDS, DECISION_WORKING_DAYS, MIN_SITE_INSPECTORS,
  REGISTRATION_STATUS_LABELS, RENEWAL_WINDOW_DAYS, SITE_CHECK_WORKING_DAYS, type RegistrationStatus,
} from '@shared/domain/registration';
import type { RegistrationDraftBody } from '@shared/schemas/registration';
import { conflict, forbidden, notFound, unprocessable } from '../../errors';
import type { AppContext } from '../../http/types';
import { CertificateModel } from '../../models/Certificate';
import { defineOwed, finishOwed, withOwed } from '../../db/owed';
import { insertOrGet, nextSequence } from '../../db/sequence';
import { assertOwnFiles } from '../files';
import { putCreditEvent } from '../../services/publicFile';
import { RegistrationModel, type Registration, type RegistrationDoc } from '../../models/Registration';
import { UserModel, type UserDoc } from '../../models/User';
import { WorkshopModel, type WorkshopDoc } from '../../models/Workshop';
import { actorOf, hasRole, inJurisdiction } from '../../policies/jurisdiction';
import { audit } from '../../services/audit';
import { notifyUser } from '../../services/notify';
import { nameKeys } from '../../services/pinyin';
import type { Services } from '../../services';
import { deadlineAfter, pauseDeadline, resumeDeadline, type Deadline } from './deadline';
import { missingMaterials, negativeHits } from './checks';

type Ctx = AppContext;
const OPEN: RegistrationStatus[] = ['submitted', 'correction', 'accepted', 'site_check'];

/** 承办机关: the county bureau of the workshop's region ("柳州市鱼峰区市场监督管理局"). */
export function officeOf(services: Pick<Services, 'regions'>, region: string | null | undefined): string | null {
  if (!region) return null;
  const county = region.slice(0, 6);
  const city = services.regions.name(county.slice(0, 4));
  const name = services.regions.name(county);
  if (!name) return null;
  return `${city && city !== '市辖区' ? city : ''}${name}市场监督管理局`;
}

function entry(ctx: Ctx, status: RegistrationStatus, title: string, note?: string | null) {
  const u = ctx.state.user;
  const by = !u ? '系统' : hasRole(actorOf(u), 'inspector') || hasRole(actorOf(u), 'admin') ? (officeOf(ctx.services, u.region) ?? '监管部门') : '申请人';
  return { at: new Date(), status, title, note: note ?? null, by };
}

export async function loadRegistration(id: string): Promise<RegistrationDoc> {
  const reg = await RegistrationModel.findById(id);
  if (!reg) throw notFound('resource.not_found', '未找到该申请');
  return reg;
}

/** Applicant, or staff of the workshop's region. Others get 404 so ids reveal nothing. */
export function assertCanView(user: UserDoc, reg: Registration): void {
  if (reg.applicantId === String(user._id)) return;
  if (inJurisdiction(actorOf(user), reg.region)) return;
  throw notFound('resource.not_found', '未找到该申请');
}

function assertApplicant(user: UserDoc, reg: Registration) {
  if (reg.applicantId !== String(user._id)) throw notFound('resource.not_found', '未找到该申请');
}

function assertReviewer(user: UserDoc, reg: Registration) {
  const a = actorOf(user);
  if (!hasRole(a, 'inspector') && !hasRole(a, 'admin')) throw forbidden();
  if (!inJurisdiction(a, reg.region)) throw forbidden('auth.out_of_region');
}

/** 409 unless the application is in one of `from`: checked before any state-specific field is read. */
function expectStatus(reg: Registration, from: RegistrationStatus[]): void {
  if (!from.includes(reg.status as RegistrationStatus)) {
    throw conflict('registration.state_conflict', `申请当前状态为“${REGISTRATION_STATUS_LABELS[reg.status as RegistrationStatus]}”，不能进行此操作`);
  }
}

/**
 * One state change: a conditional update whose filter names the expected status (and `extraFilter`),
 * so of two reviewers or a double click exactly one wins; the other gets 409 with the current status.
 * `owed`: follow-up steps recorded in the same update (db/owed.ts).
 */
async function transition(
  reg: Registration & { _id: unknown },
  from: RegistrationStatus[],
  set: Record<string, unknown>,
  timeline: ReturnType<typeof entry>,
  extraFilter: QueryFilter<Registration> = {},
  owed: string[] = [],
): Promise<RegistrationDoc> {
  const stateConflict = async () => {
    const now = await RegistrationModel.findById(reg._id).lean();
    return conflict('registration.state_conflict', `申请当前状态为“${REGISTRATION_STATUS_LABELS[(now?.status ?? reg.status) as RegistrationStatus]}”，不能进行此操作`);
  };
  if (!from.includes(reg.status as RegistrationStatus)) throw await stateConflict();
  const update = withOwed({ $set: set, $push: { timeline } }, owed) as UpdateQuery<Registration>;
  const updated = await RegistrationModel.findOneAndUpdate({ _id: reg._id, status: { $in: from }, ...extraFilter }, update, { returnDocument: 'after' });
  if (!updated) throw await stateConflict();
  return updated;
}

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
  await audit(ctx, { action: 'registration.draft_created', subjectType: 'Registration', subjectId: String(reg._id) });
  return reg;
}

export async function updateDraft(ctx: Ctx, reg: RegistrationDoc, body: RegistrationDraftBody): Promise<RegistrationDoc> {
  assertApplicant(ctx.state.user!, reg);
  if (reg.status !== 'draft' && reg.status !== 'correction') throw conflict('registration.not_editable', '申请已提交，不能修改');
  await assertOwnMaterials(ctx.state.user!, body);
  const set = sectionsToSet(ctx, body);
  if (!Object.keys(set).length) return reg;
  const updated = await RegistrationModel.findOneAndUpdate({ _id: reg._id, status: { $in: ['draft', 'correction'] } }, { $set: set }, { returnDocument: 'after' });
  if (!updated) throw conflict('registration.not_editable', '申请已提交，不能修改');
  return updated;
}

export async function submit(ctx: Ctx, reg: RegistrationDoc): Promise<RegistrationDoc> {
  assertApplicant(ctx.state.user!, reg);
  if (reg.status !== 'draft' && reg.status !== 'correction') throw conflict('registration.state_conflict', '申请已提交，请勿重复提交');
  const missing = missingMaterials(reg);
  if (missing.length) throw unprocessable('registration.incomplete', `还缺少：${missing.join('、')}`, { missing });
  const hits = await negativeHits(reg);
  if (hits.length) {
    throw unprocessable('registration.negative_list', `以下品种属于禁止生产食品目录，不能登记：${hits.map((h) => `${h.product}（${h.reason}）`).join('；')}`, { products: hits });
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
  await audit(ctx, { action: 'registration.submitted', subjectType: 'Registration', subjectId: String(reg._id), before: { status: reg.status }, after: { status: updated.status } });
  return updated;
}

async function tellApplicant(ctx: Ctx, reg: Registration & { _id: unknown }, title: string, body: string) {
  await notifyUser(ctx.services, reg.applicantId, { title, body, page: `packages/registration/detail/index?id=${String(reg._id)}` });
}

export async function accept(ctx: Ctx, reg: RegistrationDoc): Promise<RegistrationDoc> {
  assertReviewer(ctx.state.user!, reg);
  expectStatus(reg, ['submitted']);
  const next = reg.kind === 'new'
    ? await deadlineAfter(ctx.services.calendar, 'site_check', new Date(), SITE_CHECK_WORKING_DAYS)
    : await deadlineAfter(ctx.services.calendar, 'decision', new Date(), DECISION_WORKING_DAYS);
  const updated = await transition(reg, ['submitted'], { status: 'accepted', deadline: next, escalated: false }, entry(ctx, 'accepted', '受理'));
  await audit(ctx, { action: 'registration.accepted', subjectType: 'Registration', subjectId: String(reg._id), before: { status: 'submitted' }, after: { status: 'accepted' } });
  await tellApplicant(ctx, updated, '申请已受理', reg.kind === 'new' ? `将于${next.due}前完成现场核查` : `将于${next.due}前作出决定`);
  return updated;
}

export async function requestCorrection(ctx: Ctx, reg: RegistrationDoc, items: { field: keyof typeof CORRECTABLE_FIELDS; reason: string }[]) {
  assertReviewer(ctx.state.user!, reg);
  expectStatus(reg, ['submitted', 'accepted']);
  const paused = await pauseDeadline(ctx.services.calendar, reg.deadline as Deadline, new Date());
  const note = items.map((i) => `${CORRECTABLE_FIELDS[i.field]}：${i.reason}`).join('；');
  const updated = await transition(reg, ['submitted', 'accepted'], { status: 'correction', corrections: items, correctionFrom: reg.status, deadline: paused }, entry(ctx, 'correction', '需补正', note));
  await audit(ctx, { action: 'registration.correction_requested', subjectType: 'Registration', subjectId: String(reg._id), before: { status: reg.status }, after: { status: 'correction', items } });
  await tellApplicant(ctx, updated, '申请需要补正', `请补正：${items.map((i) => CORRECTABLE_FIELDS[i.field]).join('、')}`);
  return updated;
}

export async function scheduleSiteCheck(ctx: Ctx, reg: RegistrationDoc, input: { inspectorIds: string[]; date: string }) {
  assertReviewer(ctx.state.user!, reg);
  expectStatus(reg, ['accepted']);
  const ids = [...new Set(input.inspectorIds)];
  if (ids.length < MIN_SITE_INSPECTORS) throw unprocessable('registration.site_check_inspectors', '现场核查需至少两名不同的监管人员');
  const inspectors = await UserModel.find({ _id: { $in: ids.map((i) => new Types.ObjectId(i)) } });
  const ok = inspectors.filter((u) => hasRole(actorOf(u), 'inspector') && inJurisdiction(actorOf(u), reg.region));
  if (ok.length !== ids.length) throw unprocessable('registration.site_check_inspectors', '核查人员须为本辖区的监管人员');
  const due = reg.deadline?.due;
  if (due && input.date > due) throw unprocessable('registration.site_check_late', `现场核查应在${due}前完成（受理后${SITE_CHECK_WORKING_DAYS}个工作日内）`);
  const names = ok.map((u) => u.name).join('、');
  const updated = await transition(reg, ['accepted'], { status: 'site_check', 'siteCheck.date': input.date, 'siteCheck.inspectorIds': ids, 'siteCheck.result': null }, entry(ctx, 'site_check', '安排现场核查', `${input.date}，核查人员：${names}`));
  await audit(ctx, { action: 'registration.site_check_scheduled', subjectType: 'Registration', subjectId: String(reg._id), after: input });
  await tellApplicant(ctx, updated, '现场核查已安排', `核查日期：${input.date}`);
  return updated;
}

export async function recordSiteCheck(ctx: Ctx, reg: RegistrationDoc, input: { items: { code: string; result: string; note?: string; photos?: string[] }[]; passed: boolean; note?: string }) {
  assertReviewer(ctx.state.user!, reg);
  expectStatus(reg, ['site_check']);
  const user = ctx.state.user!;
  if (!reg.siteCheck?.inspectorIds?.includes(String(user._id)) && !hasRole(actorOf(user), 'admin')) {
    throw forbidden('auth.forbidden', '只有安排的核查人员可以录入核查结果');
  }
  const failed = input.items.filter((i) => i.result === 'fail').map((i) => CHECKLIST_ITEMS.find((c) => c.code === i.code)?.name);
  if (input.passed && failed.length) throw unprocessable('registration.site_check_inconsistent', `存在不符合项（${failed.join('、')}），不能判定为核查通过`);
  const deadline = await deadlineAfter(ctx.services.calendar, 'decision', new Date(), DECISION_WORKING_DAYS);
  const result = { items: input.items, passed: input.passed, note: input.note ?? null, by: String(user._id), at: new Date() };
  const updated = await transition(reg, ['site_check'], { 'siteCheck.result': result, deadline, escalated: false }, entry(ctx, 'site_check', input.passed ? '现场核查通过' : '现场核查未通过', input.note), { 'siteCheck.result': null });
  await audit(ctx, { action: 'registration.site_check_recorded', subjectType: 'Registration', subjectId: String(reg._id), after: { passed: input.passed } });
  return updated;
}

async function certificateNumber(county: string): Promise<string> {
  const year = new Date().getUTCFullYear();
  const seq = await nextSequence(`cert:${county}:${year}`);
  return `JY${county}${year}${String(seq).padStart(4, '0')}`;
}

export async function approve(ctx: Ctx, reg: RegistrationDoc, note?: string) {
  assertReviewer(ctx.state.user!, reg);
  if (reg.kind === 'new' && reg.status === 'site_check' && !(reg.siteCheck?.result as { passed?: boolean } | null)?.passed) {
    throw conflict('registration.site_check_required', '现场核查通过后才能准予登记');
  }
  const from: RegistrationStatus[] = reg.kind === 'new' ? ['site_check'] : ['accepted'];
  if (!from.includes(reg.status as RegistrationStatus)) throw conflict('registration.state_conflict', `申请当前状态为“${REGISTRATION_STATUS_LABELS[reg.status as RegistrationStatus]}”，不能进行此操作`);
  const extra: QueryFilter<Registration> = reg.kind === 'new' ? { 'siteCheck.result.passed': true } : {};
  // Everything the follow-up steps write is fixed here, inside the one atomic update: the number, the
  // workshop id, the validity. So whoever wins writes them, and a step run again (recovery) writes the
  // same records, never a second certificate or a second extension.
  const now = new Date();
  const workshopId = reg.workshopId ?? String(new Types.ObjectId());
  const number = reg.kind === 'new' ? await certificateNumber((reg.region ?? '').slice(0, 6)) : reg.certificateNumber;
  const expiresAt = await newExpiry(reg, now);
  const decision = { result: 'approved', reason: note ?? null, appealNotice: null, at: now, by: String(ctx.state.user!._id), expiresAt };
  const updated = await transition(reg, from, { status: 'approved', decision, workshopId, certificateNumber: number, deadline: null, escalated: false },
    entry(ctx, 'approved', reg.kind === 'new' ? '准予登记，发放登记证' : '审批通过', note), extra, APPROVAL_STEPS[reg.kind as RegistrationKind]);
  await audit(ctx, { action: 'registration.approved', subjectType: 'Registration', subjectId: String(reg._id), before: { status: reg.status }, after: { status: 'approved', certificateNumber: updated.certificateNumber } });
  return finishOwed(ctx.services, OWED, updated);
}

type RegistrationKind = 'new' | 'renewal' | 'change' | 'cancellation';
const OWED = 'Registration';
// What an approval owes, per kind, in order. Each step is idempotent (upserts on unique keys, $set of
// values fixed in the approval), so the recovery job may run any of them again.
const APPROVAL_STEPS: Record<RegistrationKind, string[]> = {
  new: ['workshop', 'certificate', 'ownerRole', 'creditEvent', 'notify'],
  renewal: ['workshop', 'certificate', 'creditEvent', 'notify'],
  change: ['workshop', 'certificate', 'creditEvent', 'notify'],
  cancellation: ['workshop', 'certificate', 'creditEvent', 'notify'],
};

/** The certificate's end after this approval: 3 years from issue (new), or from the current end (renewal). */
async function newExpiry(reg: RegistrationDoc, now: Date): Promise<Date | null> {
  if (reg.kind === 'new') {
    const d = new Date(now);
    d.setUTCFullYear(d.getUTCFullYear() + CERTIFICATE_YEARS);
    return d;
  }
  if (reg.kind !== 'renewal') return null;
  const w = await WorkshopModel.findById(reg.workshopId).lean();
  const current = w?.certificate?.expiresAt;
  const base = current && current > now ? new Date(current) : new Date(now);
  base.setUTCFullYear(base.getUTCFullYear() + CERTIFICATE_YEARS);
  return base;
}

type Decided = RegistrationDoc & { decision: { at: Date; expiresAt: Date | null } };
const decidedAt = (reg: RegistrationDoc) => new Date((reg.decision as Decided['decision']).at);
const expiryOf = (reg: RegistrationDoc) => { const e = (reg.decision as Decided['decision']).expiresAt; return e ? new Date(e) : null; };
const changeOf = (reg: RegistrationDoc) => (reg.change ?? {}) as { address?: string; region?: string; products?: string[] };
const CHANGE_TITLES = { renewal: '登记证延续', change: '登记事项变更', cancellation: '注销登记' } as const;

// The effects of an approval on the workshop file (一户一档), the certificate and the credit record.
defineOwed<RegistrationDoc>(OWED, RegistrationModel, {
  async workshop(services, reg) {
    const at = decidedAt(reg);
    if (reg.kind === 'new') {
      const keys = nameKeys(reg.workshop!.name!);
      await insertOrGet(WorkshopModel, {
        _id: reg.workshopId, name: reg.workshop!.name, namePinyin: keys.full, nameInitials: keys.initials,
        ownerId: reg.applicantId, ownerNameMasked: maskName(reg.applicant?.name ?? reg.licence?.operatorName),
        region: reg.region, regionName: services.regions.fullName(reg.region!) ?? reg.region,
        address: reg.workshop!.address, location: reg.workshop!.location, categories: reg.workshop!.categories, products: reg.products,
        status: 'registered', certificate: { number: reg.certificateNumber, status: 'valid', issuedAt: at, expiresAt: expiryOf(reg) }, riskGrade: null,
      }, { _id: reg.workshopId });
    } else if (reg.kind === 'renewal') {
      await WorkshopModel.updateOne({ _id: reg.workshopId }, { $set: { 'certificate.expiresAt': expiryOf(reg), 'certificate.status': 'valid' } });
    } else if (reg.kind === 'change') {
      const c = changeOf(reg);
      const set: Record<string, unknown> = {};
      if (c.address) set.address = c.address;
      if (c.region) { set.region = c.region; set.regionName = services.regions.fullName(c.region) ?? c.region; }
      if (c.products) set.products = c.products;
      if (Object.keys(set).length) await WorkshopModel.updateOne({ _id: reg.workshopId }, { $set: set });
    } else if (reg.kind === 'cancellation') {
      await WorkshopModel.updateOne({ _id: reg.workshopId }, { $set: { status: 'cancelled', 'certificate.status': 'cancelled' } });
    }
  },
  async certificate(services, reg) {
    const number = reg.certificateNumber!;
    if (reg.kind === 'new') {
      await insertOrGet(CertificateModel, {
        _id: number, number, registrationId: String(reg._id), workshopId: reg.workshopId, scope: reg.products, categories: reg.workshop!.categories,
        issuedAt: decidedAt(reg), expiresAt: expiryOf(reg), status: 'valid', issuer: officeOf(services, reg.region) ?? '市场监督管理局',
      }, { _id: number });
    } else if (reg.kind === 'renewal') {
      await CertificateModel.updateOne({ _id: number }, { $set: { expiresAt: expiryOf(reg), status: 'valid' } });
    } else if (reg.kind === 'change') {
      const c = changeOf(reg);
      if (c.products) await CertificateModel.updateOne({ _id: number }, { $set: { scope: c.products } });
    } else if (reg.kind === 'cancellation') {
      await CertificateModel.updateOne({ _id: number }, { $set: { status: 'cancelled' } });
    }
  },
  async ownerRole(_services, reg) {
    await UserModel.updateOne({ _id: reg.applicantId }, { $addToSet: { roles: 'owner' } });
  },
  async creditEvent(services, reg) {
    const source = officeOf(services, reg.region) ?? '市场监督管理局';
    const base = { workshopId: reg.workshopId!, at: decidedAt(reg), source };
    const fields = reg.kind === 'new'
      ? { ...base, type: 'registration', title: '准予登记', detail: `登记证编号 ${reg.certificateNumber}，有效期${CERTIFICATE_YEARS}年`, result: '准予登记' }
      : {
          ...base, type: 'certificate', title: CHANGE_TITLES[reg.kind as keyof typeof CHANGE_TITLES],
          detail: reg.kind === 'renewal' ? `有效期至 ${expiryOf(reg)!.toISOString().slice(0, 10)}` : reg.kind === 'change' ? '变更地址/品种等登记事项' : null,
        };
    await putCreditEvent(`Registration:${String(reg._id)}`, fields, { once: true });
  },
  async notify(services, reg) {
    const [title, body] = reg.kind === 'new' ? ['准予登记', `登记证 ${reg.certificateNumber} 已发放`] : ['申请已办结', '审批通过'];
    await notifyUser(services, reg.applicantId, { title, body, page: `packages/registration/detail/index?id=${String(reg._id)}`, key: `Registration:${String(reg._id)}:approved` });
  },
});

export async function reject(ctx: Ctx, reg: RegistrationDoc, input: { reason: string; appealNotice?: string }) {
  assertReviewer(ctx.state.user!, reg);
  expectStatus(reg, ['submitted', 'accepted', 'site_check']);
  const decision = { result: 'rejected', reason: input.reason, appealNotice: input.appealNotice ?? APPEAL_NOTICE_DEFAULT, at: new Date(), by: String(ctx.state.user!._id) };
  const updated = await transition(reg, ['submitted', 'accepted', 'site_check'], { status: 'rejected', decision, deadline: null }, entry(ctx, 'rejected', '不予登记', input.reason));
  await audit(ctx, { action: 'registration.rejected', subjectType: 'Registration', subjectId: String(reg._id), before: { status: reg.status }, after: { status: 'rejected' }, reason: input.reason });
  await tellApplicant(ctx, updated, '申请未获准予', input.reason);
  return updated;
}

/** Owner-side follow-ups on a registered workshop: renewal, change, cancellation (each reviewed). */
export async function applyForWorkshop(ctx: Ctx, w: WorkshopDoc, kind: 'renewal' | 'change' | 'cancellation', input: { reason?: string; change?: Record<string, unknown> }) {
  const user = ctx.state.user!;
  if (w.ownerId !== String(user._id)) throw notFound();
  if (w.status !== 'registered') throw conflict('registration.state_conflict', '该作坊已注销，不能办理');
  if (kind === 'renewal') {
    const expires = w.certificate?.expiresAt;
    const opens = expires ? new Date(expires.getTime() - RENEWAL_WINDOW_DAYS * 86400_000) : null;
    if (opens && new Date() < opens) {
      throw unprocessable('registration.renewal_not_open', `登记证有效期届满前${RENEWAL_WINDOW_DAYS}日起可申请延续，请于${opens.toISOString().slice(0, 10)}后办理`);
    }
  }
  if (kind === 'change' && input.change?.region && !ctx.services.regions.exists(String(input.change.region))) throw unprocessable('region.not_found', '所选区域不存在');
  if (await RegistrationModel.exists({ workshopId: String(w._id), status: { $in: OPEN } })) {
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
