import { Picker, Text, View } from '@tarojs/components';
import { cx } from '@/utils/cx';
import { fieldAnchor } from '@/utils/fieldAnchor';
import '../Field/index.scss';
import type { DateFieldProps } from './DateField.h5';

// Mini-program: the platform's date picker (a wheel at the bottom of the screen).
export default function DateField({ label, value, onChange, start, end, hint, required, name, className }: DateFieldProps) {
  return (
    <View className={cx('field', className)} id={name ? fieldAnchor(name) : undefined} data-name={name}>
      <Text className='field__label'>
        {label}
        {required ? <Text className='field__req'> *</Text> : null}
      </Text>
      <Picker mode='date' value={value} start={start} end={end} onChange={(e) => onChange(String(e.detail.value))}>
        <View className='input field__input field__picker' aria-label={label}>
          <Text className={value ? '' : 'field__placeholder'}>{value || '请选择日期'}</Text>
          <Text className='muted'>›</Text>
        </View>
      </Picker>
      {hint ? <Text className='field__hint'>{hint}</Text> : null}
    </View>
  );
}
