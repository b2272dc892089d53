import { Text, View } from '@tarojs/components';
import { cx } from '@/utils/cx';
import { fieldAnchor } from '@/utils/fieldAnchor';
import '../Field/index.scss';

export interface DateFieldProps {
  label: string;
  /** 'YYYY-MM-DD' (a calendar day in Beijing) or '' when not chosen. */
  value: string;
  onChange: (value: string) => void;
  /** Earliest and latest choosable day, 'YYYY-MM-DD'. */
  start?: string;
  end?: string;
  hint?: string;
  required?: boolean;
  /** Stable hook for tests and for the error summary's jump. */
  name?: string;
  className?: string;
}

// H5: the browser's own date picker (<input type=date>): phones open their native wheel or calendar,
// desktops a calendar, and nobody has to know the YYYY-MM-DD format. Taro's H5 Picker draws wheels that a
// keyboard and a screen reader cannot use.
export default function DateField({ label, value, onChange, start, end, hint, required, name, className }: DateFieldProps) {
  return (
    <View className={cx('field', className)} id={name ? fieldAnchor(name) : undefined}>
      <Text className='field__label' aria-hidden='true'>
        {label}
        {required ? <Text className='field__req'> *</Text> : null}
      </Text>
      <input type='date' className='input field__input field__date' aria-label={label} data-name={name} value={value} min={start} max={end}
        required={required} onChange={(e) => onChange(e.target.value)} />
      {hint ? <Text className='field__hint'>{hint}</Text> : null}
    </View>
  );
}
