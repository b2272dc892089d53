// Supervision workbench (日常监督检查, 自查, 监督抽检, 行政处罚, 信用修复, 今日任务): request and response
// schemas shared by the server (validation + OpenAPI) and the staff/owner pages.
import '../zod';
import { z } from 'zod';
import { CHECKLIST_ITEMS } from '../domain/categories';
import { INSPECTION_RESULTS, RECTIFICATION_STATUSES, REPAIR_STATUSES, SAMPLE_RESULTS } from '../domain/supervision';
import { ChecklistItems, CHECK_RESULTS } from './registration';
import { IsoDate, LongText, ObjectId, RegionCode, Text } from './common';

export { ChecklistItems, CHECK_RESULTS, CHECK_RESULT_LABELS } from './registration';

export { IsoDate };
const ClientId = z.string().uuid('离线提交编号应为 UUID').meta({ description: '客户端生成的 UUID：离线队列重复提交时服务器只保存一次' });
const Photos = z.array(ObjectId).max(9);
const PageQuery = {
  page: z.coerce.number().int().min(1).max(500).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
};
export const IdParams = z.strictObject({ id: ObjectId });

// --- inspections ---
export const CreateInspectionBody = z
  .strictObject({
    clientId: ClientId,
    workshopId: ObjectId,
    date: IsoDate.optional().meta({ description: '检查日期（北京时间），默认今天；不能晚于今天（否则 422 inspection.date_invalid）' }),
    items: ChecklistItems,
    result: z.enum(INSPECTION_RESULTS).meta({ description: 'none 未发现问题 / rectify 责令整改 / case 立案调查' }),
    rectificationDeadline: IsoDate.optional().meta({ description: '整改期限（责令整改时必填）；不能早于今天（否则 422 inspection.date_invalid）' }),
    note: LongText(500, { min: 0 }).optional(),
    coInspectorIds: z.array(ObjectId).max(4).optional().meta({ description: '同行检查人员' }),
    taskId: ObjectId.optional().meta({ description: '对应的计划任务（双随机）' }),
  })
  .superRefine((b, ctx) => {
    if (b.result === 'rectify' && !b.rectificationDeadline) ctx.addIssue({ code: 'custom', message: '责令整改须填写整改期限', path: ['rectificationDeadline'] });
    const failed = CHECKLIST_ITEMS.filter((c) => b.items.some((i) => i.code === c.code && i.result === 'fail')).map((c) => c.name);
    if (b.result === 'none' && failed.length) ctx.addIssue({ code: 'custom', message: `存在不符合项（${failed.join('、')}），结论不能为“未发现问题”`, path: ['result'] });
  })
  .meta({ id: 'CreateInspection', description: 'result 为 rectify 时须填写 rectificationDeadline；有不符合项（fail）时 result 不能为 none' });
export type CreateInspectionBody = z.infer<typeof CreateInspectionBody>;

export const RectificationBody = z
  .strictObject({ note: LongText(500), photos: Photos.min(1, '请至少上传一张整改照片') })
  .meta({ id: 'Rectification' });
export const ReviewRectificationBody = z
  .strictObject({
    passed: z.boolean(),
    note: LongText(500, { min: 0 }).optional(),
    newDeadline: IsoDate.optional().meta({ description: '复查未通过时的新整改期限（必填）；不能早于今天（否则 422 inspection.date_invalid）' }),
  })
  .superRefine((b, ctx) => {
    if (!b.passed && !b.newDeadline) ctx.addIssue({ code: 'custom', message: '复查未通过须填写新的整改期限', path: ['newDeadline'] });
  })
  .meta({ id: 'ReviewRectification', description: 'passed 为 false 时须填写 newDeadline' });
export const InspectionQuery = z.strictObject({
  region: RegionCode.optional(),
  workshopId: ObjectId.optional(),
  result: z.enum(INSPECTION_RESULTS).optional(),
  rectification: z.enum(RECTIFICATION_STATUSES).optional(),
  ...PageQuery,
});

