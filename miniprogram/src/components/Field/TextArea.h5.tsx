import { Text, View } from '@tarojs/components';

export interface TextAreaProps {
  /** The accessible name (the visible label is drawn by the caller). */
  label: string;
  value: string;
  maxlength: number;
  placeholder?: string;
  name?: string;
  rows?: number;
  onInput: (value: string) => void;
}

// H5: a native <textarea>. Taro's H5 Textarea is a web component whose inner textarea gets no accessible
// name, and useHtmlComponents has no textarea, so the portal renders the element itself.
export default function TextArea({ label, value, maxlength, placeholder, name, rows = 4, onInput }: TextAreaProps) {
  return (
    <View className='textarea'>
      <textarea className='textarea__input' aria-label={label} data-name={name} value={value} maxLength={maxlength} placeholder={placeholder} rows={rows}
        onChange={(e) => onInput(e.target.value)} />
      <Text className='textarea__count'>{value.length}/{maxlength}</Text>
    </View>
  );
}
