import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';

export type ListRowProps = {
  /** Opens the row's page: the row is then a link (tap, Enter or Space). */
  onOpen?: () => void;
  className?: string;
  /** At the right: the › arrow when absent (null: nothing). */
  aside?: ReactNode;
  children: ReactNode;
} & { [data: `data-${string}`]: string | number | undefined };

/** A tappable row of a `.list`: its main text, then an arrow or a status at the right. */
export default function ListRow({ onOpen, className, aside, children, ...data }: ListRowProps) {
  return (
    <View className={cx('list-row', className)} {...data} onClick={onOpen} {...(onOpen ? a11y({ role: 'link', onActivate: onOpen }) : {})}>
      <View className='list-row__main'>{children}</View>
      {aside === undefined ? <Text className='list-row__arrow' {...a11y({ hidden: true })}>›</Text> : aside}
    </View>
  );
}
