import { Image, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Page from '@/components/Page';
import { CREDIT_ROUTES } from '@/constants/credit';
import { notFound } from '@/hooks/pageProblem';
import { usePageData } from '@/hooks/usePageData';
import { API_BASE } from '@/services/request';
import { a11y } from '@/utils/a11y';
import { beijingDate } from '@/utils/time';
import { fileUrl } from '../lib/programFormat';
import { programsApi } from '../lib/programsApi';
import '../lib/programs.scss';

/** The heritage story page of an award (公开): technique, inheritor, history, photos. */
export default function HeritageStory() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const { state, retry } = usePageData(async () => {
    if (!/^[a-f0-9]{24}$/.test(id)) throw notFound();
    const a = await programsApi.award(id);
    void Taro.setNavigationBarTitle({ title: a.workshop.name.length > 12 ? '非遗故事' : a.workshop.name });
    return a;
  }, { deps: [id], onShow: true });

  if (state.status === 'loading') return <Page><EmptyState status='loading' /></Page>;
  if (state.status !== 'ready') return <Page><EmptyState problem={state} title={state.status === 'missing' ? '未找到该非遗故事' : undefined} onRetry={retry} /></Page>;
  const a = state.data;
  const photos = (a.story?.photos ?? []).map((u) => fileUrl(u, API_BASE));
  const section = (title: string, text: string, key: string) => (
    <View key={key} data-story={key}>
      <Text className='section-title' {...a11y({ role: 'heading', level: 2 })}>{title}</Text>
      <View className='card'><Text className='pg-desc'>{text}</Text></View>
    </View>
  );
  return (
    <Page className='heritage-story'>
      <View className='card pg-head'>
        <Text className='pg-title' {...a11y({ role: 'heading', level: 1 })}>{a.workshop.name}</Text>
        <Text className='tag tag--award'>{a.badge}</Text>
        <Text className='pg-meta'>{a.program.name}</Text>
        <Text className='pg-meta'>{a.issuer} · {beijingDate(a.grantedAt)} 授予，有效期至 {beijingDate(a.validUntil)}</Text>
        <Text className='pg-meta'>{a.workshop.region.name}</Text>
      </View>
      {a.story ? (
        <>
          {section('传统技艺', a.story.technique, 'technique')}
          {section('传承人', a.story.inheritor, 'inheritor')}
          {section('历史渊源', a.story.history, 'history')}
          {photos.length ? (
            <>
              <Text className='section-title' {...a11y({ role: 'heading', level: 2 })}>照片</Text>
              <View className='card pg-photos'>
                {photos.map((src, i) => (
                  <Image key={src} className='pg-photo' mode='aspectFill' src={src} aria-label={`照片${i + 1}`} onClick={() => void Taro.previewImage({ urls: photos, current: src })} />
                ))}
              </View>
            </>
          ) : null}
        </>
      ) : (
        <EmptyState status='empty' title='故事页编写中' description='作坊正在整理技艺、传承人和历史资料' />
      )}
      <ActionButton block onClick={() => void Taro.navigateTo({ url: `${CREDIT_ROUTES.workshop}?id=${a.workshop.id}` })}>查看作坊信用档案</ActionButton>
    </Page>
  );
}
