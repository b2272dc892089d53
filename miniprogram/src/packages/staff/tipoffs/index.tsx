import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { TipoffStatus } from '@shared/domain/tipoff';
import EmptyState from '@/components/EmptyState';
import ListRow from '@/components/ListRow';
import Page from '@/components/Page';
import PagedList from '@/components/PagedList';
import { usePagedList } from '@/hooks/usePagedList';
import { redirectToLogin } from '@/services/navigation';
import { hasRole, useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingDate } from '@/utils/time';
import { deadlineLine, tipoffStaffApi } from '../lib/tipoffApi';
import '../lib/staff.scss';
import '../lib/tipoff.scss';

type Filter = { key: string; label: string; status?: TipoffStatus; overdue?: '1' };
const FILTERS: Filter[] = [
  { key: 'open', label: '待办' },
  { key: 'overdue', label: '已逾期', overdue: '1' },
  { key: 'submitted', label: '待受理', status: 'submitted' },
  { key: 'accepted', label: '核查中', status: 'accepted' },
  { key: 'closed', label: '已办结', status: 'closed' },
  { key: 'declined', label: '不予受理', status: 'declined' },
];

/** The tip-off inbox of the user's region: grouped cases, nearest deadline first. */
export default function TipoffInbox() {
  const { user } = useAppState();
  const [filter, setFilter] = useState<Filter>(FILTERS[0]);
  const allowed = !!user && hasRole(user, ['inspector', 'admin']);
  // Reloaded on every show (back from a case) and on pull-down.
  const list = usePagedList(
    (page) => tipoffStaffApi.inbox({ status: filter.status, overdue: filter.overdue, page }),
    { deps: [filter.key], onShow: true, pullDownRefresh: true, enabled: allowed },
  );

  if (!user || !allowed) {
    return (
      <Page className='tipoff-inbox'>
        <EmptyState status='forbidden' description='仅限监管人员和管理员使用。' actions={user ? [] : [{ text: '登录', onClick: () => redirectToLogin(), variant: 'primary' }]} />
      </Page>
    );
  }

  const choose = (f: Filter) => setFilter(f);

  return (
    <Page className='tipoff-inbox'>
      <Text className='section-title' {...a11y({ role: 'heading', level: 1 })}>举报处理 · {user.region?.name ?? ''}</Text>
      <View className='chips'>
        {FILTERS.map((f) => (
          <Text key={f.key} className={cx('chip', f.key === filter.key && 'chip--on')} data-filter={f.key} onClick={() => choose(f)}
            {...a11y({ role: 'radio', checked: f.key === filter.key, onActivate: () => choose(f) })}>
            {f.label}
          </Text>
        ))}
      </View>
      <PagedList list={list} empty={{ title: `暂无${filter.label}的举报案件` }}>
        {(items) => (
          <>
            <Text className='muted queue__count'>共 {list.total} 件，按期限先后排列</Text>
            <View className='list'>
              {items.map((c) => {
                const open = () => void Taro.navigateTo({ url: `/packages/staff/tipoff/index?id=${c.id}` });
                const overdue = !!c.deadline?.overdue;
                return (
                  <ListRow key={c.id} onOpen={open} className={cx(overdue && 'tq-row--overdue')} data-case={c.id}>
                    <View className='tq-head'>
                      <Text className='tq-count'>{c.reportCount} 条举报</Text>
                      <Text className='tq-title'>{c.workshop?.name ?? c.kindLabel}</Text>
                      {c.escalated ? <Text className='tag tag--danger'>已上报督办</Text> : null}
                    </View>
                    <Text className='list-row__desc'>{c.address ?? c.region?.name ?? ''}</Text>
                    <Text className={cx('list-row__desc', overdue && 'tq-overdue')}>{c.statusLabel} · {deadlineLine(c)}</Text>
                    <Text className='list-row__desc'>提交于 {beijingDate(c.createdAt)}</Text>
                  </ListRow>
                );
              })}
            </View>
          </>
        )}
      </PagedList>
    </Page>
  );
}
