import '../zod';
import { z } from 'zod';
import { CATEGORY_CODES } from '../domain/categories';
import {
  APPLICATION_STATUSES, AWARD_STATUSES, OBJECTION_STATUSES, PROGRAM_KINDS, PROGRAM_LEVELS, QUOTA_SCOPES, RULE_ACTIONS, RULE_KINDS,
} from '../domain/programs';
import { RISK_GRADES } from '../domain/risk';
import { ExistingRegion, IsoDate, LongText, ObjectId, Phone, RegionCode, Text } from './common';

export const ProgramIdParams = z.strictObject({ id: ObjectId });
export const ApplicationIdParams = z.strictObject({ id: ObjectId });
export const AwardIdParams = z.strictObject({ id: ObjectId });

// --- programs ---
/** The parameters each rule kind needs (the others must be absent). */
const RULE_PARAMS: Record<(typeof RULE_KINDS)[number], readonly string[]> = {
  registered: [], no_penalty: ['months'], risk_grade: ['grades'], training_hours: ['hours'], category: ['categories'], years_in_business: ['years'], self_check: ['days'],
};
const PARAM_NAMES = ['months', 'grades', 'hours', 'categories', 'years', 'days'] as const;
// One flat object (not a discriminated union), so a bad parameter is reported at its own path.
export const ProgramRuleBody = z
  .strictObject({
    kind: z.enum(RULE_KINDS),
    months: z.number().int().min(1).max(120).optional().meta({ description: 'no_penalty：近 N 个月内无行政处罚' }),
    grades: z.array(z.enum(RISK_GRADES)).min(1).max(4).optional().meta({ description: 'risk_grade：允许的风险等级' }),
    hours: z.number().min(0.5).max(200).multipleOf(0.5).optional().meta({ description: 'training_hours：近12个月培训学时不少于' }),
    categories: z.array(z.enum(CATEGORY_CODES)).min(1).max(12).optional().meta({ description: 'category：生产类别' }),
    years: z.number().int().min(1).max(100).optional().meta({ description: 'years_in_business：登记经营满 N 年' }),
    days: z.number().int().min(1).max(366).optional().meta({ description: 'self_check：近 N 天内完成自查' }),
  })
  .superRefine((r, ctx) => {
    const needs = RULE_PARAMS[r.kind] ?? [];
    for (const p of PARAM_NAMES) {
      const given = r[p] !== undefined;
      if (needs.includes(p) && !given) ctx.addIssue({ code: 'custom', path: [p], message: '请填写该条件的参数' });
      if (!needs.includes(p) && given) ctx.addIssue({ code: 'custom', path: [p], message: '该条件不需要此参数' });
    }
  })
  .meta({ id: 'ProgramRule', description: '申报条件：registered 已登记且证照有效；no_penalty 近 months 个月无处罚；risk_grade 风险等级 grades；training_hours 近12个月学时 hours；category 生产类别 categories；years_in_business 从业年限 years；self_check 近 days 天自查' });
export type ProgramRuleBody = z.infer<typeof ProgramRuleBody>;

