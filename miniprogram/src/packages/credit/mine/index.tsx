import { useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import type { z } from 'zod';
import type { InspectionView, PenaltyView, SampleView, SelfCheckView } from '@shared/schemas/supervision';
import type { MyWorkshop } from '../../registration/lib/api';
import { CHECKLIST_ITEMS } from '@shared/domain/categories';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Field from '@/components/Field';
import Page from '@/components/Page';
import { CREDIT_ROUTES } from '@/constants/credit';
import { usePageData } from '@/hooks/usePageData';
import { redirectToLogin } from '@/services/navigation';
import { api } from '@/services/request';
import { choosePhotos } from '@/services/upload';
import { useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingDate, beijingToday } from '@/utils/time';
import '../lib/credit.scss';
import './index.scss';

type Inspection = z.infer<typeof InspectionView>;
type SelfCheck = z.infer<typeof SelfCheckView>;
type Penalty = z.infer<typeof PenaltyView>;
type Sample = z.infer<typeof SampleView>;
type CheckResult = 'pass' | 'basic' | 'fail';
const CHOICES: Array<{ key: CheckResult; label: string }> = [{ key: 'pass', label: '符合' }, { key: 'basic', label: '基本符合' }, { key: 'fail', label: '不符合' }];

/**
 * The owner's side of supervision: each inspection of my workshop, rectification photos and a note
 * before the deadline, and the same 10-item checklist as a self-check (自查) that the inspector sees.
 */
export default function MySupervision() {
  const { user } = useAppState();
  // A message's link names the record it is about (?inspection=… or ?sample=…): that card is marked.
  const { params } = useRouter();
  const focus = params?.inspection ?? params?.sample ?? null;
  const [picked, setPicked] = useState<string | null>(null);
  const quiet = { toast: false } as const;
  const mine = usePageData(
    () => api.get<{ data: MyWorkshop[] }>('/workshops/mine', undefined, quiet).then((r) => r.data ?? []),
    { onShow: true, enabled: !!user },
  );
  const list = mine.data ?? [];
  const w = (list.find((m) => m.workshop.id === picked) ?? list[0])?.workshop;
  const records = usePageData(async () => {
    const id = w!.id;
    const [inspections, selfChecks, penalties, samples] = await Promise.all([
      api.get<{ data: Inspection[] }>(`/workshops/${id}/inspections`, undefined, quiet).then((r) => r.data ?? []),
      api.get<{ data: SelfCheck[] }>(`/workshops/${id}/self-checks`, undefined, quiet).then((r) => r.data ?? []),
      api.get<{ data: Penalty[] }>(`/workshops/${id}/penalties`, undefined, quiet).then((r) => r.data ?? []),
      api.get<{ data: Sample[] }>(`/workshops/${id}/samples`, undefined, quiet).then((r) => r.data ?? []),
    ]);
    return { inspections, selfChecks, penalties, samples };
  }, { deps: [w?.id], onShow: true, enabled: !!w });
  const reloadRecords = () => void records.reload();

  if (!user) {
    return (
      <Page className='mysup'>
        <EmptyState status='forbidden' title='请先登录' description='登录后查看您作坊的检查、整改与信用修复。' actions={[{ text: '登录', onClick: () => redirectToLogin(), variant: 'primary' }]} />
      </Page>
    );
  }
  if (mine.state.status === 'loading') return <Page className='mysup'><EmptyState status='loading' /></Page>;
  if (mine.state.status !== 'ready') return <Page className='mysup'><EmptyState problem={mine.state} onRetry={mine.retry} /></Page>;
  if (!w) return <Page className='mysup'><EmptyState status='empty' title='您名下还没有已登记的作坊' description='准予登记后，检查与整改记录会显示在这里。' /></Page>;

  const r = records.data;
  return (
    <Page className='mysup'>
      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 1 })}>{w.name}</Text>
        {list.length > 1 ? (
          <View className='mysup__switch'>
            {list.map((m) => (
              <Text key={m.workshop.id} className={cx('chip', m.workshop.id === w.id && 'chip--on')} onClick={() => setPicked(m.workshop.id)} {...a11y({ role: 'radio', checked: m.workshop.id === w.id, onActivate: () => setPicked(m.workshop.id) })}>{m.workshop.name}</Text>
            ))}
          </View>
        ) : null}
        <ActionButton block onClick={() => void Taro.navigateTo({ url: `${CREDIT_ROUTES.workshop}?id=${w.id}` })}>查看公开信用档案</ActionButton>
      </View>

      {records.state.status === 'loading' ? <EmptyState status='loading' /> : null}
      {records.state.status !== 'loading' && records.state.status !== 'ready' ? <EmptyState problem={records.state} onRetry={records.retry} /> : null}
      {r ? (
        <>
          <Text className='section-title' {...a11y({ role: 'heading', level: 2 })}>监督检查</Text>
          {!r.inspections.length ? <EmptyState status='empty' title='暂无检查记录' inline className='card' /> : null}
          {r.inspections.map((i) => <InspectionCard key={i.id} i={i} onChange={reloadRecords} focused={i.id === focus} />)}

          <Text className='section-title' {...a11y({ role: 'heading', level: 2 })}>监督抽检</Text>
          {!r.samples.length ? <EmptyState status='empty' title='暂无抽检记录' inline className='card' /> : null}
          {r.samples.map((s) => <SampleCard key={s.id} s={s} focused={s.id === focus} />)}

          <Text className='section-title' {...a11y({ role: 'heading', level: 2 })}>自查</Text>
          <SelfCheckForm workshopId={w.id} onSaved={reloadRecords} />
          {r.selfChecks.length ? (
            <View className='list'>
              {r.selfChecks.map((s) => (
                <View key={s.id} className='list-row mysup__row'>
                  <View className='list-row__main'>
                    <Text>{beijingDate(s.at)} 自查</Text>
                    <Text className='list-row__desc'>符合 {s.summary.pass} · 基本符合 {s.summary.basic} · 不符合 {s.summary.fail}{s.note ? ` · ${s.note}` : ''}</Text>
                  </View>
                </View>
              ))}
            </View>
          ) : null}

          <Text className='section-title' {...a11y({ role: 'heading', level: 2 })}>行政处罚与信用修复</Text>
          {!r.penalties.length ? <EmptyState status='empty' title='没有行政处罚记录' inline className='card' /> : null}
          {r.penalties.map((p) => <PenaltyCard key={p.id} p={p} onChange={reloadRecords} />)}
        </>
      ) : null}
    </Page>
  );
}

