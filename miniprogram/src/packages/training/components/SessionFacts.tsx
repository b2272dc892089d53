import { Text, View } from '@tarojs/components';
import { beijingDateTime } from '@/utils/time';
import type { SessionView } from '../lib/api';
import { sessionPlace, sessionTime } from '../lib/format';

/** A session's facts as key–value rows. */
export default function SessionFacts({ s }: { s: SessionView }) {
  const rows: Array<[string, string]> = [
    ['时间', sessionTime(s)],
    [s.place ? '地点' : '方式', sessionPlace(s)],
    ['费用', s.feeLabel],
    ['名额', `${s.capacity}（余 ${s.seatsLeft}）`],
    ['报名截止', beijingDateTime(s.signupDeadline)],
    ['取消截止', beijingDateTime(s.cancelDeadline)],
    ...(s.feeFen > 0 ? [['退款规则', s.refundRuleLabel] as [string, string]] : []),
    ['主讲', s.trainerName],
    ['状态', s.certificatesPending ? `${s.statusLabel}（证书生成中）` : s.statusLabel],
  ];
  return (
    <View>
      {rows.map(([k, v]) => (
        <View key={k} className='kv'><Text className='kv__k'>{k}</Text><Text className='kv__v'>{v}</Text></View>
      ))}
    </View>
  );
}
