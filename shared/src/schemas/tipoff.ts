import '../zod';
import { z } from 'zod';
import { CATEGORY_CODES } from '../domain/categories';
import {
  REWARD_LEVEL_CODES, REWARD_STATUSES, TIPOFF_DESCRIPTION_MAX, TIPOFF_KINDS, TIPOFF_MAX_MEDIA, TIPOFF_RESULTS, TIPOFF_STATUSES,
} from '../domain/tipoff';
import { LocalRegion, ObjectId, Phone, RegionCode, Text, LongText } from './common';

const Location = z.strictObject({ lat: z.number().min(3).max(54), lng: z.number().min(73).max(136) });
const Code = z.string().trim().toUpperCase().regex(/^[A-Z0-9]{6,40}$/, '编码格式不正确');

// --- citizen ---
export const SubmitTipoffBody = z
  .strictObject({
    kind: z.enum(TIPOFF_KINDS).meta({ description: 'unlicensed 无证生产（黑作坊）；violation 已登记作坊违法违规（须选择作坊）' }),
    workshopId: ObjectId.optional().meta({ description: '被举报的已登记作坊（从查询结果中选择）' }),
    region: LocalRegion.meta({ description: '被举报地点所在区县（6位）或乡镇街道（9位）代码，须为存在的区划' }),
    location: Location.optional().meta({ description: '地图选点（GCJ-02）' }),
    address: Text(200).optional(),
    description: LongText(TIPOFF_DESCRIPTION_MAX, { minMessage: '请填写举报内容' }),
    media: z.array(ObjectId).max(TIPOFF_MAX_MEDIA, `最多上传${TIPOFF_MAX_MEDIA}个照片或视频`).default([])
      .meta({ description: '先以 purpose=tipoff 上传（POST /files，可匿名）得到的文件编号' }),
    anonymous: z.boolean(),
    reporter: z.strictObject({ name: Text(30), phone: Phone }).optional().meta({ description: '实名举报时必填（需登录），加密单独保存' }),
    consent: z.literal(true, { error: '请阅读并同意举报须知' }),
  })
  .superRefine((b, ctx) => {
    if (b.kind === 'violation' && !b.workshopId) ctx.addIssue({ code: 'custom', path: ['workshopId'], message: '请选择被举报的作坊' });
    if (!b.location && !b.address && !b.workshopId) ctx.addIssue({ code: 'custom', path: ['address'], message: '请在地图上选点或填写地址' });
    if (!b.anonymous && !b.reporter) ctx.addIssue({ code: 'custom', path: ['reporter'], message: '实名举报请填写姓名和手机号' });
    if (b.anonymous && b.reporter) ctx.addIssue({ code: 'custom', path: ['reporter'], message: '匿名举报不填写身份信息' });
  })
  .meta({
    id: 'SubmitTipoff',
    description: 'kind 为 violation 时须填写 workshopId；location、address、workshopId 至少一项；实名举报（anonymous: false）须填写 reporter，匿名举报不得填写',
  });
export type SubmitTipoffBody = z.infer<typeof SubmitTipoffBody>;

export const SubmitTipoffResponse = z
  .object({
    receiptCode: z.string().meta({ description: '回执码' }),
    token: z.string().meta({ description: '查询凭证：仅此一次显示，服务器只保存其摘要' }),
    duplicate: z.boolean().meta({ description: '10分钟内重复提交相同内容：合并为同一举报' }),
    acceptDue: z.string().meta({ description: '受理期限（YYYY-MM-DD）' }),
  })
  .meta({ id: 'SubmitTipoffResponse' });

export const TrackQuery = z.strictObject({ code: Code, token: z.string().trim().min(10).max(64) });

const DeadlineView = z.object({
  due: z.string().nullable(),
  estimated: z.boolean(),
  overdue: z.boolean(),
  metAt: z.string().nullable().meta({ description: '实际完成时间' }),
});

export const RewardPublicView = z
  .object({
    status: z.enum(REWARD_STATUSES),
    statusLabel: z.string(),
    amountFen: z.number().int(),
    levelLabel: z.string(),
    needsClaim: z.boolean().meta({ description: '尚未绑定收款人：请登录后用回执码与凭证领取' }),
    paidAt: z.string().nullable(),
  })
  .meta({ id: 'TipoffRewardPublic' });

