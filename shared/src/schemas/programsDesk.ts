// The admin review desk of the programs (issue 14): the programs an admin reviews with their counts, one
// application with what a reviewer needs beside it, and keeping a flagged award after review.
import '../zod';
import { z } from 'zod';
import { APPLICATION_STATUSES } from '../domain/programs';
import { LongText } from './common';
import { ApplicationView, ProgramView, RuleResult } from './programs';

const Named = z.object({ code: z.string(), name: z.string() });

export const QuotaUse = z
  .object({
    year: z.number().int(),
    perYear: z.number().int(),
    scopeLabel: z.string(),
    used: z.number().int().meta({ description: '本辖区本年度已占用的名额（公示中与已授予）' }),
    capacity: z.number().int().meta({ description: '本辖区本年度名额总数（按区县计算时为各区县之和）' }),
    left: z.number().int(),
    byCounty: z.array(z.object({ region: Named, used: z.number().int(), left: z.number().int() })).nullable()
      .meta({ description: '按区县计算名额时，各区县的使用情况（有申报或有占用的区县）' }),
  })
  .meta({ id: 'ProgramQuotaUse' });
export type QuotaUse = z.infer<typeof QuotaUse>;

export const DeskProgram = z
  .object({
    program: ProgramView,
    canEdit: z.boolean().meta({ description: '本辖区发布的项目可修改；上级发布的只评审本辖区的申报' }),
    counts: z.record(z.enum(APPLICATION_STATUSES), z.number().int()).meta({ description: '本辖区本年度各状态的申报数' }),
    quota: QuotaUse,
    notice: z.object({ running: z.number().int(), until: z.string().nullable().meta({ description: '最晚的公示截止日期' }), openObjections: z.number().int() }),
  })
  .meta({ id: 'DeskProgram' });
export type DeskProgram = z.infer<typeof DeskProgram>;
export const DeskProgramsResponse = z
  .object({ data: z.array(DeskProgram), flagged: z.number().int().meta({ description: '本辖区待复核的称号数' }) })
  .meta({ id: 'DeskPrograms', description: '评审台：本辖区发布的项目和上级发布、本辖区作坊可申报的项目' });

export const WorkshopFacts = z
  .object({
    id: z.string(), name: z.string(), region: Named, address: z.string(),
    categories: z.array(z.string()), products: z.array(z.string()),
    status: z.string(), certificate: z.object({ number: z.string().nullable(), status: z.string().nullable(), expiresAt: z.string().nullable() }),
    riskGrade: z.string().nullable(),
    since: z.string().nullable().meta({ description: '登记日期（YYYY-MM-DD）' }),
    trainingHours: z.number().meta({ description: '近12个月培训学时' }),
    penalties24m: z.number().int().meta({ description: '近24个月行政处罚次数' }),
    lastSelfCheck: z.string().nullable(),
  })
  .meta({ id: 'ApplicantWorkshopFacts' });

export const ApplicationReview = z
  .object({
    application: ApplicationView,
    program: ProgramView,
    workshop: WorkshopFacts,
    eligibility: z.object({
      submitted: z.object({ at: z.string(), eligible: z.boolean(), rules: z.array(RuleResult) }).nullable().meta({ description: '提交申报时的资格核验结果（早期的申报没有）' }),
      current: z.object({ eligible: z.boolean(), rules: z.array(RuleResult) }).meta({ description: '按作坊目前的记录重新核验' }),
    }),
    scores: z.array(z.object({
      reviewerName: z.string(), mine: z.boolean(), score: z.number(), comment: z.string().nullable(), at: z.string(),
      items: z.array(z.object({ name: z.string(), score: z.number(), max: z.number() })).nullable(),
    })),
    objectionCases: z.array(z.object({ id: z.string().meta({ description: '异议（举报）编号' }), caseId: z.string().nullable().meta({ description: '举报案件编号（GET /tipoffs/{id} 查看内容）' }) }))
      .meta({ description: '公示异议所在的举报案件：处理前先查看异议内容' }),
    quota: QuotaUse.meta({ description: '该申报所占名额范围（项目或所在区县）本年度的使用情况' }),
    can: z.object({ score: z.boolean(), decide: z.boolean(), resolve: z.boolean() }),
  })
  .meta({ id: 'ApplicationReview' });
export type ApplicationReview = z.infer<typeof ApplicationReview>;
export const ApplicationReviewResponse = z.object({ data: ApplicationReview }).meta({ id: 'ApplicationReviewResponse' });

export const KeepAwardBody = z.strictObject({ note: LongText(500, { minMessage: '请填写复核意见' }) }).meta({ id: 'KeepAward' });
