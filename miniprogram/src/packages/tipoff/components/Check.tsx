import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { fieldAnchor } from '@/utils/fieldAnchor';

/** A labelled checkbox with a ≥ 44px target. */
export default function Check({ checked, onChange, children, name }: { checked: boolean; onChange: (v: boolean) => void; children: ReactNode; name?: string }) {
  const toggle = () => onChange(!checked);
  return (
    <View className='tp-check' id={name ? fieldAnchor(name) : undefined} data-name={name} onClick={toggle} {...a11y({ role: 'checkbox', checked, onActivate: toggle })}>
      <Text className={cx('tp-check__box', checked && 'tp-check__box--on')} {...a11y({ hidden: true })}>{checked ? '✓' : ''}</Text>
      <Text className='tp-check__text'>{children}</Text>
    </View>
  );
}
