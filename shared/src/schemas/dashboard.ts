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

// Monthly trend of each indicator over the last 12 months (Asia/Shanghai months).
export const DashboardTrendsQuery = z.strictObject({
  region: RegionCode.optional().meta({ description: '须在本人管辖区域内；默认本人管辖区域' }),
  to: z.string().regex(/^20\d{2}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM（2000 年以后）').optional().meta({ description: '最后一个月（YYYY-MM，北京时间），默认本月；共 12 个月' }),
});

const MonthRatio = z.object({ value: z.number().nullable(), numerator: z.number(), denominator: z.number() });

export const DashboardTrendsResponse = z
  .object({
    region: z.object({ code: z.string(), name: z.string() }),
    months: z.array(z.string()).meta({ description: '12 个月（YYYY-MM），由远及近' }),
    targets: z.object({
      registrationRate: z.number(), inspectionCoverage: z.number(), fileRate: z.number(), samplingCoverage: z.number(), failedFollowUp: z.number(),
    }),
    series: z.object({
      registrationRate: z.array(MonthRatio).meta({ description: '月末登记率：月末前已登记 / 月末前已知作坊（含查实无证作坊）' }),
      inspectionCoverage: z.array(MonthRatio).meta({ description: '当年截至月末的检查覆盖率（每年 1 月重新累计）' }),
      fileRate: z.array(MonthRatio).meta({ description: '月末建档率：月末前有信用记录的已登记作坊占比' }),
      samplingCoverage: z.array(MonthRatio).meta({ description: '当年截至月末的抽检覆盖率（每年 1 月重新累计）' }),
      failedFollowUp: z.array(MonthRatio).meta({ description: '当年截至月末的不合格抽检中，月末前已完成后处理的占比' }),
      overdueItems: z.array(z.number()).meta({ description: '当月到期却逾期的事项：逾期提交的整改 + 仍未办结的超期登记申请' }),
      inspections: z.array(z.number()).meta({ description: '当月检查次数' }),
      samples: z.array(z.number()).meta({ description: '当月抽检批次' }),
      tipoffs: z.array(z.number()).meta({ description: '当月收到的举报案件' }),
      tipoffCloseDays: z.array(z.number().nullable()).meta({ description: '当月收到且已办结的举报平均办结天数（自然日）' }),
    }),
  })
  .meta({ id: 'DashboardTrends' });
export type DashboardTrendsResponse = z.infer<typeof DashboardTrendsResponse>;

// 示范单位 per county against the seed-001 targets (about 10 per county, at least 3 a year).
export const DashboardAwardsQuery = DashboardQuery;

export const DashboardAwardsResponse = z
  .object({
    year: z.number(),
    region: z.object({ code: z.string(), name: z.string() }),
    targets: z.object({ modelUnits: z.number(), modelUnitsPerYear: z.number() }),
    counties: z.array(z.object({
      code: z.string(),
      name: z.string(),
      modelUnits: z.number().meta({ description: '在册示范单位（有效或待复核）' }),
      modelUnitsThisYear: z.number().meta({ description: '本年度新授予的示范单位（含之后被撤销的）' }),
      otherAwards: z.number().meta({ description: '在册的其他称号（非遗、名特优、老字号等）' }),
      belowTarget: z.boolean().meta({ description: '在册少于约 10 家或本年度少于 3 家' }),
    })),
  })
  .meta({ id: 'DashboardAwards' });
export type DashboardAwardsResponse = z.infer<typeof DashboardAwardsResponse>;