const Material = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9_]{1,29}$/, '材料代码为小写字母、数字和下划线'),
  label: Text(40),
  required: z.boolean().default(true),
});
const Quota = z.strictObject({
  perYear: z.number().int().min(1).max(10_000).meta({ description: '每年名额' }),
  scope: z.enum(QUOTA_SCOPES).default('program').meta({ description: 'program 全区域合计；county 每个区县各自计算' }),
});
const Subsidy = z.strictObject({
  fenPerYear: z.number().int().min(0).max(100_000_000).meta({ description: '传承人带徒传艺补贴（分/年）' }),
  requiredHours: z.number().min(0).max(2000).meta({ description: '全额补贴所需的年度授徒学时（不足按比例）' }),
});
const RevokeOn = z.strictObject({
  penaltyMinFineFen: z.number().int().min(0).max(100_000_000).nullable().default(0)
    .meta({ description: '罚款不低于该金额（分）的新处罚触发复核；0 任何处罚；null 处罚不触发' }),
  failedSampleItems: z.array(Text(30)).max(30).nullable().default([])
    .meta({ description: '这些检验项目不合格触发复核；[] 任何不合格抽检；null 抽检不触发' }),
});
const programFields = {
  name: Text(60),
  kind: z.enum(PROGRAM_KINDS),
  description: LongText(2000, { min: 0 }).default(''),
  badge: Text(20).optional().meta({ description: '徽章文字（默认为项目类别名称）' }),
  quota: Quota,
  applyFrom: IsoDate.meta({ description: '申报开始日期（含）' }),
  applyUntil: IsoDate.meta({ description: '申报截止日期（含）' }),
  materials: z.array(Material).max(20).default([]),
  rules: z.array(ProgramRuleBody).max(10).default([]),
  reviewSteps: z.array(Text(30)).max(10).default(['材料审查', '专家评审']),
  minScores: z.number().int().min(0).max(20).default(1).meta({ description: '批准前至少需要的评审打分人数' }),
  noticeDays: z.number().int().min(0).max(30).default(5).meta({ description: '公示期（工作日）' }),
  validityYears: z.number().int().min(1).max(20).default(3).meta({ description: '称号有效期（年）' }),
  subsidy: Subsidy.nullable().default(null),
  revokeOn: RevokeOn.default({ penaltyMinFineFen: 0, failedSampleItems: [] }),
  active: z.boolean().default(true).meta({ description: 'false：不在项目列表中展示' }),
};
const windowRule = (b: { applyFrom?: string; applyUntil?: string }, ctx: z.RefinementCtx) => {
  if (b.applyFrom && b.applyUntil && b.applyUntil < b.applyFrom) ctx.addIssue({ code: 'custom', path: ['applyUntil'], message: '申报截止日期不能早于开始日期' });
};
export const CreateProgramBody = z
  .strictObject({ ...programFields, region: ExistingRegion.refine((c) => c.length <= 6, '发布区域应为省、市或区县').meta({ description: '发布单位所在区域（省2位、市4位、区县6位）' }) })
  .superRefine(windowRule)
  .meta({ id: 'CreateProgram' });
export type CreateProgramBody = z.infer<typeof CreateProgramBody>;
export const UpdateProgramBody = z
  .strictObject({
    name: programFields.name.optional(), description: LongText(2000, { min: 0 }).optional(), badge: programFields.badge,
    quota: Quota.optional(), applyFrom: IsoDate.optional(), applyUntil: IsoDate.optional(),
    materials: z.array(Material).max(20).optional(), rules: z.array(ProgramRuleBody).max(10).optional(),
    reviewSteps: z.array(Text(30)).max(10).optional(), minScores: z.number().int().min(0).max(20).optional(),
    noticeDays: z.number().int().min(0).max(30).optional(), validityYears: z.number().int().min(1).max(20).optional(),
    subsidy: Subsidy.nullable().optional(), revokeOn: RevokeOn.optional(), active: z.boolean().optional(),
  })
  .superRefine(windowRule)
  .meta({ id: 'UpdateProgram', description: '申报窗口按修改后的完整项目检查' });
export type UpdateProgramBody = z.infer<typeof UpdateProgramBody>;

export const ProgramQuery = z.strictObject({
  region: RegionCode.optional().meta({ description: '适用于该区划的项目（本级及上级发布）' }),
  kind: z.enum(PROGRAM_KINDS).optional(),
  mine: z.enum(['1']).optional().meta({ description: '管理员：本辖区发布的全部项目（含未展示的）' }),
});

const Named = z.object({ code: z.string(), name: z.string() });
export const RuleView = z.object({
  kind: z.enum(RULE_KINDS), label: z.string(), summary: z.string(),
  params: z.object({
    months: z.number().optional(), grades: z.array(z.string()).optional(), hours: z.number().optional(),
    categories: z.array(z.string()).optional(), years: z.number().optional(), days: z.number().optional(),
  }),
});
export const ProgramView = z
  .object({
    id: z.string(), name: z.string(), kind: z.enum(PROGRAM_KINDS), kindLabel: z.string(), description: z.string(), badge: z.string(),
    region: Named, level: z.enum(PROGRAM_LEVELS), levelLabel: z.string(), issuer: z.string(),
    quota: z.object({ perYear: z.number().int(), scope: z.enum(QUOTA_SCOPES), scopeLabel: z.string() }),
    applyFrom: z.string(), applyUntil: z.string(), open: z.boolean().meta({ description: '现在可以申报' }),
    materials: z.array(z.object({ code: z.string(), label: z.string(), required: z.boolean() })),
    rules: z.array(RuleView),
    reviewSteps: z.array(z.string()), minScores: z.number().int(), noticeDays: z.number().int(), validityYears: z.number().int(),
    subsidy: z.object({ fenPerYear: z.number().int(), requiredHours: z.number(), label: z.string() }).nullable(),
    revokeOn: z.object({ penaltyMinFineFen: z.number().int().nullable(), failedSampleItems: z.array(z.string()).nullable() }),
    active: z.boolean(),
  })
  .meta({ id: 'Program' });
