import ExcelJS from 'exceljs';
import { KPI_LABELS } from '@shared/domain/supervision';
import {
  DashboardAwardsQuery, DashboardAwardsResponse, DashboardQuery, DashboardResponse, DashboardTrendsQuery, DashboardTrendsResponse, type DashboardRow,
} from '@shared/schemas/dashboard';
import type { ApiRouter } from '../../http/api';
import type { UserDoc } from '../../models/User';
import { regionScope } from '../../policies/jurisdiction';
import { shanghaiDate } from '../../services/calendar';
import { computeDashboard } from './kpis';
import { computeAwardsPerCounty, computeTrends } from './trends';

const TAGS = ['监管数据看板'];

function scope(user: UserDoc, q: { region?: string; year?: number }) {
  return { region: regionScope(user, q.region).code, year: q.year ?? Number(shanghaiDate(new Date()).slice(0, 4)) };
}

const PCT = '0.0%';
const RED = { argb: 'FFC0392B' };

export function dashboardRoutes(api: ApiRouter) {
  api.route('get', '/dashboard', {
    summary: '区域监管指标（县看本县，市看所辖县区；可下钻）', tags: TAGS, auth: ['admin'], query: DashboardQuery, response: DashboardResponse, errors: [403],
    description: 'region 须在本人管辖区域内，否则 403。summary 为所选区域，children 为下一级区域（省→市→县→乡镇）。',
  }, async (ctx) => {
    const { region, year } = scope(ctx.state.user!, ctx.input.query);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await computeDashboard(ctx.services, region, year);
  });

  api.route('get', '/dashboard/trends', {
    summary: '各指标近 12 个月的月度趋势', tags: TAGS, auth: ['admin'], query: DashboardTrendsQuery, response: DashboardTrendsResponse, errors: [403],
    description: 'region 须在本人管辖区域内，否则 403。比率为月末值；检查、抽检覆盖率和后处理率为当年累计（每年 1 月重新累计）。',
  }, async (ctx) => {
    const { region } = scope(ctx.state.user!, ctx.input.query);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await computeTrends(ctx.services, region, ctx.input.query.to);
  });

  api.route('get', '/dashboard/awards', {
    summary: '各县示范单位数量（对照每县约 10 家、每年不少于 3 家）', tags: TAGS, auth: ['admin'], query: DashboardAwardsQuery, response: DashboardAwardsResponse, errors: [403],
    description: 'region 须在本人管辖区域内，否则 403。按县统计在册示范单位、本年度新授予数和其他称号。',
  }, async (ctx) => {
    const { region, year } = scope(ctx.state.user!, ctx.input.query);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await computeAwardsPerCounty(ctx.services, region, year);
  });

  api.route('get', '/dashboard/export.xlsx', {
    summary: '导出区域监管指标（Excel）', tags: TAGS, auth: ['admin'], query: DashboardQuery, errors: [403],
    response: { description: 'Excel 工作簿', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  }, async (ctx) => {
    const { region, year } = scope(ctx.state.user!, ctx.input.query);
    const [d, trends, awards] = await Promise.all([
      computeDashboard(ctx.services, region, year),
      computeTrends(ctx.services, region, undefined),
      computeAwardsPerCounty(ctx.services, region, year),
    ]);
    const wb = new ExcelJS.Workbook();
    wb.creator = '食品小作坊监管服务平台';
    // Numbers stay numbers: ratios are 0–1 with a percent format, empty where there is no denominator.
    const ws = wb.addWorksheet(`${year}年监管指标`);
    ws.columns = [
      { header: '区域代码', key: 'code', width: 12 },
      { header: '区域', key: 'name', width: 16 },
      { header: '作坊数', key: 'workshops', width: 10 },
      { header: '已登记', key: 'registered', width: 10 },
      { header: KPI_LABELS.registrationRate, key: 'registrationRate', width: 10, style: { numFmt: PCT } },
      { header: `${KPI_LABELS.inspectionCoverage}（≥90%）`, key: 'inspectionCoverage', width: 20, style: { numFmt: PCT } },
      { header: `${KPI_LABELS.fileRate}（≥90%）`, key: 'fileRate', width: 14, style: { numFmt: PCT } },
      { header: `${KPI_LABELS.samplingCoverage}（≥60%）`, key: 'samplingCoverage', width: 16, style: { numFmt: PCT } },
      { header: `${KPI_LABELS.failedFollowUp}（100%）`, key: 'failedFollowUp', width: 18, style: { numFmt: PCT } },
      { header: KPI_LABELS.overdueItems, key: 'overdue', width: 10 },
      { header: KPI_LABELS.tipoffHandlingDays, key: 'tipoff', width: 18, style: { numFmt: '0.0' } },
    ];
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    const RATIOS = ['registrationRate', 'inspectionCoverage', 'fileRate', 'samplingCoverage', 'failedFollowUp'] as const;
    const addRow = (r: DashboardRow, bold = false) => {
      const row = ws.addRow({
        code: r.region.code, name: r.region.name, workshops: r.workshops, registered: r.registered,
        ...Object.fromEntries(RATIOS.map((k) => [k, r[k].value])),
        overdue: r.overdueItems.value, tipoff: r.tipoffHandling?.avgCloseDays ?? null,
      });
      if (bold) row.font = { bold: true };
      // Below target in red, as on the screen.
      for (const k of RATIOS) if (r[k].belowTarget) row.getCell(k).font = { color: RED, bold };
      if (r.overdueItems.belowTarget) row.getCell('overdue').font = { color: RED, bold };
    };
    addRow(d.summary, true);
    d.children.forEach((r) => addRow(r));

    const wt = wb.addWorksheet('月度趋势');
    wt.columns = [
      { header: '月份', key: 'month', width: 10 },
      ...RATIOS.map((k) => ({ header: KPI_LABELS[k], key: k, width: 14, style: { numFmt: PCT } })),
      { header: KPI_LABELS.overdueItems, key: 'overdueItems', width: 10 },
      { header: '检查次数', key: 'inspections', width: 10 },
      { header: '抽检批次', key: 'samples', width: 10 },
      { header: '举报案件', key: 'tipoffs', width: 10 },
      { header: '举报平均办结天数', key: 'tipoffCloseDays', width: 16, style: { numFmt: '0.0' } },
    ];
    wt.getRow(1).font = { bold: true };
    trends.months.forEach((month, i) => {
      const s = trends.series;
      wt.addRow({
        month, ...Object.fromEntries(RATIOS.map((k) => [k, s[k][i].value])),
        overdueItems: s.overdueItems[i], inspections: s.inspections[i], samples: s.samples[i], tipoffs: s.tipoffs[i], tipoffCloseDays: s.tipoffCloseDays[i],
      });
    });

    const wa = wb.addWorksheet('示范单位');
    wa.columns = [
      { header: '区域代码', key: 'code', width: 12 },
      { header: '县（市、区）', key: 'name', width: 16 },
      { header: `在册示范单位（目标约 ${awards.targets.modelUnits} 家）`, key: 'modelUnits', width: 24 },
      { header: `${year}年新授予（目标≥${awards.targets.modelUnitsPerYear} 家）`, key: 'modelUnitsThisYear', width: 24 },
      { header: '其他称号', key: 'otherAwards', width: 10 },
    ];
    wa.getRow(1).font = { bold: true };
    for (const c of awards.counties) {
      const row = wa.addRow(c);
      if (c.modelUnits < awards.targets.modelUnits) row.getCell('modelUnits').font = { color: RED };
      if (c.modelUnitsThisYear < awards.targets.modelUnitsPerYear) row.getCell('modelUnitsThisYear').font = { color: RED };
    }
    const buf = await wb.xlsx.writeBuffer();
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Content-Disposition', `attachment; filename="dashboard-${region}-${year}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${d.summary.region.name}${year}年监管指标.xlsx`)}`);
    ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    ctx.body = Buffer.from(buf as ArrayBuffer);
  });
}
