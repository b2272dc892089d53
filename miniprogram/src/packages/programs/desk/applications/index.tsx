import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { APPLICATION_STATUSES, APPLICATION_STATUS_LABELS, type ApplicationStatus } from '@shared/domain/programs';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import ListRow from '@/components/ListRow';
import Page from '@/components/Page';
import PagedList from '@/components/PagedList';
import { usePageData } from '@/hooks/usePageData';
import { usePagedList } from '@/hooks/usePagedList';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingDate } from '@/utils/time';
import AdminGate from '../components/AdminGate';
import { deskApi, type ApplicationView } from '../lib/api';
import { DESK_ROUTES } from '../lib/routes';
import '../lib/desk.scss';

const FILTERS: Array<{ key: ApplicationStatus | ''; text: string }> = [
  { key: '', text: '全部' },
  ...APPLICATION_STATUSES.map((s) => ({ key: s, text: ({ submitted: '待评审', under_review: '评审中', in_notice: '公示中', awarded: '已授予', rejected: '未通过', withdrawn: '已撤回' } as const)[s] })),
];

/** A program's applications (in my region), filtered by status, with the average score and the reviewer count. */
export default function ProgramApplications() {
  return <AdminGate><Applications /></AdminGate>;
}

function Applications() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const [status, setStatus] = useState<ApplicationStatus | ''>((params.status as ApplicationStatus | undefined) ?? '');
  const program = usePageData(() => deskApi.program(id), { deps: [id] });
  const list = usePagedList<ApplicationView>((page) => deskApi.applications(id, { page, status: status || undefined }), { deps: [id, status], onShow: true, pullDownRefresh: true });
  if (program.state.status === 'loading') return <Page><EmptyState status='loading' /></Page>;
  if (program.state.status !== 'ready') return <Page><EmptyState problem={program.state} onRetry={program.retry} /></Page>;
  const p = program.state.data;
  const edit = () => void Taro.navigateTo({ url: `${DESK_ROUTES.programForm}?id=${p.id}` });
  return (
    <Page className='programs-desk-applications'>
      <View className='card pd-head'>
        <Text className='pd-title' {...a11y({ role: 'heading', level: 1 })}>{p.name}</Text>
        <Text className='pd-meta'>{p.levelLabel} · {p.kindLabel} · {p.issuer}</Text>
        <Text className='pd-meta'>申报期 {p.applyFrom} 至 {p.applyUntil} · 每年 {p.quota.perYear} 个（{p.quota.scopeLabel}）· 公示 {p.noticeDays} 个工作日</Text>
        <Text className='pd-meta'>批准前至少 {p.minScores} 位评审打分 · 评分项：{p.reviewSteps.join('、') || '综合评价'}</Text>
        <View className='pd-links'><ActionButton onClick={edit}>修改项目</ActionButton></View>
      </View>
      <View className='chips' aria-label='按状态筛选'>
        {FILTERS.map((f) => {
          const pick = () => setStatus(f.key);
          return <Text key={f.key || 'all'} className={cx('chip', status === f.key && 'chip--on')} data-filter={f.key || 'all'} onClick={pick} {...a11y({ role: 'radio', checked: status === f.key, onActivate: pick })}>{f.text}</Text>;
        })}
      </View>
      <PagedList list={list} empty={{ title: status ? `没有“${APPLICATION_STATUS_LABELS[status]}”的申报` : '还没有申报', description: '本辖区作坊的申报会显示在这里' }}>
        {(items) => (
          <View className='list card'>
            {items.map((a) => (
              <ListRow key={a.id} data-application={a.id} onOpen={() => void Taro.navigateTo({ url: `${DESK_ROUTES.application}?id=${a.id}` })}
                aside={<Text className={cx('pd-count', (a.status === 'submitted' || a.openObjections > 0) && 'pd-count--hot')}>{a.statusLabel}</Text>}>
                <Text className='pd-row__title'>{a.workshop.name}</Text>
                <Text className='list-row__desc'>{a.workshop.region.name} · {beijingDate(a.submittedAt)} 提交</Text>
                <Text className='list-row__desc' data-testid='scores'>
                  {a.scores?.length ? `平均 ${a.averageScore} 分 · ${a.scores.length} 位评审` : '尚无评审打分'}
                  {a.status === 'in_notice' ? ` · 公示至 ${a.noticeUntil}` : ''}
                  {a.openObjections ? ` · 待处理异议 ${a.openObjections} 件` : ''}
                </Text>
              </ListRow>
            ))}
          </View>
        )}
      </PagedList>
    </Page>
  );
}
