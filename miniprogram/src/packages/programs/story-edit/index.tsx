import { useEffect, useState } from 'react';
import { Image, Picker, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { HERITAGE_KINDS, TEACHING_KINDS } from '@shared/domain/programs';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Field from '@/components/Field';
import Page from '@/components/Page';
import { notFound } from '@/hooks/pageProblem';
import { usePageData } from '@/hooks/usePageData';
import { redirectToLogin } from '@/services/navigation';
import { API_BASE } from '@/services/request';
import { choosePhotos } from '@/services/upload';
import { useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { beijingToday } from '@/utils/time';
import { fileIdOfUrl, fileUrl } from '../lib/programFormat';
import { programsApi, type Subsidy } from '../lib/programsApi';
import { PROGRAM_ROUTES } from '../lib/programRoutes';
import '../lib/programs.scss';

interface StoryForm { technique: string; inheritor: string; history: string; photos: Array<{ id: string; src: string }> }

/** Problems of the story form in words; [] when it can be saved. */
export function storyProblems(f: StoryForm): string[] {
  const out: string[] = [];
  if (!f.technique.trim()) out.push('请介绍传统技艺');
  if (!f.inheritor.trim()) out.push('请介绍传承人');
  if (!f.history.trim()) out.push('请介绍历史渊源');
  if (f.photos.length > 9) out.push('最多9张照片');
  return out;
}

/** Apprentice names typed with commas, 、 or spaces, each once. */
export const apprenticeNames = (text: string) => [...new Set(text.split(/[,，、\s]+/).map((s) => s.trim()).filter(Boolean))];

/** Problems of a teaching record in words; [] when it can be sent. */
export function teachingProblems(t: { date: string; apprentices: string; hours: string }, today: string): string[] {
  const out: string[] = [];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t.date)) out.push('请选择授徒日期');
  else if (t.date > today) out.push('授徒日期不能晚于今天');
  if (!apprenticeNames(t.apprentices).length) out.push('请填写徒弟姓名');
  const h = Number(t.hours);
  if (!t.hours || !Number.isFinite(h) || h < 0.5 || h > 24 || Math.round(h * 2) !== h * 2) out.push('学时为0.5到24之间、以0.5为单位的数');
  return out;
}

/**
 * The award holder's page: the heritage story (technique, inheritor, history, photos; PUT /awards/:id/story)
 * and, for inheritors and studios, the teaching record (apprentices and hours) with this year's subsidy.
 */
