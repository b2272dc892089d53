import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Page from '@/components/Page';
import { usePageData } from '@/hooks/usePageData';
import { a11y } from '@/utils/a11y';
import DeskGate from '../../components/DeskGate';
import Materials from '../../components/Materials';
import SessionRow from '../../components/SessionRow';
import { trainingApi } from '../../lib/api';
import { TRAINING_ROUTES } from '../../lib/routes';
import '../../lib/training.scss';

/** A trainer's course: its sessions (drafts too) and 新增场次. */
export default function DeskCourse() {
  return <DeskGate><Course /></DeskGate>;
}

function Course() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const { state, retry } = usePageData(() => trainingApi.course(id), { deps: [id], onShow: true, pullDownRefresh: true });
  if (state.status === 'loading') return <Page><EmptyState status='loading' /></Page>;
  if (state.status !== 'ready') return <Page><EmptyState problem={state} onRetry={retry} /></Page>;
  const c = state.data;
  const add = () => void Taro.navigateTo({ url: `${TRAINING_ROUTES.sessionForm}?courseId=${c.id}` });
  return (
    <Page className='training-desk-course'>
      <View className='card tr-head'>
        <Text className='tr-title' {...a11y({ role: 'heading', level: 1 })}>{c.title}</Text>
        <Text className='tr-meta'>{c.categoryLabel} · {c.hours} 学时 · {c.region.name}{c.active ? '' : ' · 已下架'}</Text>
        {c.targetCategories.length ? <Text className='tr-meta'>适合：{c.targetCategories.map((t) => t.name).join('、')}</Text> : null}
      </View>
      <Materials materials={c.materials} />
      <View className='card' data-testid='course-quiz'>
        <Text className='tr-meta'>{c.quiz ? `考核：${c.quiz.questionCount}题，答对${c.quiz.passPercent}%及格，每人最多作答${c.quiz.maxTries}次` : '未设置考核：签到即可获得培训证书'}</Text>
        <ActionButton onClick={() => void Taro.navigateTo({ url: `${TRAINING_ROUTES.courseQuiz}?id=${c.id}` })}>{c.quiz ? '修改考核' : '设置考核'}</ActionButton>
      </View>
      <View className='tr-links'><ActionButton variant='primary' onClick={add}>新增场次</ActionButton></View>
      {c.sessions.length ? (
        <View className='list card'>
          {c.sessions.map((s) => <SessionRow key={s.id} s={s} onOpen={() => void Taro.navigateTo({ url: `${TRAINING_ROUTES.roster}?id=${s.id}` })} />)}
        </View>
      ) : (
        <EmptyState status='empty' title='还没有场次' description='新增场次并发布后，业主即可报名' actions={[{ text: '新增场次', variant: 'primary', onClick: add }]} />
      )}
    </Page>
  );
}
