import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { CATEGORIES } from '@shared/domain/categories';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import ListRow from '@/components/ListRow';
import ErrorSummary, { jumpToField, type FormIssue } from '@/components/ErrorSummary';
import Field from '@/components/Field';
import DateField from '@/components/DateField';
import Page from '@/components/Page';
import { usePageData } from '@/hooks/usePageData';
import { redirectToLogin } from '@/services/navigation';
import { CREDIT_ROUTES } from '@/constants/credit';
import { creditApi, type Region } from '@/services/credit';
import { hasRole, useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingDateTimeSeconds, beijingToday, durationText } from '@/utils/time';
import { drawAdminApi } from '../lib/draws';
import { plusDays } from '../lib/inspectionRules';
import '../lib/staff.scss';

type View_ = { kind: 'list' } | { kind: 'new' } | { kind: 'task'; id: string };
const ISO = /^\d{4}-\d{2}-\d{2}$/;

/**
 * 双随机抽查 for admins: tasks of my region, a new task (the server commits to a seed hash at once), the
 * irreversible draw, and the drawn workshops with their inspector pairs. The public page shows the same.
 */
export default function Draws() {
  const { user } = useAppState();
  const [view, setView] = useState<View_>({ kind: 'list' });
  if (!user || !hasRole(user, ['admin'])) {
    return (
      <Page className='draws'>
        <EmptyState status='forbidden' description='仅限管理员使用。' actions={user ? [] : [{ text: '登录', onClick: () => redirectToLogin(), variant: 'primary' }]} />
      </Page>
    );
  }
  if (view.kind === 'new') return <NewTask onDone={(id) => setView(id ? { kind: 'task', id } : { kind: 'list' })} />;
  if (view.kind === 'task') return <Task id={view.id} onBack={() => setView({ kind: 'list' })} />;
  return <TaskList region={user.region?.code} onNew={() => setView({ kind: 'new' })} onOpen={(id) => setView({ kind: 'task', id })} />;
}

function TaskList({ region, onNew, onOpen }: { region?: string; onNew: () => void; onOpen: (id: string) => void }) {
  // Remounted each time the list view comes back, so it reloads then.
  const { state, data: items, retry } = usePageData(() => drawAdminApi.list(region, 1).then((r) => r.data ?? []), { deps: [region] });
  return (
    <Page className='draws'>
      <Text className='section-title' {...a11y({ role: 'heading', level: 1 })}>双随机抽查任务</Text>
      <ActionButton variant='primary' block onClick={onNew}>新建抽查任务</ActionButton>
      {state.status === 'loading' ? <EmptyState status='loading' /> : null}
      {state.status !== 'loading' && state.status !== 'ready' ? <EmptyState problem={state} onRetry={retry} /> : null}
      {items && !items.length ? <EmptyState status='empty' title='本辖区还没有抽查任务' /> : null}
      {items && items.length ? (
        <View className='list'>
          {items.map((d) => (
            <ListRow key={d.id} onOpen={() => onOpen(d.id)} data-id={d.id}>
              <View>
                <Text className={cx('status-pill', d.status === 'drawn' && 'status-pill--approved')}>{d.status === 'drawn' ? '已抽取' : '待抽取'}</Text>
                <Text className='queue__name'> {d.title}</Text>
              </View>
              <Text className='list-row__desc'>{d.region.name} · {d.sharePercent}% · {d.periodStart} 至 {d.periodEnd}</Text>
              {d.count !== null ? <Text className='list-row__desc'>抽中 {d.count} 户</Text> : null}
            </ListRow>
          ))}
        </View>
      ) : null}
    </Page>
  );
}

/** Region chain from my own region down to a county (the server refuses regions outside mine). */
function RegionPicker({ chain, onChange }: { chain: Region[]; onChange: (c: Region[]) => void }) {
  const last = chain[chain.length - 1];
  const [options, setOptions] = useState<Region[] | null>(null);
  useEffect(() => {
    let live = true;
    setOptions(null);
    if (!last || last.code.length >= 6 || !last.hasChildren) { setOptions([]); return; }
    creditApi.regions(last.code).then((l) => live && setOptions(l.filter((r) => r.level !== 'township'))).catch(() => live && setOptions([]));
    return () => { live = false; };
  }, [last?.code]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <View className='field' id='f-region'>
      <Text className='field__label' aria-hidden='true'>抽查范围<Text className='field__req'> *</Text></Text>
      <View className='chips'>
        {chain.map((r, i) => {
          const go = () => onChange(chain.slice(0, i + 1));
          const current = i === chain.length - 1;
          return (
            <Text key={r.code} className={cx('chip', current && 'chip--on')} onClick={go} {...a11y({ role: 'button', label: current ? `已选：${r.name}` : `改为${r.name}全部`, onActivate: go })}>
              {i ? '› ' : ''}{r.name}
            </Text>
          );
        })}
      </View>
      {options === null ? <Text className='muted'>正在加载下级地区…</Text> : null}
      {options && options.length ? (
        <View className='chips' role='group' aria-label={`${last.name}下辖地区`}>
          {options.map((r) => {
            const pick = () => onChange([...chain, r]);
            return <Text key={r.code} className='chip' data-code={r.code} onClick={pick} {...a11y({ role: 'button', label: `只抽查${r.name}`, onActivate: pick })}>{r.name}</Text>;
          })}
        </View>
      ) : null}
    </View>
  );
}

