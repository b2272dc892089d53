import { Input, Text, View } from '@tarojs/components';
import { cx } from '@/utils/cx';
import { fieldAnchor } from '@/utils/fieldAnchor';
import TextArea from './TextArea';
import './index.scss';

export { TextArea };

export interface FieldProps {
  label: string;
  value: string;
  onInput: (value: string) => void;
  placeholder?: string;
  type?: 'text' | 'number' | 'idcard' | 'digit';
  maxlength?: number;
  /** Shown under the input (format, what is already saved). */
  hint?: string;
  /** Longer text (reasons, notes, scope): a multi-line text area with a character counter. */
  multiline?: boolean;
  required?: boolean;
  className?: string;
  /** Stable hook for tests and for jumping to the field. */
  name?: string;
  /** Masked input (passwords). */
  password?: boolean;
}

/** A labelled text input: the label is visible and also the input's accessible name. */
export default function Field({ label, value, onInput, placeholder, type = 'text', maxlength, hint, multiline, required, className, name, password }: FieldProps) {
  return (
    <View className={cx('field', className)} id={name ? fieldAnchor(name) : undefined}>
      <Text className='field__label' aria-hidden='true'>
        {label}
        {required ? <Text className='field__req'> *</Text> : null}
      </Text>
      {multiline ? (
        <TextArea label={label} name={name} value={value} maxlength={maxlength ?? 500} placeholder={placeholder} onInput={onInput} />
      ) : (
        <Input
          className='input field__input'
          type={type}
          password={password}
          value={value}
          placeholder={placeholder}
          maxlength={maxlength ?? 200}
          aria-label={label}
          data-name={name}
          onInput={(e) => onInput(e.detail.value)}
        />
      )}
      {hint ? <Text className='field__hint'>{hint}</Text> : null}
    </View>
  );
}
