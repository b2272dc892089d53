import { Text, View } from '@tarojs/components';
import { setLargeText, useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import './index.scss';

/**
 * 大字模式 switch. Drawn by hand rather than Taro's Switch: on H5 that one is a web component whose
 * inner checkbox has no accessible name, and it cannot grow with the type scale.
 */
export default function LargeTextSwitch() {
  const { largeText } = useAppState();
  const toggle = () => setLargeText(!largeText);
  return (
    <View
      className='large-text-switch list-row'
      onClick={toggle}
      {...a11y({ role: 'switch', checked: largeText, onActivate: toggle })}
    >
      <View className='list-row__main'>
        <Text>大字模式</Text>
        <Text className='list-row__desc'>放大全部文字，方便长辈阅读</Text>
      </View>
      <View className={cx('switch', largeText && 'switch--on')} {...a11y({ hidden: true })}>
        <View className='switch__knob' />
      </View>
    </View>
  );
}
