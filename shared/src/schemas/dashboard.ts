// Regional dashboard (admin): KPIs against the seed-001 targets, with child regions for drill-down.
import '../zod';
import { z } from 'zod';
import { RegionCode } from './common';

export const DashboardQuery = z.strictObject({
  region: RegionCode.optional().meta({ description: '须在本人管辖区域内；默认本人管辖区域' }),
  year: z.coerce.number().int().min(2020).max(2100).optional().meta({ description: '统计年度，默认今年（北京时间）' }),
});

const Ratio = z
  .object({
    value: z.number().nullable().meta({ description: '0–1；分母为0时为 null' }),
    numerator: z.number(),
    denominator: z.number(),
    target: z.number(),
    belowTarget: z.boolean().meta({ description: '低于目标（界面标红）' }),
  })
  .meta({ id: 'KpiRatio' });

export const DashboardRow = z
  .object({
    region: z.object({ code: z.string(), name: z.string(), level: z.enum(['province', 'city', 'county', 'township']) }),
    workshops: z.number().meta({ description: '已知作坊（已登记 + 查实的无证作坊）' }),
    registered: z.number(),
    registrationRate: Ratio,
    inspectionCoverage: Ratio.meta({ description: '本年度至少检查一次的已登记作坊占比（目标≥90%）' }),
    fileRate: Ratio.meta({ description: '有信用记录的已登记作坊占比（目标≥90%）' }),
    samplingCoverage: Ratio.meta({ description: '本年度至少抽检一次的已登记作坊占比（目标≥60%）' }),
    failedFollowUp: Ratio.meta({ description: '本年度不合格抽检已完成后处理的占比（目标100%）' }),
    overdueItems: z.object({
      value: z.number(), registrations: z.number(), rectifications: z.number(), target: z.number(), belowTarget: z.boolean(),
    }).meta({ description: '逾期事项：超期未办的登记申请 + 逾期未整改的检查（目标0；belowTarget 表示未达标）' }),
    tipoffHandling: z
      .object({ cases: z.number(), avgAcceptDays: z.number().nullable(), avgCloseDays: z.number().nullable(), open: z.number() })
      .nullable()
      .meta({ description: '举报办理时长（自然日，平均）；无举报数据时为 null' }),
  })
  .meta({ id: 'DashboardRow' });
export type DashboardRow = z.infer<typeof DashboardRow>;

export const DashboardResponse = z
  .object({ year: z.number(), generatedAt: z.string(), summary: DashboardRow, children: z.array(DashboardRow) })
  .meta({ id: 'Dashboard' });
export type DashboardResponse = z.infer<typeof DashboardResponse>;