/**
 * One penalty: how long it stays public, and 信用修复 once the publicity period is over (the server
 * checks the date again and answers 422 with the date when it is too early).
 */
function PenaltyCard({ p, onChange }: { p: Penalty; onChange: () => void }) {
  const r = p.repair;
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [photos, setPhotos] = useState<Array<{ id: string; preview: string }>>([]);
  const [problem, setProblem] = useState('');
  const canRequest = r.eligible && (r.status === 'none' || r.status === 'rejected');
  const add = async () => {
    const files = await choosePhotos('rectification', 9 - photos.length);
    setPhotos([...photos, ...files.map((f) => ({ id: f.id, preview: f.preview }))]);
  };
  const submit = async () => {
    if (!reason.trim()) { setProblem('请填写整改情况与信用承诺'); return; }
    const { confirm } = await Taro.showModal({ title: '申请信用修复', content: `${p.decisionNumber}：提交后由监管部门审核，通过后该处罚信息停止公示。提交后不能修改。`, confirmText: '提交' });
    if (!confirm) return;
    await api.post(`/penalties/${p.id}/repair`, { reason: reason.trim(), ...(photos.length ? { photos: photos.map((x) => x.id) } : {}) }, { loading: '提交中' });
    void Taro.showToast({ title: '已提交，等待审核', icon: 'none' });
    setOpen(false);
    onChange();
  };
  return (
    <View className='card' data-penalty={p.id}>
      <Text className='card__title'>{beijingDate(p.decidedAt)} {p.decisionNumber}</Text>
      <Text className='muted'>{p.office} · {p.outcome}{p.fineFen !== null ? `，罚款 ${(p.fineFen / 100).toFixed(2)} 元` : ''}</Text>
      <Text className='mysup__rect'>{p.public ? `公示中：公示期至 ${beijingDate(p.publicityEnds)}，未修复的最迟公示至 ${beijingDate(p.publicUntil)}` : '已停止公示'}</Text>
      <Text className={cx('mysup__rect', r.status === 'rejected' && 'ckv__v--danger')} data-testid='repair-status'>信用修复：{r.statusLabel}{r.requestedAt ? `（${beijingDate(r.requestedAt)} 申请）` : ''}</Text>
      {r.reviewNote ? <Text className='muted'>审核意见：{r.reviewNote}</Text> : null}
      {!r.eligible && r.status === 'none' ? <Text className='muted'>公示期届满（{beijingDate(p.publicityEnds)}）后可申请信用修复。</Text> : null}
      {canRequest && !open ? <ActionButton block onClick={() => setOpen(true)}>{r.status === 'rejected' ? '重新申请信用修复' : '申请信用修复'}</ActionButton> : null}
      {canRequest && open ? (
        <View className='mysup__form'>
          <Field label='整改情况与信用承诺' name='repairReason' value={reason} onInput={setReason} multiline maxlength={1000} placeholder='已纠正的违法行为、整改措施，以及守法经营的承诺' required />
          <View className='mysup__photos'>
            {photos.map((x, k) => <Image key={x.id} className='mysup__photo' src={x.preview} mode='aspectFill' aria-label={`整改证明照片${k + 1}`} />)}
          </View>
          <ActionButton onClick={() => void add()}>添加整改证明照片（可选）</ActionButton>
          {problem ? <Text className='notice' {...a11y({ role: 'alert' })}>{problem}</Text> : null}
          <ActionButton variant='primary' block onClick={() => void submit()}>提交信用修复申请</ActionButton>
        </View>
      ) : null}
    </View>
  );
}

