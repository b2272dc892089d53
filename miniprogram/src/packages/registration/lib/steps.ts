// The registration form's pure logic: steps, what each step sends, step validation and draft merging.
// Validation reuses the shared schemas (the server checks the same ones) after friendlier "please fill
// in" checks, so the owner reads one clear message per field.
import { ApplicantSection, IdNumber, LicenceSection, StaffSection, WorkshopSection } from '@shared/schemas/registration';
import { Phone } from '@shared/schemas/common';
import type { RegistrationDraftBody, RegistrationView } from '@shared/schemas/registration';
import type { CorrectableField } from '@shared/domain/registration';

export const STEPS = [
  { key: 'applicant', title: '申请人' },
  { key: 'workshop', title: '作坊信息' },
  { key: 'products', title: '品种与类别' },
  { key: 'premises', title: '场所照片' },
  { key: 'equipment', title: '设备' },
  { key: 'staff', title: '从业人员与健康证' },
  { key: 'commitment', title: '承诺书' },
  { key: 'licence', title: '营业执照信息' },
  { key: 'review', title: '核对提交' },
] as const;
export type StepKey = (typeof STEPS)[number]['key'];

/** Where an owner fixes a field a reviewer asked to correct. */
export function stepIndexForField(field: CorrectableField | string): number {
  const i = STEPS.findIndex((s) => s.key === field);
  return i >= 0 ? i : STEPS.length - 1;
}

export interface FormDraft {
  /** Server id once the first step was saved. */
  id: string | null;
  step: number;
  applicant: { name: string; phone: string; idNumber: string; phoneSaved: string | null; idNumberSaved: string | null };
  workshop: { name: string; region: string; regionName: string; address: string; lat: string; lng: string; categories: string[] };
  products: string[];
  premises: { photos: string[]; area: string; water: string };
  equipment: { name: string; quantity: string }[];
  staff: { name: string; healthCertNo: string; healthCertExpiry: string }[];
  commitment: { signatureName: string; signed: boolean };
  licence: { businessName: string; operatorName: string; form: '' | 'individual' | 'family'; scope: string };
  /** Local edit time (ms), to tell whether this copy is newer than the server's. */
  editedAt: number;
}

export function emptyDraft(): FormDraft {
  return {
    id: null,
    step: 0,
    applicant: { name: '', phone: '', idNumber: '', phoneSaved: null, idNumberSaved: null },
    workshop: { name: '', region: '', regionName: '', address: '', lat: '', lng: '', categories: [] },
    products: [''],
    premises: { photos: [], area: '', water: '' },
    equipment: [{ name: '', quantity: '1' }],
    staff: [{ name: '', healthCertNo: '', healthCertExpiry: '' }],
    commitment: { signatureName: '', signed: false },
    licence: { businessName: '', operatorName: '', form: '', scope: '' },
    editedAt: 0,
  };
}

/** The form's copy of what the server holds (phone and ID number come back masked only). */
export function draftFromView(v: RegistrationView, step = 0): FormDraft {
  const d = emptyDraft();
  return {
    ...d,
    id: v.id,
    step,
    applicant: { name: v.applicant.name ?? '', phone: '', idNumber: '', phoneSaved: v.applicant.phone, idNumberSaved: v.applicant.idNumber },
    workshop: {
      name: v.workshop.name ?? '',
      region: v.workshop.region ?? '',
      regionName: v.workshop.regionName ?? '',
      address: v.workshop.address ?? '',
      lat: v.workshop.location ? String(v.workshop.location.lat) : '',
      lng: v.workshop.location ? String(v.workshop.location.lng) : '',
      categories: v.workshop.categories,
    },
    products: v.products.length ? [...v.products] : [''],
    premises: { photos: [...v.premises.photos], area: v.premises.area == null ? '' : String(v.premises.area), water: v.premises.water ?? '' },
    equipment: v.equipment.length ? v.equipment.map((e) => ({ name: e.name, quantity: String(e.quantity) })) : d.equipment,
    staff: v.staff.length ? v.staff.map((s) => ({ ...s })) : d.staff,
    commitment: { signatureName: v.commitment.signatureName ?? '', signed: v.commitment.signed },
    licence: {
      businessName: v.licence.businessName ?? '',
      operatorName: v.licence.operatorName ?? '',
      form: v.licence.form === 'individual' || v.licence.form === 'family' ? v.licence.form : '',
      scope: v.licence.scope ?? '',
    },
    editedAt: Date.parse(v.updatedAt) || 0,
  };
}

