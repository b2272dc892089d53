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