/**
 * One sample of my products: the result, the failed items, and for a failure the follow-up (后处理) the
 * office leads, with its deadline, until it is closed with the disposal.
 */
function SampleCard({ s, focused }: { s: Sample; focused: boolean }) {
  const f = s.followUp;
  const open = f.status === 'open';
  return (
    <View className={cx('card', open && 'mysup__insp--todo', focused && 'mysup__focus')} data-sample={s.id}>
      <Text className='card__title'>{s.sampledAt} {s.product} · {s.resultLabel}</Text>
      <Text className='muted'>{s.office} · 批次 {s.batch} · 检验项目：{s.items.join('、')}</Text>
      {s.failedItems.length ? <Text className='mysup__issue'>• 不合格项目：{s.failedItems.join('、')}</Text> : null}
      {f.status !== 'none' ? (
        <Text className={cx('mysup__rect', f.overdue && 'ckv__v--danger')} data-testid='follow-up'>
          后处理：{f.statusLabel}{open && f.due ? `，期限 ${f.due}` : ''}{f.overdue ? '（已逾期）' : ''}
        </Text>
      ) : null}
      {open ? <Text className='muted'>请在期限前配合{s.office}完成后处理（如停止销售、召回、查找原因并整改），办结后这里会显示处理结果。</Text> : null}
      {f.disposal ? <Text className='muted'>处理结果：{f.disposal}{f.closedAt ? `（${beijingDate(f.closedAt)}）` : ''}</Text> : null}
    </View>
  );
}

