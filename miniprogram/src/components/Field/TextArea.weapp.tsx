import { Text, Textarea, View } from '@tarojs/components';
import type { TextAreaProps } from './TextArea.h5';

export type { TextAreaProps };

// WeChat: the native textarea (its maxlength defaults to 140, so it is always passed); aria-label reaches
// WXML through the a11y-attrs plugin.
export default function TextArea({ label, value, maxlength, placeholder, name, onInput }: TextAreaProps) {
  return (
    <View className='textarea'>
      <Textarea className='textarea__input' aria-label={label} data-name={name} value={value} maxlength={maxlength} placeholder={placeholder} autoHeight
        onInput={(e) => onInput(e.detail.value)} />
      <Text className='textarea__count'>{value.length}/{maxlength}</Text>
    </View>
  );
}