/**
 * Resuming: the local copy wins when it belongs to the same application and was edited after the server
 * last saved it (the app closed before a step was saved); otherwise the server's copy (another device).
 * The saved masks always come from the server.
 */
export function mergeDrafts(local: FormDraft | null, server: RegistrationView | null): FormDraft {
  if (!server) return local ?? emptyDraft();
  const fromServer = draftFromView(server, local?.id === server.id ? local.step : 0);
  if (!local || local.id !== server.id || local.editedAt <= (Date.parse(server.updatedAt) || 0)) return fromServer;
  return { ...local, applicant: { ...local.applicant, phoneSaved: server.applicant.phone, idNumberSaved: server.applicant.idNumber } };
}

/** What is kept on the device: never the full phone or ID number (they go to the server, encrypted). */
export function localCopy(d: FormDraft): FormDraft {
  return { ...d, applicant: { ...d.applicant, phone: '', idNumber: '' } };
}

const trimList = (list: string[]) => list.map((s) => s.trim()).filter(Boolean);
const num = (s: string) => (s.trim() === '' ? null : Number(s));

/** The PATCH body that saves one step (sections are replaced whole on the server). */
export function stepBody(key: StepKey, d: FormDraft): RegistrationDraftBody {
  switch (key) {
    case 'applicant': {
      const a: NonNullable<RegistrationDraftBody['applicant']> = {};
      if (d.applicant.name.trim()) a.name = d.applicant.name.trim();
      if (d.applicant.phone.trim()) a.phone = d.applicant.phone.trim();
      if (d.applicant.idNumber.trim()) a.idNumber = d.applicant.idNumber.trim().toUpperCase();
      return { applicant: a };
    }
    case 'workshop': {
      const w: NonNullable<RegistrationDraftBody['workshop']> = {};
      if (d.workshop.name.trim()) w.name = d.workshop.name.trim();
      if (d.workshop.region) w.region = d.workshop.region;
      if (d.workshop.address.trim()) w.address = d.workshop.address.trim();
      const lat = num(d.workshop.lat);
      const lng = num(d.workshop.lng);
      if (lat !== null && lng !== null && !Number.isNaN(lat) && !Number.isNaN(lng)) w.location = { lat, lng };
      return { workshop: w };
    }
    case 'products':
      return { products: trimList(d.products), ...(d.workshop.categories.length ? { workshop: { categories: d.workshop.categories as never } } : {}) };
    case 'premises':
      return { premises: { photos: d.premises.photos, area: num(d.premises.area), water: d.premises.water.trim() || null } };
    case 'equipment':
      return { equipment: d.equipment.filter((e) => e.name.trim()).map((e) => ({ name: e.name.trim(), quantity: Math.max(1, Math.round(Number(e.quantity) || 1)) })) };
    case 'staff':
      return { staff: d.staff.filter((s) => s.name.trim() || s.healthCertNo.trim()).map((s) => ({ name: s.name.trim(), healthCertNo: s.healthCertNo.trim(), healthCertExpiry: s.healthCertExpiry.trim() })) };
    case 'commitment':
      return d.commitment.signed && d.commitment.signatureName.trim() ? { commitment: { signed: true, signatureName: d.commitment.signatureName.trim() } } : {};
    case 'licence': {
      const l: NonNullable<RegistrationDraftBody['licence']> = {};
      if (d.licence.businessName.trim()) l.businessName = d.licence.businessName.trim();
      if (d.licence.operatorName.trim()) l.operatorName = d.licence.operatorName.trim();
      if (d.licence.form) l.form = d.licence.form;
      if (d.licence.scope.trim()) l.scope = d.licence.scope.trim();
      return { licence: l };
    }
    default:
      return {};
  }
}

const firstIssue = (r: { success: boolean; error?: { issues: { message: string }[] } }) => (r.success ? null : r.error!.issues[0]?.message ?? '填写有误');

/**
 * Problems that keep the owner on this step, in Chinese. Empty optional parts are fine: a draft may be
 * incomplete, and the review step lists what is still missing before submit.
 */
