import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { categoryName } from '@shared/domain/categories';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Field from '@/components/Field';
import Page from '@/components/Page';
import { usePageData } from '@/hooks/usePageData';
import { ApiError, showError } from '@/services/request';
import { a11y } from '@/utils/a11y';
import { beijingDate, beijingDateTime } from '@/utils/time';
import AdminGate from '../components/AdminGate';
import Errors from '../components/Errors';
import Kv from '../components/Kv';
import RuleList from '../components/RuleList';
import ScoreSheet from '../components/ScoreSheet';
import { deskApi, type ApplicationReview, type ScoreItem } from '../lib/api';
import { openMaterial } from '../lib/openFile';
import { criteriaOf } from '../lib/scoreSheet';
import '../lib/desk.scss';

const CERT: Record<string, string> = { valid: '有效', expired: '已过期', revoked: '已注销', suspended: '暂停' };

/** One application for review: facts, eligibility, materials, scores, questions, the decision and objections. */
export default function ApplicationReviewPage() {
  return <AdminGate><Review /></AdminGate>;
}

function Review() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const { state, retry, reload } = usePageData(() => deskApi.review(id), { deps: [id], onShow: true, pullDownRefresh: true });
  if (state.status === 'loading') return <Page><EmptyState status='loading' /></Page>;
  if (state.status !== 'ready') return <Page><EmptyState problem={state} onRetry={retry} /></Page>;
  const r = state.data;
  const a = r.application;
  const mine = r.scores.find((s) => s.mine) ?? null;
  const others = r.scores.filter((s) => !s.mine);
  const refresh = () => void reload();

  const submitScore = async (body: { score: number; comment?: string; items: ScoreItem[] }) => {
    try {
      await deskApi.score(a.id, body);
      void Taro.showToast({ title: `已提交评分 ${body.score} 分`, icon: 'none' });
      refresh();
      return true;
    } catch {
      refresh(); // toasted; the application may have been decided meanwhile
      return false;
    }
  };

  return (
    <Page className='programs-desk-application'>
      <View className='card pd-head' data-status={a.status}>
        <Text className='pd-title' {...a11y({ role: 'heading', level: 1 })}>{a.workshop.name}</Text>
        <Text className='pd-meta'>{a.program.name} · {a.year}年度</Text>
        <Text className='pd-meta'>{beijingDateTime(a.submittedAt)} 提交</Text>
        <Text className='pd-count pd-count--hot' data-testid='status'>{a.statusLabel}</Text>
        {a.status === 'in_notice' ? <Text className='pd-meta'>公示期 {a.noticeFrom} 至 {a.noticeUntil}</Text> : null}
        {a.decisionNote ? <Text className='pd-meta'>评审意见：{a.decisionNote}（{beijingDate(a.decidedAt)}）</Text> : null}
      </View>

      <Facts r={r} />

      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>申报条件核验</Text>
        {r.eligibility.submitted ? (
          <>
            <Text className='pd-label'>提交时（{beijingDate(r.eligibility.submitted.at)}）：{r.eligibility.submitted.eligible ? '全部符合' : '有不符合项'}</Text>
            <RuleList rules={r.eligibility.submitted.rules} testId='eligibility-submitted' />
          </>
        ) : null}
        <Text className='pd-label'>按目前记录：{r.eligibility.current.eligible ? '全部符合' : '有不符合项，请核实'}</Text>
        <RuleList rules={r.eligibility.current.rules} testId='eligibility-current' />
      </View>

      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>申报说明与材料</Text>
        <Text className='pd-note' data-testid='statement'>{a.statement}</Text>
        {a.materials.length ? (
          <View className='list' data-testid='materials'>
            {a.materials.map((m) => (
              <View key={`${m.code}-${m.fileId}`} className='list-row'>
                <View className='list-row__main'><Text>{m.label}</Text></View>
                <ActionButton label={`打开材料：${m.label}`} onClick={() => void openMaterial(m.fileId)}>打开</ActionButton>
              </View>
            ))}
          </View>
        ) : <Text className='pd-note'>未提交材料。</Text>}
      </View>

      <Questions r={r} onDone={refresh} />

      <View className='card' data-testid='scores'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>评审打分</Text>
        <Text className='pd-note'>
          {r.scores.length ? `平均 ${a.averageScore} 分，${r.scores.length} 位评审已打分` : '尚无评审打分'}；批准前至少需要 {r.program.minScores} 位。
        </Text>
        {others.map((s) => (
          <View key={`${s.reviewerName}-${s.at}`} className='pd-score' data-reviewer={s.reviewerName}>
            <Text className='pd-row__title'>{s.reviewerName}：{s.score} 分</Text>
            {s.items ? <Text className='pd-note'>{s.items.map((i) => `${i.name} ${i.score}/${i.max}`).join('；')}</Text> : null}
            {s.comment ? <Text className='pd-note'>{s.comment}</Text> : null}
            <Text className='pd-note'>{beijingDateTime(s.at)}</Text>
          </View>
        ))}
        {!others.length && r.scores.length ? <Text className='pd-note'>暂无其他评审的打分。</Text> : null}
      </View>
      {r.can.score ? (
        <ScoreSheet criteria={criteriaOf(r.program.reviewSteps)} mine={mine} onSubmit={submitScore} />
      ) : mine ? (
        <View className='card'><Text className='pd-note'>我的评分：{mine.score} 分{mine.comment ? `，${mine.comment}` : ''}</Text></View>
      ) : null}

      {r.can.decide ? <Decision r={r} onDone={refresh} /> : null}
      {a.objections && a.objections.length ? <Objections r={r} onDone={refresh} /> : null}
    </Page>
  );
}

