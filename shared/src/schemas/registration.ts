import '../zod';
import { z } from 'zod';
import { CATEGORY_CODES, CHECKLIST_ITEMS } from '../domain/categories';
import { checkIdNumber, ID_NUMBER_MESSAGES } from '../domain/idNumber';
import { CORRECTABLE_FIELD_CODES, REGISTRATION_KINDS, REGISTRATION_STATUSES } from '../domain/registration';
import { ExistingRegion, IsoDate, LocalRegion, ObjectId, Phone, RegionCode, Text, LongText } from './common';

/** Citizen ID number (GB 11643), checked by the one shared validator; a lower-case x is kept as X. */
export const IdNumber = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^\d{17}[\dXx]$/, ID_NUMBER_MESSAGES.format)
  .superRefine((v, ctx) => {
    const r = checkIdNumber(v);
    // A wrong length or character is already reported by the pattern above.
    if (!r.ok && r.message !== ID_NUMBER_MESSAGES.format) ctx.addIssue({ code: 'custom', message: r.message });
  })
  .meta({
    description: '18位公民身份号码（GB 11643）：前两位为省级行政区划代码，第7–14位为存在的出生日期（1900年至今），末位为 ISO 7064 MOD 11-2 校验码；小写 x 按 X 保存',
    example: '45020319800101128X',
  });

export const ApplicantSection = z.strictObject({
  name: Text(30),
  phone: Phone,
  idNumber: IdNumber,
});
export const WorkshopSection = z.strictObject({
  name: Text(50),
  region: LocalRegion,
  address: Text(120),
  location: z.strictObject({ lat: z.number().min(3).max(54), lng: z.number().min(73).max(136) }).optional(),
  categories: z.array(z.enum(CATEGORY_CODES)).min(1, '请至少选择一个类别').max(5),
});
export const ProductsSection = z.array(Text(30)).min(1, '请至少填写一个品种').max(30);
export const PremisesSection = z.strictObject({
  photos: z.array(ObjectId).max(9),
  floorPlan: ObjectId.nullable(),
  area: z.number().positive().max(100000).nullable().meta({ description: '生产场所面积（平方米）' }),
  water: Text(50).nullable().meta({ description: '生产用水来源' }),
});
export const EquipmentSection = z.array(z.strictObject({ name: Text(30), quantity: z.number().int().min(1).max(999) })).max(50);
export const StaffSection = z
  .array(z.strictObject({ name: Text(30), healthCertNo: Text(40), healthCertExpiry: IsoDate }))
  .max(50);
export const CommitmentSection = z.strictObject({ signed: z.literal(true), signatureName: Text(30) });
export const LicenceSection = z.strictObject({
  businessName: Text(50).meta({ description: '个体工商户名称' }),
  operatorName: Text(30),
  form: z.enum(['individual', 'family']).meta({ description: '个人经营 / 家庭经营' }),
  scope: LongText(200).meta({ description: '经营范围' }),
});

/** A draft may hold any subset of sections; completeness is checked at submit. */
export const RegistrationDraftBody = z
  .strictObject({
    applicant: ApplicantSection.partial().optional(),
    workshop: WorkshopSection.partial().optional(),
    products: z.array(Text(30, { min: 0 })).max(30).optional(),
    premises: PremisesSection.partial().optional(),
    equipment: EquipmentSection.optional(),
    staff: StaffSection.optional(),
    commitment: CommitmentSection.optional(),
    licence: LicenceSection.partial().optional(),
  })
  .meta({ id: 'RegistrationDraft' });
export type RegistrationDraftBody = z.infer<typeof RegistrationDraftBody>;

export const CreateRegistrationBody = RegistrationDraftBody.extend({}).meta({ id: 'CreateRegistration' });

export const RegistrationIdParams = z.strictObject({ id: ObjectId });

export const RegistrationQueueQuery = z.strictObject({
  status: z.enum(REGISTRATION_STATUSES).optional(),
  overdue: z.enum(['0', '1']).optional(),
  page: z.coerce.number().int().min(1).max(500).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
});