export function validateStep(key: StepKey, d: FormDraft, today: string): string[] {
  const errors: string[] = [];
  const need = (ok: boolean, msg: string) => { if (!ok) errors.push(msg); };
  switch (key) {
    case 'applicant': {
      need(!!d.applicant.name.trim(), '请填写申请人姓名');
      need(!!d.applicant.phone.trim() || !!d.applicant.phoneSaved, '请填写手机号');
      need(!!d.applicant.idNumber.trim() || !!d.applicant.idNumberSaved, '请填写身份证号');
      if (d.applicant.phone.trim()) { const m = firstIssue(Phone.safeParse(d.applicant.phone.trim())); if (m) errors.push(m); }
      if (d.applicant.idNumber.trim()) { const m = firstIssue(IdNumber.safeParse(d.applicant.idNumber)); if (m) errors.push(m); }
      if (!errors.length) { const m = firstIssue(ApplicantSection.partial().safeParse(stepBody('applicant', d).applicant)); if (m) errors.push(m); }
      break;
    }
    case 'workshop': {
      need(!!d.workshop.name.trim(), '请填写作坊名称');
      need(d.workshop.region.length >= 6, '请选择所在区域（到区县或乡镇）');
      need(!!d.workshop.address.trim(), '请填写详细地址');
      const lat = d.workshop.lat.trim();
      const lng = d.workshop.lng.trim();
      if ((lat && !lng) || (!lat && lng)) errors.push('位置坐标请同时填写纬度和经度，或都不填');
      if (!errors.length) {
        const r = WorkshopSection.partial().safeParse(stepBody('workshop', d).workshop);
        if (!r.success) errors.push(r.error.issues[0].path.includes('location') ? '位置坐标超出范围（应在我国境内）' : r.error.issues[0].message);
      }
      break;
    }
    case 'products':
      need(d.workshop.categories.length > 0, '请至少选择一个食品类别');
      need(trimList(d.products).length > 0, '请至少填写一个生产品种');
      need(trimList(d.products).every((p) => p.length <= 30), '品种名称不超过30个字');
      break;
    case 'premises':
      need(d.premises.photos.length > 0, '请至少上传一张生产场所照片');
      if (d.premises.area.trim()) need(Number(d.premises.area) > 0 && Number(d.premises.area) <= 100000, '场所面积请填写正数（平方米）');
      break;
    case 'equipment':
      for (const e of d.equipment) if (e.name.trim()) need(Number.isInteger(Number(e.quantity)) && Number(e.quantity) >= 1 && Number(e.quantity) <= 999, `设备“${e.name.trim()}”的数量请填写1到999的整数`);
      break;
    case 'staff': {
      const staff = stepBody('staff', d).staff ?? [];
      need(staff.length > 0, '请至少填写一名从业人员');
      for (const s of staff) {
        need(!!s.name && !!s.healthCertNo && /^\d{4}-\d{2}-\d{2}$/.test(s.healthCertExpiry), `请完整填写从业人员${s.name || ''}的姓名、健康证编号和有效期（如 2027-06-30）`);
        if (/^\d{4}-\d{2}-\d{2}$/.test(s.healthCertExpiry) && s.healthCertExpiry < today) errors.push(`${s.name}的健康证已过期，请更新后再填写`);
      }
      if (!errors.length) { const m = firstIssue(StaffSection.safeParse(staff)); if (m) errors.push(m); }
      break;
    }
    case 'commitment':
      need(d.commitment.signed, '请阅读承诺书并勾选“我已阅读并承诺”');
      need(!!d.commitment.signatureName.trim(), '请输入姓名签署');
      if (d.applicant.name.trim() && d.commitment.signatureName.trim()) need(d.commitment.signatureName.trim() === d.applicant.name.trim(), '签署姓名应与申请人姓名一致');
      break;
    case 'licence': {
      need(!!d.licence.businessName.trim(), '请填写个体工商户名称');
      need(!!d.licence.operatorName.trim(), '请填写经营者姓名');
      need(!!d.licence.form, '请选择组成形式');
      need(!!d.licence.scope.trim(), '请填写经营范围');
      if (!errors.length) { const m = firstIssue(LicenceSection.safeParse(stepBody('licence', d).licence)); if (m) errors.push(m); }
      break;
    }
    default:
      break;
  }
  return [...new Set(errors)];
}

export { negativeHits, type NegativeHit } from '@shared/domain/negativeList';

/** The steps still ahead, so the owner sees the whole road: 提交 → 受理 → 现场核查 → 决定. */
export function upcomingSteps(v: { status: string; kind: string }): string[] {
  if (v.status === 'approved' || v.status === 'rejected' || v.status === 'withdrawn') return [];
  const road = v.kind === 'new' ? ['提交申请', '受理', '现场核查', '准予登记 / 不予登记'] : ['提交申请', '受理', '审批决定'];
  const reached: Record<string, number> = { draft: 0, submitted: 1, correction: 1, accepted: 2, site_check: v.kind === 'new' ? 3 : 2 };
  return road.slice(reached[v.status] ?? 0);
}
