import { useEffect, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { TIPOFF_RESULT_LABELS, TIPOFF_RESULTS, type TipoffResult } from '@shared/domain/tipoff';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Field from '@/components/Field';
import Page from '@/components/Page';
import { notFound } from '@/hooks/pageProblem';
import { usePageData } from '@/hooks/usePageData';
import { redirectToLogin } from '@/services/navigation';
import { hasRole, useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingDateTime } from '@/utils/time';
import { deadlineLine, tipoffStaffApi, type CaseView, type Reporter, type WorkshopHit } from '../lib/tipoffApi';
import { confirm, need } from './ask';
import Evidence from './Evidence';
import Rewards from './Rewards';
import '../lib/staff.scss';
import '../lib/tipoff.scss';

const KV = ({ k, v, bad }: { k: string; v: string; bad?: boolean }) => (
  <View className='kv text-sm'>
    <Text className='kv__k'>{k}</Text>
    <Text className={cx('kv__v', bad && 'kv__v--danger')}>{v}</Text>
  </View>
);


type Panel = null | 'decline' | 'extend' | 'close';

export default function TipoffCase() {
  const { id } = useRouter().params as { id?: string };
  const { user } = useAppState();
  const allowed = !!user && hasRole(user, ['inspector', 'admin']);
  const page = usePageData(() => (id && /^[a-f0-9]{24}$/.test(id) ? tipoffStaffApi.get(id) : Promise.reject(notFound())), { deps: [id], enabled: allowed });
  const c = page.data;
  const [panel, setPanel] = useState<Panel>(null);
  const [reason, setReason] = useState('');
  // close
  const [result, setResult] = useState<TipoffResult>('confirmed');
  const [publicReason, setPublicReason] = useState('');
  const [note, setNote] = useState('');
  const [link, setLink] = useState<'black' | 'workshop'>('black');
  const [blackName, setBlackName] = useState('');
  const [blackAddress, setBlackAddress] = useState('');
  const [wsQuery, setWsQuery] = useState('');
  const [wsHits, setWsHits] = useState<WorkshopHit[] | null>(null);
  const [linked, setLinked] = useState<{ id: string; name: string } | null>(null);
  // identity
  const [idReason, setIdReason] = useState('');
  const [reporters, setReporters] = useState<Reporter[] | null>(null);

  // Form defaults from the case as loaded (and again after each reload).
  useEffect(() => {
    if (!c) return;
    setBlackAddress((a) => a || c.address || '');
    if (c.workshop) {
      setLinked({ id: c.workshop.id, name: c.workshop.name });
      setLink('workshop');
    }
  }, [c]);
  const load = () => page.reload();

  if (!user || !allowed) {
    return (
      <Page className='tipoff-case'>
        <EmptyState status='forbidden' description='仅限监管人员和管理员使用。' actions={user ? [] : [{ text: '登录', onClick: () => redirectToLogin(), variant: 'primary' }]} />
      </Page>
    );
  }
  if (!c) {
    const { state } = page;
    return (
      <Page className='tipoff-case'>
        {state.status === 'loading' ? <EmptyState status='loading' /> : null}
        {state.status === 'missing' ? <EmptyState problem={state} title='案件不存在' description='链接可能有误，请从举报处理列表进入。' /> : null}
        {state.status === 'forbidden' ? <EmptyState problem={state} /> : null}
        {state.status === 'error' ? <EmptyState problem={state} onRetry={page.retry} /> : null}
      </Page>
    );
  }

  const done = (v: CaseView, msg: string) => {
    page.setData(v);
    setPanel(null);
    setReason('');
    void Taro.showToast({ title: msg, icon: 'success' });
  };
  const run = async (fn: () => Promise<CaseView>, msg: string) => {
    try {
      done(await fn(), msg);
    } catch {
      // toast shown by the request layer
    }
  };

  const accept = async () => {
    if (await confirm('受理举报', `受理后须在15个工作日内办结。本案合并了 ${c.reportCount} 条举报。`, '受理')) void run(() => tipoffStaffApi.accept(c.id), '已受理');
  };
  const decline = async () => {
    if (!need(reason, '不予受理的理由')) return;
    if (await confirm('不予受理', '理由将告知举报人，提交后不能撤回。', '不予受理')) void run(() => tipoffStaffApi.decline(c.id, reason.trim()), '已不予受理');
  };
  const extend = async () => {
    if (!need(reason, '延期理由')) return;
    if (await confirm('延长办结期限', '办结期限只能延长一次（15个工作日），确定吗？', '延长')) void run(() => tipoffStaffApi.extend(c.id, reason.trim()), '已延长');
  };
  const searchWs = async () => {
    if (!wsQuery.trim()) return;
    try { setWsHits(await tipoffStaffApi.workshops(wsQuery.trim())); } catch { setWsHits(null); }
  };
  const close = async () => {
    if (!need(publicReason, '向举报人公开的理由')) return;
    const found = result !== 'unfounded';
    if (found && link === 'workshop' && !linked) { void Taro.showToast({ title: '请选择关联的作坊', icon: 'none' }); return; }
    if (found && link === 'black' && (!need(blackName, '黑作坊名称') || !need(blackAddress, '黑作坊地址'))) return;
    const extra = !found ? {} : link === 'workshop' ? { workshopId: linked!.id } : { blackWorkshop: { name: blackName.trim(), address: blackAddress.trim(), categories: [] } };
    const what = !found ? '' : link === 'workshop' ? `，记入“${linked!.name}”的信用档案` : `，建立黑作坊档案“${blackName.trim()}”并进入公开曝光名单`;
    if (!(await confirm('办结案件', `结果：${TIPOFF_RESULT_LABELS[result]}${what}。办结后不能修改，结果将告知全部 ${c.reportCount} 位举报人。`, '办结'))) return;
    void run(() => tipoffStaffApi.close(c.id, { result, publicReason: publicReason.trim(), ...(note.trim() ? { note: note.trim() } : {}), ...extra }), '已办结');
  };
  const viewIdentity = async () => {
    if (!need(idReason, '查看理由')) return;
    if (!(await confirm('查看举报人身份', '举报人身份严格保密。本次查看及理由将记入审计日志。', '查看'))) return;
    try { setReporters(await tipoffStaffApi.reporters(c.id, idReason.trim())); } catch { /* toast shown */ }
  };

  const isAdmin = hasRole(user, ['admin']);
  const found = c.outcome && c.outcome.result !== 'unfounded';
  const named = (c.reports ?? []).some((r) => r.named);
  const overdue = !!c.deadline?.overdue;

  return (
    <Page className='tipoff-case'>
      <View className={cx('card', overdue && 'tq-row--overdue')}>
        <View className='tq-head'>
          <Text className='tq-count'>{c.reportCount} 条举报</Text>
          <Text className='card__title' {...a11y({ role: 'heading', level: 1 })}>{c.kindLabel}</Text>
        </View>
        <Text className='status-pill' data-name='case-status'>{c.statusLabel}</Text>
        <KV k='所在区域' v={c.region?.name ?? '—'} />
        {c.address ? <KV k='地址' v={c.address} /> : null}
        {c.location ? <KV k='位置' v={`${c.location.lat.toFixed(5)}，${c.location.lng.toFixed(5)}`} /> : null}
        {c.workshop ? <KV k='作坊' v={c.workshop.name} /> : null}
        <KV k='期限' v={deadlineLine(c)} bad={overdue} />
        <KV k='受理期限' v={c.acceptDue} />
        {c.closeDue ? <KV k='办结期限' v={`${c.closeDue}${c.extended ? '（已延长）' : ''}`} /> : null}
        {c.extensionReason ? <KV k='延期理由' v={c.extensionReason} /> : null}
        {c.handler ? <KV k='承办人' v={c.handler.name} /> : null}
        {c.escalated ? <KV k='督办' v='已超期，已上报区县管理员' bad /> : null}
        {c.declineReason ? <KV k='不予受理' v={c.declineReason} /> : null}
        {c.outcome ? <KV k='办结结果' v={`${c.outcome.resultLabel}：${c.outcome.publicReason}`} /> : null}
        {c.outcome?.note ? <KV k='内部记录' v={c.outcome.note} /> : null}
      </View>

      <Text className='section-title'>举报内容（{(c.reports ?? []).length}）</Text>
      <View className='card'>
        {(c.reports ?? []).map((r, i) => (
          <View key={r.id} className='tq-report' data-report={r.id}>
            <View className='tq-head'>
              <Text className='tq-title'>第{i + 1}条</Text>
              <Text className='tag'>{r.named ? '实名' : '匿名'}</Text>
              <Text className='muted tq-line'>{beijingDateTime(r.submittedAt)}</Text>
            </View>
            <Text className='tq-line'>{r.description}</Text>
            {r.address ? <Text className='muted tq-line'>地址：{r.address}</Text> : null}
            {r.media?.length ? (
              <View className='photos tq-photos'>
                {r.media.map((m, j) => <Evidence key={m.id} media={m} label={`第${i + 1}条举报的证据${j + 1}`} />)}
              </View>
            ) : null}
            {r.rating ? <Text className='muted tq-line'>举报人评价：{r.rating.score}分{r.rating.comment ? ` · ${r.rating.comment}` : ''}</Text> : null}
          </View>
        ))}
      </View>

      {c.status === 'submitted' || c.status === 'accepted' ? (
        <>
          <Text className='section-title'>办理</Text>
          <View className='card'>
            {c.status === 'submitted' ? (
              <>
                <ActionButton variant='primary' block onClick={accept}>受理</ActionButton>
                <ActionButton block onClick={() => setPanel(panel === 'decline' ? null : 'decline')}>不予受理…</ActionButton>
              </>
            ) : (
              <>
                <ActionButton variant='primary' block onClick={() => setPanel(panel === 'close' ? null : 'close')}>办结…</ActionButton>
                {!c.extended ? <ActionButton block onClick={() => setPanel(panel === 'extend' ? null : 'extend')}>延长办结期限…</ActionButton> : null}
              </>
            )}
            {panel === 'decline' || panel === 'extend' ? (
              <View>
                <Field label={panel === 'decline' ? '不予受理的理由（告知举报人）' : '延期理由'} name='reason' required multiline maxlength={500} value={reason} onInput={setReason} />
                <ActionButton variant={panel === 'decline' ? 'danger' : 'primary'} block onClick={panel === 'decline' ? decline : extend}>
                  {panel === 'decline' ? '确认不予受理' : '确认延长'}
                </ActionButton>
              </View>
            ) : null}
            {panel === 'close' ? (
              <View data-name='close-panel'>
                <Text className='tq-label'>核查结果</Text>
                <View className='chips'>
                  {TIPOFF_RESULTS.map((r) => (
                    <Text key={r} className={cx('chip', result === r && 'chip--on')} data-result={r} onClick={() => setResult(r)}
                      {...a11y({ role: 'radio', checked: result === r, onActivate: () => setResult(r) })}>
                      {TIPOFF_RESULT_LABELS[r]}
                    </Text>
                  ))}
                </View>
                <Field label='向举报人公开的理由' name='publicReason' required multiline maxlength={200} value={publicReason} onInput={setPublicReason} placeholder='如：经现场检查，确有无证生产行为，已依法查处' />
                <Field label='内部核查记录（不公开）' name='note' multiline maxlength={2000} value={note} onInput={setNote} />
                {result !== 'unfounded' ? (
                  <View>
                    <Text className='tq-label'>关联作坊档案</Text>
                    <View className='chips'>
                      {(['black', 'workshop'] as const).map((k) => (
                        <Text key={k} className={cx('chip', link === k && 'chip--on')} data-link={k} onClick={() => setLink(k)}
                          {...a11y({ role: 'radio', checked: link === k, onActivate: () => setLink(k) })}>
                          {k === 'black' ? '建立黑作坊档案' : '关联已有作坊'}
                        </Text>
                      ))}
                    </View>
                    {link === 'black' ? (
                      <View>
                        <Text className='muted tq-line'>无证生产点：建立档案后进入公开的黑作坊曝光名单。</Text>
                        <Field label='黑作坊名称' name='blackName' required maxlength={50} value={blackName} onInput={setBlackName} placeholder='如：柳石路某巷米粉加工点' />
                        <Field label='黑作坊地址' name='blackAddress' required maxlength={200} value={blackAddress} onInput={setBlackAddress} />
                      </View>
                    ) : (
                      <View>
                        {linked ? <KV k='已选作坊' v={linked.name} /> : null}
                        <Input className='input tq-input' value={wsQuery} aria-label='搜索作坊' placeholder='作坊名称、拼音首字母或登记证编号' onInput={(e) => setWsQuery(e.detail.value)} onConfirm={searchWs} />
                        <ActionButton onClick={searchWs}>搜索作坊</ActionButton>
                        {wsHits && !wsHits.length ? <Text className='empty'>没有找到。</Text> : null}
                        {(wsHits ?? []).map((w) => (
                          <View key={w.id} className='list-row' onClick={() => { setLinked({ id: w.id, name: w.name }); setWsHits(null); }}
                            {...a11y({ role: 'button', label: `关联 ${w.name}`, onActivate: () => { setLinked({ id: w.id, name: w.name }); setWsHits(null); } })}>
                            <View className='list-row__main'><Text>{w.name}</Text><Text className='list-row__desc'>{w.region.name} · {w.statusLabel}</Text></View>
                          </View>
                        ))}
                      </View>
                    )}
                  </View>
                ) : null}
                <ActionButton variant='primary' block onClick={close}>确认办结</ActionButton>
              </View>
            ) : null}
          </View>
        </>
      ) : null}

      {found || c.rewards?.length ? <Rewards c={c} found={!!found} userId={user.id} isAdmin={isAdmin} onChanged={load} /> : null}

      {named ? (
        <>
          <Text className='section-title'>实名举报人</Text>
          <View className='card'>
            <Text className='muted tq-line'>身份信息加密保存，仅承办人员和本辖区管理员可查看；每次查看及理由都记入审计日志。</Text>
            <Field label='查看理由' name='identityReason' required multiline maxlength={200} value={idReason} onInput={setIdReason} placeholder='如：需向举报人核实现场情况' />
            <ActionButton block onClick={viewIdentity}>查看举报人身份</ActionButton>
            {reporters ? (
              <View className='tq-secret' data-name='reporters'>
                {reporters.filter((r) => r.named).map((r) => (
                  <Text key={r.reportId} className='text-sm'>{beijingDateTime(r.submittedAt)} · {r.name} · {r.phone}</Text>
                ))}
                {!reporters.some((r) => r.named) ? <Text className='text-sm'>本案无实名举报人。</Text> : null}
              </View>
            ) : null}
          </View>
        </>
      ) : null}

      <Text className='section-title'>办理记录</Text>
      <View className='card'>
        {(c.timeline ?? []).map((e, i) => (
          <View key={i} className='kv text-sm'>
            <Text className='kv__k'>{beijingDateTime(e.at).slice(5)}</Text>
            <Text className='kv__v'>{e.title}{e.note ? `：${e.note}` : ''} · {e.by}</Text>
          </View>
        ))}
      </View>
    </Page>
  );
}
