// Approval (准予登记 / 审批通过): one conditional update fixes what the follow-up steps write (the workshop
// id, the validity), then the owed steps take the certificate number, create or update the workshop file,
// the certificate, the owner's role, the public credit record and the notice (db/owed.ts).
import type { QueryFilter } from 'mongoose';
import { Types } from 'mongoose';
import { maskName } from '@shared/domain/mask';
import { CERTIFICATE_YEARS, certificateEnd, reviewFrom } from '@shared/domain/registration';
import { conflict } from '../../errors';
import { CertificateModel } from '../../models/Certificate';
import { defineOwed, finishOwed } from '../../db/owed';
import { insertOrGet, nextSequence } from '../../db/sequence';
import { RegistrationModel, type Registration, type RegistrationDoc } from '../../models/Registration';
import { UserModel } from '../../models/User';
import { WorkshopModel } from '../../models/Workshop';
import { authorize } from '../../policies';
import { audit } from '../../services/audit';
import { notifyUser } from '../../services/notify';
import { nameKeys } from '../../services/pinyin';
import { putCreditEvent } from '../../services/publicFile';
import { officeOf } from '../../services/regions';
import { entry, expectStatus, transition, type Ctx } from './common';

async function certificateNumber(county: string): Promise<string> {
  const year = new Date().getUTCFullYear();
  const seq = await nextSequence(`cert:${county}:${year}`);
  return `JY${county}${year}${String(seq).padStart(4, '0')}`;
}

export async function approve(ctx: Ctx, reg: RegistrationDoc, note?: string) {
  authorize(ctx.state.user, 'registration.review', reg);
  if (reg.kind === 'new' && reg.status === 'site_check' && !(reg.siteCheck?.result as { passed?: boolean } | null)?.passed) {
    throw conflict('registration.site_check_required', '现场核查通过后才能准予登记');
  }
  const from = reviewFrom('approve', reg.kind);
  expectStatus(reg, from);
  const extra: QueryFilter<Registration> = reg.kind === 'new' ? { 'siteCheck.result.passed': true } : {};
  // What the follow-up steps write is fixed here, inside the one atomic update: the workshop id and the
  // validity. So whoever wins writes them, and a step run again (recovery) writes the same records, never a
  // second certificate or a second extension. A new certificate's number is taken by the winner only (the
  // owed step `number`): 200 racing approvals once spent 200 numbers for one certificate.
  const now = new Date();
  const workshopId = reg.workshopId ?? String(new Types.ObjectId());
  const number = reg.kind === 'new' ? null : reg.certificateNumber;
  const expiresAt = await newExpiry(reg, now);
  const decision = { result: 'approved', reason: note ?? null, appealNotice: null, at: now, by: String(ctx.state.user!._id), expiresAt };
  const updated = await transition(reg, from, { status: 'approved', decision, workshopId, certificateNumber: number, deadline: null, escalated: false },
    entry(ctx, 'approved', reg.kind === 'new' ? '准予登记，发放登记证' : '审批通过', note), extra, APPROVAL_STEPS[reg.kind as RegistrationKind]);
  let done = updated;
  try {
    done = await finishOwed(ctx.services, OWED, updated);
    return done;
  } finally { // audited once the number is taken (or without it, if a step failed and recovery will take it)
    await audit(ctx, { action: 'registration.approved', subjectType: 'Registration', subjectId: String(reg._id), before: { status: reg.status }, after: { status: 'approved', certificateNumber: done.certificateNumber } });
  }
}

type RegistrationKind = 'new' | 'renewal' | 'change' | 'cancellation';
const OWED = 'Registration';
// What an approval owes, per kind, in order. Each step is idempotent (upserts on unique keys, $set of
// values fixed in the approval), so the recovery job may run any of them again.
const APPROVAL_STEPS: Record<RegistrationKind, string[]> = {
  new: ['number', 'workshop', 'certificate', 'ownerRole', 'creditEvent', 'notify'],
  renewal: ['workshop', 'certificate', 'creditEvent', 'notify'],
  change: ['workshop', 'certificate', 'creditEvent', 'notify'],
  cancellation: ['workshop', 'certificate', 'creditEvent', 'notify'],
};

/**
 * The certificate's last instant after this approval (shared certificateEnd: start + 3 years − 1 day): from
 * the decision (new), or from the day after the current end (renewal of a certificate still valid).
 */
async function newExpiry(reg: RegistrationDoc, now: Date): Promise<Date | null> {
  if (reg.kind === 'new') return certificateEnd(now);
  if (reg.kind !== 'renewal') return null;
  const w = await WorkshopModel.findById(reg.workshopId).lean();
  const current = w?.certificate?.expiresAt;
  return certificateEnd(current && current > now ? new Date(current.getTime() + 1) : now);
}

type Decided = RegistrationDoc & { decision: { at: Date; expiresAt: Date | null } };
const decidedAt = (reg: RegistrationDoc) => new Date((reg.decision as Decided['decision']).at);
const expiryOf = (reg: RegistrationDoc) => { const e = (reg.decision as Decided['decision']).expiresAt; return e ? new Date(e) : null; };
const changeOf = (reg: RegistrationDoc) => (reg.change ?? {}) as { address?: string; region?: string; products?: string[] };
const CHANGE_TITLES = { renewal: '登记证延续', change: '登记事项变更', cancellation: '注销登记' } as const;

// The effects of an approval on the workshop file (一户一档), the certificate and the credit record.
defineOwed<RegistrationDoc>(OWED, RegistrationModel, {
  /**
   * A new certificate's number (JY + county + year + 4-digit sequence, DOMAIN.md §2), set once: a
   * conditional update on "no number yet". A recovery run racing the command may take a number it then
   * drops (a gap, only then); every later step reads the number stored.
   */
  async number(_services, reg) {
    if (reg.kind !== 'new' || reg.certificateNumber) return;
    const taken = await certificateNumber((reg.region ?? '').slice(0, 6));
    const set = await RegistrationModel.findOneAndUpdate({ _id: reg._id, certificateNumber: null }, { $set: { certificateNumber: taken } }, { returnDocument: 'after' }).lean();
    reg.certificateNumber = set?.certificateNumber ?? (await RegistrationModel.findById(reg._id, { certificateNumber: 1 }).lean())?.certificateNumber ?? null;
    if (!reg.certificateNumber) throw new Error(`registration ${String(reg._id)}: no certificate number`);
  },
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
