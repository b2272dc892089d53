import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import EmptyState from '@/components/EmptyState';
import Page from '@/components/Page';
import { usePageData } from '@/hooks/usePageData';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingDateTime } from '@/utils/time';
import { selfCheckApi } from '../lib/draws';
import WorkshopPicker from '../lib/WorkshopPicker';
import '../lib/staff.scss';

const safeDecode = (v: string) => { try { return decodeURIComponent(v); } catch { return v; } };

/** The owner's 自查 history for the inspector: each run of the same 10-item checklist, newest first. */
export default function SelfChecks() {
  const { params } = useRouter();
  const [workshop, setWorkshop] = useState<{ id: string; name: string } | null>(
    params.workshopId ? { id: params.workshopId, name: safeDecode(params.name ?? '') || '作坊' } : null,
  );
  const [open, setOpen] = useState<string | null>(null);
  const { state, data: items, retry } = usePageData(() => selfCheckApi.list(workshop!.id), { deps: [workshop?.id], enabled: !!workshop });
  // The newest one starts open.
  useEffect(() => setOpen(items?.[0]?.id ?? null), [items]);

  if (!workshop) return <Page className='self-checks'><WorkshopPicker onPick={setWorkshop} /></Page>;
  return (
    <Page className='self-checks'>
      <Text className='section-title' {...a11y({ role: 'heading', level: 1 })}>{workshop.name} · 自查记录</Text>
      {state.status === 'loading' ? <EmptyState status='loading' /> : null}
      {state.status !== 'loading' && state.status !== 'ready' ? <EmptyState problem={state} onRetry={retry} /> : null}
      {items && !items.length ? <EmptyState status='empty' title='业主尚未提交自查' /> : null}
      {(items ?? []).map((s) => {
        const expanded = open === s.id;
        const toggle = () => setOpen(expanded ? null : s.id);
        return (
          <View key={s.id} className='card' data-id={s.id}>
            <View onClick={toggle} aria-expanded={expanded ? 'true' : 'false'} {...a11y({ role: 'button', onActivate: toggle })}>
              <Text className='card__title'>{beijingDateTime(s.at)} 自查</Text>
              <Text className={cx('muted', s.summary.fail > 0 && 'queue__overdue')}>符合 {s.summary.pass} · 基本符合 {s.summary.basic} · 不符合 {s.summary.fail}{expanded ? '（点击收起）' : '（点击展开10项）'}</Text>
            </View>
            {s.note ? <Text className='check-item__name'>业主说明：{s.note}</Text> : null}
            {expanded ? (s.items ?? []).map((it, n) => (
              <View key={it.code} className='check-item' data-code={it.code}>
                <Text className='check-item__name'>{n + 1}. {it.name}：<Text className={cx(it.result === 'fail' && 'queue__overdue')}>{it.resultLabel}</Text></Text>
                {it.note ? <Text className='muted'>{it.note}</Text> : null}
              </View>
            )) : null}
          </View>
        );
      })}
    </Page>
  );
}
