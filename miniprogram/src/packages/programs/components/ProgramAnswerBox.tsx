import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import Field from '@/components/Field';
import { a11y } from '@/utils/a11y';
import { programsApi, type Application } from '../lib/programsApi';

/** The answer to one reviewer question: a text box, then 提交答复 (sent once; the reviewer reads it). */
export default function ProgramAnswerBox({ applicationId, questionId, onAnswered }: { applicationId: string; questionId: string; onAnswered: (a: Application) => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const send = async () => {
    if (busy) return;
    if (!text.trim()) { setError('请填写答复'); return; }
    setError('');
    setBusy(true);
    try {
      const a = await programsApi.answer(applicationId, { questionId, answer: text.trim() });
      void Taro.showToast({ title: '已答复', icon: 'success' });
      onAnswered(a);
    } catch {
      // toasted by the request layer; the text stays
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className='pg-answer' data-answer-for={questionId}>
      <Field label='我的答复' name={`answer-${questionId}`} multiline maxlength={1000} value={text} placeholder='回答评审人员的问题' onInput={setText} />
      {error ? <Text className='errors__item' {...a11y({ role: 'alert' })}>{error}</Text> : null}
      <ActionButton variant='primary' disabled={busy} onClick={() => void send()}>提交答复</ActionButton>
    </View>
  );
}
