// 双随机、一公开: draw tasks, published with the seed hash before the draw and the seed after it.
import '../zod';
import { z } from 'zod';
import { CATEGORY_CODES } from '../domain/categories';
import { DRAW_STATUSES } from '../domain/supervision';
import { ExistingRegion, IsoDate, ObjectId, RegionCode, Text } from './common';

export const CreateDrawBody = z
  .strictObject({
    title: Text(60).meta({ description: '任务名称，如 2026年第三季度食品小作坊双随机抽查' }),
    region: ExistingRegion,
    categories: z.array(z.enum(CATEGORY_CODES)).max(12).default([]).meta({ description: '抽查类别，空表示全部类别' }),
    sharePercent: z.number().int().min(1).max(100).meta({ description: '抽取比例（%）' }),
    periodStart: IsoDate,
    periodEnd: IsoDate,
  })
  .refine((b) => b.periodEnd >= b.periodStart, { message: '结束日期不能早于开始日期', path: ['periodEnd'] })
  .meta({ id: 'CreateDraw', description: 'periodEnd 不早于 periodStart' });

export const DrawIdParams = z.strictObject({ id: ObjectId });
export const DrawQuery = z.strictObject({
  region: RegionCode.optional(),
  page: z.coerce.number().int().min(1).max(500).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
});

const DrawSummaryShape = {
  id: z.string(),
  title: z.string(),
  region: z.object({ code: z.string(), name: z.string() }),
  categories: z.array(z.object({ code: z.string(), name: z.string() })),
  sharePercent: z.number(),
  periodStart: z.string(),
  periodEnd: z.string(),
  office: z.string(),
  status: z.enum(DRAW_STATUSES),
  statusLabel: z.string(),
  algorithm: z.string().meta({ description: '抽取算法（见 shared/src/domain/draw.ts）' }),
  seedHash: z.string().meta({ description: '抽取前公布的种子 SHA-256 哈希' }),
  seed: z.string().nullable().meta({ description: '抽取后公开的种子（64位十六进制）；sha256(seed) 应等于 seedHash' }),
  createdAt: z.string().meta({ description: '任务创建并公布种子哈希的时间（UTC）' }),
  drawableAt: z.string().meta({ description: '最早可抽取时间（UTC）：种子哈希公布满 DRAW_COMMIT_HOURS 小时（默认24）后' }),
  drawnAt: z.string().nullable(),
  count: z.number().nullable().meta({ description: '抽中作坊数' }),
};
export const DrawSummary = z.object(DrawSummaryShape).meta({ id: 'DrawSummary' });
export const DrawDetail = z
  .object({
    ...DrawSummaryShape,
    candidates: z
      .array(z.object({ id: z.string(), region: z.string(), keyCategory: z.boolean(), keyArea: z.boolean() }))
      .meta({ description: '参与抽取的作坊（复算用）' }),
    inspectors: z.array(z.object({ id: z.string(), region: z.string(), name: z.string() })).meta({ description: '执法人员名录（复算用）' }),
    results: z.array(
      z.object({
        workshop: z.object({ id: z.string(), name: z.string(), regionName: z.string() }),
        weight: z.number(),
        inspectors: z.array(z.object({ id: z.string(), name: z.string() })),
      }),
    ),
  })
  .meta({ id: 'DrawDetail' });
export const DrawResponse = z.object({ data: DrawDetail }).meta({ id: 'DrawResponse' });
export const DrawList = z.object({ data: z.array(DrawSummary), page: z.number(), pageSize: z.number(), total: z.number() }).meta({ id: 'DrawList' });
