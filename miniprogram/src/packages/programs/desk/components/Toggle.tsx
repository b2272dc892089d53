import { Text, View } from '@tarojs/components';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import '@/components/LargeTextSwitch/index.scss';

/**
 * An on/off row drawn like 大字模式 (Taro's H5 Switch has no accessible name): the label is the switch's name.
 */
export default function Toggle({ label, checked, onChange, name }: { label: string; checked: boolean; onChange: (v: boolean) => void; name?: string }) {
  const toggle = () => onChange(!checked);
  return (
    <View className='large-text-switch pd-toggle' data-toggle={name} onClick={toggle} {...a11y({ role: 'switch', checked, label, onActivate: toggle })}>
      <Text className='pd-toggle__label'>{label}</Text>
      <View className={cx('switch', checked && 'switch--on')} {...a11y({ hidden: true })}>
        <View className='switch__knob' />
      </View>
    </View>
  );
}
