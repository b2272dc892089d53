import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import { usePageData } from '@/hooks/usePageData';
import { creditApi } from '@/services/credit';
import { useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';

/** Find a workshop of my region by name, initials or certificate number (the public search). */
export default function WorkshopPicker({ onPick }: { onPick: (w: { id: string; name: string }) => void }) {
  const { user } = useAppState();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const { state, data: list, reload, retry } = usePageData(
    () => creditApi.search({ q: query || undefined, region: user?.region?.code, sort: 'name', page: 1, pageSize: 20 }).then((r) => r.data ?? []),
    { deps: [query] },
  );
  const search = () => {
    if (q.trim() === query) void reload();
    else setQuery(q.trim());
  };
  return (
    <View className='card'>
      <Text className='card__title'>选择作坊（{user?.region?.name ?? '本辖区'}）</Text>
      <View className='picker__bar'>
        <Input className='picker__input' value={q} placeholder='名称、首字母或登记证号' aria-label='查找作坊' confirmType='search' onInput={(e) => setQ(e.detail.value)} onConfirm={search} />
        <ActionButton onClick={search}>查找</ActionButton>
      </View>
      {state.status === 'loading' ? <EmptyState status='loading' inline /> : null}
      {state.status !== 'loading' && state.status !== 'ready' ? <EmptyState problem={state} onRetry={retry} inline /> : null}
      {list && !list.length ? <EmptyState status='empty' title='没有找到相关作坊' inline /> : null}
      {(list ?? []).map((w) => {
        const pick = () => onPick({ id: w.id, name: w.name });
        return (
          <View key={w.id} className='list-row picker__row' data-id={w.id} onClick={pick} {...a11y({ role: 'button', onActivate: pick })}>
            <View className='list-row__main'>
              <Text>{w.name}</Text>
              <Text className='list-row__desc'>{w.region?.name ?? ''} · {(w.categories ?? []).map((c) => c.name).join('、')}</Text>
            </View>
          </View>
        );
      })}
    </View>
  );
}