export type ProgramView = z.infer<typeof ProgramView>;
export const ProgramResponse = z.object({ data: ProgramView }).meta({ id: 'ProgramResponse' });
export const ProgramList = z.object({ data: z.array(ProgramView) }).meta({ id: 'ProgramList' });

// --- eligibility ---
export const EligibilityQuery = z.strictObject({ workshopId: ObjectId.optional().meta({ description: '本人名下的作坊（默认：本人最近登记的作坊）' }) });
export const RuleResult = z.object({
  kind: z.enum(RULE_KINDS), label: z.string(), summary: z.string(), passed: z.boolean(),
  current: z.string().meta({ description: '作坊目前的情况' }),
  todo: z.string().nullable().meta({ description: '未满足时：需要做什么（如“参加 8 学时培训，目前 4 学时”）' }),
  action: z.enum(RULE_ACTIONS).meta({ description: '可前往办理的页面：registration 登记；credit 信用修复；training 培训；selfCheck 自查；none 无' }),
}).meta({ id: 'EligibilityRuleResult' });
export type RuleResult = z.infer<typeof RuleResult>;
export const EligibilityResponse = z
  .object({ data: z.object({ programId: z.string(), workshop: z.object({ id: z.string(), name: z.string() }), eligible: z.boolean(), open: z.boolean(), rules: z.array(RuleResult) }) })
  .meta({ id: 'ProgramEligibility' });

export const ProgramsForMeResponse = z
  .object({
    data: z.object({
      workshop: z.object({ id: z.string(), name: z.string() }),
      programs: z.array(z.object({ program: ProgramView, eligible: z.boolean(), rules: z.array(RuleResult), applicationStatus: z.enum(APPLICATION_STATUSES).nullable().meta({ description: '本年度已有的申报状态' }) })),
    }),
  })
  .meta({ id: 'ProgramsForMe', description: '适用于作坊所在区域、正在申报期内的项目，逐条显示是否符合条件' });

// --- applications ---
export const ApplyBody = z
  .strictObject({
    workshopId: ObjectId.meta({ description: '本人名下的作坊' }),
    statement: LongText(2000, { minMessage: '请填写申报说明' }).meta({ description: '申报说明：技艺、产品、经营情况' }),
    materials: z.array(z.strictObject({ code: z.string().regex(/^[a-z][a-z0-9_]{1,29}$/, '材料代码格式不正确'), fileId: ObjectId })).max(40).default([])
      .meta({ description: '先以 purpose=program 上传（POST /files）得到的文件编号，按项目要求的材料代码' }),
  })
  .meta({ id: 'ApplyProgram' });
export type ApplyBody = z.infer<typeof ApplyBody>;

export const ScoreBody = z
  .strictObject({
    score: z.number().int().min(0).max(100),
    comment: LongText(500, { min: 0 }).optional(),
    items: z.array(z.strictObject({ name: Text(30), score: z.number().int().min(0).max(100), max: z.number().int().min(1).max(100) })).max(10).optional()
      .meta({ description: '评分表：逐项得分（各项满分之和为100，得分之和即总分）' }),
  })
  .superRefine((b, ctx) => {
    if (!b.items?.length) return;
    if (b.items.some((i) => i.score > i.max)) ctx.addIssue({ code: 'custom', path: ['items'], message: '单项得分不能超过该项满分' });
    if (b.items.reduce((t, i) => t + i.max, 0) !== 100) ctx.addIssue({ code: 'custom', path: ['items'], message: '各项满分之和应为100' });
    if (b.items.reduce((t, i) => t + i.score, 0) !== b.score) ctx.addIssue({ code: 'custom', path: ['score'], message: '总分应等于各项得分之和' });
  })
  .meta({ id: 'ScoreApplication' });
export const ApproveBody = z.strictObject({ note: LongText(500, { min: 0 }).optional() }).meta({ id: 'ApproveApplication' });
export const RejectBody = z.strictObject({ reason: LongText(500, { minMessage: '请填写不予通过的理由' }) }).meta({ id: 'RejectApplication' });
export const QuestionBody = z.strictObject({ question: LongText(500, { minMessage: '请填写问题' }) }).meta({ id: 'AskApplicant' });
export const AnswerBody = z
  .strictObject({
    questionId: ObjectId,
    answer: LongText(1000, { minMessage: '请填写答复' }),
    materials: z.array(ObjectId).max(10).default([]).meta({ description: '补充材料（purpose=program 上传的文件编号）' }),
  })
  .meta({ id: 'AnswerReviewer' });
