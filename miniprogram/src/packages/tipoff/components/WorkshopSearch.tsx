import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import { problemOf, type PageProblem } from '@/hooks/pageProblem';
import { a11y } from '@/utils/a11y';
import { tipoffApi, type WorkshopHit } from '../lib/api';

/** Finds a registered workshop by name, pinyin initials or certificate number (the public search). */
export default function WorkshopSearch({ onPick }: { onPick: (w: WorkshopHit) => void }) {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<WorkshopHit[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<PageProblem | null>(null);
  const search = async () => {
    if (!q.trim()) return;
    setBusy(true);
    setProblem(null);
    try {
      setHits(await tipoffApi.workshops(q.trim()));
    } catch (e) {
      setHits(null);
      setProblem(problemOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className='tp-ws'>
      <Input className='input tp-input' value={q} placeholder='作坊名称、拼音首字母或登记证编号' aria-label='搜索被举报的作坊'
        confirmType='search' onConfirm={search} onInput={(e) => setQ(e.detail.value)} />
      <ActionButton onClick={search} disabled={busy}>{busy ? '搜索中…' : '搜索作坊'}</ActionButton>
      {problem ? <EmptyState problem={problem} title={`搜索失败：${problem.title}`} onRetry={() => void search()} inline /> : null}
      {hits && !hits.length ? <Text className='empty'>没有找到，换个关键词试试；找不到可改选“无证生产（黑作坊）”。</Text> : null}
      {hits && hits.length ? (
        <View className='list' {...a11y({ role: 'list' })}>
          {hits.map((w) => (
            <View key={w.id} className='list-row' data-workshop={w.id} onClick={() => onPick(w)} {...a11y({ role: 'button', label: `选择 ${w.name}`, onActivate: () => onPick(w) })}>
              <View className='list-row__main'>
                <Text>{w.name}</Text>
                <Text className='list-row__desc'>{w.region?.name ?? ''} · {w.statusLabel}</Text>
              </View>
              <Text className='list-row__arrow' {...a11y({ hidden: true })}>选择</Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}