export const RequestCorrectionBody = z
  .strictObject({
    items: z.array(z.strictObject({ field: z.enum(CORRECTABLE_FIELD_CODES), reason: LongText(200) })).min(1, '请至少指出一项需补正的内容').max(10),
  })
  .meta({ id: 'RequestCorrection' });

export const ScheduleSiteCheckBody = z
  .strictObject({
    inspectorIds: z.array(ObjectId).min(2, '现场核查需至少两名监管人员').max(5)
      .meta({ description: '至少两名不同的本辖区监管人员（否则 422 registration.site_check_inspectors）' }),
    date: IsoDate.meta({ description: '核查日期：今天或以后（否则 422 registration.site_check_past），受理后规定工作日内（否则 422 registration.site_check_late）。核查结果录入前可重新安排' }),
  })
  .meta({ id: 'ScheduleSiteCheck' });

export const CHECK_RESULTS = ['pass', 'basic', 'fail'] as const;
export const CHECK_RESULT_LABELS = { pass: '符合', basic: '基本符合', fail: '不符合' } as const;
const CHECKLIST_CODES = CHECKLIST_ITEMS.map((i) => i.code) as [string, ...string[]];
/** What is wrong with a checklist of the right length or not: the missing items by name, or a repeated one. */
function checklistProblem(items: unknown): string | null {
  if (!Array.isArray(items)) return null;
  const codes = items.map((i) => (i && typeof i === 'object' ? (i as { code?: unknown }).code : undefined));
  const missing = CHECKLIST_ITEMS.filter((c) => !codes.includes(c.code));
  if (missing.length) return `缺少检查项：${missing.map((c) => c.name).join('、')}`;
  return new Set(codes).size !== codes.length ? '检查项重复' : null;
}
/**
 * The 10-item checklist: each item exactly once. The count is in the document (minItems = maxItems = 10);
 * that every code appears once is a refinement, said in the description.
 */
export const ChecklistItems = z
  .array(z.strictObject({ code: z.enum(CHECKLIST_CODES), result: z.enum(CHECK_RESULTS), note: LongText(200, { min: 0 }).optional(), photos: z.array(ObjectId).max(9).optional() }))
  .length(CHECKLIST_ITEMS.length, { error: (iss) => checklistProblem(iss.input) ?? `检查表应为${CHECKLIST_ITEMS.length}项` })
  .superRefine((items, ctx) => {
    // A list of the wrong length is already reported above.
    const problem = items.length === CHECKLIST_ITEMS.length ? checklistProblem(items) : null;
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [] });
  })
  .meta({ description: `${CHECKLIST_ITEMS.length}项检查表：${CHECKLIST_CODES.join('、')} 每项恰好一次（不缺项、不重复）` });

export const SiteCheckResultBody = z
  .strictObject({ items: ChecklistItems, passed: z.boolean(), note: LongText(500, { min: 0 }).optional() })
  .meta({ id: 'SiteCheckResult' });

export const ApproveBody = z.strictObject({ note: LongText(200, { min: 0 }).optional() }).meta({ id: 'ApproveRegistration' });
export const WithdrawBody = z
  .strictObject({ reason: LongText(200).optional().meta({ description: '撤回原因（选填）' }) })
  .meta({ id: 'WithdrawRegistration' });

export const RateServiceBody = z
  .strictObject({
    score: z.int().min(1, '请选择评价等级').max(5, '请选择评价等级').meta({ description: '5 非常满意 · 4 满意 · 3 基本满意 · 2 不满意 · 1 非常不满意' }),
    comment: LongText(300, { min: 0 }).optional().meta({ description: '意见建议（选填；差评请写明原因，便于核实整改）' }),
  })
  .meta({ id: 'RateService' });

export const ReplyRatingBody = z
  .strictObject({ answer: LongText(500).meta({ description: '核实整改情况的答复（申请人可见）' }) })
  .meta({ id: 'ReplyRating' });

