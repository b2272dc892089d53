import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import ActionButton from '@/components/ActionButton';
import DevRolePicker from '@/components/DevRolePicker';
import EmptyState from '@/components/EmptyState';
import { ROUTES } from '@/constants/routes';
import { problemOf, type PageProblem } from '@/hooks/pageProblem';
import { fetchMeta, type Meta } from '@/services/auth';
import { go } from '@/services/navigation';

/**
 * H5 portal: WeChat login is not available in a browser. The demo server (GET /meta → devLogin) offers
 * role login; otherwise the portal stays public (browsing, anonymous tip-offs).
 */
export default function LoginPanel() {
  const [meta, setMeta] = useState<Meta | null>(null);
  const [error, setError] = useState<PageProblem | null>(null);

  const load = () => {
    setError(null);
    fetchMeta()
      .then(setMeta)
      .catch((e: unknown) => setError(problemOf(e)));
  };
  useEffect(load, []);

  if (error) return <EmptyState problem={error} onRetry={load} />;
  if (!meta) return <EmptyState status='loading' />;
  if (meta.devLogin) return <DevRolePicker />;
  return (
    <View className='card'>
      <Text className='card__title'>网页版无需登录</Text>
      <Text className='muted login__public'>
        在网页上可以浏览公开信息、查询作坊信用、匿名举报。办理作坊登记、报名培训等个人业务，请在微信中搜索「食品小作坊服务」小程序登录办理。
      </Text>
      <ActionButton variant='primary' block onClick={() => go(ROUTES.home)}>
        返回首页
      </ActionButton>
    </View>
  );
}
