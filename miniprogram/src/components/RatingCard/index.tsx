import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { BAD_RATING_REPLY_WORKING_DAYS, SERVICE_RATING_LABELS, SERVICE_RATING_SCORES, isBadRating } from '@shared/domain/rating';
import ActionButton from '@/components/ActionButton';
import { TextArea } from '@/components/Field';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingDateTime } from '@/utils/time';
import type { RegistrationView } from '@shared/schemas/registration';

/**
 * 好差评 on a decided application. The applicant (`mode` 'owner') rates once, five levels and a comment; a
 * bad rating says the office answers within 15 working days. Staff (`mode` 'staff') read the rating and
 * answer a bad one. Shows the answer to both.
 */
export default function RatingCard({ view, mode, rate, reply }: {
  view: RegistrationView;
  mode: 'owner' | 'staff';
  /** Sends the rating (owner) and shows the updated application; throws when refused (the request layer said why). */
  rate?: (score: number, comment?: string) => Promise<void>;
  reply?: (answer: string) => Promise<void>;
}) {
  const [score, setScore] = useState(0);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState('');
  const r = view.rating;
  if (!r && !(mode === 'owner' && view.canRate)) return null;

  const send = async () => {
    if (!score) { setProblem('请选择一个评价等级'); return; }
    if (isBadRating(score) && !text.trim()) { setProblem('请写明不满意的原因，便于核实整改'); return; }
    const ok = await Taro.showModal({ title: '提交评价', content: `评价为“${SERVICE_RATING_LABELS[score as 1]}”。评价提交后不能修改，确定提交？`, confirmText: '提交', cancelText: '再想想' });
    if (!ok.confirm) return;
    try { await rate?.(score, text.trim() || undefined); } catch { /* the request layer said why */ }
  };
  const answer = async () => {
    if (!text.trim()) { setProblem('请填写核实整改情况'); return; }
    const ok = await Taro.showModal({ title: '答复差评', content: '答复后申请人会收到消息，答复不能修改。确定提交？', confirmText: '答复', cancelText: '再看看' });
    if (!ok.confirm) return;
    try { await reply?.(text.trim()); } catch { /* the request layer said why */ }
  };

  return (
    <View className='card' data-testid='rating'>
      <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>{r ? '服务评价（好差评）' : '请评价本次办理服务'}</Text>
      {r ? (
        <>
          <Text className={cx('tag', r.bad && 'tag--danger')}>{r.label}</Text>
          {r.comment ? <Text className='reg-detail__reason'>{r.comment}</Text> : null}
          <Text className='muted'>评价于 {beijingDateTime(r.at)}</Text>
          {r.reply ? (
            <View className='notice' data-testid='rating-reply'>
              <Text>{r.reply.by}答复（{beijingDateTime(r.reply.at)}）：{r.reply.answer}</Text>
            </View>
          ) : r.bad ? (
            <Text className='muted'>承办机关将于 {r.replyDue} 前核实并答复。</Text>
          ) : null}
          {mode === 'staff' && r.bad && !r.reply ? (
            <View className='action-panel'>
              <Text className='field__label' aria-hidden='true'>核实整改情况（申请人可见）</Text>
              <TextArea label='核实整改情况（申请人可见）' name='rating.answer' value={text} maxlength={500} onInput={(v) => { setText(v); setProblem(''); }} />
              {problem ? <Text className='errors' {...a11y({ role: 'alert' })}>{problem}</Text> : null}
              <ActionButton variant='primary' block onClick={() => void answer()}>答复差评</ActionButton>
            </View>
          ) : null}
        </>
      ) : (
        <>
          <Text className='muted'>您的评价会报送承办机关，用于改进服务；差评将在 {BAD_RATING_REPLY_WORKING_DAYS} 个工作日内核实答复。</Text>
          <View className='chips'>
            {SERVICE_RATING_SCORES.map((s) => (
              <Text key={s} className={cx('chip', score === s && 'chip--on')} data-score={s} onClick={() => { setScore(s); setProblem(''); }}
                {...a11y({ role: 'radio', checked: score === s, onActivate: () => { setScore(s); setProblem(''); } })}>
                {SERVICE_RATING_LABELS[s]}
              </Text>
            ))}
          </View>
          <Text className='field__label' aria-hidden='true'>{score && isBadRating(score) ? '不满意的原因（必填）' : '意见建议（选填）'}</Text>
          <TextArea label={score && isBadRating(score) ? '不满意的原因（必填）' : '意见建议（选填）'} name='rating.comment' value={text} maxlength={300} rows={3} onInput={(v) => { setText(v); setProblem(''); }} />
          {problem ? <Text className='errors' {...a11y({ role: 'alert' })}>{problem}</Text> : null}
          <ActionButton variant='primary' block onClick={() => void send()}>提交评价</ActionButton>
        </>
      )}
    </View>
  );
}
