// Demo registration data: a Certificate for every seeded registered workshop (so scanning any demo
// certificate verifies) and applications in every review state, mostly in 鱼峰区 where the demo
// inspector works. Written with insertMany; skipped when demo applications already exist.
import { BAD_RATING_REPLY_WORKING_DAYS } from '@shared/domain/rating';
import { maskIdNumber, maskPhone } from '@shared/domain/mask';
import {
  ACCEPT_WORKING_DAYS, APPEAL_NOTICE_DEFAULT, SITE_CHECK_WORKING_DAYS, certificateEnd, type RegistrationStatus,
} from '@shared/domain/registration';
import { CHECKLIST_ITEMS } from '@shared/domain/categories';
import { Types } from 'mongoose';
import { deadlineAfter, type Deadline } from '../commands/registration/deadline';
import { officeOf } from '../services/regions';
import { CertificateModel } from '../models/Certificate';
import { RegistrationModel } from '../models/Registration';
import { UserModel } from '../models/User';
import { WorkshopModel } from '../models/Workshop';
import { CalendarService, shanghaiDate } from '../services/calendar';
import type { RegionService } from '../services/regions';

interface SeededWorkshop {
  _id: unknown;
  name: string;
  region: string;
  address: string;
  categories: string[];
  products: string[];
  status: string;
  ownerId?: string | null;
  certificate?: { number?: string | null; issuedAt?: Date | null; expiresAt?: Date | null } | null;
}

export interface SeedRegistrationOptions {
  /** Encrypts applicant phone and ID numbers as the app does; without it they are left empty. */
  cipher?: { encrypt(plain: string): string };
  calendar?: CalendarService;
  now?: Date;
  /** openid of the demo inspector (鱼峰区), who joins the seeded site checks. */
  inspectorOpenid?: string;
}

/** The demo's second inspector in 鱼峰区, so a site check (≥ 2 inspectors) can be shown and scheduled. */
const DEMO_SECOND_INSPECTOR = { name: '演示核查员', region: '450203' };

const APPLICANTS = [
  { name: '覃秀英', phone: '13907720011', idNumber: '450203198203150026' },
  { name: '韦建国', phone: '13907720012', idNumber: '450203197711020012' },
  { name: '蒙春梅', phone: '13907720013', idNumber: '450204198805060040' },
  { name: '莫德明', phone: '13907720014', idNumber: '450203196912300032' },
  { name: '梁丽娟', phone: '13907720015', idNumber: '45020319900418026X' },
  { name: '罗志强', phone: '13907720016', idNumber: '450203198501010056' },
  { name: '潘玉兰', phone: '13907720017', idNumber: '450303197302280062' },
  { name: '谭国庆', phone: '13907720018', idNumber: '450203196510010075' },
  { name: '黄海燕', phone: '13907720019', idNumber: '45020519920707008X' },
  { name: '陆秀芳', phone: '13907720020', idNumber: '450203198306120049' },
];

