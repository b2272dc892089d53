import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import ListRow from '@/components/ListRow';
import Page from '@/components/Page';
import { usePageData } from '@/hooks/usePageData';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { flushOutbox, outbox, watchOutbox, type QueuedInspection } from '../lib/outbox';
import { supervisionApi, type Task } from '../lib/supervision';
import '../lib/staff.scss';
import './index.scss';

/** 今日任务: planned (双随机) inspections, rectification follow-ups and failed-sample disposals, by deadline. */
export default function Tasks() {
  const [queue, setQueue] = useState<QueuedInspection[]>([]);
  // Reloaded on every show (back from an inspection) and on pull-down.
  const { state, data: tasks, reload, retry } = usePageData(() => supervisionApi.tasks(), { onShow: true, pullDownRefresh: true });
  const load = () => {
    setQueue(outbox.list());
    void reload();
  };
  useDidShow(() => {
    setQueue(outbox.list());
    watchOutbox(load);
    void flushOutbox().then((r) => { if (r.sent) load(); else setQueue(outbox.list()); });
  });

  const open = (t: Task) => {
    if (t.kind === 'planned') {
      void Taro.navigateTo({ url: `/packages/staff/inspect/index?workshopId=${t.workshop.id}&taskId=${t.id}&name=${encodeURIComponent(t.workshop.name)}` });
    } else if (t.kind === 'rectification') {
      void Taro.navigateTo({ url: `/packages/staff/inspection/index?id=${t.id}` });
    } else {
      void Taro.navigateTo({ url: `/packages/staff/sample/index?id=${t.id}` });
    }
  };

  return (
    <Page className='tasks'>
      <View className='tasks__actions'>
        <ActionButton variant='primary' onClick={() => void Taro.navigateTo({ url: '/packages/staff/inspect/index' })}>新建检查</ActionButton>
        <ActionButton onClick={() => void Taro.navigateTo({ url: '/packages/staff/sample/index' })}>录入抽检</ActionButton>
        <ActionButton onClick={() => void Taro.navigateTo({ url: '/packages/staff/penalty/index' })}>录入处罚</ActionButton>
      </View>

      {queue.length ? (
        <View className='notice tasks__queue' {...a11y({ role: 'status' })}>
          <Text>本机有 {queue.length} 条检查记录待上传（联网后自动补传）：</Text>
          {queue.map((q) => <Text key={q.clientId} className='errors__item'>· {q.workshopName}{q.error ? `（未通过：${q.error}）` : ''}</Text>)}
          <ActionButton onClick={() => void flushOutbox().then(load)}>立即重试</ActionButton>
        </View>
      ) : null}

      <Text className='section-title' {...a11y({ role: 'heading', level: 1 })}>今日任务</Text>
      {state.status === 'loading' ? <EmptyState status='loading' /> : null}
      {state.status !== 'loading' && state.status !== 'ready' ? <EmptyState problem={state} title={state.status === 'error' ? `任务加载失败：${state.title}` : undefined} onRetry={retry} /> : null}
      {tasks && !tasks.length ? <EmptyState status='empty' title='今天没有待办任务' /> : null}
      {tasks && tasks.length ? (
        <View className='list'>
          {tasks.map((t) => (
            <ListRow key={`${t.kind}:${t.id}`} onOpen={() => open(t)} className={cx(t.overdue && 'queue__row--overdue')} data-kind={t.kind}>
              <View>
                <Text className='status-pill'>{t.kindLabel}</Text>
                <Text className='queue__name'> {t.workshop.name}</Text>
              </View>
              <Text className='list-row__desc'>{t.title}</Text>
              <Text className={cx('list-row__desc', t.overdue && 'queue__overdue')}>{t.due ? `期限 ${t.due}${t.overdue ? '（已逾期）' : ''}` : '无期限'} · {t.workshop.address}</Text>
            </ListRow>
          ))}
        </View>
      ) : null}
    </Page>
  );
}
