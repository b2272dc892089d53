import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import ListRow from '@/components/ListRow';
import Page from '@/components/Page';
import PagedList from '@/components/PagedList';
import { usePagedList } from '@/hooks/usePagedList';
import { a11y } from '@/utils/a11y';
import DeskGate from '../components/DeskGate';
import { trainingApi, type CourseSummary } from '../lib/api';
import { TRAINING_ROUTES } from '../lib/routes';
import { useIsTrainer } from '../lib/trainer';
import '../lib/training.scss';

/** 讲师工作台: the trainer's courses. */
export default function TrainerDesk() {
  return <DeskGate><Desk /></DeskGate>;
}

function Desk() {
  const { trainer } = useIsTrainer();
  const list = usePagedList<CourseSummary>((page) => trainingApi.courses({ page, mine: '1' }), { enabled: trainer, onShow: true, pullDownRefresh: true });
  const create = () => void Taro.navigateTo({ url: TRAINING_ROUTES.courseForm });
  return (
    <Page className='training-desk'>
      <Text className='section-title' {...a11y({ role: 'heading', level: 1 })}>我的课程</Text>
      <View className='tr-links'><ActionButton variant='primary' onClick={create}>新建课程</ActionButton></View>
      <PagedList list={list} empty={{ title: '还没有课程', description: '新建课程后即可安排场次、开放报名', actions: [{ text: '新建课程', variant: 'primary', onClick: create }] }}>
        {(items) => (
          <View className='list card'>
            {items.map((c) => (
              <ListRow key={c.id} data-course={c.id} onOpen={() => void Taro.navigateTo({ url: `${TRAINING_ROUTES.deskCourse}?id=${c.id}` })}
                aside={c.active ? undefined : <Text className='tr-state tr-state--muted'>已下架</Text>}>
                <Text className='tr-row__title'>{c.title}</Text>
                <Text className='list-row__desc'>{c.categoryLabel} · {c.hours} 学时 · {c.region.name}</Text>
              </ListRow>
            ))}
          </View>
        )}
      </PagedList>
    </Page>
  );
}
