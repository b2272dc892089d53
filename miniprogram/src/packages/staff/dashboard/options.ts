// Chart options and their text alternatives for the dashboard, kept free of the chart library so that
// they can be unit-tested and so the words a screen reader hears come from the same numbers as the chart.
import { KPI_LABELS } from '@shared/domain/supervision';
import type { DashboardAwardsResponse, DashboardTrendsResponse } from '@shared/schemas/dashboard';

export const RATIOS = ['registrationRate', 'inspectionCoverage', 'fileRate', 'samplingCoverage', 'failedFollowUp'] as const;
export type RatioKey = (typeof RATIOS)[number];
export const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
/** "2026-03" → "3月" (with the year on January and on the first month). */
export const monthLabel = (m: string, i: number) => (i === 0 || m.endsWith('-01') ? `${m.slice(0, 4)}年${Number(m.slice(5))}月` : `${Number(m.slice(5))}月`);

const GREEN = '#166534';
const RED = '#b91c1c';
const BLUE = '#1a56db';
const GREY = '#4b5563';
/** Axis and legend text: 12 px, 16 px in large text (长辈版). */
const font = (large = false) => ({ fontSize: large ? 16 : 12, color: '#1f2937' });

/** One ratio indicator over 12 months, with its target as a dashed line. */
export function ratioTrendOption(t: DashboardTrendsResponse, key: RatioKey, large = false) {
  const target = t.targets[key];
  const FONT = font(large);
  return {
    animation: false,
    grid: { left: large ? 52 : 44, right: 16, top: 28, bottom: large ? 32 : 28 },
    tooltip: { trigger: 'axis', confine: true, valueFormatter: (v: number | null) => pct(v) },
    xAxis: { type: 'category', data: t.months.map(monthLabel), axisLabel: { ...FONT, hideOverlap: true } },
    yAxis: { type: 'value', min: 0, max: 1, axisLabel: { ...FONT, formatter: (v: number) => `${Math.round(v * 100)}%` } },
    series: [{
      name: KPI_LABELS[key],
      type: 'line',
      data: t.series[key].map((r) => r.value),
      connectNulls: false,
      symbolSize: 7,
      lineStyle: { width: 3, color: BLUE },
      itemStyle: { color: BLUE },
      markLine: {
        silent: true, symbol: 'none',
        lineStyle: { type: 'dashed', color: RED },
        label: { formatter: `目标 ${Math.round(target * 100)}%`, position: 'insideStartTop', ...FONT },
        data: [{ yAxis: target }],
      },
    }],
  };
}

/** Monthly work: inspections, samples, tip-offs as bars, overdue items as a line. */
export function volumeOption(t: DashboardTrendsResponse, large = false) {
  const s = t.series;
  const FONT = font(large);
  return {
    animation: false,
    grid: { left: 36, right: 16, top: 40, bottom: 28 },
    legend: { top: 0, textStyle: FONT },
    tooltip: { trigger: 'axis', confine: true },
    xAxis: { type: 'category', data: t.months.map(monthLabel), axisLabel: { ...FONT, hideOverlap: true } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: FONT },
    series: [
      { name: '检查', type: 'bar', data: s.inspections, itemStyle: { color: BLUE } },
      { name: '抽检', type: 'bar', data: s.samples, itemStyle: { color: GREEN } },
      { name: '举报', type: 'bar', data: s.tipoffs, itemStyle: { color: GREY } },
      { name: KPI_LABELS.overdueItems, type: 'line', data: s.overdueItems, lineStyle: { width: 3, color: RED }, itemStyle: { color: RED } },
    ],
  };
}

/** 示范单位 per county: shown now and granted this year, against about 10 and at least 3. */
export function awardsOption(a: DashboardAwardsResponse, large = false) {
  const FONT = font(large);
  const names = a.counties.map((c) => c.name);
  return {
    animation: false,
    grid: { left: large ? 88 : 72, right: 24, top: 36, bottom: 24 },
    legend: { top: 0, textStyle: FONT },
    tooltip: { trigger: 'axis', confine: true },
    xAxis: { type: 'value', minInterval: 1, max: (v: { max: number }) => Math.max(v.max, a.targets.modelUnits), axisLabel: FONT },
    yAxis: { type: 'category', data: names, inverse: true, axisLabel: FONT },
    series: [
      {
        name: '在册示范单位', type: 'bar', data: a.counties.map((c) => c.modelUnits), itemStyle: { color: GREEN },
        markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: RED }, label: { formatter: `约 ${a.targets.modelUnits} 家`, ...FONT }, data: [{ xAxis: a.targets.modelUnits }] },
      },
      {
        name: `${a.year}年新授予`, type: 'bar', data: a.counties.map((c) => c.modelUnitsThisYear), itemStyle: { color: BLUE },
        markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dotted', color: GREY }, label: { formatter: `每年≥${a.targets.modelUnitsPerYear}`, ...FONT }, data: [{ xAxis: a.targets.modelUnitsPerYear }] },
      },
    ],
  };
}

/** What the ratio chart shows, in words (the chart's accessible name). */
export function ratioTrendSummary(t: DashboardTrendsResponse, key: RatioKey) {
  const rows = t.series[key];
  const known = rows.map((r, i) => ({ v: r.value, m: t.months[i] })).filter((x) => x.v !== null) as { v: number; m: string }[];
  const head = `${t.region.name}${KPI_LABELS[key]}近 12 个月趋势（${t.months[0]} 至 ${t.months[11]}），目标 ${Math.round(t.targets[key] * 100)}%`;
  if (!known.length) return `${head}：暂无数据。`;
  const first = known[0];
  const last = known[known.length - 1];
  const max = known.reduce((a, b) => (b.v > a.v ? b : a));
  const min = known.reduce((a, b) => (b.v < a.v ? b : a));
  const below = known.filter((x) => x.v < t.targets[key]).length;
  return `${head}：${first.m} 为 ${pct(first.v)}，${last.m} 为 ${pct(last.v)}；最高 ${pct(max.v)}（${max.m}），最低 ${pct(min.v)}（${min.m}）；${below} 个月低于目标。`;
}

export function volumeSummary(t: DashboardTrendsResponse) {
  const s = t.series;
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const peak = s.inspections.indexOf(Math.max(...s.inspections));
  return `${t.region.name}近 12 个月业务量：检查 ${sum(s.inspections)} 次（${t.months[peak]} 最多，${s.inspections[peak]} 次），抽检 ${sum(s.samples)} 批次，举报 ${sum(s.tipoffs)} 件，当月到期却逾期的事项共 ${sum(s.overdueItems)} 件（本月 ${s.overdueItems[11]} 件）。`;
}

export function awardsSummary(a: DashboardAwardsResponse) {
  const short = a.counties.filter((c) => c.belowTarget).length;
  const total = a.counties.reduce((n, c) => n + c.modelUnits, 0);
  return `${a.region.name}各县示范单位：共 ${a.counties.length} 个县（市、区），在册 ${total} 家；目标每县约 ${a.targets.modelUnits} 家、每年不少于 ${a.targets.modelUnitsPerYear} 家，${short} 个未达标。`;
}
