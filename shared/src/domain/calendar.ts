// The span of calendar dates the system accepts and computes with. Dates outside it are typing
// mistakes or probes (9999-12-31), and a working-day count must never run past it.
export const CALENDAR_MIN_DATE = '2000-01-01';
export const CALENDAR_MAX_DATE = '2100-12-31';
export const CALENDAR_RANGE_MESSAGE = `日期应在 ${CALENDAR_MIN_DATE} 至 ${CALENDAR_MAX_DATE} 之间`;

/** The most working days one computation may count (the API allows a year; deadlines need weeks). */
export const MAX_WORKING_DAYS = 366;

/** True when `s` is YYYY-MM-DD of a date that exists (no 2026-02-30). */
export function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** True for a YYYY-MM-DD string inside [CALENDAR_MIN_DATE, CALENDAR_MAX_DATE] (string order is date order). */
export const isInCalendarRange = (s: string) => s >= CALENDAR_MIN_DATE && s <= CALENDAR_MAX_DATE;
