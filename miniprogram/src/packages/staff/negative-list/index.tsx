import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Field from '@/components/Field';
import Page from '@/components/Page';
import { usePageData } from '@/hooks/usePageData';
import { redirectToLogin } from '@/services/navigation';
import { ApiError } from '@/services/request';
import { hasRole, useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { negativeListApi, type NegativeItem } from '../lib/admin';
import RegionChips from '../lib/RegionChips';
import '../lib/staff.scss';
import './index.scss';

const LEVELS: Record<number, string> = { 0: '全国', 2: '省级', 4: '市级', 6: '县级' };
const EMPTY_FORM = { item: '', keywords: '', reason: '' };
const splitKeywords = (s: string) => [...new Set(s.split(/[,，、\s]+/).map((k) => k.trim()).filter(Boolean))];
const sameItems = (a: NegativeItem[], b: NegativeItem[]) => JSON.stringify(a) === JSON.stringify(b);

/** What is wrong with the form, in the order a person fixes it; empty when it can be added. */
function formProblems(f: typeof EMPTY_FORM, others: NegativeItem[]): string[] {
  const p: string[] = [];
  const item = f.item.trim();
  if (!item) p.push('请填写禁止生产的食品名称');
  else if (item.length > 30) p.push('食品名称不超过 30 个字');
  else if (others.some((o) => o.item === item)) p.push(`“${item}”已在本级目录中`);
  const kws = splitKeywords(f.keywords);
  if (kws.length > 20) p.push('关键词最多 20 个');
  if (kws.some((k) => k.length > 20)) p.push('每个关键词不超过 20 个字');
  if (!f.reason.trim()) p.push('请填写禁止的理由（业主申请时会看到）');
  else if (f.reason.trim().length > 200) p.push('理由不超过 200 个字');
  return p;
}

/**
 * 禁止生产食品目录 (负面清单) for admins: the lists above mine apply as they are; my region's own list (or a
 * region under it) is edited here item by item and saved as a whole. Owners' applications are checked
 * against every list from the national one down to their county.
 */
export default function NegativeListEditor() {
  const { user } = useAppState();
  const allowed = !!user && hasRole(user, ['admin']) && !!user.region;
  const [region, setRegion] = useState(user?.region?.code ?? '');
  const [regionName, setRegionName] = useState(user?.region?.name ?? '');
  const page = usePageData(() => negativeListApi.get(region), { deps: [region], enabled: allowed && !!region });
  const saved: NegativeItem[] = (page.data?.items ?? []).filter((i) => i.region === region).map(({ item, keywords, reason }) => ({ item, keywords, reason }));
  const inherited = (page.data?.items ?? []).filter((i) => i.region !== region);
  const [draft, setDraft] = useState<NegativeItem[] | null>(null);
  const [form, setForm] = useState(EMPTY_FORM);
  const [editing, setEditing] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  // A new region or a fresh load: start from what is stored.
  useEffect(() => { setDraft(null); setForm(EMPTY_FORM); setEditing(null); setProblems([]); }, [region, page.data]);

  if (!allowed) {
    return (
      <Page className='neg-list'>
        <EmptyState status='forbidden' description='仅限监管部门管理员维护禁止生产食品目录。'
          actions={user ? [] : [{ text: '登录', onClick: () => redirectToLogin(), variant: 'primary' }]} />
      </Page>
    );
  }
  const items = draft ?? saved;
  const dirty = draft !== null && !sameItems(draft, saved);
  const set = (k: keyof typeof EMPTY_FORM) => (v: string) => { setForm((f) => ({ ...f, [k]: v })); setProblems([]); };

  const addOrUpdate = () => {
    const others = items.filter((i) => i.item !== editing);
    const p = formProblems(form, others);
    setProblems(p);
    if (p.length) return;
    const entry: NegativeItem = { item: form.item.trim(), keywords: splitKeywords(form.keywords), reason: form.reason.trim() };
    setDraft(editing ? items.map((i) => (i.item === editing ? entry : i)) : [...items, entry]);
    setForm(EMPTY_FORM);
    setEditing(null);
    setResult(null);
  };
  const edit = (i: NegativeItem) => {
    setEditing(i.item);
    setForm({ item: i.item, keywords: i.keywords.join('、'), reason: i.reason });
    setProblems([]);
  };
  const remove = async (i: NegativeItem) => {
    const { confirm } = await Taro.showModal({ title: '删除目录项', content: `从${regionName}目录中删除“${i.item}”？保存后生效。`, confirmText: '删除' });
    if (!confirm) return;
    setDraft(items.filter((x) => x.item !== i.item));
    if (editing === i.item) { setEditing(null); setForm(EMPTY_FORM); }
    setResult(null);
  };
  const save = async () => {
    const was = new Set(saved.map((i) => i.item));
    const now = new Set(items.map((i) => i.item));
    const added = items.filter((i) => !was.has(i.item)).map((i) => i.item);
    const removed = saved.filter((i) => !now.has(i.item)).map((i) => i.item);
    const changed = items.filter((i) => was.has(i.item) && !saved.some((s) => sameItems([s], [i]))).map((i) => i.item);
    const summary = [added.length ? `新增：${added.join('、')}` : '', changed.length ? `修改：${changed.join('、')}` : '', removed.length ? `删除：${removed.join('、')}` : ''].filter(Boolean).join('；');
    const { confirm } = await Taro.showModal({
      title: '保存禁止生产食品目录',
      content: `${regionName}：${summary}。保存后，本区域新提交的登记申请立即按新目录检查。确认保存？`,
      confirmText: '保存',
    });
    if (!confirm) return;
    try {
      const res = await negativeListApi.save(region, items);
      page.setData(res);
      const own = res.items.filter((i) => i.region === region).length;
      setResult({ ok: true, text: `已保存：${regionName}本级目录共 ${own} 项（${summary}）` });
      void Taro.showToast({ title: '已保存', icon: 'success' });
    } catch (e) {
      setResult({ ok: false, text: `保存失败：${e instanceof ApiError ? e.message : '网络异常，请稍后再试'}。修改仍保留在本页，可再次保存。` });
    }
  };

  return (
    <Page className='neg-list'>
      <Text className='section-title' {...a11y({ role: 'heading', level: 1 })}>禁止生产食品目录</Text>
      <Text className='muted neg-list__intro'>业主申请登记时，品种命中目录即被拦下并看到理由。上级目录自动适用；这里维护本级及下级区域的目录。</Text>
      <RegionChips root={user.region!} value={region} label='维护哪个区域的目录' onChange={(c, n) => { setRegion(c); setRegionName(n.replace('（本级）', '')); setResult(null); }} />
      {page.state.status === 'loading' ? <EmptyState status='loading' /> : null}
      {page.state.status !== 'loading' && page.state.status !== 'ready' ? <EmptyState problem={page.state} onRetry={page.retry} /> : null}
      {page.state.status === 'ready' ? (
        <>
          <View className='card'>
            <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>{regionName}本级目录（{items.length} 项{dirty ? '，有未保存的修改' : ''}）</Text>
            {items.length ? items.map((i) => (
              <View key={i.item} className='neg-list__item' data-item={i.item}>
                <Text className='neg-list__name'>{i.item}</Text>
                <Text className='muted text-sm'>关键词：{i.keywords.length ? i.keywords.join('、') : '（与名称相同）'}</Text>
                <Text className='text-sm'>理由：{i.reason}</Text>
                <View className='neg-list__ops'>
                  <ActionButton onClick={() => edit(i)} label={`修改${i.item}`}>修改</ActionButton>
                  <ActionButton variant='danger' onClick={() => void remove(i)} label={`删除${i.item}`}>删除</ActionButton>
                </View>
              </View>
            )) : <Text className='muted'>本级暂无目录项，只适用上级目录。</Text>}
          </View>

          <View className='card'>
            <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>{editing ? `修改“${editing}”` : '新增目录项'}</Text>
            <Field label='食品名称' name='negItem' value={form.item} onInput={set('item')} maxlength={30} required placeholder='如：酸笋' />
            <Field label='关键词' name='negKeywords' value={form.keywords} onInput={set('keywords')} maxlength={200} hint='品种名称含任一关键词即命中；用顿号或逗号分隔，不填则按名称' />
            <Field label='禁止理由' name='negReason' value={form.reason} onInput={set('reason')} multiline maxlength={200} required placeholder='业主会看到这段说明' />
            {problems.length ? (
              <View className='errors' {...a11y({ role: 'alert' })}>
                {problems.map((p) => <Text key={p} className='errors__item'>{p}</Text>)}
              </View>
            ) : null}
            <ActionButton block onClick={addOrUpdate}>{editing ? '更新到目录' : '加入目录'}</ActionButton>
            {editing ? <ActionButton block onClick={() => { setEditing(null); setForm(EMPTY_FORM); setProblems([]); }}>取消修改</ActionButton> : null}
          </View>

          <ActionButton variant='primary' block disabled={!dirty} onClick={() => void save()}>{dirty ? '保存目录' : '没有需要保存的修改'}</ActionButton>
          {result ? (
            <Text className={result.ok ? 'notice neg-list__result' : 'errors neg-list__result'} data-result={result.ok ? 'saved' : 'failed'}
              {...a11y({ role: result.ok ? 'status' : 'alert' })}>{result.text}</Text>
          ) : null}

          <View className='card'>
            <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>上级目录（自动适用，{inherited.length} 项）</Text>
            {inherited.map((i) => (
              <View key={`${i.region}:${i.item}`} className='neg-list__item'>
                <Text className='neg-list__name'>{i.item}</Text>
                <Text className='muted text-sm'>{LEVELS[i.region.length] ?? '全国'}规定：{i.reason}</Text>
              </View>
            ))}
          </View>
        </>
      ) : null}
    </Page>
  );
}
