import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { RatingSummary } from '@shared/schemas/registration';
import EmptyState from '@/components/EmptyState';
import ListRow from '@/components/ListRow';
import { usePageData } from '@/hooks/usePageData';
import { api } from '@/services/request';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/**
 * 好差评 of the region (国办发〔2019〕51号): how many ratings of each level this year, the satisfaction rate
 * (基本满意 and better) per office, and the bad ratings still owed an answer, each opening its application.
 */
export default function RatingsCard({ region }: { region?: string }) {
  const { state, data, retry } = usePageData(
    () => api.get<RatingSummary>('/ratings/summary', region ? { region } : undefined, { toast: false }),
    { deps: [region] },
  );
  return (
    <View className='card dash__card' data-card='ratings' data-testid='ratings'>
      <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>政务服务好差评（登记）</Text>
      {state.status === 'loading' ? <EmptyState status='loading' /> : null}
      {state.status === 'error' || state.status === 'forbidden' ? <EmptyState problem={state} onRetry={retry} /> : null}
      {data ? (
        <>
          <Text className='muted'>{data.year}年 · 共 {data.summary.total} 条评价 · 满意率 {pct(data.summary.satisfaction)}（基本满意及以上）</Text>
          <View>
            {data.summary.levels.map((l) => (
              <View key={l.score} className='kv'>
                <Text className='kv__k'>{l.label}</Text>
                <Text className='kv__v'>{l.count}</Text>
              </View>
            ))}
          </View>
          {data.children.filter((c) => c.total > 0).map((c) => (
            <View key={c.region.code} className='kv'>
              <Text className='kv__k'>{c.region.name}</Text>
              <Text className='kv__v'>{c.total} 条 · 满意率 {pct(c.satisfaction)}{c.badOpen ? ` · 待答复差评 ${c.badOpen}` : ''}</Text>
            </View>
          ))}
          <Text className='field__label'>待答复的差评（{data.summary.badOpen}）</Text>
          {data.pending.length ? data.pending.map((p) => (
            <ListRow key={p.id} onOpen={() => void Taro.navigateTo({ url: `/packages/staff/registration/index?id=${p.id}` })}
              aside={<Text className={cx('status-pill', p.overdue && 'status-pill--rejected')}>{p.overdue ? '已超期' : `${p.replyDue} 前`}</Text>}>
              <Text>{p.workshopName ?? '登记申请'} · {p.label}</Text>
              {p.comment ? <Text className='muted'>{p.comment}</Text> : null}
            </ListRow>
          )) : <Text className='muted'>没有待答复的差评。</Text>}
        </>
      ) : null}
    </View>
  );
}
