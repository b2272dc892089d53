import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { COURSE_CATEGORIES, COURSE_CATEGORY_LABELS, type CourseCategory } from '@shared/domain/training';
import ActionButton from '@/components/ActionButton';
import ListRow from '@/components/ListRow';
import Page from '@/components/Page';
import PagedList from '@/components/PagedList';
import { usePagedList } from '@/hooks/usePagedList';
import { useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { trainingApi, type CourseSummary } from '../lib/api';
import { TRAINING_ROUTES } from '../lib/routes';
import '../lib/training.scss';

/** 课程: the public course list, by category or near the user's region. */
export default function TrainingIndex() {
  const { user } = useAppState();
  const [category, setCategory] = useState<CourseCategory | ''>('');
  const [nearby, setNearby] = useState(false);
  const region = user?.region?.code;
  const list = usePagedList<CourseSummary>(
    (page) => trainingApi.courses({ page, category: category || undefined, region: nearby && region ? region : undefined }),
    { deps: [category, nearby], pullDownRefresh: true },
  );
  const isTrainer = !!user?.roles.some((r) => r === 'trainer' || r === 'admin');
  const chip = (key: string, label: string, on: boolean, pick: () => void) => (
    <Text key={key} className={cx('chip', on && 'chip--on')} data-chip={key} onClick={pick} {...a11y({ role: 'radio', checked: on, onActivate: pick })}>{label}</Text>
  );
  const toggleNearby = () => {
    if (!region) {
      void Taro.showToast({ title: user ? '账号未设置所在区域' : '登录后可查看附近的课程', icon: 'none' });
      return;
    }
    setNearby(!nearby);
  };

  return (
    <Page className='training'>
      <View className='tr-links'>
        <ActionButton onClick={() => void Taro.navigateTo({ url: TRAINING_ROUTES.mine })}>我的培训</ActionButton>
        <ActionButton onClick={() => void Taro.navigateTo({ url: TRAINING_ROUTES.verify })}>证书核验</ActionButton>
        {isTrainer ? <ActionButton onClick={() => void Taro.navigateTo({ url: TRAINING_ROUTES.desk })}>讲师工作台</ActionButton> : null}
      </View>
      <View className='chips' {...a11y({ label: '课程类别' })}>
        {chip('all', '全部', category === '', () => setCategory(''))}
        {COURSE_CATEGORIES.map((c) => chip(c, COURSE_CATEGORY_LABELS[c], category === c, () => setCategory(c)))}
      </View>
      <View className='chips'>
        <Text className={cx('chip', nearby && 'chip--on')} data-chip='nearby' onClick={toggleNearby} {...a11y({ role: 'switch', checked: nearby, onActivate: toggleNearby })}>
          附近{nearby && user?.region ? `：${user.region.name}` : ''}
        </Text>
      </View>
      <PagedList
        list={list}
        empty={{ title: '暂无课程', description: category || nearby ? '换个类别或取消“附近”看看' : '培训机构发布课程后会显示在这里' }}
        end={<Text className='muted'>已显示全部课程</Text>}
      >
        {(items) => (
          <View className='list card'>
            {items.map((c) => (
              <ListRow key={c.id} data-course={c.id} onOpen={() => void Taro.navigateTo({ url: `${TRAINING_ROUTES.course}?id=${c.id}` })}>
                <Text className='tr-row__title'>{c.title}</Text>
                <Text className='list-row__desc'>{c.categoryLabel} · {c.hours} 学时 · {c.region.name}</Text>
                <Text className='list-row__desc'>主讲：{c.trainerName}</Text>
              </ListRow>
            ))}
          </View>
        )}
      </PagedList>
    </Page>
  );
}
