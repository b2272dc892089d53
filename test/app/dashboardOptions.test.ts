// The dashboard's chart options and the words that stand for them (what a screen reader and a reader of
// the card hear), from fixed trend and award answers.
import type { DashboardAwardsResponse, DashboardTrendsResponse } from '@shared/schemas/dashboard';
import { awardsOption, awardsSummary, monthLabel, ratioTrendOption, ratioTrendSummary, volumeSummary } from '../../miniprogram/src/packages/staff/dashboard/options';

const months = ['2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'];
const r = (value: number | null, numerator = 0, denominator = 0) => ({ value, numerator, denominator });
const zeros = () => months.map(() => 0);
const trends: DashboardTrendsResponse = {
  region: { code: '4502', name: '柳州市' },
  months,
  targets: { registrationRate: 0.9, inspectionCoverage: 0.9, fileRate: 0.9, samplingCoverage: 0.6, failedFollowUp: 1 },
  series: {
    registrationRate: months.map(() => r(null)),
    inspectionCoverage: [0.1, 0.2, 0.3, 0.4, 0.5, 0.95, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5].map((v) => r(v, v * 10, 10)),
    fileRate: months.map(() => r(1, 1, 1)),
    samplingCoverage: months.map(() => r(0.6, 6, 10)),
    failedFollowUp: months.map(() => r(null)),
    overdueItems: [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 2],
    inspections: [1, 2, 3, 4, 9, 2, 0, 1, 1, 1, 1, 1],
    samples: zeros().map((_, i) => (i === 3 ? 2 : 0)),
    tipoffs: zeros(),
    tipoffCloseDays: months.map(() => null),
  },
};

test('month labels carry the year on January and on the first month', () => {
  expect(months.map(monthLabel)).toEqual(['2025年7月', '8月', '9月', '10月', '11月', '12月', '2026年1月', '2月', '3月', '4月', '5月', '6月']);
});

test('the ratio chart plots the values with the target as a line', () => {
  const o = ratioTrendOption(trends, 'inspectionCoverage');
  expect(o.series[0].data).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.95, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5]);
  expect(o.series[0].markLine.data).toEqual([{ yAxis: 0.9 }]);
  expect(o.xAxis.data).toHaveLength(12);
});

test('the words say first, last, highest, lowest and months below target', () => {
  expect(ratioTrendSummary(trends, 'inspectionCoverage')).toBe(
    '柳州市年度检查覆盖率近 12 个月趋势（2025-07 至 2026-06），目标 90%：2025-07 为 10.0%，2026-06 为 50.0%；最高 95.0%（2025-12），最低 5.0%（2026-01）；11 个月低于目标。',
  );
  expect(ratioTrendSummary(trends, 'samplingCoverage')).toContain('0 个月低于目标');
  expect(ratioTrendSummary(trends, 'failedFollowUp')).toBe('柳州市不合格后处理率近 12 个月趋势（2025-07 至 2026-06），目标 100%：暂无数据。');
  expect(volumeSummary(trends)).toBe('柳州市近 12 个月业务量：检查 26 次（2025-11 最多，9 次），抽检 2 批次，举报 0 件，当月到期却逾期的事项共 4 件（本月 2 件）。');
});

test('awards: bars per county with both targets, and the words count the counties short of them', () => {
  const a: DashboardAwardsResponse = {
    year: 2026,
    region: { code: '4502', name: '柳州市' },
    targets: { modelUnits: 10, modelUnitsPerYear: 3 },
    counties: [
      { code: '450203', name: '鱼峰区', modelUnits: 11, modelUnitsThisYear: 3, otherAwards: 1, belowTarget: false },
      { code: '450204', name: '柳南区', modelUnits: 2, modelUnitsThisYear: 0, otherAwards: 0, belowTarget: true },
    ],
  };
  const o = awardsOption(a);
  expect(o.yAxis.data).toEqual(['鱼峰区', '柳南区']);
  expect(o.series[0].data).toEqual([11, 2]);
  expect(o.series[0].markLine.data).toEqual([{ xAxis: 10 }]);
  expect(o.series[1].markLine.data).toEqual([{ xAxis: 3 }]);
  expect(awardsSummary(a)).toBe('柳州市各县示范单位：共 2 个县（市、区），在册 13 家；目标每县约 10 家、每年不少于 3 家，1 个未达标。');
});
