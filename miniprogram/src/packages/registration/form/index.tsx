import { useEffect, useMemo, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import ErrorSummary, { jumpToField, type FormIssue } from '@/components/ErrorSummary';
import EmptyState from '@/components/EmptyState';
import Page from '@/components/Page';
import { problemOf, type PageProblem } from '@/hooks/pageProblem';
import { ApiError } from '@/services/request';
import { redirectToLogin } from '@/services/navigation';
import { useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingToday } from '@/utils/time';
import { registrationApi, type NegativeEntry, type RegistrationView } from '../lib/api';
import { clearLocalDraft, loadLocalDraft, saveLocalDraft } from '../lib/storage';
import { STEPS, emptyDraft, mergeDrafts, negativeHits, stepBody, stepIndexForField, stepIssues, type FormDraft, type StepKey } from '../lib/steps';
import StepBody from './StepBody';
import '../lib/reg.scss';

const DETAIL = '/packages/registration/detail/index';

export default function RegistrationForm() {
  const { params } = useRouter();
  const { user } = useAppState();
  const [draft, setDraft] = useState<FormDraft | null>(null);
  const [view, setView] = useState<RegistrationView | null>(null);
  // Problems from the server (submit) — shown as they came; step problems are recomputed as the owner types.
  const [errors, setErrors] = useState<FormIssue[]>([]);
  const [checking, setChecking] = useState(false);
  const [negList, setNegList] = useState<NegativeEntry[]>([]);
  const [previews, setPreviews] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<PageProblem | null>(null);
  const [attempt, setAttempt] = useState(0);
  const loaded = useRef(false);
  const alive = useRef(true);
  useEffect(() => () => { alive.current = false; }, []);

  // Load: the application named in the URL, else the one this device was filling, else a new one.
  useEffect(() => {
    if (!user) { redirectToLogin(); return; }
    if (loaded.current) return;
    loaded.current = true;
    const local = params.new === '1' ? null : loadLocalDraft(user.id);
    const id = params.id ?? local?.id ?? null;
    const start = async () => {
      let server: RegistrationView | null = null;
      if (id) {
        try {
          server = await registrationApi.get(id);
        } catch (e) {
          const p = problemOf(e);
          // Only a draft remembered on this device that the server no longer has starts over as a new
          // one. Anything else (the application in the link is missing, no permission, no network) is
          // said plainly: an empty form here would be saved as a second application.
          if (p.status !== 'missing' || params.id) {
            if (alive.current) setProblem(p);
            return;
          }
        }
        if (server && server.status !== 'draft' && server.status !== 'correction') {
          // Already submitted (e.g. on another device): the status page is where it continues.
          clearLocalDraft(user.id);
          void Taro.redirectTo({ url: `${DETAIL}?id=${server.id}` });
          return;
        }
      }
      const merged = server ? mergeDrafts(local && local.id === server.id ? local : null, server) : local && !local.id ? local : emptyDraft();
      const step = params.step !== undefined ? Math.min(STEPS.length - 1, Math.max(0, Number(params.step) || 0)) : merged.step;
      if (!server && !merged.applicant.name && user.name && user.name !== '微信用户') merged.applicant.name = user.name;
      if (!alive.current) return;
      setView(server);
      setDraft({ ...merged, step });
    };
    void start();
  }, [user, params.id, params.step, params.new, attempt]);
  const retry = () => {
    setProblem(null);
    loaded.current = false;
    setAttempt((n) => n + 1);
  };

  useEffect(() => {
    registrationApi.negativeList(draft?.workshop.region || undefined).then(setNegList).catch(() => undefined);
    // Only when the region changes: the list is per region.
  }, [draft?.workshop.region]);

  const update = (fn: (d: FormDraft) => FormDraft) => {
    setErrors((e) => (e.length ? [] : e)); // the owner is fixing it: the old list would mislead
    setDraft((d) => {
      if (!d) return d;
      const next = { ...fn(d), editedAt: Date.now() };
      if (user) saveLocalDraft(user.id, next);
      return next;
    });
  };

  const hits = useMemo(() => (draft ? negativeHits(draft.products, negList) : []), [draft?.products, negList]);

  if (!draft) {
    return (
      <Page className='reg-form'>
        {problem ? (
          <EmptyState problem={problem} title={problem.status === 'missing' ? '未找到该申请' : undefined} onRetry={retry} />
        ) : (
          <EmptyState status='loading' title='正在载入申请…' />
        )}
      </Page>
    );
  }

  const step = STEPS[draft.step];
  const today = beijingToday();

  const issuesOf = (key: StepKey): FormIssue[] => [
    ...stepIssues(key, draft, today),
    ...(key === 'products' && hits.length ? [{ field: 'products.0', message: '有品种属于禁止生产食品目录，请删除后再继续' }] : []),
  ];

  const goStep = (i: number) => {
    setErrors([]);
    setChecking(false);
    update((d) => ({ ...d, step: i }));
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
  };

  /** Saves the current step to the server (creating the draft on the first save), then moves. */
  const saveAndGo = async (to: number) => {
    if (busy) return;
    const key = step.key as StepKey;
    const problems = issuesOf(key);
    if (problems.length && to > draft.step) {
      setErrors([]);
      setChecking(true);
      if (problems[0].field) jumpToField(problems[0].field);
      return;
    }
    setBusy(true);
    try {
      const body = stepBody(key, draft);
      let saved: RegistrationView | null = view;
      if (Object.keys(body).length && !problems.length) {
        saved = draft.id ? await registrationApi.save(draft.id, body) : await registrationApi.create(body);
      } else if (!draft.id && to > draft.step) {
        saved = await registrationApi.create({});
      }
      if (saved) setView(saved);
      setErrors([]);
      setChecking(false);
      update((d) => ({
        ...d,
        id: saved?.id ?? d.id,
        step: to,
        applicant: saved ? { ...d.applicant, phone: '', idNumber: '', phoneSaved: saved.applicant.phone, idNumberSaved: saved.applicant.idNumber } : d.applicant,
      }));
      void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
    } catch {
      // The request layer showed the reason; the draft stays on the device.
    } finally {
      setBusy(false);
    }
  };

  const submit = async () => {
    if (!draft.id || busy) return;
    const { confirm } = await Taro.showModal({
      title: view?.status === 'correction' ? '提交补正材料' : '确认提交申请',
      content: '提交后材料不能再修改，审查机关将在5个工作日内作出是否受理的决定。确认提交？',
      confirmText: '提交',
      cancelText: '再看看',
    });
    if (!confirm) return;
    setBusy(true);
    try {
      const submitted = await registrationApi.submit(draft.id);
      if (user) clearLocalDraft(user.id);
      void Taro.showToast({ title: '已提交', icon: 'success', duration: 1200 });
      setTimeout(() => void Taro.redirectTo({ url: `${DETAIL}?id=${submitted.id}` }), 600);
    } catch (e) {
      const err = e as ApiError;
      const details = err.details as { missing?: string[]; products?: { product: string; reason: string }[] } | undefined;
      if (details?.missing) setErrors(details.missing.map((m) => ({ message: `还缺少：${m}` })));
      else if (details?.products) setErrors(details.products.map((p) => ({ message: `“${p.product}”不能登记：${p.reason}` })));
      else setErrors([{ message: err.message || '提交失败，请稍后再试' }]);
      try { setView(await registrationApi.get(draft.id)); } catch { /* keep the old view */ }
    } finally {
      setBusy(false);
    }
  };

  const corrections = view?.status === 'correction' ? view.corrections : [];

  return (
    <Page className='reg-form'>
      {corrections.length ? (
        <View className='card' data-testid='corrections'>
          <Text className='card__title'>审查机关要求补正</Text>
          {corrections.map((c) => (
            <View key={c.field} className='kv'>
              <Text className='kv__k'>{c.fieldLabel}</Text>
              <View className='kv__v'>
                <Text>{c.reason}</Text>
                <Text className='link-btn' onClick={() => goStep(stepIndexForField(c.field))} {...a11y({ role: 'button', label: `去修改${c.fieldLabel}`, onActivate: () => goStep(stepIndexForField(c.field)) })}>
                  去修改
                </Text>
              </View>
            </View>
          ))}
        </View>
      ) : null}

      <View className='card'>
        <View className='steps-bar' {...a11y({ hidden: true })}>
          {STEPS.map((s, i) => <View key={s.key} className={cx('steps-bar__dot', i <= draft.step && 'steps-bar__dot--done')} />)}
        </View>
        <View className='step-head'>
          <Text className='step-head__title' {...a11y({ role: 'heading', level: 1 })}>{step.title}</Text>
          <Text className='muted'>第 {draft.step + 1}/{STEPS.length} 步</Text>
        </View>
        {corrections.some((c) => c.field === step.key) ? (
          <Text className='notice'>需补正：{corrections.find((c) => c.field === step.key)!.reason}</Text>
        ) : null}
        <ErrorSummary issues={checking ? issuesOf(step.key as StepKey) : errors} />

        <StepBody stepKey={step.key} draft={draft} update={update} hits={hits} previews={previews} setPreviews={setPreviews} view={view} goStep={goStep} />

        {step.key === 'review' ? (
          <View className='nav-row'>
            <ActionButton onClick={() => goStep(draft.step - 1)}>上一步</ActionButton>
            <ActionButton variant='primary' disabled={busy || !!view?.checks.missing.length || !!view?.checks.negativeList.length} onClick={() => void submit()}>
              {view?.status === 'correction' ? '提交补正' : '提交申请'}
            </ActionButton>
          </View>
        ) : (
          <View className='nav-row'>
            {draft.step > 0 ? <ActionButton onClick={() => void saveAndGo(draft.step - 1)}>上一步</ActionButton> : null}
            <ActionButton variant='primary' disabled={busy} onClick={() => void saveAndGo(draft.step + 1)}>保存，下一步</ActionButton>
          </View>
        )}
        <Text className='muted reg-form__saved'>{draft.id ? '每一步都会保存到服务器，换手机登录后也能继续填写。' : '填写内容会暂存在本机，点击“保存，下一步”后保存到服务器。'}</Text>
      </View>
    </Page>
  );
}
