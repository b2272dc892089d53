import { useEffect, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import ActionButton from '@/components/ActionButton';
import { creditApi, type WorkshopSummary } from '@/services/credit';
import { useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';

/** Find a workshop of my region by name, initials or certificate number (the public search). */
export default function WorkshopPicker({ onPick }: { onPick: (w: { id: string; name: string }) => void }) {
  const { user } = useAppState();
  const [q, setQ] = useState('');
  const [list, setList] = useState<WorkshopSummary[] | null>(null);
  const search = (text: string) => {
    setList(null);
    creditApi.search({ q: text.trim() || undefined, region: user?.region?.code, sort: 'name', page: 1, pageSize: 20 })
      .then((r) => setList(r.data))
      .catch(() => setList([]));
  };
  useEffect(() => search(''), []); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <View className='card'>
      <Text className='card__title'>选择作坊（{user?.region?.name ?? '本辖区'}）</Text>
      <View className='picker__bar'>
        <Input className='picker__input' value={q} placeholder='名称、首字母或登记证号' aria-label='查找作坊' confirmType='search' onInput={(e) => setQ(e.detail.value)} onConfirm={() => search(q)} />
        <ActionButton onClick={() => search(q)}>查找</ActionButton>
      </View>
      {list === null ? <Text className='muted'>加载中…</Text> : null}
      {list && !list.length ? <Text className='empty'>没有找到相关作坊</Text> : null}
      {(list ?? []).map((w) => {
        const pick = () => onPick({ id: w.id, name: w.name });
        return (
          <View key={w.id} className='list-row picker__row' data-id={w.id} onClick={pick} {...a11y({ role: 'button', onActivate: pick })}>
            <View className='list-row__main'>
              <Text>{w.name}</Text>
              <Text className='list-row__desc'>{w.region.name} · {w.categories.map((c) => c.name).join('、')}</Text>
            </View>
          </View>
        );
      })}
    </View>
  );
}