function Facts({ r }: { r: ApplicationReview }) {
  const w = r.workshop;
  return (
    <View className='card' data-testid='facts'>
      <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>作坊情况</Text>
      <Kv k='所在地区'>{w.region.name}</Kv>
      <Kv k='地址'>{w.address}</Kv>
      <Kv k='登记证'>{w.certificate.number ? `${w.certificate.number}（${CERT[w.certificate.status ?? ''] ?? w.certificate.status ?? '—'}${w.certificate.expiresAt ? `，至 ${w.certificate.expiresAt}` : ''}）` : '未取得'}</Kv>
      <Kv k='登记日期'>{w.since ?? '—'}</Kv>
      <Kv k='生产类别'>{w.categories.map(categoryName).join('、') || '—'}</Kv>
      <Kv k='主要产品'>{w.products.join('、') || '—'}</Kv>
      <Kv k='风险等级'>{w.riskGrade ? `${w.riskGrade} 级` : '未评定'}</Kv>
      <Kv k='近12个月培训'>{w.trainingHours} 学时</Kv>
      <Kv k='近24个月处罚' danger={w.penalties24m > 0}>{w.penalties24m ? `${w.penalties24m} 次` : '无'}</Kv>
      <Kv k='最近自查'>{w.lastSelfCheck ?? '无记录'}</Kv>
    </View>
  );
}

function Questions({ r, onDone }: { r: ApplicationReview; onDone: () => void }) {
  const [q, setQ] = useState('');
  const [error, setError] = useState<string[]>([]);
  const a = r.application;
  const ask = async () => {
    if (!q.trim()) { setError(['请填写问题']); return; }
    setError([]);
    try {
      await deskApi.ask(a.id, q.trim());
      setQ('');
      void Taro.showToast({ title: '已发送，申报人会收到通知', icon: 'none' });
    } catch {
      // toasted
    }
    onDone();
  };
  if (!a.questions.length && !r.can.score) return null;
  return (
    <View className='card' data-testid='questions'>
      <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>向申报人提问</Text>
      {a.questions.map((x) => (
        <View key={x.id} className='pd-score'>
          <Text className='pd-row__title'>问：{x.question}</Text>
          <Text className='pd-note'>{beijingDateTime(x.askedAt)}</Text>
          <Text className='pd-note'>{x.answer ? `答：${x.answer}（${beijingDateTime(x.answeredAt)}）` : '等待申报人答复'}</Text>
        </View>
      ))}
      {r.can.score ? (
        <>
          <Field label='问题' name='question' multiline maxlength={500} value={q} onInput={setQ} placeholder='如：请补充近三年产量和销售情况' />
          <Errors errors={error} testId='question-errors' />
          <ActionButton block onClick={() => void ask()}>发送问题</ActionButton>
        </>
      ) : null}
    </View>
  );
}

