// A year without a State Council notice still keeps the holidays fixed by law (《全国年节及纪念日放假办法》):
// 元旦; 春节 除夕–初三; 清明; 劳动节 1–2 May; 端午; 中秋; 国庆 1–3 October. Lunar dates checked against
// published calendars (2027: 除夕 Feb 5, 正月初一 Feb 6, 清明 Apr 5, 端午 Jun 9, 中秋 Sep 15).
import raw from 'chinese-days/dist/chinese-days.json';
import { CalendarService } from '../../../server/src/services/calendar';
import { statutoryHolidays } from '../../../server/src/services/statutoryHolidays';
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs } from '../../support/factories';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

const due = async (from: string, days: number) => (await t.http.get('/api/v1/calendar/working-days').query({ from, days })).body;

describe('an estimated year keeps the statutory holidays', () => {
  it('skips 春节 2027 from 除夕 (Feb 5) to 初三 (Feb 8)', async () => {
    // Thu Feb 4 + 1: Fri 5 (除夕), Sat 6, Sun 7, Mon 8 (初三) are off → Tue Feb 9.
    expect(await due('2027-02-04', 1)).toEqual({ from: '2027-02-04', days: 1, dueDate: '2027-02-09', estimated: true, unknownYears: [2027] });
    // Counting backwards across it too: Tue Feb 9 − 1 → Thu Feb 4.
    expect((await t.services.calendar.addWorkingDays('2027-02-09', -1)).date).toBe('2027-02-04');
  });

  it.each([
    ['元旦 2027-01-01 (Fri)', '2026-12-31', '2027-01-04'],
    ['清明 2027-04-05 (Mon)', '2027-04-02', '2027-04-06'],
    ['端午 2027-06-09 (Wed)', '2027-06-08', '2027-06-10'],
    ['中秋 2027-09-15 (Wed)', '2027-09-14', '2027-09-16'],
    ['劳动节 2028-05-01/02 (Mon, Tue)', '2028-04-28', '2028-05-03'],
    ['国庆 2029-10-01..03 (Mon–Wed)', '2029-09-28', '2029-10-04'],
    ['春节 2028: 除夕 Jan 25 (Tue) to 初三 Jan 28 (Fri)', '2028-01-24', '2028-01-31'],
  ])('%s is not a working day', async (_label, from, expected) => {
    const r = await due(from, 1);
    expect(r.dueDate).toBe(expected);
    expect(r.estimated).toBe(true);
  });

  it('lists the estimated days for a year without data, with where they come from', () => {
    expect(statutoryHolidays(2027)).toEqual([
      '2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-04-05', '2027-05-01',
      '2027-05-02', '2027-06-09', '2027-09-15', '2027-10-01', '2027-10-02', '2027-10-03',
    ]);
  });

  it('shows the admin the estimated holidays of an unknown year', async () => {
    const [y2027] = await t.services.calendar.describeYears([2027]);
    expect(y2027).toMatchObject({ status: 'unknown', holidays: statutoryHolidays(2027), workdays: [] });
    expect(y2027.source).toContain('全国年节及纪念日放假办法');
    const admin = await loginAs(t, 'admin');
    const list = await t.http.get('/api/v1/calendar/years').set(admin.auth);
    for (const y of list.body.data.filter((x: { status: string }) => x.status === 'unknown')) {
      expect(y.statusLabel).toContain('法定节日');
      expect(y.holidays).toEqual(statutoryHolidays(y.year));
    }
  });
});

describe('years with official data are unchanged', () => {
  const data = raw as unknown as { holidays: Record<string, string>; workdays: Record<string, string> };
  const weekend = (iso: string) => [0, 6].includes(new Date(`${iso}T00:00:00Z`).getUTCDay());

  it('answers every day of 2026 exactly as the State Council arrangement', async () => {
    const cal = new CalendarService();
    for (let d = Date.UTC(2026, 0, 1); d <= Date.UTC(2026, 11, 31); d += 86_400_000) {
      const iso = new Date(d).toISOString().slice(0, 10);
      const official = iso in data.workdays || (!(iso in data.holidays) && !weekend(iso));
      expect({ iso, ...(await cal.isWorkingDay(iso)) }).toEqual({ iso, working: official, estimated: false });
    }
    expect(await due('2026-02-12', 3)).toMatchObject({ dueDate: '2026-02-24', estimated: false });
    expect(await due('2026-09-18', 1)).toMatchObject({ dueDate: '2026-09-20', estimated: false }); // Sun Sep 20: adjusted workday
  });

  it('agrees with every published arrangement 2004–2026: each day off by law was a day off', () => {
    for (let year = 2004; year <= 2026; year++) {
      const notOff = statutoryHolidays(year).filter((d) => !(d in data.holidays) && (d in data.workdays || !weekend(d)));
      expect({ year, notOff }).toEqual({ year, notOff: [] });
    }
  });
});
