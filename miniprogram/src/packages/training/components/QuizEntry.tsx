import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import { cx } from '@/utils/cx';
import type { BookingView } from '../lib/api';
import { quizStateText } from '../lib/quiz';
import { TRAINING_ROUTES } from '../lib/routes';
import './Quiz.scss';

/** 我的培训: an attended booking of a course with a test — its state and 参加考核 (or the results). */
export default function QuizEntry({ b }: { b: BookingView }) {
  const q = b.quiz;
  if (!q || b.status !== 'attended') return null;
  const open = () => void Taro.navigateTo({ url: `${TRAINING_ROUTES.quiz}?id=${b.id}` });
  return (
    <View className='tr-quiz' data-quiz={b.id}>
      <Text className={cx('tr-state', !q.passed && 'tr-state--warn')}>{quizStateText(q)}</Text>
      {!q.passed && q.canAttempt ? <Text className='muted'>本课程需考核通过才能获得培训证书</Text> : null}
      <View className='tr-actions'>
        {q.canAttempt ? <ActionButton variant='primary' onClick={open}>参加考核</ActionButton> : <ActionButton onClick={open}>考核结果</ActionButton>}
      </View>
    </View>
  );
}
