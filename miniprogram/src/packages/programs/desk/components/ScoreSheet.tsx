import { useEffect, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import ActionButton from '@/components/ActionButton';
import Field from '@/components/Field';
import { a11y } from '@/utils/a11y';
import type { ScoreItem } from '../lib/api';
import { sheetBody, sheetFrom, sheetTotal, type Criterion, type SheetForm } from '../lib/scoreSheet';
import Errors from './Errors';

/** My score sheet: a line per criterion with its points, the running total, a comment; 提交评分. */
export default function ScoreSheet({ criteria, mine, disabled, onSubmit }: {
  criteria: Criterion[];
  mine: { score: number; comment: string | null; items: ScoreItem[] | null } | null;
  disabled?: boolean;
  onSubmit: (body: { score: number; comment?: string; items: ScoreItem[] }) => Promise<boolean>;
}) {
  const [form, setForm] = useState<SheetForm>(() => sheetFrom(criteria, mine));
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const key = criteria.map((c) => `${c.name}:${c.max}`).join('|');
  useEffect(() => { setForm(sheetFrom(criteria, mine)); /* a new program or a new score of mine */ }, [key, mine?.score, mine?.comment]); // eslint-disable-line react-hooks/exhaustive-deps
  const total = sheetTotal(form);
  const setValue = (i: number, v: string) => setForm((f) => ({ ...f, values: f.values.map((x, j) => (j === i ? v : x)) }));
  const submit = async () => {
    const { body, errors: found } = sheetBody(criteria, form);
    setErrors(found);
    if (!body) return;
    setBusy(true);
    try {
      if (await onSubmit(body)) setErrors([]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className='card pd-sheet' data-testid='score-sheet'>
      <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>我的评分</Text>
      {mine ? <Text className='muted pd-note'>已提交 {mine.score} 分，修改后再次提交将覆盖。</Text> : <Text className='muted pd-note'>逐项打分，总分为各项之和（满分100）。</Text>}
      {criteria.map((c, i) => (
        <View key={c.name} className='pd-sheet__row'>
          <Text className='pd-sheet__name'>{c.name}<Text className='muted'>（满分 {c.max}）</Text></Text>
          <Input className='input pd-sheet__input' type='number' maxlength={3} value={form.values[i] ?? ''} aria-label={`${c.name}得分`} data-name={`score.${i}`}
            disabled={disabled} onInput={(e) => setValue(i, e.detail.value)} />
        </View>
      ))}
      <View className='pd-sheet__total' {...a11y({ role: 'status' })}>
        <Text>总分</Text><Text className='pd-sheet__sum' data-testid='sheet-total'>{total ?? '—'} / 100</Text>
      </View>
      <Field label='评审意见' name='score.comment' multiline maxlength={500} value={form.comment} onInput={(v) => setForm((f) => ({ ...f, comment: v }))} placeholder='选填：亮点与不足' />
      <Errors errors={errors} testId='sheet-errors' />
      <ActionButton variant='primary' block disabled={disabled || busy} onClick={() => void submit()}>{mine ? '更新评分' : '提交评分'}</ActionButton>
    </View>
  );
}
