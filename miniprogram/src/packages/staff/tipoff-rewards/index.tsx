import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { yuan } from '@shared/domain/tipoff';
import EmptyState from '@/components/EmptyState';
import ListRow from '@/components/ListRow';
import Page from '@/components/Page';
import { usePageData } from '@/hooks/usePageData';
import { redirectToLogin } from '@/services/navigation';
import { hasRole, useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { tipoffStaffApi } from '../lib/tipoffApi';
import '../lib/staff.scss';
import '../lib/tipoff.scss';

// Rewards waiting for a second person (proposed) or for a retry (failed), from GET /tipoff-rewards.

export default function TipoffRewards() {
  const { user } = useAppState();
  const allowed = !!user && hasRole(user, ['admin', 'inspector']);
  const { state, data: rows, retry } = usePageData(() => tipoffStaffApi.rewardQueue(), { onShow: true, pullDownRefresh: true, enabled: allowed });
  if (!allowed) {
    return (
      <Page className='tipoff-rewards'>
        <EmptyState status='forbidden' description='仅限管理员使用。' actions={user ? [] : [{ text: '登录', onClick: () => redirectToLogin(), variant: 'primary' }]} />
      </Page>
    );
  }
  return (
    <Page className='tipoff-rewards'>
      <Text className='section-title' {...a11y({ role: 'heading', level: 1 })}>举报奖励审批与发放</Text>
      <Text className='muted queue__count'>奖励须由提出人以外的管理员批准；发放失败的可重新发放。</Text>
      {state.status === 'loading' ? <EmptyState status='loading' /> : null}
      {state.status !== 'loading' && state.status !== 'ready' ? <EmptyState problem={state} onRetry={retry} /> : null}
      {rows && !rows.length ? <EmptyState status='empty' title='暂无待审批或待重新发放的奖励' /> : null}
      {rows && rows.length ? (
        <View className='list'>
          {rows.map(({ caseId, address, regionName, reward: r }) => {
            const open = () => void Taro.navigateTo({ url: `/packages/staff/tipoff/index?id=${caseId}` });
            return (
              <ListRow key={r.id} onOpen={open} data-reward={r.id}>
                <View className='tq-head'>
                  <Text className='tq-title'>{r.levelLabel} {yuan(r.amountFen)}</Text>
                  <Text className='status-pill'>{r.statusLabel}</Text>
                </View>
                <Text className='list-row__desc'>{regionName}{address ? ` · ${address}` : ''}</Text>
                <Text className='list-row__desc'>提出：{r.proposedBy.name} · {r.reason}</Text>
              </ListRow>
            );
          })}
        </View>
      ) : null}
    </Page>
  );
}
