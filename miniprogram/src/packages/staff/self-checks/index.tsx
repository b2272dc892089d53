import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import Page from '@/components/Page';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingDateTime } from '@/utils/time';
import { selfCheckApi, type SelfCheck } from '../lib/draws';
import WorkshopPicker from '../lib/WorkshopPicker';
import '../lib/staff.scss';

const safeDecode = (v: string) => { try { return decodeURIComponent(v); } catch { return v; } };

/** The owner's 自查 history for the inspector: each run of the same 10-item checklist, newest first. */
export default function SelfChecks() {
  const { params } = useRouter();
  const [workshop, setWorkshop] = useState<{ id: string; name: string } | null>(
    params.workshopId ? { id: params.workshopId, name: safeDecode(params.name ?? '') || '作坊' } : null,
  );
  const [items, setItems] = useState<SelfCheck[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [open, setOpen] = useState<string | null>(null);

  const load = () => {
    if (!workshop) return;
    setFailed(false);
    setItems(null);
    selfCheckApi.list(workshop.id).then((l) => { setItems(l); setOpen(l[0]?.id ?? null); }).catch(() => setFailed(true));
  };
  useEffect(load, [workshop?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!workshop) return <Page className='self-checks'><WorkshopPicker onPick={setWorkshop} /></Page>;
  return (
    <Page className='self-checks'>
      <Text className='section-title' {...a11y({ role: 'heading', level: 1 })}>{workshop.name} · 自查记录</Text>
      {failed ? <View className='card'><Text className='errors'>加载失败，请检查网络。</Text><ActionButton onClick={load}>重试</ActionButton></View> : null}
      {items === null && !failed ? <Text className='muted' {...a11y({ role: 'status' })}>加载中…</Text> : null}
      {items && !items.length ? <Text className='empty'>业主尚未提交自查</Text> : null}
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
            {expanded ? s.items.map((it, n) => (
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
