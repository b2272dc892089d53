import { useEffect, useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import { DECORATIVE_IMG } from '@/utils/img';
import Taro, { useRouter } from '@tarojs/taro';
import { CATEGORIES, CHECKLIST_ITEMS } from '@shared/domain/categories';
import { APPEAL_NOTICE_DEFAULT, CORRECTABLE_FIELDS, reviewActions, type CorrectableField, type ReviewAction } from '@shared/domain/registration';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Field from '@/components/Field';
import DateField from '@/components/DateField';
import Page from '@/components/Page';
import RatingCard from '@/components/RatingCard';
import { notFound } from '@/hooks/pageProblem';
import { usePageData } from '@/hooks/usePageData';
import { API_BASE } from '@/services/request';
import { getState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingDateTime, beijingToday } from '@/utils/time';
import { reviewApi, type ChecklistEntry, type Inspector, type RegistrationView } from '../lib/api';
import { deadlineText, scheduleProblems, siteCheckProblems } from '../lib/review';
import '../lib/staff.scss';

const RESULTS: { code: ChecklistEntry['result']; label: string }[] = [
  { code: 'pass', label: '符合' },
  { code: 'basic', label: '基本符合' },
  { code: 'fail', label: '不符合' },
];
const ACTION_LABELS: Record<ReviewAction, string> = {
  accept: '受理', correction: '要求补正', schedule: '安排现场核查', siteCheck: '录入核查结果', approve: '准予登记', reject: '不予登记',
};

/** A registration photo, downloaded with the session (private file). */
function Photo({ id, label }: { id: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    const { token } = getState();
    Taro.downloadFile({ url: `${API_BASE}/files/${id}/thumbnail`, header: token ? { Authorization: `Bearer ${token}` } : {} })
      .then((r) => r.statusCode === 200 && setSrc(r.tempFilePath)).catch(() => undefined);
  }, [id]);
  return <View className='photo'>{src ? <Image className='photo__img' src={src} mode='aspectFill' {...a11y({ role: 'img', label })} {...DECORATIVE_IMG} /> : <Text>{label}</Text>}</View>;
}

