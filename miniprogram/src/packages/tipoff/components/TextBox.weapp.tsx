import { Textarea } from '@tarojs/components';
import type { TextBoxProps } from './TextBox.h5';

// WeChat: the native textarea; aria-label reaches WXML through the a11y-attrs plugin.
export type { TextBoxProps };
export default function TextBox({ label, value, maxlength, placeholder, name, onInput }: TextBoxProps) {
  return (
    <Textarea className='tp-textarea' aria-label={label} data-name={name} value={value} maxlength={maxlength} placeholder={placeholder} autoHeight
      onInput={(e) => onInput(e.detail.value)} />
  );
}
