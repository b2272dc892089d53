// The days that are holidays by law (《全国年节及纪念日放假办法》) whatever a year's State Council notice
// adds: used for a year whose notice is not in the data yet, so an estimated deadline never falls on
// 春节 or 国庆. Bridging days and adjusted workdays come only with the notice; results stay estimated.
// Lunar dates and the 清明 solar term come from lunar-typescript (6tail's lunar calendar, MIT).
import { Lunar, Solar } from 'lunar-typescript';

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

/** The Gregorian date of a lunar month/day in lunar year `year` (正月初一 of lunar year y falls in Gregorian y). */
const lunar = (year: number, month: number, day: number) => Lunar.fromYmd(year, month, day).getSolar();

/** `count` consecutive days from a solar date. */
const run = (start: Solar, count: number) => Array.from({ length: count }, (_, i) => start.next(i).toYmd());

/**
 * Holidays by law in Gregorian `year`, by the rules in force that year:
 * - 2025 on: 元旦 1; 春节 除夕 and 初一–初三; 清明 1; 劳动节 1–2 May; 端午 1; 中秋 1; 国庆 1–3 Oct.
 * - 2014–2024: 春节 初一–初三; 劳动节 1 May; otherwise the same.
 * - 2008–2013: 春节 除夕–初二; 劳动节 1 May; otherwise the same.
 * - before 2008: 元旦 1; 春节 初一–初三; 劳动节 1–3 May; 国庆 1–3 Oct (no 清明, 端午, 中秋).
 */
export function statutoryHolidays(year: number): string[] {
  const newYear = lunar(year, 1, 1);
  const eve = newYear.next(-1);
  const days = [ymd(year, 1, 1), ymd(year, 10, 1), ymd(year, 10, 2), ymd(year, 10, 3)];
  if (year < 2008) {
    days.push(...run(newYear, 3), ymd(year, 5, 1), ymd(year, 5, 2), ymd(year, 5, 3));
  } else {
    if (year >= 2025) days.push(...run(eve, 4), ymd(year, 5, 1), ymd(year, 5, 2));
    else if (year >= 2014) days.push(...run(newYear, 3), ymd(year, 5, 1));
    else days.push(...run(eve, 3), ymd(year, 5, 1));
    days.push(
      Lunar.fromYmd(year, 1, 1).getJieQiTable()['清明'].toYmd(),
      lunar(year, 5, 5).toYmd(), // 端午
      lunar(year, 8, 15).toYmd(), // 中秋
    );
  }
  return [...new Set(days)].sort();
}
