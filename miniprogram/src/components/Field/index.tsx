import { Input, Text, View } from '@tarojs/components';
import { cx } from '@/utils/cx';
import './index.scss';

export interface FieldProps {
  label: string;
  value: string;
  onInput: (value: string) => void;
  placeholder?: string;
  type?: 'text' | 'number' | 'idcard' | 'digit';
  maxlength?: number;
  /** Shown under the input (format, what is already saved). */
  hint?: string;
  /** Longer text (reasons, scope): a taller box. Still an Input: Taro's H5 Textarea is a web component
   * whose inner <textarea> has no accessible name. */
  multiline?: boolean;
  required?: boolean;
  className?: string;
  /** Stable hook for tests and for jumping to the field. */
  name?: string;
}

/** A labelled text input: the label is visible and also the input's accessible name. */
export default function Field({ label, value, onInput, placeholder, type = 'text', maxlength, hint, multiline, required, className, name }: FieldProps) {
  const common = {
    className: cx('field__input', multiline && 'field__input--multi'),
    value,
    placeholder,
    maxlength: maxlength ?? 200,
    'aria-label': label,
    'data-name': name,
    onInput: (e: { detail: { value: string } }) => onInput(e.detail.value),
  };
  return (
    <View className={cx('field', className)}>
      <Text className='field__label' aria-hidden='true'>
        {label}
        {required ? <Text className='field__req'> *</Text> : null}
      </Text>
      <Input {...common} type={type} />
      {hint ? <Text className='field__hint'>{hint}</Text> : null}
    </View>
  );
}
