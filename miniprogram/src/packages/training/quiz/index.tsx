import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Page from '@/components/Page';
import { notFound } from '@/hooks/pageProblem';
import { usePageData } from '@/hooks/usePageData';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingDateTime } from '@/utils/time';
import Errors from '../components/Errors';
import { quizApi, quizStateText, type QuizResult } from '../lib/quiz';
import { TRAINING_ROUTES } from '../lib/routes';
import '../lib/training.scss';
import '../components/Quiz.scss';

const letter = (k: number) => String.fromCharCode(65 + k);

/**
 * 课程考核 of one booking (from 我的培训): the questions (never their answers), one choice each, 提交答卷 after a
 * confirmation; then the score, passed or not, the tries left, and the certificate when it was issued.
 */
export default function QuizPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const { state, retry, reload } = usePageData(async () => {
    if (!/^[a-f0-9]{24}$/.test(id)) throw notFound();
    return quizApi.paper(id);
  }, { deps: [id] });
  const [answers, setAnswers] = useState<Record<number, number>>({});
  const [errors, setErrors] = useState<string[]>([]);
  const [result, setResult] = useState<QuizResult | null>(null);
  const [busy, setBusy] = useState(false);

  if (state.status === 'loading') return <Page><EmptyState status='loading' /></Page>;
  if (state.status !== 'ready') {
    const notYet = state.code === 'training.quiz_not_allowed';
    return (
      <Page>
        <EmptyState problem={state} title={notYet ? '签到后才能参加考核' : state.status === 'missing' ? '未找到该考核' : undefined}
          description={notYet ? '请在培训当天向讲师出示签到二维码，签到后再来作答。' : undefined} onRetry={notYet ? undefined : retry} />
      </Page>
    );
  }
  const p = state.data;

  const submit = async () => {
    const missing = p.questions.map((_, i) => i).filter((i) => answers[i] === undefined);
    if (missing.length) { setErrors([`还有${missing.length}道题未作答（第${missing.map((i) => i + 1).join('、')}题）`]); return; }
    setErrors([]);
    const { confirm } = await Taro.showModal({ title: '提交答卷', content: `提交后计入作答次数（还可作答${p.triesLeft}次），确定提交吗？`, confirmText: '提交', cancelText: '再检查' });
    if (!confirm) return;
    setBusy(true);
    try {
      setResult(await quizApi.attempt(id, p.questions.map((_, i) => answers[i])));
      setAnswers({});
      void reload();
    } catch {
      // toasted
    } finally {
      setBusy(false);
    }
  };
  const openCertificate = (no: string) => void Taro.navigateTo({ url: `${TRAINING_ROUTES.verify}?no=${encodeURIComponent(no)}` });
  const certificateNo = result?.certificateNo ?? p.certificateNo;

  return (
    <Page className='training-quiz'>
      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 1 })}>{p.course.title}</Text>
        <Text className='tr-meta'>参训人员：{p.attendeeName} · 共{p.questions.length}题 · 答对{p.passPercent}%及格 · 每人最多作答{p.maxTries}次</Text>
        <Text className={cx('tr-state', !p.passed && 'tr-state--warn')} data-testid='quiz-state'>{quizStateText(p)}</Text>
        {certificateNo ? (
          <View>
            <Text className='tr-meta'>培训证书已发放：{certificateNo}</Text>
            <ActionButton onClick={() => openCertificate(certificateNo)}>查看证书</ActionButton>
          </View>
        ) : p.passed ? <Text className='muted'>培训结束后将发放培训证书。</Text> : null}
      </View>

      {result ? (
        <View className='card' data-testid='quiz-result' {...a11y({ role: 'status' })}>
          <Text className='card__title'>{result.passed ? '考核通过' : '未通过'}</Text>
          <Text className='tr-meta'>答对 {result.correct}/{result.total} 题，得分 {result.percent}</Text>
          {!result.passed ? <Text className='tr-meta'>{result.triesLeft > 0 ? `还可作答${result.triesLeft}次` : '作答次数已用完'}</Text> : null}
        </View>
      ) : null}

      {p.attempts.length ? (
        <View className='card' data-testid='quiz-attempts'>
          <Text className='card__title'>作答记录</Text>
          {p.attempts.map((a, i) => <Text key={i} className='tr-meta'>第{i + 1}次 · {beijingDateTime(a.at)} · {a.percent}分 · {a.passed ? '通过' : '未通过'}</Text>)}
        </View>
      ) : null}

      {p.canAttempt ? (
        <View data-testid='quiz-paper'>
          {p.questions.map((q, i) => (
            <View key={i} className='card' data-question={i}>
              <Text className='tr-row__title'>{i + 1}. {q.text}</Text>
              <View className='chips'>
                {q.options.map((o, k) => {
                  const pick = () => setAnswers((x) => ({ ...x, [i]: k }));
                  const on = answers[i] === k;
                  return <Text key={k} className={cx('chip', on && 'chip--on')} data-option={k} onClick={pick} {...a11y({ role: 'radio', checked: on, onActivate: pick })}>{letter(k)}. {o}</Text>;
                })}
              </View>
            </View>
          ))}
          <Errors errors={errors} />
          <ActionButton variant='primary' block disabled={busy} onClick={() => void submit()}>提交答卷</ActionButton>
        </View>
      ) : null}
    </Page>
  );
}