export const ObjectionBody = z
  .strictObject({
    description: LongText(1000, { minMessage: '请填写异议内容' }),
    anonymous: z.boolean(),
    reporter: z.strictObject({ name: Text(30), phone: Phone }).optional().meta({ description: '实名时必填（需登录），加密单独保存' }),
    consent: z.literal(true, { error: '请阅读并同意举报须知' }),
  })
  .superRefine((b, ctx) => {
    if (!b.anonymous && !b.reporter) ctx.addIssue({ code: 'custom', path: ['reporter'], message: '实名异议请填写姓名和手机号' });
    if (b.anonymous && b.reporter) ctx.addIssue({ code: 'custom', path: ['reporter'], message: '匿名异议不填写身份信息' });
  })
  .meta({ id: 'ProgramObjection', description: '公示期内对拟授予作坊提出异议：作为举报（violation）受理，并关联到该申报' });
export const ObjectionResponse = z
  .object({ receiptCode: z.string(), token: z.string().meta({ description: '查询凭证：仅此一次显示' }), duplicate: z.boolean(), acceptDue: z.string() })
  .meta({ id: 'ProgramObjectionResponse' });
export const ResolveObjectionBody = z
  .strictObject({ objectionId: ObjectId.meta({ description: '异议（举报）编号' }), upheld: z.boolean().meta({ description: 'true：异议成立，申报不予通过；false：异议不成立' }), note: LongText(500, { minMessage: '请填写处理意见' }) })
  .meta({ id: 'ResolveObjection' });

export const ApplicationsQuery = z.strictObject({
  status: z.enum(APPLICATION_STATUSES).optional(),
  region: RegionCode.optional().meta({ description: '申报作坊所在区域（须在本辖区内）' }),
  page: z.coerce.number().int().min(1).max(500).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});

export const ApplicationView = z
  .object({
    id: z.string(),
    program: z.object({ id: z.string(), name: z.string(), kind: z.enum(PROGRAM_KINDS), kindLabel: z.string() }),
    workshop: z.object({ id: z.string(), name: z.string(), region: Named }),
    year: z.number().int(),
    status: z.enum(APPLICATION_STATUSES), statusLabel: z.string(),
    statement: z.string(),
    materials: z.array(z.object({ code: z.string(), label: z.string(), fileId: z.string(), url: z.string() })),
    submittedAt: z.string(),
    scores: z.array(z.object({ reviewerName: z.string(), score: z.number(), comment: z.string().nullable(), at: z.string() })).nullable()
      .meta({ description: '评审打分（仅评审人员可见）' }),
    averageScore: z.number().nullable(),
    questions: z.array(z.object({ id: z.string(), question: z.string(), askedAt: z.string(), answer: z.string().nullable(), answeredAt: z.string().nullable(), materials: z.array(z.string()) })),
    objections: z.array(z.object({ id: z.string(), receiptCode: z.string(), status: z.enum(OBJECTION_STATUSES), statusLabel: z.string(), at: z.string(), note: z.string().nullable() })).nullable()
      .meta({ description: '公示期异议（仅评审人员可见）' }),
    openObjections: z.number().int(),
    noticeFrom: z.string().nullable(), noticeUntil: z.string().nullable().meta({ description: '公示截止日期（YYYY-MM-DD）' }),
    decisionNote: z.string().nullable(), decidedAt: z.string().nullable(),
    awardId: z.string().nullable(),
    canWithdraw: z.boolean(), canAnswer: z.boolean(),
  })
  .meta({ id: 'ProgramApplication' });
export type ApplicationView = z.infer<typeof ApplicationView>;
export const ApplicationResponse = z.object({ data: ApplicationView }).meta({ id: 'ProgramApplicationResponse' });
export const ApplicationList = z.object({ data: z.array(ApplicationView), page: z.number(), pageSize: z.number(), total: z.number() }).meta({ id: 'ProgramApplicationList' });
export const MyApplicationList = z.object({ data: z.array(ApplicationView) }).meta({ id: 'MyProgramApplications' });