export async function seedDemoRegistrations(regions: RegionService, workshops: SeededWorkshop[], opts: SeedRegistrationOptions = {}) {
  const now = opts.now ?? new Date();
  const calendar = opts.calendar ?? new CalendarService();
  const office = (region: string | null | undefined) => officeOf({ regions }, region) ?? '市场监督管理局';

  // Certificates: one per registered workshop, keyed so a re-run cannot duplicate them.
  const haveCerts = await CertificateModel.exists({ registrationId: { $regex: '^seed:' } });
  const certDocs = haveCerts ? [] : workshops
    .filter((w) => w.status === 'registered' && w.certificate?.number && w.certificate.issuedAt && w.certificate.expiresAt)
    .map((w) => ({
      _id: w.certificate!.number!,
      number: w.certificate!.number!,
      registrationId: `seed:${String(w._id)}`,
      workshopId: String(w._id),
      scope: w.products,
      categories: w.categories,
      issuedAt: w.certificate!.issuedAt!,
      expiresAt: w.certificate!.expiresAt!,
      status: 'valid',
      issuer: office(w.region),
    }));
  if (certDocs.length) await CertificateModel.insertMany(certDocs);

  if (await RegistrationModel.exists({ demo: true })) return { certificates: certDocs.length, registrations: 0 };

  // Applicants and the second inspector.
  const applicantIds: string[] = [];
  for (const [i, a] of APPLICANTS.entries()) {
    const openid = `seed:applicant:${i + 1}`;
    await UserModel.updateOne({ openid }, { $setOnInsert: { openid, name: a.name, roles: ['citizen'], region: null } }, { upsert: true });
    applicantIds.push(String((await UserModel.findOne({ openid }).lean())!._id));
  }
  // Same openid scheme as the demo login, so 演示核查员 can also sign in on the H5 demo.
  const secondOpenid = `dev:inspector:${DEMO_SECOND_INSPECTOR.region}:${DEMO_SECOND_INSPECTOR.name}`;
  await UserModel.updateOne({ openid: secondOpenid }, { $setOnInsert: { openid: secondOpenid, ...DEMO_SECOND_INSPECTOR, roles: ['citizen', 'inspector'] } }, { upsert: true });
  const inspectors = await UserModel.find({ openid: { $in: [opts.inspectorOpenid ?? '', secondOpenid] } }).sort({ createdAt: 1 }).lean();

  const daysAgo = async (n: number) => new Date(`${(await calendar.addWorkingDays(now, -n)).date}T02:30:00Z`); // 10:30 Beijing time
  const towns = (county: string) => (regions.list(county) ?? []).map((r) => r.code);
  const townOf = (county: string, k: number) => towns(county)[k % Math.max(1, towns(county).length)] ?? county;
  const by = (region: string) => office(region);

  interface Plan {
    status: RegistrationStatus;
    county: string;
    name: string;
    product: string;
    category: string;
    submittedDaysAgo: number | null;
    escalated?: boolean;
  }
  const plans: Plan[] = [
    { status: 'draft', county: '450203', name: '鱼峰覃记酸笋作坊', product: '酸笋', category: 'pickles', submittedDaysAgo: null },
    { status: 'submitted', county: '450203', name: '鱼峰韦记螺蛳粉作坊', product: '螺蛳粉', category: 'rice_flour', submittedDaysAgo: 1 },
    { status: 'correction', county: '450204', name: '柳南蒙记腊肠作坊', product: '腊肠', category: 'meat', submittedDaysAgo: 3 },
    { status: 'accepted', county: '450203', name: '鱼峰莫记豆腐作坊', product: '豆腐', category: 'soy', submittedDaysAgo: 2 },
    { status: 'site_check', county: '450203', name: '鱼峰梁记米酒作坊', product: '米酒', category: 'liquor', submittedDaysAgo: 3 },
    { status: 'approved', county: '450203', name: '', product: '', category: '', submittedDaysAgo: 12 },
    { status: 'rejected', county: '450303', name: '叠彩潘记花生油作坊', product: '花生油', category: 'edible_oil', submittedDaysAgo: 9 },
    { status: 'submitted', county: '450203', name: '鱼峰谭记桃酥作坊', product: '桃酥', category: 'pastry', submittedDaysAgo: 8, escalated: true },
    { status: 'correction', county: '450203', name: '鱼峰黄记腐竹作坊', product: '腐竹', category: 'soy', submittedDaysAgo: 2 },
    { status: 'withdrawn', county: '450203', name: '鱼峰陆记糍粑作坊', product: '糍粑', category: 'pastry', submittedDaysAgo: 4 },
  ];

  const approvedWorkshop = workshops.find((w) => w.status === 'registered' && w.region.startsWith('450203') && !w.ownerId && w.certificate?.number);
  const docs = [];
  for (const [i, p] of plans.entries()) {
    const applicant = APPLICANTS[i];
    const w = p.status === 'approved' ? approvedWorkshop : undefined;
    if (p.status === 'approved' && !w) continue;
    const region = w?.region ?? townOf(p.county, i);
    const name = w?.name ?? p.name;
    const product = w?.products[0] ?? p.product;
    const regId = new Types.ObjectId();
    const submittedAt = p.submittedDaysAgo === null ? null : await daysAgo(p.submittedDaysAgo);
    const timeline: { at: Date; status: string; title: string; note: string | null; by: string }[] = [];
    let deadline: Deadline | null = null;
    let corrections: { field: string; reason: string }[] = [];
    let correctionFrom: string | null = null;
    const siteCheck = { date: null as string | null, inspectorIds: [] as string[], result: null as unknown };
    let decision: unknown = null;
    let rating: unknown = null;
    if (submittedAt) {
      timeline.push({ at: submittedAt, status: 'submitted', title: '提交申请', note: null, by: '申请人' });
      deadline = await deadlineAfter(calendar, 'accept', submittedAt, ACCEPT_WORKING_DAYS);
    }
    const later = (d: Date, hours: number) => new Date(d.getTime() + hours * 3600_000);
    if (p.status === 'correction') {
      const at = later(submittedAt!, 24);
      corrections = [
        { field: 'premises', reason: '场所照片不清晰，请补拍生产车间全景和原料库房' },
        { field: 'staff', reason: '从业人员健康证编号与照片不一致，请核对后重新填写' },
      ];
      correctionFrom = 'submitted';
      timeline.push({ at, status: 'correction', title: '需补正', note: '场所照片及平面图：照片不清晰；从业人员及健康证：编号有误', by: by(region) });
      deadline = { ...deadline!, pausedRemaining: 3 };
    }
    if (['accepted', 'site_check', 'approved', 'rejected'].includes(p.status)) {
      const acceptedAt = later(submittedAt!, 20);
      timeline.push({ at: acceptedAt, status: 'accepted', title: '受理', note: null, by: by(region) });
      deadline = await deadlineAfter(calendar, 'site_check', acceptedAt, SITE_CHECK_WORKING_DAYS);
      const checkedAt = later(acceptedAt, 26);
      if (p.status !== 'accepted') {
        // A check already recorded was scheduled for the day it took place; one still to come, for the deadline.
        siteCheck.date = p.status === 'site_check' ? deadline.due : shanghaiDate(checkedAt);
        siteCheck.inspectorIds = inspectors.map((u) => String(u._id));
        timeline.push({ at: later(acceptedAt, 2), status: 'site_check', title: '安排现场核查', note: `${siteCheck.date}，核查人员：${inspectors.map((u) => u.name).join('、')}`, by: by(region) });
      }
      if (p.status === 'approved' || p.status === 'rejected') {
        const passed = p.status === 'approved';
        siteCheck.result = {
          items: CHECKLIST_ITEMS.map((c) => ({ code: c.code, result: passed ? 'pass' : c.code === 'cleanliness' ? 'fail' : 'basic', note: !passed && c.code === 'cleanliness' ? '生产区与生活区未分隔，地面积水' : undefined })),
          passed, note: passed ? '场所布局合理，设施齐全' : '生产场所不符合卫生要求', by: String(inspectors[0]?._id ?? ''), at: checkedAt,
        };
        timeline.push({ at: checkedAt, status: 'site_check', title: passed ? '现场核查通过' : '现场核查未通过', note: null, by: by(region) });
        const decidedAt = later(checkedAt, 20);
        decision = passed
          ? { result: 'approved', reason: null, appealNotice: null, at: decidedAt, by: String(inspectors[0]?._id ?? '') }
          : { result: 'rejected', reason: '生产场所与生活区未有效分隔，不符合食品小作坊生产场所卫生要求', appealNotice: APPEAL_NOTICE_DEFAULT, at: decidedAt, by: String(inspectors[0]?._id ?? '') };
        timeline.push({ at: decidedAt, status: p.status, title: passed ? '准予登记，发放登记证' : '不予登记', note: passed ? null : (decision as { reason: string }).reason, by: by(region) });
        deadline = null;
        // 好差评: the approved applicant is pleased; the rejected one is not, and the office still owes an answer.
        const ratedAt = later(decidedAt, 3);
        rating = passed
          ? { score: 5, comment: '材料一次讲清楚，一次都没跑就拿到了登记证', at: ratedAt, bad: false, replyDue: null, reply: null }
          : { score: 2, comment: '不予登记的理由听懂了，但整改要求希望能在现场核查时当面讲清楚', at: ratedAt, bad: true, replyDue: (await calendar.addWorkingDays(ratedAt, BAD_RATING_REPLY_WORKING_DAYS)).date, reply: null };
        if (passed && w?.certificate?.number) {
          // The workshop's certificate is the one this approval issued: same day, three years.
          const validity = { issuedAt: decidedAt, expiresAt: certificateEnd(decidedAt) };
          await WorkshopModel.updateOne({ _id: w._id }, { $set: { 'certificate.issuedAt': validity.issuedAt, 'certificate.expiresAt': validity.expiresAt, 'certificate.status': 'valid' } });
          await CertificateModel.updateOne({ _id: w.certificate.number }, { $set: { ...validity, status: 'valid', registrationId: String(regId) } });
        }
      }
    }
    if (p.status === 'withdrawn') {
      timeline.push({ at: later(submittedAt!, 6), status: 'withdrawn', title: '申请人撤回申请', note: '地址填写有误，重新申请', by: '申请人' });
      deadline = null;
    }
    if (p.escalated && deadline) timeline.push({ at: new Date(deadline.dueAt.getTime() + 3600_000), status: p.status, title: '超期，已报县级监管部门督办', note: null, by: '系统' });
    const complete = p.status !== 'draft';
    docs.push({
      _id: regId,
      kind: 'new',
      status: p.status,
      applicantId: applicantIds[i],
      workshopId: w ? String(w._id) : null,
      region,
      applicant: {
        name: applicant.name,
        phoneEnc: opts.cipher ? opts.cipher.encrypt(applicant.phone) : null,
        phoneMasked: maskPhone(applicant.phone),
        idNumberEnc: complete && opts.cipher ? opts.cipher.encrypt(applicant.idNumber) : null,
        idNumberMasked: complete ? maskIdNumber(applicant.idNumber) : null,
      },
      workshop: {
        name, region, address: w?.address ?? `${regions.fullName(region) ?? ''}${['柳石路', '箭盘路', '文昌路', '中山路'][i % 4]}${20 + i * 7}号`,
        location: { lat: 24.3 + i * 0.01, lng: 109.4 + i * 0.01 }, categories: w?.categories ?? [p.category],
      },
      products: [product],
      premises: { photos: [], floorPlan: null, area: complete ? 40 + i * 5 : null, water: complete ? '市政自来水' : null },
      equipment: complete ? [{ name: '操作台', quantity: 2 }, { name: '冷藏柜', quantity: 1 }] : [],
      staff: complete ? [{ name: applicant.name, healthCertNo: `JK2026${String(100 + i)}`, healthCertExpiry: `${Number(shanghaiDate(now).slice(0, 4)) + 1}-06-30` }] : [],
      commitment: complete ? { signed: true, signatureName: applicant.name, signedAt: submittedAt } : { signed: false, signatureName: null, signedAt: null },
      licence: complete
        ? { businessName: `${regions.fullName(region.slice(0, 6))?.replace(/^广西壮族自治区/, '') ?? ''}${name.replace(/作坊$/, '店')}`, operatorName: applicant.name, form: 'individual', scope: `食品小作坊生产（${product}）` }
        : { businessName: null, operatorName: null, form: null, scope: null },
      corrections,
      correctionFrom,
      deadline: deadline ?? { step: null, due: null, dueAt: null, estimated: false, pausedRemaining: null },
      siteCheck,
      decision,
      rating,
      certificateNumber: w?.certificate?.number ?? null,
      timeline,
      escalated: !!p.escalated,
      submittedAt,
      demo: true,
    });
  }
  await RegistrationModel.insertMany(docs);
  return { certificates: certDocs.length, registrations: docs.length };
}
