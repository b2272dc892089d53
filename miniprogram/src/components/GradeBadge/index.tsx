import { Text } from '@tarojs/components';
import { RISK_GRADE_INFO, type RiskGrade } from '@shared/domain/risk';
import { cx } from '@/utils/cx';
import './index.scss';

/**
 * The risk grade (风险等级) as a coloured badge. The colour is never the only signal: the text says the
 * grade and its level in words (no aria-label: it is prohibited on a plain span and the text says it all).
 */
export default function GradeBadge({ grade, className }: { grade: string | null | undefined; className?: string }) {
  const info = grade ? RISK_GRADE_INFO[grade as RiskGrade] : undefined;
  if (!info) {
    return <Text className={cx('grade-badge', 'grade-badge--none', className)}>未评级</Text>;
  }
  const level = info.label.replace(/^.级（|）$/g, '');
  return (
    <Text className={cx('grade-badge', `grade-badge--${grade}`, className)} data-grade={grade}>
      {grade}级 · {level}
    </Text>
  );
}
