import { Text, View } from '@tarojs/components';
import type { RuleResult } from '@shared/schemas/programs';
import { cx } from '@/utils/cx';

/** Eligibility rules as checked: ✓ / ✗, what the workshop has, what is missing. */
export default function RuleList({ rules, testId }: { rules: RuleResult[]; testId: string }) {
  if (!rules.length) return <Text className='pd-note'>本项目未设置申报条件。</Text>;
  return (
    <View data-testid={testId}>
      {rules.map((r, i) => (
        <View key={`${r.kind}-${i}`} className={cx('pd-rule', !r.passed && 'pd-rule--fail')} data-rule={r.kind} data-passed={r.passed ? '1' : '0'}>
          <View className='pd-rule__head'>
            <Text>{r.summary}</Text>
            <Text className='pd-rule__state'>{r.passed ? '✓ 符合' : '✗ 不符合'}</Text>
          </View>
          <Text className='pd-note'>{r.current}{!r.passed && r.todo ? `；${r.todo}` : ''}</Text>
        </View>
      ))}
    </View>
  );
}
