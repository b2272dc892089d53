// Working days on China's statutory calendar (法定节假日与调休), in Asia/Shanghai calendar dates.
//
// Sources, first match wins: the admin-maintained CalendarYear table, then the State Council data shipped
// in chinese-days (2004–2026 in 1.5.7). chinese-days answers any later year as plain weekday/weekend without
// saying so; we read its raw data instead, so a year it does not cover is "unknown": computed with the
// holidays fixed by law (元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆: statutoryHolidays.ts) and weekends, and
// every result that touches it carries `estimated: true` and the years concerned.
//
// Every loop here walks day numbers inside CALENDAR_MIN_DATE .. CALENDAR_MAX_DATE and stops at its edge with a
// 400 (calendar.out_of_range): no input can make a computation run away (9999-12-31 + 1 once looped forever).
import rawDays from 'chinese-days/dist/chinese-days.json';
import { CALENDAR_MAX_DATE, CALENDAR_MIN_DATE, MAX_WORKING_DAYS, isRealDate } from '@shared/domain/calendar';
import { badRequest } from '../errors';
import { CalendarYearModel } from '../models/CalendarYear';
import { statutoryHolidays } from './statutoryHolidays';

export type YearStatus = 'official' | 'override' | 'unknown';

export interface WorkingDayResult {
  /** YYYY-MM-DD (Asia/Shanghai). */
  date: string;
  /** True when a day inside the span belongs to a year without official or admin data. */
  estimated: boolean;
  unknownYears: number[];
}

export interface WorkingDaysCount {
  days: number;
  estimated: boolean;
  unknownYears: number[];
}

export interface CalendarYearInfo {
  year: number;
  status: YearStatus;
  holidays: string[];
  workdays: string[];
  source: string | null;
  updatedAt: Date | null;
  updatedBy: string | null;
}

interface YearData {
  holidays: Set<string>;
  workdays: Set<string>;
  source: string;
  updatedAt: Date | null;
  updatedBy: string | null;
}

const BUILTIN_SOURCE = '国务院办公厅节假日安排（chinese-days 内置数据）';
const ESTIMATE_SOURCE = '按《全国年节及纪念日放假办法》估算的法定节日（不含调休，待国务院办公厅通知）';
const SHANGHAI_OFFSET_MS = 8 * 3600_000; // China has no daylight saving time
const DAY_MS = 86_400_000;

// The package's raw tables, grouped by year once per process.
const builtin: Map<number, YearData> = (() => {
  const data = rawDays as unknown as { holidays: Record<string, string>; workdays: Record<string, string> };
  const years = new Map<number, YearData>();
  const yearOf = (d: string) => {
    const y = Number(d.slice(0, 4));
    if (!years.has(y)) years.set(y, { holidays: new Set(), workdays: new Set(), source: BUILTIN_SOURCE, updatedAt: null, updatedBy: null });
    return years.get(y)!;
  };
  for (const d of Object.keys(data.holidays)) yearOf(d).holidays.add(d);
  for (const d of Object.keys(data.workdays)) yearOf(d).workdays.add(d);
  return years;
})();