/** 好差评 on a decided application: the applicant's rating and, for a bad one, the office's answer. */
export const ServiceRatingView = z.object({
  score: z.number(),
  label: z.string(),
  comment: z.string().nullable(),
  at: z.string(),
  bad: z.boolean().meta({ description: '差评（不满意、非常不满意）：须在 15 个工作日内核实答复' }),
  replyDue: z.string().nullable().meta({ description: '差评的答复期限，YYYY-MM-DD（北京时间）' }),
  reply: z.object({ answer: z.string(), at: z.string(), by: z.string() }).nullable(),
});

export const RejectBody = z
  .strictObject({ reason: LongText(500), appealNotice: LongText(300).optional() })
  .meta({ id: 'RejectRegistration' });

export const ChangeBody = z
  .strictObject({
    address: Text(120).optional(),
    region: LocalRegion.optional(),
    products: z.array(Text(30)).min(1).max(30).optional(),
    staff: StaffSection.optional(),
    reason: LongText(200),
  })
  .meta({ id: 'WorkshopChange' });
export const CancellationBody = z.strictObject({ reason: LongText(200) }).meta({ id: 'WorkshopCancellation' });
export const RenewalBody = z.strictObject({ note: LongText(200, { min: 0 }).optional() }).meta({ id: 'WorkshopRenewal' });
export const WorkshopParams = z.strictObject({ id: ObjectId });

const DeadlineView = z.object({
  step: z.enum(['accept', 'site_check', 'decision']),
  stepLabel: z.string(),
  due: z.string().meta({ description: 'YYYY-MM-DD（北京时间）' }),
  estimated: z.boolean().meta({ description: '该年度法定节假日安排未公布，期限为估算' }),
  overdue: z.boolean(),
  paused: z.boolean(),
  remainingWorkingDays: z.number().nullable(),
});