export const TrackView = z
  .object({
    receiptCode: z.string(),
    kind: z.enum(TIPOFF_KINDS),
    kindLabel: z.string(),
    status: z.enum(TIPOFF_STATUSES),
    statusLabel: z.string(),
    submittedAt: z.string(),
    regionName: z.string(),
    office: z.string().nullable(),
    anonymous: z.boolean(),
    reportCount: z.number().int().meta({ description: '同一案件合并的举报数' }),
    deadlines: z.object({ accept: DeadlineView, close: DeadlineView.nullable(), extended: z.boolean(), extensionReason: z.string().nullable() }),
    declineReason: z.string().nullable(),
    outcome: z.object({ result: z.enum(TIPOFF_RESULTS), resultLabel: z.string(), publicReason: z.string(), closedAt: z.string() }).nullable(),
    reward: RewardPublicView.nullable(),
    rating: z.object({ score: z.number().int(), comment: z.string().nullable() }).nullable(),
    canRate: z.boolean(),
    timeline: z.array(z.object({ at: z.string(), title: z.string(), note: z.string().nullable() })),
  })
  .meta({ id: 'TipoffTrack' });
export type TrackView = z.infer<typeof TrackView>;

export const RatingBody = z
  .strictObject({ code: Code, token: z.string().trim().min(10).max(64), score: z.number().int().min(1).max(5), comment: LongText(200).optional() })
  .meta({ id: 'TipoffRating' });

export const ClaimRewardBody = z.strictObject({ code: Code, token: z.string().trim().min(10).max(64) }).meta({ id: 'TipoffClaimReward' });

/** What the mini-program passes to wx.requestMerchantTransfer (Taro.requestMerchantTransfer) to confirm a transfer bill. */
export const RewardConfirmation = z
  .object({
    mchId: z.string().meta({ description: '商户号' }),
    appId: z.string().meta({ description: '商户 AppID（小程序）' }),
    package: z.string().meta({ description: '转账单的 package_info' }),
  })
  .meta({ id: 'TipoffRewardConfirmation' });

export const MyTipoff = z
  .object({
    receiptCode: z.string(), kind: z.enum(TIPOFF_KINDS), kindLabel: z.string(), status: z.enum(TIPOFF_STATUSES), statusLabel: z.string(),
    submittedAt: z.string(), regionName: z.string(), summary: z.string(), anonymous: z.boolean(),
    resultLabel: z.string().nullable(), reward: RewardPublicView.nullable(),
  })
  .meta({ id: 'MyTipoff' });
export const MyTipoffList = z.object({ data: z.array(MyTipoff) }).meta({ id: 'MyTipoffList' });

// --- staff ---
export const TipoffInboxQuery = z.strictObject({
  status: z.enum(TIPOFF_STATUSES).optional().meta({ description: '默认：待受理与核查中' }),
  overdue: z.enum(['1']).optional(),
  region: RegionCode.optional().meta({ description: '在本辖区内再按区域筛选' }),
  page: z.coerce.number().int().min(1).max(500).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
});

export const CaseIdParams = z.strictObject({ id: ObjectId });

const MediaView = z.object({ id: z.string(), kind: z.string(), url: z.string(), thumbnailUrl: z.string().nullable() });

export const RewardView = z
  .object({
    id: z.string(),
    reportId: z.string(),
    level: z.number().int(),
    levelLabel: z.string(),
    amountFen: z.number().int(),
    reason: z.string(),
    status: z.enum(REWARD_STATUSES),
    statusLabel: z.string(),
    proposedBy: z.object({ id: z.string(), name: z.string() }),
    approvedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
    rejectReason: z.string().nullable(),
    payeeBound: z.boolean().meta({ description: '收款人已绑定（不显示身份）' }),
    attempts: z.array(z.object({ n: z.number().int(), outBatchNo: z.string(), status: z.string(), statusLabel: z.string(), reason: z.string().nullable(), at: z.string() })),
    paidAt: z.string().nullable(),
  })
  .meta({ id: 'TipoffReward' });

