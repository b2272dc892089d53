import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Field from '@/components/Field';
import Page from '@/components/Page';
import { ROUTES } from '@/constants/routes';
import { notFound } from '@/hooks/pageProblem';
import { usePageData } from '@/hooks/usePageData';
import { redirectToLogin } from '@/services/navigation';
import { ApiError } from '@/services/request';
import { choosePhotos, uploadEach, uploadFile } from '@/services/upload';
import { useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import ProgramRuleList from '../components/ProgramRuleList';
import { clearApplyDraft, emptyApplyDraft, loadApplyDraft, materialsBody, missingMaterials, saveApplyDraft, type ApplyDraft } from '../lib/draft';
import { pickFiles } from '@/services/pickFiles';
import { failedRulesOf, windowText } from '../lib/programFormat';
import { programsApi, type RuleResult } from '../lib/programsApi';
import { PROGRAM_ROUTES } from '../lib/programRoutes';
import '../lib/programs.scss';

/** What is wrong with the form before it is sent (in words); [] when it can go. */
export function applyProblems(d: ApplyDraft, materials: Array<{ code: string; label: string; required: boolean }>): string[] {
  const out: string[] = [];
  if (!d.workshopId) out.push('请选择申报的作坊');
  if (!d.statement.trim()) out.push('请填写申报说明');
  const missing = missingMaterials(d, materials);
  if (missing.length) out.push(`请上传：${missing.join('、')}`);
  return out;
}

/**
 * The application form: the workshop, each required material uploaded (photos, as the registration form),
 * a statement; kept as a draft on this device until sent; a confirmation before sending; a 422 shows the
 * failing rules in words with what to do.
 */
export default function ProgramApply() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const { token, user } = useAppState();
  const { state, retry } = usePageData(async () => {
    if (!/^[a-f0-9]{24}$/.test(id)) throw notFound();
    const [p, workshops] = await Promise.all([programsApi.program(id), programsApi.myWorkshops()]);
    return { p, workshops };
  }, { deps: [id], enabled: !!token });
  const [draft, setDraft] = useState<ApplyDraft | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [failed, setFailed] = useState<RuleResult[]>([]);
  const [busy, setBusy] = useState(false);

  // The draft remembered on this device, or a new one for the first workshop.
  const ready = state.status === 'ready' ? state.data : null;
  useEffect(() => {
    if (!ready || !user || draft) return;
    const saved = loadApplyDraft(user.id, id);
    const ids = ready.workshops.map((w) => w.workshop.id);
    const d = saved ?? emptyApplyDraft();
    setDraft({ ...d, workshopId: ids.includes(d.workshopId) ? d.workshopId : ids[0] ?? '' });
  }, [ready, user, id, draft]);

  const update = (fn: (d: ApplyDraft) => ApplyDraft) => {
    setDraft((d) => {
      if (!d) return d;
      const next = fn(d);
      if (user) saveApplyDraft(user.id, id, next);
      return next;
    });
  };

  if (!token) {
    return (
      <Page>
        <EmptyState status='forbidden' title='请先登录' description='登录后在线申报，填写内容会暂存在本机。' actions={[{ text: '登录', variant: 'primary', onClick: () => redirectToLogin() }]} />
      </Page>
    );
  }
  if (state.status === 'loading' || (state.status === 'ready' && !draft && state.data.workshops.length)) return <Page><EmptyState status='loading' /></Page>;
  if (state.status !== 'ready') return <Page><EmptyState problem={state} onRetry={retry} /></Page>;
  const { p, workshops } = state.data;
  if (!workshops.length || !draft) {
    return (
      <Page>
        <EmptyState status='empty' title='您名下还没有登记的作坊' description='办理食品小作坊登记后才能申报' actions={[{ text: '去办理登记', variant: 'primary', onClick: () => void Taro.navigateTo({ url: ROUTES.registration }) }]} />
      </Page>
    );
  }

  const upload = async (code: string) => {
    const files = await choosePhotos('program', 9);
    if (!files.length) return;
    update((d) => ({ ...d, materials: { ...d.materials, [code]: [...(d.materials[code] ?? []), ...files.map((f, i) => ({ fileId: f.id, name: `照片${(d.materials[code]?.length ?? 0) + i + 1}`, preview: null }))] } }));
  };
  // Documents (PDF or pictures from a chat or the computer): the file keeps its own name.
  const uploadDocs = async (code: string) => {
    const picked = await pickFiles(9);
    const stored = await uploadEach(picked, async (f) => ({ ...(await uploadFile('program', f.path, f.name)), name: f.name }));
    if (!stored.length) return;
    update((d) => ({ ...d, materials: { ...d.materials, [code]: [...(d.materials[code] ?? []), ...stored.map((f) => ({ fileId: f.id, name: f.name, preview: null }))] } }));
  };
  const removeFile = (code: string, fileId: string) =>
    update((d) => ({ ...d, materials: { ...d.materials, [code]: (d.materials[code] ?? []).filter((f) => f.fileId !== fileId) } }));

  const submit = async () => {
    if (busy) return;
    const problems = applyProblems(draft, p.materials);
    setErrors(problems);
    setFailed([]);
    if (problems.length) return;
    const workshop = workshops.find((w) => w.workshop.id === draft.workshopId)?.workshop.name ?? '';
    const { confirm } = await Taro.showModal({
      title: '确认提交申报',
      content: `以“${workshop}”申报“${p.name}”。提交后不能修改；作出评审结论前可以撤回。`,
      confirmText: '确认提交',
      cancelText: '再看看',
    });
    if (!confirm) return;
    setBusy(true);
    try {
      await programsApi.apply(p.id, { workshopId: draft.workshopId, statement: draft.statement.trim(), materials: materialsBody(draft) });
      if (user) clearApplyDraft(user.id, id);
      void Taro.showToast({ title: '申报已提交', icon: 'success' });
      void Taro.redirectTo({ url: PROGRAM_ROUTES.mine });
    } catch (e) {
      const rules = failedRulesOf(e);
      setFailed(rules);
      setErrors([e instanceof ApiError ? (rules.length ? '暂不符合申报条件，请按下列提示办理后再申报（填写内容已保存在本机）' : e.message) : '提交失败，请稍后重试']);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page className='program-apply'>
      <View className='card pg-head'>
        <Text className='pg-title' {...a11y({ role: 'heading', level: 1 })}>{p.name}</Text>
        <Text className='pg-meta'>{p.kindLabel} · {p.issuer} · 申报时间 {windowText(p)}</Text>
        {!p.open ? <Text className='pg-reason'>不在申报时间内，暂不能提交。</Text> : null}
      </View>

      {workshops.length > 1 ? (
        <>
          <Text className='section-title'>申报作坊</Text>
          <View className='chips' {...a11y({ label: '申报作坊' })}>
            {workshops.map(({ workshop: w }) => {
              const on = draft.workshopId === w.id;
              const pick = () => update((d) => ({ ...d, workshopId: w.id }));
              return <Text key={w.id} className={cx('chip', on && 'chip--on')} onClick={pick} {...a11y({ role: 'radio', checked: on, onActivate: pick })}>{w.name}</Text>;
            })}
          </View>
        </>
      ) : (
        <Text className='pg-meta'>申报作坊：{workshops[0].workshop.name}</Text>
      )}

      <Text className='section-title' {...a11y({ role: 'heading', level: 2 })}>申报材料</Text>
      <View className='card' data-testid='materials'>
        {!p.materials.length ? <Text className='muted'>该项目不需要上传材料。</Text> : null}
        {p.materials.map((m) => {
          const files = draft.materials[m.code] ?? [];
          return (
            <View key={m.code} className='pg-material' data-material={m.code}>
              <Text className='pg-row__title'>{m.label}{m.required ? <Text className='field__req'> *</Text> : '（选交）'}</Text>
              {files.map((f) => (
                <View key={f.fileId} className='pg-file'>
                  <Text className='pg-meta'>{f.name}（已上传）</Text>
                  <Text className='link-btn link-btn--danger' onClick={() => removeFile(m.code, f.fileId)} {...a11y({ role: 'button', label: `删除${m.label}${f.name}`, onActivate: () => removeFile(m.code, f.fileId) })}>删除</Text>
                </View>
              ))}
              <View className='pg-actions'>
                <ActionButton onClick={() => void upload(m.code)}>{files.length ? '继续拍照上传' : '拍照或从相册上传'}</ActionButton>
                <ActionButton onClick={() => void uploadDocs(m.code)}>上传文件（PDF）</ActionButton>
              </View>
            </View>
          );
        })}
      </View>

      <Text className='section-title' {...a11y({ role: 'heading', level: 2 })}>申报说明</Text>
      <View className='card'>
        <Field
          label='申报说明'
          name='statement'
          required
          multiline
          maxlength={2000}
          value={draft.statement}
          placeholder='介绍作坊的技艺、产品、经营年限、质量管理和带动就业等情况'
          onInput={(v) => update((d) => ({ ...d, statement: v }))}
        />
      </View>

      {errors.length ? (
        <View className='errors' data-testid='form-errors' {...a11y({ role: 'alert' })}>
          {errors.map((e) => <Text key={e} className='errors__item'>{e}</Text>)}
        </View>
      ) : null}
      {failed.length ? <View className='card' data-testid='failed-rules'><ProgramRuleList rules={failed} /></View> : null}
      <ActionButton variant='primary' block disabled={busy || !p.open} onClick={() => void submit()}>提交申报</ActionButton>
      <Text className='muted'>填写内容会暂存在本机，离开页面后再进入可以继续填写。</Text>
    </Page>
  );
}
