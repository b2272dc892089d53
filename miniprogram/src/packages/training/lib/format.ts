import { beijingDateTime } from '@/utils/time';
import type { SessionView } from './api';

/** "¥12.50" / "免费" from fen. */
export const yuanLabel = (fen: number) => (fen === 0 ? '免费' : `¥${(fen / 100).toFixed(2)}`);

/** Fen from what the trainer typed in 元 ("12", "12.5", "12.50"); null when it is not an amount. */
export function fenFromYuan(text: string): number | null {
  const t = text.trim();
  if (t === '') return 0;
  if (!/^\d{1,5}(\.\d{1,2})?$/.test(t)) return null;
  const [whole, frac = ''] = t.split('.');
  return Number(whole) * 100 + Number((frac + '00').slice(0, 2));
}

/** "2026-12-01 09:00 – 12:00" (the end's date only when another day). */
export function sessionTime(s: Pick<SessionView, 'startsAt' | 'endsAt'>): string {
  const a = beijingDateTime(s.startsAt);
  const b = beijingDateTime(s.endsAt);
  return a.slice(0, 10) === b.slice(0, 10) ? `${a} – ${b.slice(11)}` : `${a} – ${b}`;
}

export const sessionPlace = (s: Pick<SessionView, 'place' | 'onlineUrl'>) => (s.place ? s.place.address : s.onlineUrl ? `线上培训：${s.onlineUrl}` : '—');

/** ISO instant (+08:00) from a Beijing date "YYYY-MM-DD" and time "HH:mm". */
export const beijingInstant = (date: string, time: string) => (date && time ? `${date}T${time}:00+08:00` : '');