function InspectionCard({ i, onChange, focused = false }: { i: Inspection; onChange: () => void; focused?: boolean }) {
  const r = i.rectification;
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<Array<{ id: string; preview: string }>>([]);
  const [problem, setProblem] = useState('');
  const canSubmit = r.status === 'pending' && !!r.deadline && r.deadline >= beijingToday();

  const add = async () => {
    const files = await choosePhotos('rectification', 9 - photos.length);
    setPhotos([...photos, ...files.map((f) => ({ id: f.id, preview: f.preview }))]);
  };
  const submit = async () => {
    if (!photos.length) { setProblem('请至少上传一张整改照片'); return; }
    if (!note.trim()) { setProblem('请填写整改说明'); return; }
    const { confirm } = await Taro.showModal({ title: '提交整改材料', content: `提交 ${photos.length} 张照片和说明，监管人员将进行复查。提交后不能修改。`, confirmText: '提交' });
    if (!confirm) return;
    await api.post(`/inspections/${i.id}/rectification`, { note: note.trim(), photos: photos.map((p) => p.id) }, { loading: '提交中' });
    void Taro.showToast({ title: '已提交，等待复查', icon: 'none' });
    onChange();
  };
  const fails = (i.items ?? []).filter((x) => x.result !== 'pass');
  return (
    <View className={cx('card mysup__insp', r.status === 'pending' && 'mysup__insp--todo', focused && 'mysup__focus')} data-id={i.id}>
      <Text className='card__title'>{i.date} {i.resultLabel}</Text>
      <Text className='muted'>{i.office} · 符合 {i.summary.pass} · 基本符合 {i.summary.basic} · 不符合 {i.summary.fail}</Text>
      {fails.map((x) => (
        <Text key={x.code} className='mysup__issue'>• {x.name}：{x.resultLabel}{x.note ? `（${x.note}）` : ''}</Text>
      ))}
      {r.status !== 'none' ? (
        <Text className={cx('mysup__rect', r.overdue && 'ckv__v--danger')}>整改：{r.statusLabel}{r.deadline ? `，期限 ${r.deadline}` : ''}{r.overdue ? '（已逾期）' : ''}</Text>
      ) : null}
      {r.reviewNote ? <Text className='muted'>复查意见：{r.reviewNote}</Text> : null}
      {canSubmit ? (
        <View className='mysup__form'>
          <View className='mysup__photos'>
            {photos.map((p, k) => <Image key={p.id} className='mysup__photo' src={p.preview} mode='aspectFill' aria-label={`整改照片${k + 1}`} />)}
          </View>
          <ActionButton onClick={() => void add()}>拍照或选择整改照片</ActionButton>
          <Field label='整改说明' name='rectNote' value={note} onInput={setNote} multiline maxlength={500} placeholder='已采取的整改措施' required />
          {problem ? <Text className='notice' {...a11y({ role: 'alert' })}>{problem}</Text> : null}
          <ActionButton variant='primary' block onClick={() => void submit()}>提交整改材料</ActionButton>
        </View>
      ) : null}
    </View>
  );
}

function SelfCheckForm({ workshopId, onSaved }: { workshopId: string; onSaved: () => void }) {
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Record<string, CheckResult>>({});
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState('');
  if (!open) return <ActionButton block onClick={() => setOpen(true)}>开始自查（10项）</ActionButton>;
  const submit = async () => {
    const missing = CHECKLIST_ITEMS.filter((i) => !items[i.code]).map((i) => i.name);
    if (missing.length) { setProblem(`尚未选择：${missing.join('、')}`); return; }
    await api.post(`/workshops/${workshopId}/self-checks`, { items: CHECKLIST_ITEMS.map((i) => ({ code: i.code, result: items[i.code] })), ...(note.trim() ? { note: note.trim() } : {}) }, { loading: '提交中' });
    void Taro.showToast({ title: '自查已保存', icon: 'none' });
    setOpen(false);
    setItems({});
    setNote('');
    onSaved();
  };
  return (
    <View className='card'>
      {CHECKLIST_ITEMS.map((it, n) => (
        <View key={it.code} className='mysup__item' data-code={it.code}>
          <Text className='mysup__item-name'>{n + 1}. {it.name}</Text>
          <View className='mysup__choices' role='radiogroup' aria-label={it.name}>
            {CHOICES.map((c) => {
              const pick = () => setItems({ ...items, [it.code]: c.key });
              return <Text key={c.key} className={cx('chip', items[it.code] === c.key && 'chip--on')} onClick={pick} {...a11y({ role: 'radio', checked: items[it.code] === c.key, onActivate: pick })}>{c.label}</Text>;
            })}
          </View>
        </View>
      ))}
      <Field label='自查说明' name='selfNote' value={note} onInput={setNote} multiline maxlength={500} placeholder='（可选）' />
      {problem ? <Text className='notice' {...a11y({ role: 'alert' })}>{problem}</Text> : null}
      <ActionButton variant='primary' block onClick={() => void submit()}>保存自查结果</ActionButton>
    </View>
  );
}
