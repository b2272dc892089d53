// Times are stored UTC and shown in Beijing time (China has no daylight saving time).
const OFFSET_MS = 8 * 3600_000;

/** Today's calendar date in Beijing, YYYY-MM-DD. */
export function beijingToday(now = Date.now()): string {
  return new Date(now + OFFSET_MS).toISOString().slice(0, 10);
}

/** "2026-11-23" from an ISO instant, in Beijing time. */
export function beijingDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? '' : new Date(t + OFFSET_MS).toISOString().slice(0, 10);
}

/** "2026-11-23 10:30" from an ISO instant, in Beijing time. */
export function beijingDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? '' : new Date(t + OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** "2026-11-23 10:30:05" from an ISO instant, in Beijing time: for public notices where the second matters. */
export function beijingDateTimeSeconds(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? '' : new Date(t + OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** A wait in words: "23小时59分58秒", "4分05秒", "9秒". `ms` ≤ 0 → "0秒". */
export function durationText(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h) return `${h}小时${String(m).padStart(2, '0')}分${String(sec).padStart(2, '0')}秒`;
  if (m) return `${m}分${String(sec).padStart(2, '0')}秒`;
  return `${sec}秒`;
}
