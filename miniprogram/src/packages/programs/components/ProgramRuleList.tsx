import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import type { RuleResult } from '../lib/programsApi';
import { ruleLink } from '../lib/programFormat';

/**
 * A workshop's eligibility, rule by rule: ✓ met / ✗ not yet, its situation now, and for a failed rule what
 * to do with a link to the page where it is done (e.g. “参加 8 学时培训，目前 4 学时” → 培训课程).
 * `onlyFailed`: just the rules still to meet (the list of programs).
 */
export default function ProgramRuleList({ rules, onlyFailed }: { rules: RuleResult[]; onlyFailed?: boolean }) {
  const shown = onlyFailed ? rules.filter((r) => !r.passed) : rules;
  if (!shown.length) return null;
  return (
    <View className='pg-rules' {...a11y({ role: 'list' })}>
      {shown.map((r) => {
        const link = r.passed ? null : ruleLink(r.action);
        return (
          <View key={`${r.kind}:${r.summary}`} className={cx('pg-rule', r.passed ? 'pg-rule--ok' : 'pg-rule--no')} data-rule={r.kind} data-passed={r.passed ? '1' : '0'} {...a11y({ role: 'listitem' })}>
            <Text className='pg-rule__mark' {...a11y({ label: r.passed ? '符合' : '不符合' })}>{r.passed ? '✓' : '✗'}</Text>
            <View className='pg-rule__body'>
              <Text className='pg-rule__summary'>{r.summary}</Text>
              {r.current ? <Text className='pg-rule__current'>目前：{r.current}</Text> : null}
              {!r.passed && r.todo ? <Text className='pg-rule__todo' data-testid='rule-todo'>{r.todo}</Text> : null}
              {link ? (
                <Text className='link-btn' data-link={r.action} onClick={() => void Taro.navigateTo({ url: link.url })} {...a11y({ role: 'link', onActivate: () => void Taro.navigateTo({ url: link.url }) })}>
                  {link.label} ›
                </Text>
              ) : null}
            </View>
          </View>
        );
      })}
    </View>
  );
}
