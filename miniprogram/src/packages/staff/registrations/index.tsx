import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import ListRow from '@/components/ListRow';
import Page from '@/components/Page';
import PagedList from '@/components/PagedList';
import { usePagedList } from '@/hooks/usePagedList';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { reviewApi, type RegistrationView } from '../lib/api';
import { deadlineText } from '../lib/review';
import '../lib/staff.scss';

const FILTERS: { key: string; label: string; query: { status?: string; overdue?: '1' } }[] = [
  { key: 'open', label: '全部待办', query: {} },
  { key: 'overdue', label: '已超期', query: { overdue: '1' } },
  { key: 'submitted', label: '待受理', query: { status: 'submitted' } },
  { key: 'accepted', label: '待核查', query: { status: 'accepted' } },
  { key: 'site_check', label: '现场核查', query: { status: 'site_check' } },
  { key: 'correction', label: '补正中', query: { status: 'correction' } },
  { key: 'approved', label: '已准予', query: { status: 'approved' } },
  { key: 'rejected', label: '不予登记', query: { status: 'rejected' } },
];

/** Applications in my jurisdiction, nearest deadline first (the server sorts). */
export default function RegistrationQueue() {
  const [filter, setFilter] = useState(FILTERS[0]);
  // Reloaded on every show (back from a review) and on pull-down.
  const list = usePagedList(
    (page) => reviewApi.queue({ ...filter.query, page }),
    { deps: [filter.key], onShow: true, pullDownRefresh: true },
  );

  const pick = (f: (typeof FILTERS)[number]) => setFilter(f);
  const open = (r: RegistrationView) => void Taro.navigateTo({ url: `/packages/staff/registration/index?id=${r.id}` });

  return (
    <Page className='queue'>
      <View className='chips'>
        {FILTERS.map((f) => (
          <Text key={f.key} className={cx('chip', f.key === filter.key && 'chip--on')} data-filter={f.key} onClick={() => pick(f)} {...a11y({ role: 'radio', checked: f.key === filter.key, onActivate: () => pick(f) })}>
            {f.label}
          </Text>
        ))}
      </View>
      <PagedList list={list} empty={{ title: `没有${filter.label === '全部待办' ? '待办' : `“${filter.label}”的`}申请` }}>
        {(items) => (
          <>
            <Text className='muted queue__count'>共 {list.total} 件，按期限先后排序</Text>
            <View className='list'>
              {items.map((r) => (
                <ListRow key={r.id} onOpen={() => open(r)} className={cx(r.deadline?.overdue && 'queue__row--overdue')} data-testid='queue-row' aside={<Text className={cx('status-pill', `status-pill--${r.status}`)}>{r.statusLabel}</Text>}>
                  <View>
                    <Text className='queue__name'>{r.workshop.name ?? '未命名作坊'}</Text>
                    {r.escalated ? <Text className='tag tag--danger'>督办</Text> : null}
                  </View>
                  <Text className='list-row__desc'>{r.kindLabel} · {r.workshop?.regionName?.replace(/^广西壮族自治区/, '') ?? ''}</Text>
                  <Text className={cx('list-row__desc', r.deadline?.overdue && 'queue__overdue')}>{deadlineText(r)}</Text>
                </ListRow>
              ))}
            </View>
          </>
        )}
      </PagedList>
    </Page>
  );
}
