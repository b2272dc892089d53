import { useState } from 'react';
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
import { supervisionApi, type DashboardRow } from '../lib/supervision';
import '../lib/staff.scss';
import './index.scss';

const RATIOS = ['registrationRate', 'inspectionCoverage', 'fileRate', 'samplingCoverage', 'failedFollowUp'] as const;
type RatioKey = (typeof RATIOS)[number];
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/**
 * 区域监管指标 for admins: each KPI against its target (red when below), the next level's regions as
 * bars to compare and drill into, and the Excel export. Bars are plain Views (no chart library is
 * installed); every bar also states its value in text.
 */
export default function Dashboard() {
  const { user } = useAppState();
  const [path, setPath] = useState<Array<{ code: string; name: string }>>([]);
  const [kpi, setKpi] = useState<RatioKey>('inspectionCoverage');
  const region = path[path.length - 1]?.code;
  const allowed = !!user && hasRole(user, ['admin']);
  const { state, data, retry } = usePageData(() => supervisionApi.dashboard(region), { deps: [region], enabled: allowed });

  if (!allowed) {
    return (
      <Page className='dash'>
        <EmptyState status='forbidden' description='仅限管理员查看。' actions={user ? [] : [{ text: '登录', onClick: () => redirectToLogin(), variant: 'primary' }]} />
      </Page>
    );
  }

  const s = data?.summary;
  const exportXlsx = () => {
    const code = s?.region.code ?? region ?? '';
    downloadExport(`/dashboard/export.xlsx${code ? `?region=${code}` : ''}`, `监管指标-${s?.region.name ?? code}-${data?.year ?? ''}.xlsx`).catch(showError);
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
      {s ? (
        <>
          <Text className='section-title' {...a11y({ role: 'heading', level: 1 })}>{s.region.name} {data!.year} 年度指标</Text>
          <View className='card'>
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

          {data!.children?.length ? (
            <>
              <Text className='section-title'>下级区域对比</Text>
              <View className='chips' role='radiogroup' aria-label='对比的指标'>
                {RATIOS.map((k) => (
                  <Text key={k} className={cx('chip', kpi === k && 'chip--on')} onClick={() => setKpi(k)} {...a11y({ role: 'radio', checked: kpi === k, onActivate: () => setKpi(k) })}>{KPI_LABELS[k]}</Text>
                ))}
              </View>
              <View className='card'>
                {data!.children.map((c) => (
                  <View key={c.region.code} className='dash__child' data-code={c.region.code} onClick={() => drill(c)} {...(c.region.level !== 'township' ? a11y({ role: 'link', label: `${c.region.name}：${KPI_LABELS[kpi]} ${pct(c[kpi].value)}${c[kpi].belowTarget ? '，未达标' : ''}，查看下级`, onActivate: () => drill(c) }) : {})}>
                    <KpiBar label={c.region.name} r={c[kpi]} />
                  </View>
                ))}
              </View>
            </>
          ) : null}
        </>
      ) : null}
    </Page>
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