const ChecklistItemView = z.object({
  code: z.string(), name: z.string(), result: z.enum(CHECK_RESULTS), resultLabel: z.string(), note: z.string().nullable(), photos: z.array(z.string()),
});
const WorkshopRef = z.object({ id: z.string(), name: z.string(), region: z.string(), regionName: z.string(), address: z.string() });
export const RectificationView = z.object({
  status: z.enum(RECTIFICATION_STATUSES),
  statusLabel: z.string(),
  deadline: z.string().nullable().meta({ description: 'YYYY-MM-DD（北京时间）' }),
  overdue: z.boolean(),
  note: z.string().nullable(),
  photos: z.array(z.string()),
  submittedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewNote: z.string().nullable(),
});
export const InspectionView = z
  .object({
    id: z.string(),
    clientId: z.string(),
    workshop: WorkshopRef,
    date: z.string(),
    inspectors: z.array(z.object({ id: z.string(), name: z.string() })),
    office: z.string(),
    items: z.array(ChecklistItemView),
    summary: z.object({ pass: z.number(), basic: z.number(), fail: z.number() }),
    result: z.enum(INSPECTION_RESULTS),
    resultLabel: z.string(),
    note: z.string().nullable(),
    rectification: RectificationView,
    taskId: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Inspection' });
export type InspectionView = z.infer<typeof InspectionView>;
export const InspectionResponse = z.object({ data: InspectionView, replayed: z.boolean().optional().meta({ description: '同一 clientId 已保存过：返回原记录' }) }).meta({ id: 'InspectionResponse' });
export const InspectionList = z.object({ data: z.array(InspectionView), page: z.number(), pageSize: z.number(), total: z.number() }).meta({ id: 'InspectionList' });

// --- self-checks (自查) ---
export const SelfCheckBody = z.strictObject({ items: ChecklistItems, note: LongText(500, { min: 0 }).optional() }).meta({ id: 'SelfCheck' });
export const SelfCheckView = z
  .object({ id: z.string(), workshopId: z.string(), at: z.string(), items: z.array(ChecklistItemView), summary: z.object({ pass: z.number(), basic: z.number(), fail: z.number() }), note: z.string().nullable() })
  .meta({ id: 'SelfCheckView' });
export const SelfCheckList = z.object({ data: z.array(SelfCheckView) }).meta({ id: 'SelfCheckList' });

// --- today's tasks ---
export const TASK_KINDS = ['planned', 'rectification', 'sample_follow_up'] as const;
export const TaskView = z
  .object({
    kind: z.enum(TASK_KINDS).meta({ description: 'planned 计划检查（双随机）/ rectification 整改复查 / sample_follow_up 不合格抽检后处理' }),
    kindLabel: z.string(),
    id: z.string().meta({ description: '任务、检查或抽检记录编号' }),
    title: z.string(),
    due: z.string().nullable().meta({ description: 'YYYY-MM-DD（北京时间）' }),
    overdue: z.boolean(),
    workshop: WorkshopRef,
    drawId: z.string().nullable(),
  })
  .meta({ id: 'InspectorTask' });
export const TaskList = z.object({ data: z.array(TaskView) }).meta({ id: 'InspectorTaskList' });

// --- sampling ---
export const CreateSampleBody = z
  .strictObject({
    clientId: ClientId.optional(),
    workshopId: ObjectId,
    product: Text(50),
    batch: Text(50).meta({ description: '批次号或生产日期' }),
    items: z.array(Text(50)).min(1, '请至少填写一个检验项目').max(30).meta({ description: '检验项目，如 黄曲霉毒素B1' }),
    sampledAt: IsoDate.meta({ description: '抽样日期（北京时间）；不能晚于今天（否则 422 inspection.date_invalid）' }),
    lab: Text(80).optional().meta({ description: '检验机构' }),
    reportNo: Text(50).optional(),
    result: z.enum(SAMPLE_RESULTS),
    failedItems: z.array(Text(50)).max(30).optional().meta({ description: '不合格项目（不合格时必填）' }),
  })
  .superRefine((b, ctx) => {
    if (b.result === 'fail' && !b.failedItems?.length) ctx.addIssue({ code: 'custom', message: '不合格时须填写不合格项目', path: ['failedItems'] });
  })
  .meta({ id: 'CreateSample', description: 'result 为 fail 时须填写 failedItems（至少一项）' });
export const CloseFollowUpBody = z.strictObject({ disposal: LongText(500).meta({ description: '处置情况（下架召回、销毁、立案等）' }), photos: Photos.optional() }).meta({ id: 'CloseSampleFollowUp' });
export const SampleQuery = z.strictObject({
  region: RegionCode.optional(),
  workshopId: ObjectId.optional(),
  result: z.enum(SAMPLE_RESULTS).optional(),
  followUp: z.enum(['open', 'closed']).optional(),
  ...PageQuery,
});
export const SampleView = z
  .object({
    id: z.string(),
    workshop: WorkshopRef,
    product: z.string(),
    batch: z.string(),
    items: z.array(z.string()),
    sampledAt: z.string(),
    lab: z.string().nullable(),
    reportNo: z.string().nullable(),
    result: z.enum(SAMPLE_RESULTS),
    resultLabel: z.string(),
    failedItems: z.array(z.string()),
    office: z.string(),
    followUp: z.object({
      status: z.enum(['none', 'open', 'closed']), statusLabel: z.string(), due: z.string().nullable(), overdue: z.boolean(),
      disposal: z.string().nullable(), closedAt: z.string().nullable(),
    }),
    createdAt: z.string(),
  })
  .meta({ id: 'Sample' });
export const SampleResponse = z.object({ data: SampleView, replayed: z.boolean().optional() }).meta({ id: 'SampleResponse' });
export const SampleList = z.object({ data: z.array(SampleView), page: z.number(), pageSize: z.number(), total: z.number() }).meta({ id: 'SampleList' });

// --- penalties and credit repair ---
export const CreatePenaltyBody = z
  .strictObject({
    workshopId: ObjectId,
    decisionNumber: Text(60).meta({ description: '行政处罚决定书文号，如 柳鱼市监处罚〔2026〕12号' }),
    facts: LongText(2000).meta({ description: '违法事实' }),
    basis: LongText(1000).meta({ description: '处罚依据' }),
    outcome: LongText(500).meta({ description: '处罚内容（警告、罚款、没收等）' }),
    fineFen: z.number().int().min(0).max(1e11).optional().meta({ description: '罚款金额（分）' }),
    decidedAt: IsoDate.meta({ description: '处罚决定日期（北京时间）；不能晚于今天（否则 422 inspection.date_invalid）' }),
    publicityDays: z.number().int().min(90).max(1095).meta({ description: '公示期（天）：期满前不能申请信用修复；未修复的最长公示3年' }),
  })
  .meta({ id: 'CreatePenalty' });
export const RepairRequestBody = z.strictObject({ reason: LongText(1000).meta({ description: '整改情况与信用承诺' }), photos: Photos.optional() }).meta({ id: 'CreditRepairRequest' });
export const RepairReviewBody = z.strictObject({ approved: z.boolean(), note: LongText(500).optional() }).meta({ id: 'CreditRepairReview' });
export const PenaltyQuery = z.strictObject({
  region: RegionCode.optional(),
  workshopId: ObjectId.optional(),
  repair: z.enum(REPAIR_STATUSES).optional(),
  ...PageQuery,
});
export const PenaltyView = z
  .object({
    id: z.string(),
    workshop: WorkshopRef,
    decisionNumber: z.string(),
    facts: z.string(),
    basis: z.string(),
    outcome: z.string(),
    fineFen: z.number().nullable(),
    decidedAt: z.string(),
    publicityDays: z.number(),
    publicityEnds: z.string().meta({ description: '公示期届满日（此后可申请信用修复）' }),
    publicUntil: z.string().meta({ description: '在公开信用档案中显示至' }),
    public: z.boolean(),
    office: z.string(),
    repair: z.object({
      status: z.enum(REPAIR_STATUSES), statusLabel: z.string(), eligible: z.boolean(), reason: z.string().nullable(),
      requestedAt: z.string().nullable(), reviewedAt: z.string().nullable(), reviewNote: z.string().nullable(),
    }),
  })
  .meta({ id: 'Penalty' });
export const PenaltyResponse = z.object({ data: PenaltyView }).meta({ id: 'PenaltyResponse' });
export const PenaltyList = z.object({ data: z.array(PenaltyView), page: z.number(), pageSize: z.number(), total: z.number() }).meta({ id: 'PenaltyList' });

// --- risk ---
export const RiskView = z
  .object({
    grade: z.enum(['A', 'B', 'C', 'D']),
    label: z.string(),
    meaning: z.string(),
    score: z.number().nullable(),
    reasons: z.array(z.string()),
    inspectionsPerYear: z.tuple([z.number(), z.number()]),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'RiskGrade' });