export default function StoryEdit() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const { token } = useAppState();
  const { state, retry } = usePageData(async () => {
    if (!/^[a-f0-9]{24}$/.test(id)) throw notFound();
    const award = await programsApi.award(id);
    const subsidy = TEACHING_KINDS.includes(award.program.kind) ? await programsApi.teaching(id).catch(() => null) : null;
    return { award, subsidy };
  }, { deps: [id], enabled: !!token });
  const [form, setForm] = useState<StoryForm | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [subsidy, setSubsidy] = useState<Subsidy | null>(null);
  const [teach, setTeach] = useState({ date: beijingToday(), apprentices: '', hours: '', note: '' });
  const [teachErrors, setTeachErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const ready = state.status === 'ready' ? state.data : null;
  useEffect(() => {
    if (!ready) return;
    const s = ready.award.story;
    setForm({ technique: s?.technique ?? '', inheritor: s?.inheritor ?? '', history: s?.history ?? '', photos: (s?.photos ?? []).map((u) => ({ id: fileIdOfUrl(u), src: fileUrl(u, API_BASE) })) });
    setSubsidy(ready.subsidy);
  }, [ready]);

  if (!token) {
    return <Page><EmptyState status='forbidden' title='请先登录' description='登录后编写非遗故事、登记授徒。' actions={[{ text: '登录', variant: 'primary', onClick: () => redirectToLogin() }]} /></Page>;
  }
  if (state.status === 'loading' || (state.status === 'ready' && !form)) return <Page><EmptyState status='loading' /></Page>;
  if (state.status !== 'ready') return <Page><EmptyState problem={state} onRetry={retry} /></Page>;
  const { award } = state.data;
  if (!HERITAGE_KINDS.includes(award.program.kind)) {
    return <Page><EmptyState status='empty' title='该称号没有非遗故事页' description='非遗代表性项目、传承人和传承人工作室可以编写故事页。' /></Page>;
  }
  const f = form!;
  const set = (patch: Partial<StoryForm>) => setForm({ ...f, ...patch });

  const addPhotos = async () => {
    const files = await choosePhotos('story', 9 - f.photos.length);
    if (files.length) setForm((x) => (x ? { ...x, photos: [...x.photos, ...files.map((p) => ({ id: p.id, src: p.preview }))].slice(0, 9) } : x));
  };
  const save = async () => {
    if (busy) return;
    const problems = storyProblems(f);
    setErrors(problems);
    if (problems.length) return;
    setBusy(true);
    try {
      await programsApi.writeStory(id, { technique: f.technique.trim(), inheritor: f.inheritor.trim(), history: f.history.trim(), photos: f.photos.map((p) => p.id) });
      void Taro.showToast({ title: '已保存', icon: 'success' });
    } catch {
      // toasted
    } finally {
      setBusy(false);
    }
  };
  const record = async () => {
    if (busy) return;
    const today = beijingToday();
    const problems = teachingProblems(teach, today);
    setTeachErrors(problems);
    if (problems.length) return;
    const names = apprenticeNames(teach.apprentices);
    const { confirm } = await Taro.showModal({
      title: '登记授徒',
      content: `${teach.date} 向 ${names.join('、')} 传艺 ${Number(teach.hours)} 学时。登记后不能修改，用于计算本年度补贴。`,
      confirmText: '确认登记',
      cancelText: '再看看',
    });
    if (!confirm) return;
    setBusy(true);
    try {
      const s = await programsApi.recordTeaching(id, { date: teach.date, apprentices: names, hours: Number(teach.hours), ...(teach.note.trim() ? { note: teach.note.trim() } : {}) });
      setSubsidy(s);
      setTeach({ date: today, apprentices: '', hours: '', note: '' });
      void Taro.showToast({ title: '已登记', icon: 'success' });
    } catch {
      // toasted
    } finally {
      setBusy(false);
    }
  };
  const errorList = (list: string[]) => (list.length ? (
    <View className='errors' {...a11y({ role: 'alert' })}>{list.map((e) => <Text key={e} className='errors__item'>{e}</Text>)}</View>
  ) : null);

  return (
    <Page className='story-edit'>
      <View className='card pg-head'>
        <Text className='pg-title' {...a11y({ role: 'heading', level: 1 })}>{award.workshop.name}</Text>
        <Text className='tag tag--award'>{award.badge}</Text>
        <Text className='pg-meta'>{award.program.name} · {award.issuer}</Text>
      </View>

      <Text className='section-title' {...a11y({ role: 'heading', level: 2 })}>非遗故事（公开展示）</Text>
      <View className='card' data-testid='story-form'>
        <Field label='传统技艺' name='technique' required multiline maxlength={2000} value={f.technique} placeholder='原料、工序、特色' onInput={(v) => set({ technique: v })} />
        <Field label='传承人' name='inheritor' required multiline maxlength={500} value={f.inheritor} placeholder='传承人与传承谱系' onInput={(v) => set({ inheritor: v })} />
        <Field label='历史渊源' name='history' required multiline maxlength={3000} value={f.history} onInput={(v) => set({ history: v })} />
        <Text className='field__label'>照片（最多9张，公开展示）</Text>
        <View className='pg-photos'>
          {f.photos.map((p, i) => (
            <View key={p.id} className='pg-photo-item'>
              <Image className='pg-photo' mode='aspectFill' src={p.src} aria-label={`照片${i + 1}`} />
              <Text className='link-btn link-btn--danger' onClick={() => set({ photos: f.photos.filter((x) => x.id !== p.id) })} {...a11y({ role: 'button', label: `删除照片${i + 1}`, onActivate: () => set({ photos: f.photos.filter((x) => x.id !== p.id) }) })}>删除</Text>
            </View>
          ))}
        </View>
        {f.photos.length < 9 ? <ActionButton onClick={() => void addPhotos()}>添加照片</ActionButton> : null}
        {errorList(errors)}
        <View className='pg-actions'>
          <ActionButton variant='primary' disabled={busy} onClick={() => void save()}>保存故事</ActionButton>
          <ActionButton onClick={() => void Taro.navigateTo({ url: `${PROGRAM_ROUTES.story}?id=${id}` })}>预览故事页</ActionButton>
        </View>
      </View>

      {TEACHING_KINDS.includes(award.program.kind) ? (
        <>
          <Text className='section-title' {...a11y({ role: 'heading', level: 2 })}>传艺授徒与补贴</Text>
          <View className='card' data-testid='subsidy'>
            {subsidy ? (
              <>
                <Text className='pg-meta'>{subsidy.year} 年：授徒 {subsidy.apprentices} 人，累计 {subsidy.hours} 学时（全额补贴需 {subsidy.requiredHours} 学时，不足按比例）</Text>
                <Text className='pg-row__title' data-testid='subsidy-due'>本年度补贴测算：{subsidy.dueLabel}</Text>
                {subsidy.entries.map((e, i) => (
                  <Text key={`${e.date}-${i}`} className='pg-meta'>{e.date} · {e.apprentices.join('、')} · {e.hours} 学时{e.note ? ` · ${e.note}` : ''}</Text>
                ))}
              </>
            ) : <Text className='muted'>本年度补贴暂时无法读取，登记后显示。</Text>}
          </View>
          <View className='card' data-testid='teaching-form'>
            <Text className='field__label'>授徒日期 *</Text>
            <Picker mode='date' value={teach.date} end={beijingToday()} onChange={(e) => setTeach({ ...teach, date: String(e.detail.value) })}>
              <View className='input' aria-label='授徒日期'><Text>{teach.date || '选择日期'}</Text></View>
            </Picker>
            <Field label='徒弟姓名' name='apprentices' required value={teach.apprentices} placeholder='多人用顿号或逗号分隔' onInput={(v) => setTeach({ ...teach, apprentices: v })} />
            <Field label='学时' name='hours' type='digit' required maxlength={4} value={teach.hours} placeholder='如 4 或 2.5' onInput={(v) => setTeach({ ...teach, hours: v })} />
            <Field label='内容（选填）' name='teachNote' multiline maxlength={500} value={teach.note} placeholder='如：汤底熬制、米粉晾晒' onInput={(v) => setTeach({ ...teach, note: v })} />
            {errorList(teachErrors)}
            <ActionButton variant='primary' block disabled={busy} onClick={() => void record()}>登记授徒</ActionButton>
          </View>
        </>
      ) : null}
    </Page>
  );
}
