import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import Page from '@/components/Page';
import PagedList from '@/components/PagedList';
import { usePagedList } from '@/hooks/usePagedList';
import { API_BASE } from '@/services/request';
import { a11y } from '@/utils/a11y';
import { fileUrl } from '../lib/programFormat';
import { programsApi, type Award } from '../lib/programsApi';
import { PROGRAM_ROUTES } from '../lib/programRoutes';
import '../lib/programs.scss';

/** 非遗美食: workshops with a heritage award, with the first photo of their story; each opens its story page. */
export default function HeritageGallery() {
  const list = usePagedList<Award>((page) => programsApi.awards({ page, heritage: '1' }), { pullDownRefresh: true });
  const open = (a: Award) => void Taro.navigateTo({ url: `${PROGRAM_ROUTES.story}?id=${a.id}` });
  return (
    <Page className='program-gallery'>
      <Text className='pg-meta'>传统食品技艺代表性项目、传承人与传承人工作室。</Text>
      <PagedList list={list} empty={{ title: '暂无非遗美食', description: '非遗称号授予后会显示在这里' }} end={<Text className='muted'>已显示全部</Text>}>
        {(items) => (
          <View>
            {items.map((a) => {
              const cover = a.story?.photos[0];
              return (
                <View key={a.id} className='card' data-award={a.id} onClick={() => open(a)} {...a11y({ role: 'link', onActivate: () => open(a) })}>
                  {cover ? <Image className='pg-gallery__cover' mode='aspectFill' src={fileUrl(cover, API_BASE)} aria-label={`${a.workshop.name}的照片`} /> : null}
                  <Text className='pg-row__title'>{a.workshop.name}</Text>
                  <Text className='tag tag--award'>{a.badge}</Text>
                  <Text className='pg-meta'>{a.program.name} · {a.workshop.region.name}</Text>
                  {a.story ? <Text className='pg-desc'>{a.story.technique.length > 60 ? `${a.story.technique.slice(0, 60)}…` : a.story.technique}</Text> : <Text className='muted'>故事页编写中</Text>}
                </View>
              );
            })}
          </View>
        )}
      </PagedList>
    </Page>
  );
}
