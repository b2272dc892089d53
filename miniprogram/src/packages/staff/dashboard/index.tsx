import { useMemo, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { KPI_LABELS } from '@shared/domain/supervision';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Page from '@/components/Page';
import { usePageData } from '@/hooks/usePageData';
import { redirectToLogin } from '@/services/navigation';
import { showError } from '@/services/request';
import { hasRole, useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { downloadExport } from '@/services/exportFile';
import { supervisionApi, type DashboardAwardsResponse, type DashboardRow, type DashboardTrendsResponse } from '../lib/supervision';
import Chart from './Chart';
import RatingsCard from './RatingsCard';
import { RATIOS, awardsOption, awardsSummary, pct, ratioTrendOption, ratioTrendSummary, volumeOption, volumeSummary, type RatioKey } from './options';
import '../lib/staff.scss';
import './index.scss';

/**
 * 区域监管指标 for admins: each KPI against its target (red when below), its monthly trend over 12 months
 * (ECharts), monthly work and overdue items, 示范单位 per county against the seed targets, the next level's
 * regions to compare and drill into, and the Excel export. Every chart is named by a summary in words and
 * has its numbers in a table. On a desktop browser (≥ 1024 px) the cards sit in a grid.
 */
export default function Dashboard() {
  const { user } = useAppState();
  const [path, setPath] = useState<Array<{ code: string; name: string }>>([]);
  const [kpi, setKpi] = useState<RatioKey>('inspectionCoverage');
  const region = path[path.length - 1]?.code;
  const allowed = !!user && hasRole(user, ['admin']);
  const { state, data, retry } = usePageData(async () => {
    const [dash, trends, awards] = await Promise.all([
      supervisionApi.dashboard(region), supervisionApi.dashboardTrends(region), supervisionApi.dashboardAwards(region),
    ]);
    return { dash, trends, awards };
  }, { deps: [region], enabled: allowed });

  if (!allowed) {
    return (
      <Page className='dash'>
        <EmptyState status='forbidden' description='仅限管理员查看。' actions={user ? [] : [{ text: '登录', onClick: () => redirectToLogin(), variant: 'primary' }]} />
      </Page>
    );
  }

  const d = data?.dash;
  const s = d?.summary;
  const exportXlsx = () => {
    const code = s?.region.code ?? region ?? '';
    downloadExport(`/dashboard/export.xlsx${code ? `?region=${code}` : ''}`, `监管指标-${s?.region.name ?? code}-${d?.year ?? ''}.xlsx`).catch(showError);
  };
  const drill = (r: DashboardRow) => {
    if (r.region.level !== 'township') setPath([...(path.length ? path : s ? [{ code: s.region.code, name: s.region.name }] : []), { code: r.region.code, name: r.region.name }]);
  };

  return (
    <Page className='dash'>
      <View className='dash__crumbs'>
        {(s ? (path.length ? path : [{ code: s.region.code, name: s.region.name }]) : path).map((p, i, list) => {
          const go = () => setPath(list.slice(0, i + 1));
          return (
            <Text key={p.code} className={cx('dash__crumb', i === list.length - 1 && 'dash__crumb--current')} onClick={go} {...a11y({ role: 'button', label: `查看${p.name}`, onActivate: go })}>
              {i ? '› ' : ''}{p.name}
            </Text>
          );
        })}
      </View>
      {state.status === 'loading' ? <EmptyState status='loading' title='正在统计…' /> : null}
      {state.status !== 'loading' && state.status !== 'ready' ? <EmptyState problem={state} title={state.status === 'error' ? `指标加载失败：${state.title}` : undefined} onRetry={retry} /> : null}
      {s && data ? (
        <>
          <Text className='section-title' {...a11y({ role: 'heading', level: 1 })}>{s.region.name} {d.year} 年度指标</Text>
          <View className='dash__grid'>
            <View className='card dash__card' data-card='kpis'>
              <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>年度指标</Text>
              <Text className='muted'>作坊 {s.workshops} 户，已登记 {s.registered} 户</Text>
              {RATIOS.map((k) => <KpiBar key={k} label={KPI_LABELS[k]} r={s[k]} />)}
              <View className={cx('dash__kpi', s.overdueItems.belowTarget && 'dash__kpi--bad')}>
                <Text className='dash__kpi-label'>{KPI_LABELS.overdueItems}</Text>
                <Text className='dash__kpi-value'>{s.overdueItems.value} 件（登记 {s.overdueItems.registrations}，整改 {s.overdueItems.rectifications}）· 目标 0</Text>
              </View>
              {s.tipoffHandling ? (
                <View className='dash__kpi'>
                  <Text className='dash__kpi-label'>{KPI_LABELS.tipoffHandlingDays}</Text>
                  <Text className='dash__kpi-value'>受理 {s.tipoffHandling.avgAcceptDays ?? '—'} 天，办结 {s.tipoffHandling.avgCloseDays ?? '—'} 天（{s.tipoffHandling.cases} 件，在办 {s.tipoffHandling.open}）</Text>
                </View>
              ) : null}
              <ActionButton block onClick={exportXlsx}>导出 Excel</ActionButton>
            </View>

            <TrendCard trends={data.trends} kpi={kpi} setKpi={setKpi} />
            <VolumeCard trends={data.trends} />
            <AwardsCard awards={data.awards} />
            <RatingsCard region={region} />

            {d.children?.length ? (
              <View className='card dash__card' data-card='children'>
                <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>下级区域对比：{KPI_LABELS[kpi]}</Text>
                {d.children.map((c) => (
                  <View key={c.region.code} className='dash__child' data-code={c.region.code} onClick={() => drill(c)} {...(c.region.level !== 'township' ? a11y({ role: 'link', label: `${c.region.name}：${KPI_LABELS[kpi]} ${pct(c[kpi].value)}${c[kpi].belowTarget ? '，未达标' : ''}，查看下级`, onActivate: () => drill(c) }) : {})}>
                    <KpiBar label={c.region.name} r={c[kpi]} />
                  </View>
                ))}
              </View>
            ) : null}
          </View>
        </>
      ) : null}
    </Page>
  );
}

function TrendCard({ trends, kpi, setKpi }: { trends: DashboardTrendsResponse; kpi: RatioKey; setKpi: (k: RatioKey) => void }) {
  const { largeText } = useAppState();
  const option = useMemo(() => ratioTrendOption(trends, kpi, largeText), [trends, kpi, largeText]);
  const summary = ratioTrendSummary(trends, kpi);
  return (
    <View className='card dash__card' data-card='trend'>
      <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>近 12 个月趋势</Text>
      <View className='chips' role='radiogroup' aria-label='趋势和对比的指标'>
        {RATIOS.map((k) => (
          <Text key={k} className={cx('chip', kpi === k && 'chip--on')} onClick={() => setKpi(k)} {...a11y({ role: 'radio', checked: kpi === k, onActivate: () => setKpi(k) })}>{KPI_LABELS[k]}</Text>
        ))}
      </View>
      <Chart key={`${trends.region.code}-${kpi}-${largeText}`} option={option} testId='trend-chart' />
      <Text className='dash__summary'>{summary}</Text>
      <TableToggle caption={`${KPI_LABELS[kpi]}逐月数据`} head={['月份', KPI_LABELS[kpi], '分子/分母']}
        rows={trends.months.map((m, i) => { const r = trends.series[kpi][i]; return [m, pct(r.value), `${r.numerator}/${r.denominator}`]; })} />
    </View>
  );
}

function VolumeCard({ trends }: { trends: DashboardTrendsResponse }) {
  const { largeText } = useAppState();
  const option = useMemo(() => volumeOption(trends, largeText), [trends, largeText]);
  const summary = volumeSummary(trends);
  const s = trends.series;
  return (
    <View className='card dash__card' data-card='volume'>
      <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>月度业务量与逾期事项</Text>
      <Chart key={`${trends.region.code}-${largeText}`} option={option} testId='volume-chart' />
      <Text className='dash__summary'>{summary}</Text>
      <TableToggle caption='月度业务量逐月数据' head={['月份', '检查', '抽检', '举报', '逾期', '办结天数']}
        rows={trends.months.map((m, i) => [m, String(s.inspections[i]), String(s.samples[i]), String(s.tipoffs[i]), String(s.overdueItems[i]), s.tipoffCloseDays[i] === null ? '—' : String(s.tipoffCloseDays[i])])} />
    </View>
  );
}

const CHART_COUNTIES = 15;

function AwardsCard({ awards }: { awards: DashboardAwardsResponse }) {
  // A province has about a hundred counties: the chart then shows the 15 with the most, the table all.
  const { largeText } = useAppState();
  const many = awards.counties.length > CHART_COUNTIES;
  const option = useMemo(() => awardsOption(many ? { ...awards, counties: [...awards.counties].sort((a, b) => b.modelUnits - a.modelUnits).slice(0, CHART_COUNTIES) } : awards, largeText), [awards, many, largeText]);
  const summary = awardsSummary(awards);
  return (
    <View className='card dash__card' data-card='awards'>
      <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>示范单位（各县）</Text>
      <Text className='muted'>目标：每县约 {awards.targets.modelUnits} 家，每年新增不少于 {awards.targets.modelUnitsPerYear} 家</Text>
      {many ? <Text className='muted'>图中为在册最多的 {CHART_COUNTIES} 个县，表中为全部。</Text> : null}
      {awards.counties.length > 1 ? <Chart key={`${awards.region.code}-${largeText}`} option={option} height={60 + Math.min(awards.counties.length, CHART_COUNTIES) * 36} testId='awards-chart' /> : null}
      <Text className='dash__summary'>{summary}</Text>
      <DataTable caption={`示范单位：${awards.year} 年`} head={['县（市、区）', '在册', `${awards.year}年新授予`, '其他称号']}
        rows={awards.counties.map((c) => [c.name, String(c.modelUnits), String(c.modelUnitsThisYear), String(c.otherAwards)])}
        bad={awards.counties.map((c) => c.belowTarget)} />
    </View>
  );
}

/** A table with ARIA roles (Taro has no table component); the first cell of each row is its header. */
function DataTable({ caption, head, rows, bad }: { caption: string; head: string[]; rows: string[][]; bad?: boolean[] }) {
  return (
    <View className='dash__table' role='table' aria-label={caption}>
      <View className='dash__tr' role='row'>
        {head.map((h) => <View key={h} className='dash__th' role='columnheader'>{h}</View>)}
      </View>
      {rows.map((r, i) => (
        <View key={r[0]} className={cx('dash__tr', bad?.[i] && 'dash__tr--bad')} role='row'>
          {r.map((c, j) => <View key={j} className={j ? 'dash__td' : 'dash__th'} role={j ? 'cell' : 'rowheader'}>{c}</View>)}
        </View>
      ))}
    </View>
  );
}

function TableToggle(props: { caption: string; head: string[]; rows: string[][] }) {
  const [open, setOpen] = useState(false);
  const toggle = () => setOpen(!open);
  return (
    <>
      <Text className='dash__toggle' onClick={toggle} aria-expanded={open ? 'true' : 'false'} {...a11y({ role: 'button', onActivate: toggle })}>
        {open ? '收起数据表' : '以表格查看逐月数据'}
      </Text>
      {open ? <DataTable {...props} /> : null}
    </>
  );
}

function KpiBar({ label, r }: { label: string; r: DashboardRow['inspectionCoverage'] }) {
  const width = `${Math.round(Math.min(1, r.value ?? 0) * 100)}%`;
  const target = `${Math.round(r.target * 100)}%`;
  return (
    <View className={cx('dash__kpi', r.belowTarget && 'dash__kpi--bad')}>
      <View className='dash__kpi-head'>
        <Text className='dash__kpi-label'>{label}</Text>
        <Text className='dash__kpi-value'>{pct(r.value)}（{r.numerator}/{r.denominator}）· 目标 {target}{r.belowTarget ? ' · 未达标' : ''}</Text>
      </View>
      <View className='dash__bar' aria-hidden='true'>
        <View className='dash__bar-fill' style={{ width }} />
        <View className='dash__bar-target' style={{ left: target }} />
      </View>
    </View>
  );
}
