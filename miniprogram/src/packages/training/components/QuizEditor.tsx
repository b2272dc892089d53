import { Text, View } from '@tarojs/components';
import ActionButton from '@/components/ActionButton';
import Field from '@/components/Field';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { emptyQuestion, type QuestionForm, type QuizForm } from '../lib/quiz';
import './Quiz.scss';

const MAX_QUESTIONS = 50;
const MAX_OPTIONS = 6;

/**
 * The trainer's question editor of a course's optional test (课程考核): a switch, then questions with 2–6
 * options each and the right one marked, the pass mark and the tries. Controlled: `value` and `onChange`.
 */
export default function QuizEditor({ value, onChange }: { value: QuizForm; onChange: (f: QuizForm) => void }) {
  const set = (p: Partial<QuizForm>) => onChange({ ...value, ...p });
  const setQuestion = (i: number, p: Partial<QuestionForm>) => set({ questions: value.questions.map((q, k) => (k === i ? { ...q, ...p } : q)) });
  const toggle = () => set({ enabled: !value.enabled });
  return (
    <View className='quiz-editor' data-testid='quiz-editor'>
      <Text className={cx('chip', value.enabled && 'chip--on')} onClick={toggle} {...a11y({ role: 'checkbox', checked: value.enabled, onActivate: toggle })}>
        设置课程考核（签到并考核通过才发证书）
      </Text>
      {value.enabled ? (
        <View>
          {value.questions.map((q, i) => (
            <View key={i} className='card quiz-editor__question' data-question={i}>
              <Field label={`第${i + 1}题`} name={`quiz.q${i}`} required multiline maxlength={300} value={q.text} onInput={(v) => setQuestion(i, { text: v })} />
              {q.options.map((o, k) => {
                const mark = () => setQuestion(i, { answer: k });
                return (
                  <View key={k} className='quiz-editor__option'>
                    <Field label={`选项${String.fromCharCode(65 + k)}`} name={`quiz.q${i}.o${k}`} maxlength={100} value={o}
                      onInput={(v) => setQuestion(i, { options: q.options.map((x, j) => (j === k ? v : x)) })} />
                    <Text className={cx('chip', q.answer === k && 'chip--on')} onClick={mark} {...a11y({ role: 'radio', checked: q.answer === k, label: `第${i + 1}题正确答案为选项${String.fromCharCode(65 + k)}`, onActivate: mark })}>
                      {q.answer === k ? '✓ 正确答案' : '设为正确答案'}
                    </Text>
                  </View>
                );
              })}
              <View className='tr-actions'>
                {q.options.length < MAX_OPTIONS ? <ActionButton onClick={() => setQuestion(i, { options: [...q.options, ''] })} label={`第${i + 1}题添加选项`}>添加选项</ActionButton> : null}
                {q.options.length > 2 ? (
                  <ActionButton onClick={() => setQuestion(i, { options: q.options.slice(0, -1), answer: q.answer === q.options.length - 1 ? null : q.answer })} label={`第${i + 1}题删除最后一个选项`}>删除选项</ActionButton>
                ) : null}
                {value.questions.length > 1 ? (
                  <ActionButton variant='danger' onClick={() => set({ questions: value.questions.filter((_, k) => k !== i) })} label={`删除第${i + 1}题`}>删除此题</ActionButton>
                ) : null}
              </View>
            </View>
          ))}
          {value.questions.length < MAX_QUESTIONS ? <ActionButton block onClick={() => set({ questions: [...value.questions, emptyQuestion()] })}>添加题目</ActionButton> : null}
          <Field label='及格线（答对百分比）' name='quiz.passPercent' required type='number' maxlength={3} value={value.passPercent} onInput={(v) => set({ passPercent: v })} />
          <Field label='每人最多作答次数' name='quiz.maxTries' required type='number' maxlength={2} value={value.maxTries} hint='1–10 次' onInput={(v) => set({ maxTries: v })} />
        </View>
      ) : null}
    </View>
  );
}
