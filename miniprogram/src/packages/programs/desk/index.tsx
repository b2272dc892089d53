import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { APPLICATION_STATUS_LABELS, type ApplicationStatus } from '@shared/domain/programs';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import ListRow from '@/components/ListRow';
import Page from '@/components/Page';
import { usePageData } from '@/hooks/usePageData';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import AdminGate from './components/AdminGate';
import { deskApi, type DeskProgram } from './lib/api';
import { DESK_ROUTES } from './lib/routes';
import './lib/desk.scss';

const SHOWN: ApplicationStatus[] = ['submitted', 'under_review', 'in_notice', 'awarded', 'rejected'];
const SHORT: Record<ApplicationStatus, string> = { submitted: '待评审', under_review: '评审中', in_notice: '公示中', awarded: '已授予', rejected: '未通过', withdrawn: '已撤回' };

/** 非遗与品牌评审: the programs of my region with the work waiting, quota use and notices; 新建项目; 待复核称号. */
export default function ProgramDesk() {
  return <AdminGate><Desk /></AdminGate>;
}

function Desk() {
  const { state, retry } = usePageData(() => deskApi.programs(), { onShow: true, pullDownRefresh: true });
  const create = () => void Taro.navigateTo({ url: DESK_ROUTES.programForm });
  const flagged = () => void Taro.navigateTo({ url: DESK_ROUTES.flagged });
  return (
    <Page className='programs-desk'>
      <Text className='section-title' {...a11y({ role: 'heading', level: 1 })}>非遗与品牌评审</Text>
      <View className='pd-links'>
        <ActionButton variant='primary' onClick={create}>新建项目</ActionButton>
        <ActionButton onClick={flagged}>{state.status === 'ready' && state.data.flagged ? `待复核称号（${state.data.flagged}）` : '待复核称号'}</ActionButton>
      </View>
      {state.status === 'loading' ? <EmptyState status='loading' /> : null}
      {state.status !== 'loading' && state.status !== 'ready' ? <EmptyState problem={state} onRetry={retry} /> : null}
      {state.status === 'ready' && !state.data.data.length ? (
        <EmptyState status='empty' title='本辖区还没有项目' description='新建项目后，业主即可在申报期内申报' actions={[{ text: '新建项目', variant: 'primary', onClick: create }]} />
      ) : null}
      {state.status === 'ready' && state.data.data.length ? (
        <View className='list card'>
          {state.data.data.map((d) => <ProgramRow key={d.program.id} d={d} />)}
        </View>
      ) : null}
    </Page>
  );
}

function ProgramRow({ d }: { d: DeskProgram }) {
  const p = d.program;
  const open = () => void Taro.navigateTo({ url: `${DESK_ROUTES.applications}?id=${p.id}` });
  const waiting = d.counts.submitted + d.counts.under_review;
  return (
    <ListRow onOpen={open} data-program={p.id}>
      <Text className='pd-row__title'>{p.name}</Text>
      <Text className='list-row__desc'>{p.levelLabel} · {p.kindLabel} · {p.issuer}{p.active ? '' : ' · 未展示'}</Text>
      <Text className='list-row__desc'>申报期 {p.applyFrom} 至 {p.applyUntil}{p.open ? '（申报中）' : ''}</Text>
      <Text className='list-row__desc' data-testid='quota'>
        {d.quota.year}年名额：已用 {d.quota.used}，剩余 {d.quota.left}（{d.quota.scopeLabel} {d.quota.perYear} 个{d.quota.byCounty && d.quota.byCounty.length > 1 ? `，共 ${d.quota.capacity} 个` : ''}）
      </Text>
      {d.notice.running ? (
        <Text className='list-row__desc' data-testid='notice'>公示中 {d.notice.running} 家，至 {d.notice.until}{d.notice.openObjections ? `，待处理异议 ${d.notice.openObjections} 件` : ''}</Text>
      ) : null}
      <View className='pd-counts' aria-label={`申报：${SHOWN.map((s) => `${APPLICATION_STATUS_LABELS[s]}${d.counts[s]}`).join('，')}`}>
        {SHOWN.filter((s) => d.counts[s] > 0 || s === 'submitted').map((s) => (
          <Text key={s} className={cx('pd-count', (s === 'submitted' || s === 'under_review') && waiting > 0 && 'pd-count--hot')} data-count={s}>{SHORT[s]} {d.counts[s]}</Text>
        ))}
      </View>
    </ListRow>
  );
}