export const CaseView = z
  .object({
    id: z.string(),
    kind: z.enum(TIPOFF_KINDS),
    kindLabel: z.string(),
    status: z.enum(TIPOFF_STATUSES),
    statusLabel: z.string(),
    region: z.object({ code: z.string(), name: z.string() }),
    address: z.string().nullable(),
    location: Location.nullable(),
    workshop: z.object({ id: z.string(), name: z.string(), status: z.string() }).nullable(),
    reportCount: z.number().int(),
    reports: z.array(z.object({
      id: z.string(),
      submittedAt: z.string(),
      description: z.string(),
      address: z.string().nullable(),
      named: z.boolean().meta({ description: '实名举报（身份须经 POST /tipoffs/{id}/reporter 说明理由查看）' }),
      media: z.array(MediaView),
      rating: z.object({ score: z.number().int(), comment: z.string().nullable() }).nullable(),
    })),
    deadline: z.object({ step: z.enum(['accept', 'close']), due: z.string(), estimated: z.boolean(), overdue: z.boolean(), remainingWorkingDays: z.number().int() }).nullable(),
    acceptDue: z.string(),
    closeDue: z.string().nullable(),
    extended: z.boolean(),
    extensionReason: z.string().nullable(),
    escalated: z.boolean(),
    handler: z.object({ id: z.string(), name: z.string() }).nullable(),
    declineReason: z.string().nullable(),
    outcome: z.object({ result: z.enum(TIPOFF_RESULTS), resultLabel: z.string(), publicReason: z.string(), note: z.string().nullable(), closedAt: z.string() }).nullable(),
    rewards: z.array(RewardView),
    timeline: z.array(z.object({ at: z.string(), title: z.string(), note: z.string().nullable(), by: z.string() })),
    createdAt: z.string(),
  })
  .meta({ id: 'TipoffCase' });
export type CaseView = z.infer<typeof CaseView>;

export const CaseResponse = z.object({ data: CaseView }).meta({ id: 'TipoffCaseResponse' });
export const CaseList = z.object({ data: z.array(CaseView), page: z.number(), pageSize: z.number(), total: z.number() }).meta({ id: 'TipoffCaseList' });

export const DeclineBody = z.strictObject({ reason: LongText(500) }).meta({ id: 'TipoffDecline' });
export const ExtendBody = z.strictObject({ reason: LongText(500) }).meta({ id: 'TipoffExtend' });
export const CloseBody = z
  .strictObject({
    result: z.enum(TIPOFF_RESULTS),
    publicReason: LongText(200).meta({ description: '向举报人公开的简要理由' }),
    note: LongText(2000).optional().meta({ description: '内部核查记录（不公开）' }),
    workshopId: ObjectId.optional().meta({ description: '关联已有作坊档案' }),
    blackWorkshop: z.strictObject({
      name: Text(50), address: Text(200), region: LocalRegion.optional(),
      categories: z.array(z.enum(CATEGORY_CODES)).max(5).default([]),
    }).optional().meta({ description: '查实的无证生产点：建立黑作坊档案（进入曝光名单）' }),
  })
  .meta({ id: 'TipoffClose' });
export type CloseBody = z.infer<typeof CloseBody>;

export const ReporterBody = z.strictObject({ reason: LongText(200).meta({ description: '查看理由（写入审计日志）' }) }).meta({ id: 'TipoffReporterView' });
export const ReporterResponse = z
  .object({
    data: z.array(z.object({ reportId: z.string(), submittedAt: z.string(), named: z.boolean(), name: z.string().nullable(), phone: z.string().nullable() })),
  })
  .meta({ id: 'TipoffReporters' });

export const ProposeRewardBody = z
  .strictObject({ reportId: ObjectId, level: z.literal(REWARD_LEVEL_CODES).meta({ description: '奖励等级 1–4（金额见 shared/src/domain/tipoff.ts REWARD_LEVELS）' }), reason: LongText(500) })
  .meta({ id: 'TipoffProposeReward' });
export const RewardIdParams = z.strictObject({ id: ObjectId });
export const RejectRewardBody = z.strictObject({ reason: LongText(500) }).meta({ id: 'TipoffRejectReward' });
export const RewardResponse = z.object({ data: RewardView }).meta({ id: 'TipoffRewardResponse' });

export const RewardQueueQuery = z.strictObject({
  status: z.enum(REWARD_STATUSES).optional().meta({ description: '不填：待审批和发放失败的奖励' }),
});

export const RewardQueue = z
  .object({ data: z.array(z.object({ caseId: z.string(), address: z.string().nullable(), regionName: z.string(), reward: RewardView })) })
  .meta({ id: 'TipoffRewardQueue' });
