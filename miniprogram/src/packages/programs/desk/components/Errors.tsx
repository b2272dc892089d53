import { Text, View } from '@tarojs/components';
import { a11y } from '@/utils/a11y';

/** A form's problems in Chinese, one per line, announced as an alert. */
export default function Errors({ errors, testId = 'form-errors' }: { errors: string[]; testId?: string }) {
  if (!errors.length) return null;
  return (
    <View className='errors' data-testid={testId} {...a11y({ role: 'alert' })}>
      {errors.map((e) => <Text key={e} className='errors__item'>{e}</Text>)}
    </View>
  );
}
