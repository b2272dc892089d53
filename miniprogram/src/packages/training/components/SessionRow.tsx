import { Text } from '@tarojs/components';
import ListRow from '@/components/ListRow';
import { cx } from '@/utils/cx';
import type { SessionView } from '../lib/api';
import { sessionPlace, sessionTime } from '../lib/format';

/** A session in a list: when, where, fee, seats and its state. */
export default function SessionRow({ s, onOpen }: { s: SessionView; onOpen: () => void }) {
  const state = s.status !== 'open' ? s.statusLabel : s.signupOpen ? (s.seatsLeft > 0 ? `余 ${s.seatsLeft} 席` : '已满，可候补') : '报名已截止';
  return (
    <ListRow data-session={s.id} onOpen={onOpen} aside={<Text className={cx('tr-state', (s.status !== 'open' || !s.signupOpen) && 'tr-state--muted', s.status === 'open' && s.signupOpen && s.seatsLeft === 0 && 'tr-state--warn')}>{state}</Text>}>
      <Text className='tr-row__title'>{sessionTime(s)}</Text>
      <Text className='list-row__desc'>{sessionPlace(s)}</Text>
      <Text className='list-row__desc'>{s.feeLabel} · 名额 {s.capacity}</Text>
    </ListRow>
  );
}
