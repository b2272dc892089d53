import { useEffect } from 'react';
import { Text } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import Page from '@/components/Page';
import { setPendingSearch } from '@/constants/credit';
import { ROUTES } from '@/constants/routes';
import { a11y } from '@/utils/a11y';

/**
 * Older links (and shares) point here: the search itself is the 查询 tab. Forward there, with the
 * keyword if the link carried one.
 */
export default function CreditIndex() {
  const { q } = useRouter().params;
  useEffect(() => {
    if (q) setPendingSearch(safeDecode(q).slice(0, 50));
    void Taro.switchTab({ url: ROUTES.search });
  }, [q]);
  return (
    <Page className='credit-index'>
      <Text className='muted' {...a11y({ role: 'status' })}>正在打开信用查询…</Text>
    </Page>
  );
}

// WeChat passes query values still encoded, H5 already decoded; decoding twice must not throw.
function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}
