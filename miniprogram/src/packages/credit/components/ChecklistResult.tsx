import { Text, View } from '@tarojs/components';
import type { z } from 'zod';
import type { PublicChecklist } from '@shared/schemas/workshops';
import { cx } from '@/utils/cx';

export type PublicChecklistView = z.infer<typeof PublicChecklist>;

/** The 10-item checklist as the public sees it: counts, then each item with its result in words. */
export default function ChecklistResult({ checklist }: { checklist: PublicChecklistView }) {
  return (
    <View className='checklist-result'>
      <View className='checklist-result__summary'>
        <Text className='checklist-result__count checklist-result__count--pass'>符合 {checklist.pass}</Text>
        <Text className='checklist-result__count checklist-result__count--basic'>基本符合 {checklist.basic}</Text>
        <Text className='checklist-result__count checklist-result__count--fail'>不符合 {checklist.fail}</Text>
      </View>
      {(checklist.items ?? []).map((i, n) => (
        <View key={i.code} className='checklist-result__item' data-code={i.code} data-result={i.result}>
          <Text className='checklist-result__name'>{n + 1}. {i.name}</Text>
          <Text className={cx('checklist-result__value', `checklist-result__value--${i.result}`)}>{i.resultLabel}</Text>
        </View>
      ))}
    </View>
  );
}
