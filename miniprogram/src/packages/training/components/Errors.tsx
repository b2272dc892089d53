import { Text, View } from '@tarojs/components';
import { a11y } from '@/utils/a11y';

/** The form's problems, listed above its submit button. */
export default function Errors({ errors }: { errors: string[] }) {
  if (!errors.length) return null;
  return (
    <View className='errors' data-testid='form-errors' {...a11y({ role: 'alert' })}>
      {errors.map((e) => <Text key={e} className='errors__item'>{e}</Text>)}
    </View>
  );
}