function NewTask({ onDone }: { onDone: (id?: string) => void }) {
  const { user } = useAppState();
  const today = beijingToday();
  const [chain, setChain] = useState<Region[]>(user?.region ? [{ code: user.region.code, name: user.region.name, level: 'city', hasChildren: true }] : []);
  const [f, setF] = useState({ title: `${today.slice(0, 4)}年食品小作坊双随机抽查`, share: '10', start: today, end: plusDays(today, 90) });
  const [cats, setCats] = useState<string[]>([]);
  // After a refused submit the problems are listed at the top and recomputed as the form is fixed.
  const [checking, setChecking] = useState(false);
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  const region = chain[chain.length - 1];
  const toggle = (code: string) => setCats(cats.includes(code) ? cats.filter((c) => c !== code) : [...cats, code]);

  const share = Number(f.share);
  const issues = (): FormIssue[] => {
    const p: FormIssue[] = [];
    if (!f.title.trim()) p.push({ field: 'title', message: '请填写任务名称' });
    if (!region) p.push({ field: 'region', message: '请选择抽查范围' });
    if (!Number.isInteger(share) || share < 1 || share > 100) p.push({ field: 'share', message: '抽取比例应为 1–100 的整数' });
    if (!ISO.test(f.start) || !ISO.test(f.end)) p.push({ field: ISO.test(f.start) ? 'periodEnd' : 'periodStart', message: '请选择检查开始和结束日期' });
    else if (f.end < f.start) p.push({ field: 'periodEnd', message: '结束日期不能早于开始日期' });
    return p;
  };
  const submit = async () => {
    const p = issues();
    if (p.length) {
      setChecking(true);
      if (p[0].field) jumpToField(p[0].field);
      return;
    }
    const { confirm } = await Taro.showModal({
      title: '发布抽查任务',
      content: `${region.name}，抽取 ${share}%。发布后服务器立即生成随机种子并公开其哈希值（承诺），此后种子不能更改；抽取后公开种子，任何人可复算核验。`,
      confirmText: '发布',
    });
    if (!confirm) return;
    const d = await drawAdminApi.create({ title: f.title.trim(), region: region.code, categories: cats, sharePercent: share, periodStart: f.start, periodEnd: f.end });
    void Taro.showToast({ title: '已发布，种子哈希已公示', icon: 'none' });
    onDone(d.id);
  };
  return (
    <Page className='draws'>
      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 1 })}>新建双随机抽查任务</Text>
        <ErrorSummary issues={checking ? issues() : []} />
        <Field label='任务名称' name='title' value={f.title} onInput={set('title')} maxlength={60} required />
        <RegionPicker chain={chain} onChange={setChain} />
        <View className='field'>
          <Text className='field__label' aria-hidden='true'>食品类别（不选为全部类别）</Text>
          <View className='chips' role='group' aria-label='食品类别'>
            {CATEGORIES.map((c) => (
              <Text key={c.code} className={cx('chip', cats.includes(c.code) && 'chip--on')} data-code={c.code} onClick={() => toggle(c.code)}
                {...a11y({ role: 'checkbox', checked: cats.includes(c.code), onActivate: () => toggle(c.code) })}>
                {c.name}{c.key ? '（重点）' : ''}
              </Text>
            ))}
          </View>
        </View>
        <Field label='抽取比例（%）' name='share' type='number' value={f.share} onInput={set('share')} maxlength={3} hint='按比例向上取整；重点类别、重点区域的作坊被抽中的机会加倍' required />
        <DateField label='检查开始日期' name='periodStart' value={f.start} onChange={set('start')} start={today} required />
        <DateField label='检查结束日期' name='periodEnd' value={f.end} onChange={set('end')} start={f.start || today} hint='抽中作坊的检查须在此日期前完成' required />
        <ActionButton variant='primary' block onClick={() => void submit()}>发布任务并公示种子哈希</ActionButton>
        <ActionButton block onClick={() => onDone()}>取消</ActionButton>
      </View>
    </Page>
  );
}

/** The clock, ticking every second while `active` (a countdown on screen). */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