export const RegistrationView = z
  .object({
    id: z.string(),
    kind: z.enum(REGISTRATION_KINDS),
    kindLabel: z.string(),
    status: z.enum(REGISTRATION_STATUSES),
    statusLabel: z.string(),
    applicant: z.object({ name: z.string().nullable(), phone: z.string().nullable(), idNumber: z.string().nullable() }).meta({ description: '手机号和身份证号脱敏显示' }),
    workshop: z.object({
      id: z.string().nullable(),
      name: z.string().nullable(),
      region: z.string().nullable(),
      regionName: z.string().nullable(),
      address: z.string().nullable(),
      location: z.object({ lat: z.number(), lng: z.number() }).nullable(),
      categories: z.array(z.string()),
    }),
    products: z.array(z.string()),
    premises: z.object({ photos: z.array(z.string()), floorPlan: z.string().nullable(), area: z.number().nullable(), water: z.string().nullable() }),
    equipment: z.array(z.object({ name: z.string(), quantity: z.number() })),
    staff: z.array(z.object({ name: z.string(), healthCertNo: z.string(), healthCertExpiry: z.string() })),
    commitment: z.object({ signed: z.boolean(), signatureName: z.string().nullable(), signedAt: z.string().nullable() }),
    licence: z.object({ businessName: z.string().nullable(), operatorName: z.string().nullable(), form: z.string().nullable(), scope: z.string().nullable() }),
    change: z.record(z.string(), z.unknown()).nullable(),
    reason: z.string().nullable(),
    corrections: z.array(z.object({ field: z.string(), fieldLabel: z.string(), reason: z.string() })),
    deadline: DeadlineView.nullable(),
    office: z.string().nullable().meta({ description: '承办机关' }),
    siteCheck: z
      .object({
        date: z.string().nullable(),
        inspectors: z.array(z.object({ id: z.string(), name: z.string() })),
        result: z.object({ passed: z.boolean(), note: z.string().nullable(), items: z.array(z.object({ code: z.string(), name: z.string(), result: z.string(), resultLabel: z.string(), note: z.string().nullable() })), at: z.string() }).nullable(),
      })
      .nullable(),
    decision: z.object({ result: z.enum(['approved', 'rejected']), reason: z.string().nullable(), appealNotice: z.string().nullable(), at: z.string() }).nullable(),
    certificateNumber: z.string().nullable(),
    certificatePending: z.boolean().meta({ description: '已准予登记，登记证与作坊档案正在生成（几秒内完成）' }),
    timeline: z.array(z.object({ at: z.string(), status: z.string(), statusLabel: z.string(), title: z.string(), note: z.string().nullable(), by: z.string() })),
    checks: z.object({
      missing: z.array(z.string()).meta({ description: '提交前仍缺少的材料' }),
      negativeList: z.array(z.object({ product: z.string(), item: z.string(), reason: z.string() })),
      duplicates: z.array(z.object({ id: z.string(), name: z.string(), address: z.string() })).meta({ description: '同一地址已登记的作坊' }),
    }),
    escalated: z.boolean(),
    rating: ServiceRatingView.nullable().meta({ description: '好差评（办结后申请人评价）' }),
    canRate: z.boolean().meta({ description: '已作出决定且尚未评价（仅申请人可以评价）' }),
    submittedAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Registration' });
export type RegistrationView = z.infer<typeof RegistrationView>;

export const RegistrationResponse = z.object({ data: RegistrationView }).meta({ id: 'RegistrationResponse' });
export const RegistrationList = z
  .object({ data: z.array(RegistrationView), page: z.number(), pageSize: z.number(), total: z.number() })
  .meta({ id: 'RegistrationList' });

export const CertificateView = z
  .object({
    number: z.string(),
    status: z.enum(['valid', 'expired', 'revoked', 'cancelled']),
    statusLabel: z.string(),
    workshop: z.object({ id: z.string(), name: z.string(), address: z.string(), regionName: z.string() }),
    ownerName: z.string().nullable(),
    scope: z.array(z.string()),
    categories: z.array(z.string()),
    issuedAt: z.string(),
    expiresAt: z.string(),
    issuer: z.string(),
    verifyUrl: z.string(),
    renewalOpen: z.boolean(),
  })
  .meta({ id: 'Certificate' });
export type CertificateView = z.infer<typeof CertificateView>;

export const CertificateNumberParams = z.strictObject({ number: z.string().trim().regex(/^[A-Za-z0-9-]{6,40}$/, '编号格式不正确') });

export const NegativeListItem = z.strictObject({ item: Text(30), keywords: z.array(Text(20)).max(20).default([]), reason: LongText(200) });
export const NegativeListQuery = z.strictObject({ region: RegionCode.optional() });
export const NegativeListBody = z.strictObject({ region: ExistingRegion, items: z.array(NegativeListItem).max(200) }).meta({ id: 'NegativeListUpdate' });
export const NegativeListResponse = z
  .object({
    region: z.string().nullable(),
    items: z.array(z.object({ item: z.string(), keywords: z.array(z.string()), reason: z.string(), region: z.string() })),
  })
  .meta({ id: 'NegativeList' });

export const RatingSummaryQuery = z
  .strictObject({
    region: RegionCode.optional().meta({ description: '默认本人管辖区域' }),
    year: z.coerce.number().int().min(2000).max(2100).optional().meta({ description: '默认本年（北京时间）' }),
  })
  .meta({ id: 'RatingSummaryQuery' });

const RatingCounts = z.object({
  total: z.number(),
  levels: z.array(z.object({ score: z.number(), label: z.string(), count: z.number() })).meta({ description: '从“非常满意”到“非常不满意”' }),
  satisfaction: z.number().nullable().meta({ description: '满意率：基本满意及以上所占比例（0–1），无评价时为 null' }),
  badOpen: z.number().meta({ description: '待答复的差评' }),
});

export const RatingSummary = z
  .object({
    region: z.object({ code: z.string(), name: z.string() }),
    year: z.number(),
    summary: RatingCounts,
    children: z.array(RatingCounts.extend({ region: z.object({ code: z.string(), name: z.string() }) })).meta({ description: '下一级区域（按办理机关）' }),
    pending: z.array(z.object({
      id: z.string(), workshopName: z.string().nullable(), score: z.number(), label: z.string(), comment: z.string().nullable(),
      at: z.string(), replyDue: z.string().nullable(), overdue: z.boolean(),
    })).meta({ description: '待答复的差评，最早的在前（最多 50 条）' }),
  })
  .meta({ id: 'RatingSummary' });
export type RatingSummary = z.infer<typeof RatingSummary>;
