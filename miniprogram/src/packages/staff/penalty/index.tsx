import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import ErrorSummary, { jumpToField, type FormIssue } from '@/components/ErrorSummary';
import Field from '@/components/Field';
import DateField from '@/components/DateField';
import Page from '@/components/Page';
import { a11y } from '@/utils/a11y';
import { beijingDate, beijingToday } from '@/utils/time';
import { supervisionApi, type Penalty } from '../lib/supervision';
import WorkshopPicker from '../lib/WorkshopPicker';
import '../lib/staff.scss';

/** 行政处罚 record: decision number, facts, basis, outcome, fine and the publicity period. */
export default function PenaltyPage() {
  const [workshop, setWorkshop] = useState<{ id: string; name: string } | null>(null);
  const [f, setF] = useState({ decisionNumber: '', facts: '', basis: '', outcome: '', fineYuan: '', decidedAt: beijingToday(), publicityDays: '180' });
  // After a refused submit the problems are listed at the top and recomputed as the form is fixed.
  const [checking, setChecking] = useState(false);
  const [saved, setSaved] = useState<Penalty | null>(null);
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });

  if (!workshop) return <Page className='penalty'><WorkshopPicker onPick={setWorkshop} /></Page>;
  if (saved) {
    return (
      <Page className='penalty'>
        <View className='card' {...a11y({ role: 'status' })}>
          <Text className='card__title'>行政处罚已录入并公示</Text>
          <Text className='muted'>{saved.decisionNumber}：公示期至 {beijingDate(saved.publicityEnds)}，期满后业主可申请信用修复。</Text>
          <ActionButton block onClick={() => void Taro.navigateBack()}>返回</ActionButton>
        </View>
      </Page>
    );
  }
  const days = Number(f.publicityDays);
  const issues = (): FormIssue[] => {
    const p: FormIssue[] = [];
    if (!f.decisionNumber.trim()) p.push({ field: 'decisionNumber', message: '请填写处罚决定书文号' });
    if (!f.facts.trim()) p.push({ field: 'facts', message: '请填写违法事实' });
    if (!f.basis.trim()) p.push({ field: 'basis', message: '请填写处罚依据' });
    if (!f.outcome.trim()) p.push({ field: 'outcome', message: '请填写处罚内容' });
    if (f.fineYuan && !/^\d+(\.\d{1,2})?$/.test(f.fineYuan)) p.push({ field: 'fine', message: '罚款金额应为数字（元，最多两位小数）' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(f.decidedAt)) p.push({ field: 'decidedAt', message: '请选择决定日期' });
    if (!Number.isInteger(days) || days < 90 || days > 1095) p.push({ field: 'publicityDays', message: '公示期应为 90–1095 天' });
    return p;
  };
  const submit = async () => {
    const p = issues();
    if (p.length) {
      setChecking(true);
      if (p[0].field) jumpToField(p[0].field);
      return;
    }
    const { confirm } = await Taro.showModal({ title: '录入行政处罚', content: `${workshop.name}：${f.decisionNumber.trim()}，提交后在信用档案公示 ${days} 天以上。`, confirmText: '提交' });
    if (!confirm) return;
    setSaved(await supervisionApi.recordPenalty({
      workshopId: workshop.id, decisionNumber: f.decisionNumber.trim(), facts: f.facts.trim(), basis: f.basis.trim(), outcome: f.outcome.trim(),
      ...(f.fineYuan ? { fineFen: Math.round(Number(f.fineYuan) * 100) } : {}), decidedAt: f.decidedAt, publicityDays: days,
    }));
  };
  return (
    <Page className='penalty'>
      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 1 })}>{workshop.name}</Text>
        <ErrorSummary issues={checking ? issues() : []} />
        <Field label='处罚决定书文号' name='decisionNumber' value={f.decisionNumber} onInput={set('decisionNumber')} maxlength={60} placeholder='如 柳鱼市监处罚〔2026〕12号' required />
        <Field label='违法事实' name='facts' value={f.facts} onInput={set('facts')} multiline maxlength={2000} required />
        <Field label='处罚依据' name='basis' value={f.basis} onInput={set('basis')} multiline maxlength={1000} required />
        <Field label='处罚内容' name='outcome' value={f.outcome} onInput={set('outcome')} multiline maxlength={500} placeholder='警告、罚款、没收违法所得等' required />
        <Field label='罚款金额（元）' name='fine' type='digit' value={f.fineYuan} onInput={set('fineYuan')} maxlength={12} />
        <DateField label='决定日期' name='decidedAt' value={f.decidedAt} onChange={set('decidedAt')} end={beijingToday()} required />
        <Field label='公示期（天）' name='publicityDays' type='number' value={f.publicityDays} onInput={set('publicityDays')} maxlength={4} hint='期满前不能申请信用修复；未修复的最长公示3年' required />
        <ActionButton variant='primary' block onClick={() => void submit()}>提交并公示</ActionButton>
      </View>
    </Page>
  );
}
