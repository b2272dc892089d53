import ExcelJS from 'exceljs';
import { KPI_LABELS } from '@shared/domain/supervision';
import { DashboardQuery, DashboardResponse, type DashboardRow } from '@shared/schemas/dashboard';
import type { ApiRouter } from '../../http/api';
import type { UserDoc } from '../../models/User';
import { regionScope } from '../../policies/jurisdiction';
import { shanghaiDate } from '../../services/calendar';
import { computeDashboard } from './kpis';

const TAGS = ['监管数据看板'];

function scope(user: UserDoc, q: { region?: string; year?: number }) {
  return { region: regionScope(user, q.region).code, year: q.year ?? Number(shanghaiDate(new Date()).slice(0, 4)) };
}

const pct = (r: { value: number | null }) => (r.value === null ? '—' : `${(r.value * 100).toFixed(1)}%`);

export function dashboardRoutes(api: ApiRouter) {
  api.route('get', '/dashboard', {
    summary: '区域监管指标（县看本县，市看所辖县区；可下钻）', tags: TAGS, auth: ['admin'], query: DashboardQuery, response: DashboardResponse, errors: [403],
    description: 'region 须在本人管辖区域内，否则 403。summary 为所选区域，children 为下一级区域（省→市→县→乡镇）。',
  }, async (ctx) => {
    const { region, year } = scope(ctx.state.user!, ctx.input.query);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await computeDashboard(ctx.services, region, year);
  });

  api.route('get', '/dashboard/export.xlsx', {
    summary: '导出区域监管指标（Excel）', tags: TAGS, auth: ['admin'], query: DashboardQuery, errors: [403],
    response: { description: 'Excel 工作簿', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  }, async (ctx) => {
    const { region, year } = scope(ctx.state.user!, ctx.input.query);
    const d = await computeDashboard(ctx.services, region, year);
    const wb = new ExcelJS.Workbook();
    wb.creator = '食品小作坊监管服务平台';
    const ws = wb.addWorksheet(`${year}年监管指标`);
    ws.columns = [
      { header: '区域代码', key: 'code', width: 12 },
      { header: '区域', key: 'name', width: 16 },
      { header: '作坊数', key: 'workshops', width: 10 },
      { header: '已登记', key: 'registered', width: 10 },
      { header: KPI_LABELS.registrationRate, key: 'registrationRate', width: 10 },
      { header: `${KPI_LABELS.inspectionCoverage}（≥90%）`, key: 'inspectionCoverage', width: 20 },
      { header: `${KPI_LABELS.fileRate}（≥90%）`, key: 'fileRate', width: 14 },
      { header: `${KPI_LABELS.samplingCoverage}（≥60%）`, key: 'samplingCoverage', width: 16 },
      { header: `${KPI_LABELS.failedFollowUp}（100%）`, key: 'failedFollowUp', width: 18 },
      { header: KPI_LABELS.overdueItems, key: 'overdue', width: 10 },
      { header: KPI_LABELS.tipoffHandlingDays, key: 'tipoff', width: 18 },
    ];
    ws.getRow(1).font = { bold: true };
    const RATIOS = ['registrationRate', 'inspectionCoverage', 'fileRate', 'samplingCoverage', 'failedFollowUp'] as const;
    const addRow = (r: DashboardRow, bold = false) => {
      const row = ws.addRow({
        code: r.region.code, name: r.region.name, workshops: r.workshops, registered: r.registered,
        ...Object.fromEntries(RATIOS.map((k) => [k, pct(r[k])])),
        overdue: r.overdueItems.value, tipoff: r.tipoffHandling?.avgCloseDays ?? '—',
      });
      if (bold) row.font = { bold: true };
      // Below target in red, as on the screen.
      for (const k of RATIOS) if (r[k].belowTarget) row.getCell(k).font = { color: { argb: 'FFC0392B' }, bold };
      if (r.overdueItems.belowTarget) row.getCell('overdue').font = { color: { argb: 'FFC0392B' }, bold };
    };
    addRow(d.summary, true);
    d.children.forEach((r) => addRow(r));
    const buf = await wb.xlsx.writeBuffer();
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Content-Disposition', `attachment; filename="dashboard-${region}-${year}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${d.summary.region.name}${year}年监管指标.xlsx`)}`);
    ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    ctx.body = Buffer.from(buf as ArrayBuffer);
  });
}