// --- public notice ---
export const NoticeResponse = z
  .object({
    data: z.object({
      program: z.object({ id: z.string(), name: z.string(), kindLabel: z.string(), issuer: z.string(), noticeDays: z.number().int() }),
      entries: z.array(z.object({
        applicationId: z.string(), workshop: z.object({ id: z.string(), name: z.string(), region: Named }),
        noticeFrom: z.string(), noticeUntil: z.string(),
      })),
      objectionHint: z.string(),
    }),
  })
  .meta({ id: 'ProgramNotice' });

// --- awards ---
export const AwardsQuery = z.strictObject({
  region: RegionCode.optional().meta({ description: '作坊所在区域' }),
  programId: ObjectId.optional(),
  kind: z.enum(PROGRAM_KINDS).optional(),
  heritage: z.enum(['1']).optional().meta({ description: '1：只列非遗美食（非遗项目、传承人、工作室）' }),
  page: z.coerce.number().int().min(1).max(500).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const FlaggedAwardsQuery = z.strictObject({ region: RegionCode.optional().meta({ description: '须在本辖区内' }) });

export const Story = z
  .object({ technique: z.string(), inheritor: z.string(), history: z.string(), photos: z.array(z.string()).meta({ description: '照片地址（公开）' }) })
  .meta({ id: 'HeritageStory' });
export const StoryBody = z
  .strictObject({
    technique: LongText(2000, { minMessage: '请介绍传统技艺' }).meta({ description: '技艺：原料、工序、特色' }),
    inheritor: LongText(500, { minMessage: '请介绍传承人' }).meta({ description: '传承人与传承谱系' }),
    history: LongText(3000, { minMessage: '请介绍历史渊源' }),
    photos: z.array(ObjectId).max(9, '最多9张照片').default([]).meta({ description: '先以 purpose=story 上传（公开展示）得到的文件编号' }),
  })
  .meta({ id: 'HeritageStoryBody' });
export const AwardView = z
  .object({
    id: z.string(),
    program: z.object({ id: z.string(), name: z.string(), kind: z.enum(PROGRAM_KINDS), kindLabel: z.string() }),
    badge: z.string(),
    workshop: z.object({ id: z.string(), name: z.string(), region: Named }),
    issuer: z.string(),
    grantedAt: z.string(), validUntil: z.string(),
    status: z.enum(AWARD_STATUSES), statusLabel: z.string(),
    story: Story.nullable(),
  })
  .meta({ id: 'Award' });
export type AwardView = z.infer<typeof AwardView>;
export const AwardPage = z.object({ data: z.array(AwardView), page: z.number(), pageSize: z.number(), total: z.number() }).meta({ id: 'AwardPage' });
export const AwardResponse = z.object({ data: AwardView }).meta({ id: 'AwardResponse' });
export const AwardReviewView = AwardView.extend({
  flags: z.array(z.object({ at: z.string(), reason: z.string() })),
  history: z.array(z.object({ at: z.string(), title: z.string() })),
  revokedAt: z.string().nullable(), revokeReason: z.string().nullable(),
}).meta({ id: 'AwardReview' });
export const AwardReviewResponse = z.object({ data: AwardReviewView }).meta({ id: 'AwardReviewResponse' });
export const AwardReviewList = z.object({ data: z.array(AwardReviewView) }).meta({ id: 'AwardReviewList' });
export const RevokeBody = z.strictObject({ reason: LongText(500, { minMessage: '请填写撤销理由' }) }).meta({ id: 'RevokeAward' });

// --- inheritor teaching and subsidy ---
export const TeachingBody = z
  .strictObject({
    date: IsoDate.meta({ description: '授徒日期' }),
    apprentices: z.array(Text(30)).min(1).max(50).meta({ description: '徒弟姓名' }),
    hours: z.number().min(0.5).max(24).multipleOf(0.5),
    note: LongText(500, { min: 0 }).optional(),
  })
  .meta({ id: 'RecordTeaching' });
export const SubsidyResponse = z
  .object({
    data: z.object({
      awardId: z.string(), year: z.number().int(),
      entries: z.array(z.object({ date: z.string(), apprentices: z.array(z.string()), hours: z.number(), note: z.string().nullable() })),
      hours: z.number(), apprentices: z.number().int().meta({ description: '本年度带徒人数（去重）' }),
      requiredHours: z.number(), fenPerYear: z.number().int(), dueFen: z.number().int(), dueLabel: z.string(),
    }),
  })
  .meta({ id: 'InheritorSubsidy' });
