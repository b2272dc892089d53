import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { cx } from '@/utils/cx';

/** One label and value line of a card. */
export default function Kv({ k, children, danger }: { k: string; children: ReactNode; danger?: boolean }) {
  return (
    <View className='kv'>
      <Text className='kv__k'>{k}</Text>
      <Text className={cx('kv__v', danger && 'kv__v--danger')}>{children}</Text>
    </View>
  );
}