/** The Asia/Shanghai calendar date of an instant, or a YYYY-MM-DD string as given. */
export function shanghaiDate(d: Date | string): string {
  if (typeof d === 'string') return d;
  return new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

// Days are counted as integers (days since 1970-01-01); strings only at the edges.
const isoOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const MIN_DAY = Date.parse(`${CALENDAR_MIN_DATE}T00:00:00Z`) / DAY_MS;
const MAX_DAY = Date.parse(`${CALENDAR_MAX_DATE}T00:00:00Z`) / DAY_MS;
const isWeekend = (iso: string) => { const w = new Date(`${iso}T00:00:00Z`).getUTCDay(); return w === 0 || w === 6; };

const outOfRange = (what: string) =>
  badRequest('calendar.out_of_range', `${what}超出可计算范围（${CALENDAR_MIN_DATE} 至 ${CALENDAR_MAX_DATE}）`);

// Holidays by law for years without data, computed once per year (at most the 101 years of the range).
const estimates = new Map<number, Set<string>>();
function estimatedHolidays(year: number): Set<string> {
  let set = estimates.get(year);
  if (!set) estimates.set(year, (set = new Set(statutoryHolidays(year))));
  return set;
}

/** The day number of a date inside the supported range; a 400 for anything else. */
function dayOf(d: Date | string): number {
  const iso = typeof d === 'string' || !Number.isNaN(d.getTime()) ? shanghaiDate(d) : '';
  if (!isRealDate(iso)) throw badRequest('request.invalid', '日期格式应为 YYYY-MM-DD，且须为存在的日期');
  const day = Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
  if (day < MIN_DAY || day > MAX_DAY) throw outOfRange('日期');
  return day;
}

export class CalendarService {
  private overrides = new Map<number, YearData>();
  private loadedAt = -Infinity;
  private loading: Promise<void> | null = null;
  private readonly refreshMs: number;
  private readonly now: () => number;

  /**
   * refreshMs: overrides are re-read at most this often, so an admin's change made on another server
   * instance is seen within that time (the instance that saved it sees it at once).
   */
  constructor(opts: { refreshMs?: number; now?: () => number } = {}) {
    this.refreshMs = opts.refreshMs ?? 30_000;
    this.now = opts.now ?? Date.now;
  }

  /** Drops the cached overrides; the next call re-reads them. */
  invalidate(): void {
    this.loadedAt = -Infinity;
  }

  async yearStatus(year: number): Promise<YearStatus> {
    await this.refresh();
    return this.statusOf(year);
  }

  async isWorkingDay(date: Date | string): Promise<{ working: boolean; estimated: boolean }> {
    const iso = isoOf(dayOf(date));
    await this.refresh();
    const r = this.dayOff(iso);
    return { working: !r.off, estimated: r.unknownYear !== null };
  }

  /**
   * The n-th working day after `start` (start itself not counted; n < 0 counts backwards, n = 0 is start).
   * A deadline "within 5 working days" of a submission on date D is addWorkingDays(D, 5).
   */
  async addWorkingDays(start: Date | string, n: number): Promise<WorkingDayResult> {
    if (!Number.isInteger(n) || Math.abs(n) > MAX_WORKING_DAYS) {
      throw badRequest('calendar.out_of_range', `工作日数应为不超过 ${MAX_WORKING_DAYS} 的整数`);
    }
    let day = dayOf(start);
    await this.refresh();
    const unknown = new Set<number>();
    const step = n < 0 ? -1 : 1;
    // Each turn moves one day and the range is finite, so this ends after at most ~37,000 turns.
    for (let left = Math.abs(n); left > 0;) {
      day += step;
      if (day < MIN_DAY || day > MAX_DAY) throw outOfRange('计算结果');
      const r = this.dayOff(isoOf(day));
      if (r.unknownYear !== null) unknown.add(r.unknownYear);
      if (!r.off) left--;
    }
    return this.result({ date: isoOf(day) }, unknown);
  }

  /** Working days in (a, b]: so workingDaysBetween(d, addWorkingDays(d, n).date) = n. Negative if b < a. */
  async workingDaysBetween(a: Date | string, b: Date | string): Promise<WorkingDaysCount> {
    let from = dayOf(a);
    let to = dayOf(b);
    await this.refresh();
    const sign = to < from ? -1 : 1;
    if (sign < 0) [from, to] = [to, from];
    const unknown = new Set<number>();
    let days = 0;
    for (let d = from + 1; d <= to; d++) {
      const r = this.dayOff(isoOf(d));
      if (r.unknownYear !== null) unknown.add(r.unknownYear);
      if (!r.off) days++;
    }
    return this.result({ days: sign * days }, unknown);
  }

  /** What the admin sees for each year: where its data comes from and the days it lists. */
  async describeYears(years: number[]): Promise<CalendarYearInfo[]> {
    await this.refresh();
    return years.map((year) => {
      const status = this.statusOf(year);
      const data = status === 'override' ? this.overrides.get(year) : status === 'official' ? builtin.get(year) : undefined;
      return {
        year,
        status,
        holidays: data ? [...data.holidays].sort() : [...estimatedHolidays(year)].sort(),
        workdays: data ? [...data.workdays].sort() : [],
        source: data?.source ?? ESTIMATE_SOURCE,
        updatedAt: data?.updatedAt ?? null,
        updatedBy: data?.updatedBy ?? null,
      };
    });
  }

  /** Saves an override year (one atomic upsert) and returns the years's view before and after. */
  async saveYear(year: number, input: { holidays: string[]; workdays: string[]; source: string }, updatedBy: string | null) {
    const [before] = await this.describeYears([year]);
    await CalendarYearModel.findOneAndUpdate(
      { year },
      { $set: { holidays: [...new Set(input.holidays)].sort(), workdays: [...new Set(input.workdays)].sort(), source: input.source, updatedBy } },
      { upsert: true, returnDocument: 'after' },
    );
    this.invalidate();
    const [after] = await this.describeYears([year]);
    return { before, after };
  }

  private statusOf(year: number): YearStatus {
    if (this.overrides.has(year)) return 'override';
    if (builtin.has(year)) return 'official';
    return 'unknown';
  }

  private dayOff(iso: string): { off: boolean; unknownYear: number | null } {
    const year = Number(iso.slice(0, 4));
    const data = this.overrides.get(year) ?? builtin.get(year);
    if (!data) return { off: isWeekend(iso) || estimatedHolidays(year).has(iso), unknownYear: year };
    if (data.holidays.has(iso)) return { off: true, unknownYear: null };
    if (data.workdays.has(iso)) return { off: false, unknownYear: null };
    return { off: isWeekend(iso), unknownYear: null };
  }

  private result<T extends object>(value: T, unknown: Set<number>): T & { estimated: boolean; unknownYears: number[] } {
    return { ...value, estimated: unknown.size > 0, unknownYears: [...unknown].sort((x, y) => x - y) };
  }

  // Overrides are a handful of small documents: read them all, at most once per refreshMs, one read in flight.
  private async refresh(): Promise<void> {
    if (this.now() - this.loadedAt < this.refreshMs) return;
    this.loading ??= (async () => {
      try {
        const docs = await CalendarYearModel.find({}).lean();
        const next = new Map<number, YearData>();
        for (const d of docs) {
          next.set(d.year, {
            holidays: new Set(d.holidays),
            workdays: new Set(d.workdays),
            source: d.source,
            updatedAt: d.updatedAt ?? null,
            updatedBy: d.updatedBy ?? null,
          });
        }
        this.overrides = next;
        this.loadedAt = this.now();
      } catch (e) {
        // A stale table beats failing every deadline computation; with nothing loaded yet, fail.
        if (this.loadedAt === -Infinity) throw e;
      } finally {
        this.loading = null;
      }
    })();
    await this.loading;
  }
}
