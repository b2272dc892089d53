import { useEffect, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { useAppState } from '@/store/app';
import { cx } from '@/utils/cx';
import { applyRootLargeText } from '@/utils/rootLargeText';

/** Every page's root: carries the large-text class so the CSS type scale applies to the whole page. */
export default function Page({ children, className }: { children: ReactNode; className?: string }) {
  const { largeText } = useAppState();
  useEffect(() => applyRootLargeText(largeText), [largeText]);
  return <View className={cx('page', largeText && 'page--large', className)}>{children}</View>;
}
