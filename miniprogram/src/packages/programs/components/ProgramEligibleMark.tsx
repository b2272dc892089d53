import { Text } from '@tarojs/components';
import { cx } from '@/utils/cx';

/** 符合条件 ✓ / 暂不符合 ✗ as a pill. */
export default function ProgramEligibleMark({ eligible }: { eligible: boolean }) {
  return (
    <Text className={cx('pg-mark', eligible ? 'pg-mark--ok' : 'pg-mark--no')} data-eligible={eligible ? '1' : '0'}>
      {eligible ? '符合条件 ✓' : '暂不符合 ✗'}
    </Text>
  );
}
