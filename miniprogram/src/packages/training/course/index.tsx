import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import EmptyState from '@/components/EmptyState';
import Page from '@/components/Page';
import { usePageData } from '@/hooks/usePageData';
import { a11y } from '@/utils/a11y';
import Materials from '../components/Materials';
import SessionRow from '../components/SessionRow';
import { trainingApi } from '../lib/api';
import { TRAINING_ROUTES } from '../lib/routes';
import '../lib/training.scss';

/** A course and its sessions. */
export default function CourseDetailPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const { state, retry } = usePageData(() => trainingApi.course(id), { deps: [id], onShow: true, pullDownRefresh: true });
  if (state.status === 'loading') return <Page><EmptyState status='loading' /></Page>;
  if (state.status !== 'ready') return <Page><EmptyState problem={state} onRetry={retry} /></Page>;
  const c = state.data;
  return (
    <Page className='training-course'>
      <View className='card tr-head'>
        <Text className='tr-title' {...a11y({ role: 'heading', level: 1 })}>{c.title}</Text>
        <Text className='tr-meta'>{c.categoryLabel} · {c.hours} 学时 · 主讲：{c.trainerName}</Text>
        <Text className='tr-meta'>开课区域：{c.region.name}</Text>
        {c.targetCategories.length ? <Text className='tr-meta'>适合：{c.targetCategories.map((t) => t.name).join('、')}</Text> : null}
        {c.quiz ? <Text className='tr-meta' data-testid='course-quiz'>含考核：{c.quiz.questionCount}题，答对{c.quiz.passPercent}%及格；签到并考核通过后发放培训证书</Text> : null}
        {!c.active ? <Text className='notice'>该课程已下架</Text> : null}
        <Text className='tr-desc'>{c.description}</Text>
      </View>
      <Materials materials={c.materials} />
      <Text className='section-title'>场次</Text>
      {c.sessions.length ? (
        <View className='list card'>
          {c.sessions.map((s) => <SessionRow key={s.id} s={s} onOpen={() => void Taro.navigateTo({ url: `${TRAINING_ROUTES.session}?id=${s.id}` })} />)}
        </View>
      ) : (
        <EmptyState status='empty' title='暂无场次' description='讲师安排场次后可在这里报名' />
      )}
    </Page>
  );
}
