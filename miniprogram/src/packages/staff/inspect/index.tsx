import { useEffect, useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { CHECKLIST_ITEMS } from '@shared/domain/categories';
import { INSPECTION_RESULT_LABELS, INSPECTION_RESULTS, type InspectionResult } from '@shared/domain/supervision';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import ErrorSummary, { type FormIssue } from '@/components/ErrorSummary';
import Field from '@/components/Field';
import DateField from '@/components/DateField';
import Page from '@/components/Page';
import { CREDIT_ROUTES } from '@/constants/credit';
import { choosePhotos } from '@/services/upload';
import { hasRole, useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingToday } from '@/utils/time';
import { drafts, flushOutbox, outbox, watchOutbox } from '../lib/outbox';
import type { CheckResult, InspectionDraft } from '../lib/supervision';
import { inspectionBody, inspectionIssues, plusDays } from '../lib/inspectionRules';
import { uuid4 } from '../lib/uuid';
import WorkshopPicker from '../lib/WorkshopPicker';
import '../lib/staff.scss';
import './index.scss';

const RESULT_CHOICES: Array<{ key: CheckResult; label: string }> = [
  { key: 'pass', label: '符合' },
  { key: 'basic', label: '基本符合' },
  { key: 'fail', label: '不符合' },
];

type Outcome = { kind: 'sent'; workshopId: string } | { kind: 'queued' } | null;

/**
 * 日常监督检查 on site: the 10 items, each 符合/基本符合/不符合 with note and photos, the overall result and
 * the rectification deadline. Every change is kept as a draft on the phone; submitting queues the record
 * with its client id and sends it now or when the network is back.
 */
export default function Inspect() {
  const { params } = useRouter();
  const { user } = useAppState();
  const [draft, setDraft] = useState<InspectionDraft | null>(null);
  const [previews, setPreviews] = useState<Record<string, string>>({});
  // After a refused submit the problems are listed at the top and recomputed as the form is fixed; a refusal
  // by the server (e.g. outside my region) is shown as it came.
  const [checking, setChecking] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);

  const start = (workshopId: string, workshopName: string) => {
    const saved = drafts.read<InspectionDraft>(workshopId);
    // A planned (双随机) task opened on a workshop with an older draft still links the record to the task.
    const taskId = params.taskId || saved?.taskId || undefined;
    setDraft(saved ? { ...saved, taskId } : { clientId: uuid4(), workshopId, workshopName, taskId, items: {} });
  };
  useEffect(() => {
    watchOutbox();
    if (params.workshopId) start(params.workshopId, decodeURIComponent(params.name ?? '') || '作坊');
    // Opened once per workshop.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // The draft survives closing the app or losing the network.
  useEffect(() => {
    if (draft) drafts.write(draft.workshopId, draft);
  }, [draft]);

  if (!user || !hasRole(user, ['inspector', 'admin'])) {
    return <Page className='inspect'><EmptyState status='forbidden' description='仅限监管人员使用。' /></Page>;
  }
  if (outcome) {
    return (
      <Page className='inspect'>
        <View className='card state-box' {...a11y({ role: 'status' })}>
          <Text className='card__title'>{outcome.kind === 'sent' ? '检查记录已提交' : '已保存在本机，联网后自动提交'}</Text>
          <Text className='muted'>{outcome.kind === 'sent' ? '结果已进入作坊信用档案；责令整改的，业主会收到整改通知。' : '网络恢复时会自动补传，服务器按离线编号去重，不会重复保存。'}</Text>
          {outcome.kind === 'sent' ? (
            <ActionButton block onClick={() => void Taro.redirectTo({ url: `${CREDIT_ROUTES.workshop}?id=${outcome.workshopId}` })}>查看公开信用档案</ActionButton>
          ) : null}
          <ActionButton variant='primary' block onClick={() => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: '/packages/staff/tasks/index' }))}>返回任务</ActionButton>
        </View>
      </Page>
    );
  }
  if (!draft) {
    return (
      <Page className='inspect'>
        <WorkshopPicker onPick={(w) => start(w.id, w.name)} />
      </Page>
    );
  }

  const setItem = (code: string, patch: Partial<InspectionDraft['items'][string]>) =>
    setDraft({ ...draft, items: { ...draft.items, [code]: { ...draft.items[code], ...patch } } });
  const addPhotos = async (code: string) => {
    const files = await choosePhotos('inspection', 9 - (draft.items[code]?.photos?.length ?? 0));
    if (!files.length) return;
    setPreviews({ ...previews, ...Object.fromEntries(files.map((f) => [f.id, f.preview])) });
    setDraft((d) => d && { ...d, items: { ...d.items, [code]: { ...d.items[code], photos: [...(d.items[code]?.photos ?? []), ...files.map((f) => f.id)] } } });
  };
  // 全部符合: every item not yet chosen becomes 符合 (items already marked stay as they are).
  const allPass = () => setDraft({ ...draft, items: Object.fromEntries(CHECKLIST_ITEMS.map((i) => [i.code, draft.items[i.code]?.result ? draft.items[i.code] : { ...draft.items[i.code], result: 'pass' }])) });
  const setResult = (result: InspectionResult) => {
    setRefused(null);
    setDraft({ ...draft, result, rectificationDeadline: result === 'rectify' ? draft.rectificationDeadline || plusDays(beijingToday(), 15) : undefined });
  };

  /** The form's problems, each with the field it is about where there is one. */
  const issues = (): FormIssue[] => inspectionIssues(draft!, beijingToday());

  const submit = async () => {
    const found = issues();
    setRefused(null);
    if (found.length) {
      setChecking(true);
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined);
      return;
    }
    const fails = CHECKLIST_ITEMS.filter((i) => draft.items[i.code]?.result === 'fail').length;
    const { confirm } = await Taro.showModal({
      title: '提交检查记录',
      content: `${draft.workshopName}：不符合 ${fails} 项，结论“${INSPECTION_RESULT_LABELS[draft.result!]}”${draft.result === 'rectify' ? `，整改期限 ${draft.rectificationDeadline}` : ''}。提交后将公示，不能修改。`,
      confirmText: '提交',
    });
    if (!confirm) return;
    const body = inspectionBody(draft, beijingToday());
    outbox.add({ clientId: draft.clientId, workshopName: draft.workshopName, queuedAt: new Date().toISOString(), body });
    drafts.clear(draft.workshopId);
    void Taro.showLoading({ title: '提交中', mask: true });
    await flushOutbox();
    Taro.hideLoading();
    const still = outbox.list().find((q) => q.clientId === draft.clientId);
    if (still?.error) {
      // Refused (e.g. outside my region): back to the form with the reason, the draft restored.
      outbox.remove(draft.clientId);
      drafts.write(draft.workshopId, draft);
      setRefused(still.error);
      return;
    }
    setOutcome(still ? { kind: 'queued' } : { kind: 'sent', workshopId: draft.workshopId });
  };

  const done = CHECKLIST_ITEMS.filter((i) => draft.items[i.code]?.result).length;
  const shown: FormIssue[] = [...(refused ? [{ message: refused }] : []), ...(checking ? issues() : [])];
  return (
    <Page className='inspect'>
      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 1 })}>{draft.workshopName}</Text>
        <Text className='muted'>日常监督检查 · {beijingToday()} · 已填 {done}/10 项 · 草稿自动保存在本机</Text>
        <ErrorSummary issues={shown} />
        {draft.taskId ? <Text className='tag'>双随机计划任务</Text> : null}
        {done < 10 ? <ActionButton block onClick={allPass}>全部符合（未填的项记为符合）</ActionButton> : null}
        <ActionButton block onClick={() => void Taro.navigateTo({ url: `/packages/staff/self-checks/index?workshopId=${draft.workshopId}&name=${encodeURIComponent(draft.workshopName)}` })}>查看业主自查记录</ActionButton>
      </View>

      {CHECKLIST_ITEMS.map((item, n) => {
        const it = draft.items[item.code] ?? {};
        return (
          <View key={item.code} className={cx('card check-card', it.result === 'fail' && 'check-card--fail')} data-code={item.code}>
            <Text className='check-item__name'>{n + 1}. {item.name}</Text>
            <View className='chips' role='radiogroup' aria-label={item.name}>
              {RESULT_CHOICES.map((c) => (
                <Text
                  key={c.key}
                  className={cx('chip', it.result === c.key && 'chip--on', c.key === 'fail' && 'chip--fail')}
                  data-result={c.key}
                  onClick={() => setItem(item.code, { result: c.key })}
                  {...a11y({ role: 'radio', checked: it.result === c.key, onActivate: () => setItem(item.code, { result: c.key }) })}
                >
                  {c.label}
                </Text>
              ))}
            </View>
            {it.result && it.result !== 'pass' ? (
              <>
                <Field label={`${item.name}：问题说明`} name={`note.${item.code}`} value={it.note ?? ''} maxlength={200} multiline onInput={(v) => setItem(item.code, { note: v })} placeholder='现场发现的问题' />
                <View className='photos'>
                  {(it.photos ?? []).map((id, k) => (
                    <View key={id} className='photo'>
                      {previews[id] ? <Image className='photo__img' src={previews[id]} mode='aspectFill' aria-label={`${item.name}照片${k + 1}`} /> : <Text>照片{k + 1}</Text>}
                    </View>
                  ))}
                </View>
                <ActionButton onClick={() => void addPhotos(item.code)} label={`拍照取证（${item.name}）`}>拍照取证</ActionButton>
              </>
            ) : null}
          </View>
        );
      })}

      <View className='card'>
        <Text className='card__title'>检查结论</Text>
        <View className='chips' id='f-result' role='radiogroup' aria-label='检查结论'>
          {INSPECTION_RESULTS.map((r) => (
            <Text key={r} className={cx('chip', draft.result === r && 'chip--on')} data-result={r} onClick={() => setResult(r)} {...a11y({ role: 'radio', checked: draft.result === r, onActivate: () => setResult(r) })}>
              {INSPECTION_RESULT_LABELS[r]}
            </Text>
          ))}
        </View>
        {draft.result === 'rectify' ? (
          <DateField label='整改期限' name='deadline' value={draft.rectificationDeadline ?? ''} start={beijingToday()} hint='业主须在此日期前上传整改照片和说明' onChange={(v) => setDraft({ ...draft, rectificationDeadline: v })} required />
        ) : null}
        <Field label='备注' name='note' value={draft.note ?? ''} maxlength={500} multiline onInput={(v) => setDraft({ ...draft, note: v })} placeholder='（可选）' />
        {shown.length ? <Text className='errors'>还有 {shown.length} 处需要处理，见页面顶部的提示。</Text> : null}
        <ActionButton variant='primary' block onClick={() => void submit()}>提交检查记录</ActionButton>
      </View>
    </Page>
  );
}
