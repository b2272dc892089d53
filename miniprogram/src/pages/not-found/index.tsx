import { Text } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import EmptyState from '@/components/EmptyState';
import Page from '@/components/Page';
import { ROUTES } from '@/constants/routes';
import { go } from '@/services/navigation';
import './index.scss';

// WeChat passes query values still encoded, H5 already decoded; decoding twice must not throw.
const safeDecode = (v: string) => { try { return decodeURIComponent(v); } catch { return v; } };

/** Where an unknown address lands (app.tsx sends it here): says so and offers a way home. */
export default function NotFound() {
  const { path } = useRouter().params;
  const asked = path ? safeDecode(path).slice(0, 200) : '';
  return (
    <Page className='not-found'>
      <EmptyState
        status='missing'
        title='页面不存在'
        description='您访问的页面不存在或已下线，可能是链接有误。'
        actions={[
          { text: '返回首页', onClick: () => void Taro.switchTab({ url: ROUTES.home }), variant: 'primary' },
          { text: '查询作坊信用', onClick: () => go(ROUTES.search) },
        ]}
      />
      {asked ? <Text className='muted not-found__path'>访问的地址：{asked}</Text> : null}
    </Page>
  );
}