export default function ReviewRegistration() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const page = usePageData(() => (/^[a-f0-9]{24}$/.test(id) ? reviewApi.get(id) : Promise.reject(notFound())), { deps: [id], onShow: true });
  const [panel, setPanel] = useState<ReviewAction | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  // Correction: field → reason (present = selected).
  const [corr, setCorr] = useState<Partial<Record<CorrectableField, string>>>({});
  // Site check scheduling.
  const [inspectors, setInspectors] = useState<Inspector[] | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [date, setDate] = useState('');
  // Site check result.
  const [items, setItems] = useState<Record<string, ChecklistEntry['result'] | undefined>>({});
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [passed, setPassed] = useState<boolean | null>(null);
  const [checkNote, setCheckNote] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  if (page.state.status !== 'ready') {
    const { state } = page;
    return (
      <Page className='review'>
        {state.status === 'loading' ? <EmptyState status='loading' /> : null}
        {state.status === 'missing' ? <EmptyState problem={state} title='未找到该申请' description='链接可能有误，或该申请已被删除。' /> : null}
        {state.status === 'forbidden' ? <EmptyState problem={state} description={state.login ? undefined : '该申请不在您的辖区，或您没有审查权限。'} /> : null}
        {state.status === 'error' ? <EmptyState problem={state} onRetry={page.retry} /> : null}
      </Page>
    );
  }
  const view = page.state.data;
  const setView = page.setData;
  const load = () => void page.reload();

  const openPanel = (a: ReviewAction) => {
    setErrors([]);
    setPanel(a);
    if (a === 'schedule') {
      setDate(beijingToday()); // a result is recorded on or after the scheduled day
      reviewApi.inspectors(view.workshop.region ?? undefined).then((list) => {
        setInspectors(list);
        const me = getState().user?.id;
        if (me && list.some((i) => i.id === me)) setChosen([me]);
      }).catch(() => setInspectors([]));
    }
    if (a === 'accept') void run(a);
    if (a === 'approve') void run(a);
  };

  const run = async (a: ReviewAction) => {
    if (busy) return;
    let problems: string[] = [];
    if (a === 'correction') {
      const picked = Object.entries(corr) as [CorrectableField, string][];
      if (!picked.length) problems.push('请至少选择一项需补正的内容');
      for (const [f, r] of picked) if (!r.trim()) problems.push(`请填写“${CORRECTABLE_FIELDS[f]}”需补正的原因`);
    }
    if (a === 'schedule') problems = scheduleProblems(chosen, date.trim(), view.deadline?.due, beijingToday());
    if (a === 'siteCheck') {
      problems = siteCheckProblems(items, passed);
      const scheduled = view.siteCheck?.date;
      if (scheduled && scheduled > beijingToday()) problems.unshift(`现场核查安排在 ${scheduled}，当天或之后才能录入结果；如需提前，请先“重新安排核查”`);
    }
    if (a === 'reject' && !reason.trim()) problems.push('请填写不予登记的理由');
    if (problems.length) { setErrors(problems); return; }
    if (a === 'approve' || a === 'reject' || a === 'accept') {
      const { confirm } = await Taro.showModal({
        title: a === 'approve' ? '确认准予登记' : a === 'reject' ? '确认不予登记' : '确认受理',
        content: a === 'approve'
          ? `准予后将发放登记证（有效期3年）并建立作坊档案，不能撤回。确认准予“${view.workshop.name ?? ''}”登记？`
          : a === 'reject'
            ? `决定将告知申请人，并附救济途径：${APPEAL_NOTICE_DEFAULT}`
            : '受理后开始计算现场核查期限（2个工作日）。确认受理？',
        confirmText: a === 'approve' ? '准予' : a === 'reject' ? '不予登记' : '受理',
        confirmColor: a === 'reject' ? '#b91c1c' : '#1a56db',
      });
      if (!confirm) { setPanel(null); return; }
    }
    setBusy(true);
    try {
      let next: RegistrationView;
      if (a === 'accept') next = await reviewApi.accept(view.id);
      else if (a === 'correction') next = await reviewApi.requestCorrection(view.id, Object.entries(corr).map(([field, r]) => ({ field, reason: (r ?? '').trim() })));
      else if (a === 'schedule') next = await reviewApi.scheduleSiteCheck(view.id, chosen, date.trim());
      else if (a === 'siteCheck') next = await reviewApi.recordSiteCheck(view.id, CHECKLIST_ITEMS.map((i) => ({ code: i.code, result: items[i.code]!, ...(notes[i.code]?.trim() ? { note: notes[i.code].trim() } : {}) })), !!passed, checkNote.trim() || undefined);
      else if (a === 'approve') next = await reviewApi.approve(view.id);
      else next = await reviewApi.reject(view.id, reason.trim());
      setView(next);
      setPanel(null);
      setErrors([]);
      void Taro.showToast({ title: '已提交', icon: 'success', duration: 1200 });
    } catch {
      load(); // the state may have changed under us (another reviewer): show the current one
    } finally {
      setBusy(false);
    }
  };

  const actions = reviewActions(view);
  const cats = (view.workshop.categories ?? []).map((c) => CATEGORIES.find((x) => x.code === c)?.name ?? c).join('、');
  return (
    <Page className='review'>
      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 1 })}>{view.workshop.name ?? '未命名作坊'}</Text>
        <View>
          <Text className={cx('status-pill', `status-pill--${view.status}`)} data-testid='review-status'>{view.statusLabel}</Text>
          {view.escalated ? <Text className='tag tag--danger'>督办</Text> : null}
        </View>
        <View className='kv'><Text className='kv__k'>事项</Text><Text className='kv__v'>{view.kindLabel}</Text></View>
        <View className='kv'><Text className='kv__k'>期限</Text><Text className={cx('kv__v', view.deadline?.overdue && 'kv__v--danger')}>{deadlineText(view) || '—'}</Text></View>
        <View className='kv'><Text className='kv__k'>承办机关</Text><Text className='kv__v'>{view.office ?? '—'}</Text></View>
      </View>

      {actions.length ? (
        <View className='card'>
          <Text className='card__title'>办理</Text>
          {errors.length ? (
            <View className='errors' {...a11y({ role: 'alert' })}>{errors.map((e) => <Text key={e} className='errors__item'>{e}</Text>)}</View>
          ) : null}
          {!panel ? actions.map((a) => (
            <ActionButton key={a} block variant={a === 'reject' ? 'danger' : a === 'correction' ? 'default' : 'primary'} disabled={busy} onClick={() => openPanel(a)}>
              {a === 'schedule' && view.status === 'site_check' ? '重新安排核查' : ACTION_LABELS[a]}
            </ActionButton>
          )) : null}

          {panel === 'correction' ? (
            <View className='action-panel'>
              <Text className='muted'>选择需要补正的内容，并逐项说明原因。补正期间期限暂停计算。</Text>
              {(Object.keys(CORRECTABLE_FIELDS) as CorrectableField[]).map((f) => {
                const on = corr[f] !== undefined;
                const toggle = () => setCorr((c) => { const n = { ...c }; if (on) delete n[f]; else n[f] = ''; return n; });
                return (
                  <View key={f} className='check-item'>
                    <Text className={cx('chip', on && 'chip--on')} data-field={f} onClick={toggle} {...a11y({ role: 'checkbox', checked: on, onActivate: toggle })}>{CORRECTABLE_FIELDS[f]}</Text>
                    {on ? <Field label={`${CORRECTABLE_FIELDS[f]}需补正的原因`} name={`correction.${f}`} value={corr[f] ?? ''} maxlength={200} multiline onInput={(v) => setCorr((c) => ({ ...c, [f]: v }))} /> : null}
                  </View>
                );
              })}
              <ActionButton block variant='primary' disabled={busy} onClick={() => void run('correction')}>发送补正通知</ActionButton>
              <ActionButton block onClick={() => setPanel(null)}>取消</ActionButton>
            </View>
          ) : null}

          {panel === 'schedule' ? (
            <View className='action-panel'>
              <Text className='muted'>至少选择两名本辖区的监管人员，核查日期不晚于 {view.deadline?.due ?? '期限'}。</Text>
              {inspectors === null ? <Text className='muted'>加载人员…</Text> : null}
              <View className='chips'>
                {(inspectors ?? []).map((i) => {
                  const on = chosen.includes(i.id);
                  const toggle = () => setChosen((c) => (on ? c.filter((x) => x !== i.id) : [...c, i.id]));
                  return <Text key={i.id} className={cx('chip', on && 'chip--on')} data-inspector={i.name} onClick={toggle} {...a11y({ role: 'checkbox', checked: on, onActivate: toggle })}>{i.name}（{i.region.name}）</Text>;
                })}
              </View>
              <DateField label='核查日期' name='siteCheck.date' value={date} start={beijingToday()} end={view.deadline?.due} onChange={setDate} />
              <ActionButton block variant='primary' disabled={busy} onClick={() => void run('schedule')}>确定安排</ActionButton>
              <ActionButton block onClick={() => setPanel(null)}>取消</ActionButton>
            </View>
          ) : null}

          {panel === 'siteCheck' ? (
            <View className='action-panel'>
              <Text className='muted'>按十项清单逐项记录。</Text>
              {CHECKLIST_ITEMS.some((i) => !items[i.code]) ? (
                <ActionButton block onClick={() => setItems((s) => Object.fromEntries(CHECKLIST_ITEMS.map((i) => [i.code, s[i.code] ?? 'pass'])))}>全部符合（未填的项记为符合）</ActionButton>
              ) : null}
              {CHECKLIST_ITEMS.map((item) => (
                <View key={item.code} className='check-item' data-check={item.code}>
                  <Text className='check-item__name'>{item.name}</Text>
                  <View className='chips'>
                    {RESULTS.map((r) => {
                      const on = items[item.code] === r.code;
                      const pick = () => setItems((s) => ({ ...s, [item.code]: r.code }));
                      return <Text key={r.code} className={cx('chip', on && 'chip--on', r.code === 'fail' && 'chip--fail')} data-result={r.code} onClick={pick} {...a11y({ role: 'radio', checked: on, label: `${item.name}：${r.label}`, onActivate: pick })}>{r.label}</Text>;
                    })}
                  </View>
                  {items[item.code] && items[item.code] !== 'pass' ? (
                    <Field label={`${item.name}说明`} value={notes[item.code] ?? ''} maxlength={200} multiline onInput={(v) => setNotes((n) => ({ ...n, [item.code]: v }))} />
                  ) : null}
                </View>
              ))}
              <Text className='check-item__name'>核查结论</Text>
              <View className='chips'>
                {([[true, '通过'], [false, '不通过']] as const).map(([val, label]) => (
                  <Text key={label} className={cx('chip', passed === val && 'chip--on', !val && 'chip--fail')} data-passed={String(val)} onClick={() => setPassed(val)} {...a11y({ role: 'radio', checked: passed === val, label: `核查结论：${label}`, onActivate: () => setPassed(val) })}>{label}</Text>
                ))}
              </View>
              <Field label='核查意见（选填）' value={checkNote} maxlength={500} multiline onInput={setCheckNote} />
              <ActionButton block variant='primary' disabled={busy} onClick={() => void run('siteCheck')}>提交核查结果</ActionButton>
              <ActionButton block onClick={() => setPanel(null)}>取消</ActionButton>
            </View>
          ) : null}

          {panel === 'reject' ? (
            <View className='action-panel'>
              <Field label='不予登记的理由' name='reject.reason' value={reason} maxlength={500} multiline required onInput={setReason} />
              <Text className='notice'>将同时告知申请人：{APPEAL_NOTICE_DEFAULT}</Text>
              <ActionButton block variant='danger' disabled={busy} onClick={() => void run('reject')}>不予登记</ActionButton>
              <ActionButton block onClick={() => setPanel(null)}>取消</ActionButton>
            </View>
          ) : null}
        </View>
      ) : null}

      <View className='card'>
        <Text className='card__title'>申请材料</Text>
        <View className='kv'><Text className='kv__k'>申请人</Text><Text className='kv__v'>{view.applicant.name ?? '—'} {view.applicant.phone ?? ''}</Text></View>
        <View className='kv'><Text className='kv__k'>身份证号</Text><Text className='kv__v'>{view.applicant.idNumber ?? '—'}</Text></View>
        <View className='kv'><Text className='kv__k'>地址</Text><Text className='kv__v'>{view.workshop.regionName ?? ''}{view.workshop.address ?? ''}</Text></View>
        {view.workshop.location ? <View className='kv'><Text className='kv__k'>位置</Text><Text className='kv__v'>{view.workshop.location.lat}, {view.workshop.location.lng}</Text></View> : null}
        <View className='kv'><Text className='kv__k'>类别</Text><Text className='kv__v'>{cats || '—'}</Text></View>
        <View className='kv'><Text className='kv__k'>品种</Text><Text className='kv__v'>{(view.products ?? []).join('、') || '—'}</Text></View>
        <View className='kv'><Text className='kv__k'>场所</Text><Text className='kv__v'>{view.premises.area ? `${view.premises.area} 平方米` : '面积未填'}，{view.premises.water ?? '水源未填'}</Text></View>
        <View className='photos'>{(view.premises?.photos ?? []).map((p, i) => <Photo key={p} id={p} label={`场所照片${i + 1}`} />)}</View>
        <View className='kv'><Text className='kv__k'>设备</Text><Text className='kv__v'>{(view.equipment ?? []).map((e) => `${e.name}×${e.quantity}`).join('、') || '—'}</Text></View>
        <View className='kv'><Text className='kv__k'>从业人员</Text><Text className='kv__v'>{(view.staff ?? []).map((s) => `${s.name}（健康证 ${s.healthCertNo}，至 ${s.healthCertExpiry}）`).join('；') || '—'}</Text></View>
        <View className='kv'><Text className='kv__k'>承诺书</Text><Text className='kv__v'>{view.commitment.signed ? `已签署：${view.commitment.signatureName ?? ''}` : '未签署'}</Text></View>
        <View className='kv'><Text className='kv__k'>营业执照</Text><Text className='kv__v'>{view.licence.businessName ?? '—'}（{view.licence.form === 'family' ? '家庭经营' : '个人经营'}）经营范围：{view.licence.scope ?? '—'}</Text></View>
        {view.change ? <View className='kv'><Text className='kv__k'>变更内容</Text><Text className='kv__v'>{JSON.stringify(view.change)}</Text></View> : null}
        {view.reason ? <View className='kv'><Text className='kv__k'>申请理由</Text><Text className='kv__v'>{view.reason}</Text></View> : null}
      </View>

      {view.corrections?.length ? (
        <View className='card'>
          <Text className='card__title'>已要求补正</Text>
          {view.corrections.map((c) => <View key={c.field} className='kv'><Text className='kv__k'>{c.fieldLabel}</Text><Text className='kv__v'>{c.reason}</Text></View>)}
        </View>
      ) : null}

      {view.siteCheck ? (
        <View className='card'>
          <Text className='card__title'>现场核查</Text>
          <View className='kv'><Text className='kv__k'>日期</Text><Text className='kv__v'>{view.siteCheck.date ?? '—'}</Text></View>
          <View className='kv'><Text className='kv__k'>人员</Text><Text className='kv__v'>{(view.siteCheck.inspectors ?? []).map((i) => i.name).join('、')}</Text></View>
          {view.siteCheck.result ? (
            <>
              <View className='kv'><Text className='kv__k'>结论</Text><Text className='kv__v'>{view.siteCheck.result.passed ? '通过' : '不通过'}{view.siteCheck.result.note ? `：${view.siteCheck.result.note}` : ''}</Text></View>
              {(view.siteCheck.result.items ?? []).map((i) => <View key={i.code} className='kv'><Text className='kv__k'>{i.name}</Text><Text className={cx('kv__v', i.result === 'fail' && 'kv__v--danger')}>{i.resultLabel}{i.note ? `：${i.note}` : ''}</Text></View>)}
            </>
          ) : null}
        </View>
      ) : null}

      {view.decision ? (
        <View className='card'>
          <Text className='card__title'>{view.decision.result === 'approved' ? '准予登记' : '不予登记'}</Text>
          {view.certificateNumber && view.decision.result === 'approved' ? <View className='kv'><Text className='kv__k'>登记证编号</Text><Text className='kv__v'>{view.certificateNumber}</Text></View> : null}
          {view.decision.reason ? <View className='kv'><Text className='kv__k'>理由</Text><Text className='kv__v'>{view.decision.reason}</Text></View> : null}
          {view.decision.appealNotice ? <Text className='notice'>{view.decision.appealNotice}</Text> : null}
        </View>
      ) : null}

      <RatingCard view={view} mode='staff' reply={async (answer) => setView(await reviewApi.replyRating(view.id, answer))} />

      <View className='card'>
        <Text className='card__title'>办理过程</Text>
        {(view.timeline ?? []).map((t, i) => (
          <View key={i} className='timeline__item'>
            <Text className='timeline__title'>{t.title}</Text>
            <Text className='timeline__meta'>{beijingDateTime(t.at)} · {t.by}</Text>
            {t.note ? <Text className='timeline__meta'>{t.note}</Text> : null}
          </View>
        ))}
      </View>
      <ActionButton block onClick={() => void Taro.navigateBack({ delta: 1 }).catch(() => Taro.redirectTo({ url: '/packages/staff/registrations/index' }))}>
        返回审查队列
      </ActionButton>
    </Page>
  );
}