function Decision({ r, onDone }: { r: ApplicationReview; onDone: () => void }) {
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string[]>([]);
  const a = r.application;
  const p = r.program;
  const short = r.scores.length < p.minScores;
  const approve = async () => {
    setProblem([]);
    if (short) { setProblem([`须至少${p.minScores}位评审打分，目前${r.scores.length}位`]); return; }
    const { confirm } = await Taro.showModal({
      title: '评审通过',
      content: `${a.workshop.name} 将占用${r.quota.year}年度名额（目前剩余 ${r.quota.left} 个），进入 ${p.noticeDays} 个工作日公示。确认通过？`,
      confirmText: '确认通过',
    });
    if (!confirm) return;
    try {
      await deskApi.approve(a.id, note.trim() || undefined);
      void Taro.showToast({ title: '已通过，进入公示', icon: 'none' });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'program.quota_full') {
        setProblem([`名额已满，未能通过：${e.message}。${r.quota.scopeLabel}每年 ${p.quota.perYear} 个已全部占用；可待公示异议成立退回名额后再批准，或由发布单位调整名额。`]);
      } else if (e instanceof ApiError) setProblem([e.message]);
      else showError(e);
    }
    onDone();
  };
  const reject = async () => {
    setProblem([]);
    if (!reason.trim()) { setProblem(['不予通过须填写理由，申报人会看到']); return; }
    const { confirm } = await Taro.showModal({
      title: '不予通过', content: `${a.workshop.name} 的申报将不予通过，申报人会收到理由。此操作不可撤回，确认？`, confirmText: '不予通过', confirmColor: '#b91c1c', cancelText: '再想想',
    });
    if (!confirm) return;
    try {
      await deskApi.reject(a.id, reason.trim());
      void Taro.showToast({ title: '已不予通过', icon: 'none' });
    } catch {
      // toasted
    }
    onDone();
  };
  return (
    <View className='card' data-testid='decision'>
      <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>评审结论</Text>
      <Text className='pd-note' data-testid='decision-quota'>
        {r.quota.year}年度名额（{r.quota.scopeLabel}{r.quota.byCounty?.length ? ` · ${r.quota.byCounty[0].region.name}` : ''}）：已用 {r.quota.used}，剩余 {r.quota.left}
      </Text>
      <Errors errors={problem} testId='decision-errors' />
      <Field label='通过意见' name='approve.note' multiline maxlength={500} value={note} onInput={setNote} placeholder='选填' />
      <ActionButton variant='primary' block onClick={() => void approve()}>评审通过，进入公示</ActionButton>
      <Field label='不予通过的理由' name='reject.reason' multiline maxlength={500} value={reason} onInput={setReason} placeholder='不予通过时必填' />
      <ActionButton variant='danger' block onClick={() => void reject()}>不予通过</ActionButton>
    </View>
  );
}

function Objections({ r, onDone }: { r: ApplicationReview; onDone: () => void }) {
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string[]>([]);
  const a = r.application;
  const caseOf = (id: string) => r.objectionCases.find((c) => c.id === id)?.caseId ?? null;
  const resolve = async (objectionId: string, upheld: boolean) => {
    const note = (notes[objectionId] ?? '').trim();
    if (!note) { setProblem(['请填写处理意见']); return; }
    setProblem([]);
    const { confirm } = await Taro.showModal(upheld
      ? { title: '异议成立', content: '异议成立后，该申报不予授予，名额退回。此操作不可撤回，确认？', confirmText: '异议成立', confirmColor: '#b91c1c', cancelText: '再想想' }
      : { title: '异议不成立', content: '异议不成立，公示继续；全部异议处理完且公示期满后授予称号。确认？', confirmText: '确认' });
    if (!confirm) return;
    try {
      await deskApi.resolve(a.id, { objectionId, upheld, note });
      void Taro.showToast({ title: '已处理', icon: 'none' });
    } catch {
      // toasted
    }
    onDone();
  };
  return (
    <View className='card' data-testid='objections'>
      <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>公示异议</Text>
      <Text className='pd-note'>异议作为举报受理；全部处理完毕前暂不授予称号。</Text>
      <Errors errors={problem} testId='objection-errors' />
      {(a.objections ?? []).map((o) => (
        <View key={o.id} className='pd-score' data-objection={o.id}>
          <Text className='pd-row__title'>举报编号 {o.receiptCode} · {o.statusLabel}</Text>
          <Text className='pd-note'>{beijingDateTime(o.at)}{o.note ? ` · 处理意见：${o.note}` : ''}</Text>
          {caseOf(o.id) ? <ActionButton label={`查看异议内容：举报编号${o.receiptCode}`} onClick={() => void Taro.navigateTo({ url: `/packages/staff/tipoff/index?id=${caseOf(o.id)}` })}>查看异议内容</ActionButton> : null}
          {o.status === 'open' && r.can.resolve ? (
            <View className='pd-actions'>
              <Field label='处理意见' name={`objection.${o.id}`} multiline maxlength={500} value={notes[o.id] ?? ''} onInput={(v) => setNotes((n) => ({ ...n, [o.id]: v }))} />
              <ActionButton onClick={() => void resolve(o.id, false)}>异议不成立</ActionButton>
              <ActionButton variant='danger' onClick={() => void resolve(o.id, true)}>异议成立</ActionButton>
            </View>
          ) : null}
        </View>
      ))}
    </View>
  );
}
