import '../zod';
import { z } from 'zod';
import { CATEGORY_CODES } from '../domain/categories';
import { RISK_GRADES } from '../domain/risk';
import { ObjectId, RegionCode, Text } from './common';

/** The 10-item checklist as the public sees it: counts and each item's result, no notes or photos. */
export const PublicChecklist = z
  .object({
    pass: z.number(),
    basic: z.number(),
    fail: z.number(),
    items: z.array(z.object({ code: z.string(), name: z.string(), result: z.enum(['pass', 'basic', 'fail']), resultLabel: z.string() })),
  })
  .meta({ id: 'PublicChecklist' });
export const PublicRectification = z
  .object({
    status: z.enum(['pending', 'submitted', 'closed', 'overdue']),
    statusLabel: z.string(),
    deadline: z.string().nullable(),
  })
  .meta({ id: 'PublicRectification' });

export const WorkshopSearchQuery = z
  .strictObject({
    q: Text(50, { min: 0 }).optional().meta({ description: '名称（中文、全拼或首字母，如 lsf）或登记证编号' }),
    region: RegionCode.optional(),
    category: z.enum(CATEGORY_CODES).optional(),
    grade: z.enum(RISK_GRADES).optional(),
    badge: Text(30, { min: 0 }).optional(),
    sort: z.enum(['relevance', 'name', 'inspected']).default('relevance'),
    page: z.coerce.number().int().min(1).max(500).default(1),
    pageSize: z.coerce.number().int().min(1).max(50).default(20),
  })
  .meta({ id: 'WorkshopSearchQuery' });
export type WorkshopSearchQuery = z.infer<typeof WorkshopSearchQuery>;

export const WorkshopSummary = z
  .object({
    id: z.string(),
    name: z.string(),
    region: z.object({ code: z.string(), name: z.string() }),
    categories: z.array(z.object({ code: z.string(), name: z.string() })),
    status: z.enum(['registered', 'unlicensed', 'cancelled']),
    statusLabel: z.string(),
    certificateStatus: z.enum(['valid', 'expired', 'revoked', 'cancelled']).nullable(),
    riskGrade: z.enum(RISK_GRADES).nullable(),
    badges: z.array(z.string()),
    lastInspectionAt: z.string().nullable(),
  })
  .meta({ id: 'WorkshopSummary' });
export type WorkshopSummary = z.infer<typeof WorkshopSummary>;

export const WorkshopPage = z
  .object({
    data: z.array(WorkshopSummary),
    page: z.number(),
    pageSize: z.number(),
    total: z.number(),
  })
  .meta({ id: 'WorkshopPage' });

export const WorkshopDetail = WorkshopSummary.extend({
  ownerName: z.string().nullable().meta({ description: '经营者姓名（脱敏）' }),
  address: z.string(),
  products: z.array(z.string()),
  certificate: z
    .object({ number: z.string(), status: z.string(), statusLabel: z.string(), issuedAt: z.string().nullable(), expiresAt: z.string().nullable() })
    .nullable(),
  risk: z
    .object({
      grade: z.string(),
      label: z.string(),
      meaning: z.string(),
      reasons: z.array(z.string()).meta({ description: '评定理由（近24个月记录）' }),
      inspectionsPerYear: z.tuple([z.number(), z.number()]).meta({ description: '每年检查频次（最少、最多）' }),
    })
    .nullable(),
  latestInspection: z
    .object({
      date: z.string(),
      result: z.string(),
      resultLabel: z.string(),
      office: z.string(),
      checklist: PublicChecklist,
      rectification: PublicRectification.nullable(),
    })
    .nullable()
    .optional()
    .meta({ description: '最近一次日常监督检查（10项检查结果与整改情况）' }),
  awards: z
    .array(z.object({
      id: z.string(), badge: z.string(), programId: z.string(), programName: z.string(), kind: z.string(), kindLabel: z.string(),
      issuer: z.string().meta({ description: '授予单位' }), grantedAt: z.string(), validUntil: z.string(),
      heritage: z.boolean().meta({ description: '非遗称号：有故事页（GET /awards/{id}）' }),
    }))
    .optional()
    .meta({ description: '有效的品牌、非遗称号（徽章），授予日期与授予单位' }),
}).meta({ id: 'WorkshopDetail' });
export type WorkshopDetail = z.infer<typeof WorkshopDetail>;

export const WorkshopIdParams = z.strictObject({ id: ObjectId });

export const CREDIT_EVENT_TYPES = ['registration', 'inspection', 'sampling', 'penalty', 'training', 'award', 'tipoff', 'certificate'] as const;

export const CreditEventView = z
  .object({
    id: z.string(),
    type: z.enum(CREDIT_EVENT_TYPES),
    at: z.string(),
    title: z.string(),
    detail: z.string().nullable(),
    result: z.string().nullable(),
    source: z.string().meta({ description: '记录来源（哪个监管部门）' }),
    checklist: PublicChecklist.nullable().optional().meta({ description: '日常检查：10项检查结果' }),
    rectification: PublicRectification.nullable().optional().meta({ description: '日常检查：整改情况' }),
    hours: z.number().nullable().optional().meta({ description: '培训：学时' }),
  })
  .meta({ id: 'CreditEvent' });
export type CreditEventView = z.infer<typeof CreditEventView>;

export const TimelineResponse = z.object({ data: z.array(CreditEventView) }).meta({ id: 'WorkshopTimeline' });

export const BlackWorkshopQuery = z.strictObject({
  region: RegionCode.optional(),
  page: z.coerce.number().int().min(1).max(500).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
});

export const BlackWorkshopView = z
  .object({ id: z.string(), name: z.string(), region: z.object({ code: z.string(), name: z.string() }), confirmedAt: z.string(), categories: z.array(z.string()) })
  .meta({ id: 'BlackWorkshop' });

export const BlackWorkshopPage = z
  .object({ data: z.array(BlackWorkshopView), page: z.number(), pageSize: z.number(), total: z.number() })
  .meta({ id: 'BlackWorkshopPage' });
