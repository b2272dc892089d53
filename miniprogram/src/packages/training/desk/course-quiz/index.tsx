import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Page from '@/components/Page';
import { usePageData } from '@/hooks/usePageData';
import { a11y } from '@/utils/a11y';
import DeskGate from '../../components/DeskGate';
import Errors from '../../components/Errors';
import QuizEditor from '../../components/QuizEditor';
import { trainingApi } from '../../lib/api';
import { emptyQuizForm, quizBody, quizFormOf, quizApi, type QuizForm } from '../../lib/quiz';
import '../../lib/training.scss';

/** 课程考核设置 of an existing course (from the desk's course page): the question bank with its answers. */
export default function CourseQuizPage() {
  return <DeskGate><Editor /></DeskGate>;
}

function Editor() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const { state, retry } = usePageData(() => trainingApi.course(id), { deps: [id] });
  const [form, setForm] = useState<QuizForm>(emptyQuizForm);
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const bank = state.status === 'ready' ? (state.data as { quizBank?: Parameters<typeof quizFormOf>[0] }).quizBank : undefined;
  useEffect(() => { if (state.status === 'ready') setForm(quizFormOf(bank)); }, [state.status, bank]);

  if (state.status === 'loading') return <Page><EmptyState status='loading' /></Page>;
  if (state.status !== 'ready') return <Page><EmptyState problem={state} onRetry={retry} /></Page>;
  const had = !!bank;
  const save = async () => {
    const q = quizBody(form);
    setErrors(q.errors);
    if (q.errors.length) return;
    if (!q.quiz && had) {
      const { confirm } = await Taro.showModal({ title: '取消考核', content: '取消后，签到即可获得培训证书。确定取消本课程的考核吗？', confirmText: '取消考核', cancelText: '再想想' });
      if (!confirm) return;
    }
    setBusy(true);
    try {
      await quizApi.save(id, q.quiz);
      void Taro.showToast({ title: q.quiz ? '考核已保存' : '已取消考核', icon: 'success' });
      void Taro.navigateBack();
    } catch {
      // toasted
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page className='training-course-quiz'>
      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 1 })}>{state.data.title}</Text>
        <Text className='muted'>设置考核后，参训人员须签到并考核通过才能获得培训证书；已通过的不受修改影响。</Text>
        <QuizEditor value={form} onChange={setForm} />
        <Errors errors={errors} />
        <ActionButton variant='primary' block disabled={busy} onClick={() => void save()}>保存</ActionButton>
      </View>
    </Page>
  );
}