function Task({ id, onBack }: { id: string; onBack: () => void }) {
  const page = usePageData(() => drawAdminApi.get(id), { deps: [id] });
  const drawableAt = page.state.status === 'ready' ? Date.parse(page.state.data.drawableAt) : 0;
  const now = useNow(page.state.status === 'ready' && page.state.data.status !== 'drawn' && Date.now() < drawableAt);
  if (page.state.status !== 'ready') {
    const { state } = page;
    return (
      <Page className='draws'>
        {state.status === 'loading' ? <EmptyState status='loading' /> : <EmptyState problem={state} onRetry={page.retry} actions={[{ text: '返回任务列表', onClick: onBack }]} />}
      </Page>
    );
  }
  const d = page.state.data;
  const run = async () => {
    const { confirm } = await Taro.showModal({
      title: '执行抽取',
      content: `从${d.region.name}符合条件的作坊中抽取 ${d.sharePercent}%，并为每户随机选派两名执法人员。抽取不可撤销、不能重抽，结果和种子将立即公开。`,
      confirmText: '抽取',
    });
    if (!confirm) return;
    try {
      page.setData(await drawAdminApi.draw(d.id));
    } catch {
      // the request layer showed the reason
    }
  };
  const drawn = d.status === 'drawn';
  return (
    <Page className='draws'>
      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 1 })}>{d.title}</Text>
        <View className='kv'><Text className='kv__k'>范围</Text><Text className='kv__v'>{d.region.name}</Text></View>
        <View className='kv'><Text className='kv__k'>类别</Text><Text className='kv__v'>{d.categories?.length ? d.categories.map((c) => c.name).join('、') : '全部类别'}</Text></View>
        <View className='kv'><Text className='kv__k'>比例</Text><Text className='kv__v'>{d.sharePercent}%</Text></View>
        <View className='kv'><Text className='kv__k'>检查期间</Text><Text className='kv__v'>{d.periodStart} 至 {d.periodEnd}</Text></View>
        <View className='kv'><Text className='kv__k'>状态</Text><Text className='kv__v' data-testid='draw-status'>{d.statusLabel}</Text></View>
        <View className='kv'><Text className='kv__k'>种子哈希</Text><Text className='kv__v' data-testid='seed-hash'>{d.seedHash}</Text></View>
        {drawn ? <View className='kv'><Text className='kv__k'>种子</Text><Text className='kv__v'>{d.seed}</Text></View> : null}
        <View className='kv'><Text className='kv__k'>公示时间</Text><Text className='kv__v'>{beijingDateTimeSeconds(d.createdAt)}</Text></View>
        {drawn
          ? <View className='kv'><Text className='kv__k'>抽取时间</Text><Text className='kv__v'>{beijingDateTimeSeconds(d.drawnAt)}（候选 {d.candidates?.length ?? 0} 户）</Text></View>
          : <View className='kv'><Text className='kv__k'>最早抽取</Text><Text className='kv__v' data-testid='drawable-at'>{beijingDateTimeSeconds(d.drawableAt)}</Text></View>}
      </View>
      {!drawn && now < drawableAt ? (
        <Text className='muted' data-testid='draw-wait' {...a11y({ role: 'status' })}>种子哈希须先公示，公示期满后才能抽取，以证明抽取前无人知道结果。距可抽取还有 {durationText(drawableAt - now)}。</Text>
      ) : null}
      {!drawn ? <ActionButton variant='danger' block disabled={now < drawableAt} onClick={() => void run()}>执行抽取</ActionButton> : null}
      {drawn ? (
        <>
          <Text className='section-title' {...a11y({ role: 'heading', level: 2 })}>抽中作坊与执法人员（{(d.results ?? []).length} 户）</Text>
          <View className='list'>
            {(d.results ?? []).map((r, k) => (
              <View key={r.workshop.id} className='list-row' data-id={r.workshop.id}>
                <View className='list-row__main'>
                  <Text>{k + 1}. {r.workshop.name}</Text>
                  <Text className='list-row__desc'>{r.workshop.regionName}{r.weight > 1 ? ` · 权重 ×${r.weight}` : ''}</Text>
                  <Text className='list-row__desc'>执法人员：{r.inspectors.map((i) => i.name).join('、') || '辖区内无可选派人员'}</Text>
                </View>
              </View>
            ))}
          </View>
          <Text className='muted'>已为执法人员生成计划检查任务，期限 {d.periodEnd}。</Text>
        </>
      ) : null}
      <ActionButton block onClick={() => void Taro.navigateTo({ url: `${CREDIT_ROUTES.drawDetail}?id=${d.id}` })}>查看公示页</ActionButton>
      <ActionButton block onClick={onBack}>返回任务列表</ActionButton>
    </Page>
  );
}
