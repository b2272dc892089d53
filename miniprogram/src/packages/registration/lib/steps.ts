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

/** A problem that keeps the owner on a step; `field` is the field's name in the form (for the jump). */
export interface StepIssue {
  field?: string;
  message: string;
}

/**
 * Problems that keep the owner on this step, in Chinese, each with the field it is about. Empty optional
 * parts are fine: a draft may be incomplete, and the review step lists what is still missing before submit.
 */
export function stepIssues(key: StepKey, d: FormDraft, today: string): StepIssue[] {
  const issues: StepIssue[] = [];
  const need = (ok: boolean, message: string, field?: string) => { if (!ok) issues.push({ field, message }); };
  const add = (message: string | null, field?: string) => { if (message) issues.push({ field, message }); };
  switch (key) {
    case 'applicant': {
      need(!!d.applicant.name.trim(), '请填写申请人姓名', 'applicant.name');
      need(!!d.applicant.phone.trim() || !!d.applicant.phoneSaved, '请填写手机号', 'applicant.phone');
      need(!!d.applicant.idNumber.trim() || !!d.applicant.idNumberSaved, '请填写身份证号', 'applicant.idNumber');
      if (d.applicant.phone.trim()) add(firstIssue(Phone.safeParse(d.applicant.phone.trim())), 'applicant.phone');
      if (d.applicant.idNumber.trim()) add(firstIssue(IdNumber.safeParse(d.applicant.idNumber)), 'applicant.idNumber');
      if (!issues.length) add(firstIssue(ApplicantSection.partial().safeParse(stepBody('applicant', d).applicant)), 'applicant.name');
      break;
    }
    case 'workshop': {
      need(!!d.workshop.name.trim(), '请填写作坊名称', 'workshop.name');
      need(d.workshop.region.length >= 6, '请选择所在区域（到区县或乡镇）', 'region');
      need(!!d.workshop.address.trim(), '请填写详细地址', 'workshop.address');
      const lat = d.workshop.lat.trim();
      const lng = d.workshop.lng.trim();
      if ((lat && !lng) || (!lat && lng)) issues.push({ field: 'workshop.location', message: '位置坐标请同时填写纬度和经度，或都不填' });
      if (!issues.length) {
        const r = WorkshopSection.partial().safeParse(stepBody('workshop', d).workshop);
        if (!r.success) {
          const path = r.error.issues[0].path.map(String);
          issues.push(path.includes('location')
            ? { field: 'workshop.location', message: '位置超出范围（应在我国境内），请重新定位或清除位置' }
            : { field: `workshop.${path[0] ?? 'name'}`, message: r.error.issues[0].message });
        }
      }
      break;
    }
    case 'products':
      need(d.workshop.categories.length > 0, '请至少选择一个食品类别', 'categories');
      need(trimList(d.products).length > 0, '请至少填写一个生产品种', 'products.0');
      d.products.forEach((p, i) => need(p.trim().length <= 30, `品种${i + 1}的名称不超过30个字`, `products.${i}`));
      break;
    case 'premises':
      need(d.premises.photos.length > 0, '请至少上传一张生产场所照片', 'premises.photos');
      if (d.premises.area.trim()) need(Number(d.premises.area) > 0 && Number(d.premises.area) <= 100000, '场所面积请填写正数（平方米）', 'premises.area');
      break;
    case 'equipment':
      d.equipment.forEach((e, i) => {
        if (e.name.trim()) need(Number.isInteger(Number(e.quantity)) && Number(e.quantity) >= 1 && Number(e.quantity) <= 999, `设备“${e.name.trim()}”的数量请填写1到999的整数`, `equipment.${i}.quantity`);
      });
      break;
    case 'staff': {
      const filled = d.staff.map((s, i) => ({ s: { name: s.name.trim(), healthCertNo: s.healthCertNo.trim(), healthCertExpiry: s.healthCertExpiry.trim() }, i }))
        .filter(({ s }) => s.name || s.healthCertNo || s.healthCertExpiry);
      need(filled.length > 0, '请至少填写一名从业人员', 'staff.0.name');
      for (const { s, i } of filled) {
        const who = s.name || `人员${i + 1}`;
        need(!!s.name, `请填写人员${i + 1}的姓名`, `staff.${i}.name`);
        need(!!s.healthCertNo, `请填写${who}的健康证编号`, `staff.${i}.healthCertNo`);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(s.healthCertExpiry)) issues.push({ field: `staff.${i}.healthCertExpiry`, message: `请选择${who}的健康证有效期` });
        else if (s.healthCertExpiry < today) issues.push({ field: `staff.${i}.healthCertExpiry`, message: `${who}的健康证已过期，请更新后再填写` });
      }
      if (!issues.length) add(firstIssue(StaffSection.safeParse(stepBody('staff', d).staff ?? [])), 'staff.0.name');
      break;
    }
    case 'commitment':
      need(d.commitment.signed, '请阅读承诺书并勾选“我已阅读并承诺”', 'commitment.signed');
      need(!!d.commitment.signatureName.trim(), '请输入姓名签署', 'commitment.signatureName');
      if (d.applicant.name.trim() && d.commitment.signatureName.trim()) need(d.commitment.signatureName.trim() === d.applicant.name.trim(), '签署姓名应与申请人姓名一致', 'commitment.signatureName');
      break;
    case 'licence': {
      need(!!d.licence.businessName.trim(), '请填写个体工商户名称', 'licence.businessName');
      need(!!d.licence.operatorName.trim(), '请填写经营者姓名', 'licence.operatorName');
      need(!!d.licence.form, '请选择组成形式', 'licence.form');
      need(!!d.licence.scope.trim(), '请填写经营范围', 'licence.scope');
      if (!issues.length) add(firstIssue(LicenceSection.safeParse(stepBody('licence', d).licence)), 'licence.businessName');
      break;
    }
    default:
      break;
  }
  const seen = new Set<string>();
  return issues.filter((i) => !seen.has(i.message) && !!seen.add(i.message));
}

/** The messages of `stepIssues`, for callers that only show text. */
export function validateStep(key: StepKey, d: FormDraft, today: string): string[] {
  return stepIssues(key, d, today).map((i) => i.message);
}

export { negativeHits, type NegativeHit } from '@shared/domain/negativeList';

/** The steps still ahead, so the owner sees the whole road: 提交 → 受理 → 现场核查 → 决定. */
export function upcomingSteps(v: { status: string; kind: string }): string[] {
  if (v.status === 'approved' || v.status === 'rejected' || v.status === 'withdrawn') return [];
  const road = v.kind === 'new' ? ['提交申请', '受理', '现场核查', '准予登记 / 不予登记'] : ['提交申请', '受理', '审批决定'];
  const reached: Record<string, number> = { draft: 0, submitted: 1, correction: 1, accepted: 2, site_check: v.kind === 'new' ? 3 : 2 };
  return road.slice(reached[v.status] ?? 0);
}
