import { AuditEventModel } from '../../../server/src/models/AuditEvent';
import { CalendarYearModel } from '../../../server/src/models/CalendarYear';
import { CalendarService } from '../../../server/src/services/calendar';
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs } from '../../support/factories';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

const NOTICE_2027 = {
  // A made-up 2027 arrangement: a 2027 notice did not exist when this was written.
  holidays: ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'],
  workdays: ['2027-01-31', '2027-02-20'],
  source: '测试：2027 年节假日安排',
};

describe('GET /api/v1/calendar/working-days', () => {
  it('refuses a date that does not exist and a missing day count', async () => {
    const res = await t.http.get('/api/v1/calendar/working-days').query({ from: '2026-02-30', days: 5 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('request.invalid');
    expect(res.body.error.message).toContain('from');
    expect((await t.http.get('/api/v1/calendar/working-days').query({ from: '2026-02-10' })).status).toBe(400);
  });

  it('skips the 2026 Spring Festival holiday (Feb 15–23)', async () => {
    // Thu Feb 12 + 2 working days: Fri 13, Sat 14 (adjusted workday), then nothing until Tue Feb 24.
    const res = await t.http.get('/api/v1/calendar/working-days').query({ from: '2026-02-12', days: 3 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ from: '2026-02-12', days: 3, dueDate: '2026-02-24', estimated: false, unknownYears: [] });
  });

  it('counts an adjusted Saturday workday (2026-10-10)', async () => {
    // Fri Oct 9 + 1 working day is Sat Oct 10 (调休上班), not Mon Oct 12.
    const res = await t.http.get('/api/v1/calendar/working-days').query({ from: '2026-10-09', days: 1 });
    expect(res.body).toMatchObject({ dueDate: '2026-10-10', estimated: false });
  });

  it('flags a span reaching into 2027, which has no official data yet', async () => {
    const res = await t.http.get('/api/v1/calendar/working-days').query({ from: '2026-12-30', days: 5 });
    expect(res.status).toBe(200);
    // 2026-12-31 Thu; 2027 estimated: Jan 1 (元旦, by law) off, then Mon 4, 5, 6, 7.
    expect(res.body).toEqual({ from: '2026-12-30', days: 5, dueDate: '2027-01-07', estimated: true, unknownYears: [2027] });
  });
});

describe('calendar years (admin)', () => {
  it('answers 401 without a user', async () => {
    expect((await t.http.get('/api/v1/calendar/years')).status).toBe(401);
    const res = await t.http.put('/api/v1/calendar/years/2027').send(NOTICE_2027);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('auth.required');
  });

  it('answers 400 for dates outside the year, a weekday "workday" and a bad body', async () => {
    const admin = await loginAs(t, 'admin', { region: '45', name: '自治区局管理员' });
    const outside = await t.http.put('/api/v1/calendar/years/2027').set(admin.auth).send({ ...NOTICE_2027, holidays: ['2026-12-31'] });
    expect(outside.status).toBe(400);
    expect(outside.body.error).toMatchObject({ code: 'calendar.invalid_dates', message: '2026-12-31 不属于 2027 年' });
    const weekday = await t.http.put('/api/v1/calendar/years/2027').set(admin.auth).send({ ...NOTICE_2027, workdays: ['2027-02-03'] });
    expect(weekday.status).toBe(400);
    expect(weekday.body.error.message).toContain('不是周六或周日');
    const extra = await t.http.put('/api/v1/calendar/years/2027').set(admin.auth).send({ ...NOTICE_2027, note: 'x' });
    expect(extra.status).toBe(400);
    expect((await t.http.put('/api/v1/calendar/years/1999').set(admin.auth).send(NOTICE_2027)).status).toBe(400);
    // Nothing was stored by the refused requests.
    expect((await t.http.get('/api/v1/calendar/working-days').query({ from: '2026-12-30', days: 5 })).body.estimated).toBe(true);
  });

  it('answers 403 to an inspector', async () => {
    const inspector = await loginAs(t, 'inspector');
    expect((await t.http.get('/api/v1/calendar/years').set(inspector.auth)).status).toBe(403);
    expect((await t.http.put('/api/v1/calendar/years/2027').set(inspector.auth).send(NOTICE_2027)).status).toBe(403);
  });

  it('answers 403 to a city or county admin: the calendar is national, the year stays as it was', async () => {
    for (const region of ['4502', '450203']) {
      const admin = await loginAs(t, 'admin', { region, name: `${region}管理员` });
      const res = await t.http.put('/api/v1/calendar/years/2027').set(admin.auth).send(NOTICE_2027);
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'auth.forbidden', message: '节假日安排全国通用，只有省级及以上管理员可以维护' });
      // They may still read the years.
      expect((await t.http.get('/api/v1/calendar/years').set(admin.auth)).status).toBe(200);
    }
    expect(await CalendarYearModel.countDocuments({ year: 2027 })).toBe(0);
    expect(await AuditEventModel.countDocuments({ subjectType: 'CalendarYear' })).toBe(0);
    expect((await t.http.get('/api/v1/calendar/working-days').query({ from: '2026-12-30', days: 5 })).body.estimated).toBe(true);
  });

  it('lists each year with where its data comes from', async () => {
    const admin = await loginAs(t, 'admin');
    const res = await t.http.get('/api/v1/calendar/years').set(admin.auth);
    expect(res.status).toBe(200);
    const current = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
    expect(res.body.data.map((y: { year: number }) => y.year)).toEqual([current - 1, current, current + 1, current + 2]);
    for (const y of res.body.data) expect(y.status).toBe(y.year <= 2026 ? 'official' : 'unknown');
    const y2026 = res.body.data.find((y: { year: number }) => y.year === 2026);
    if (y2026) {
      expect(y2026.holidays).toContain('2026-02-15');
      expect(y2026.workdays).toEqual(expect.arrayContaining(['2026-09-20', '2026-10-10']));
    }
  });

  it('uses a saved 2027 arrangement at once, audits it and reports the year as maintained', async () => {
    const admin = await loginAs(t, 'admin', { region: '45', name: '自治区局管理员' });
    const res = await t.http.put('/api/v1/calendar/years/2027').set(admin.auth).send(NOTICE_2027);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ year: 2027, status: 'override', statusLabel: '由管理员维护', source: '测试：2027 年节假日安排', updatedBy: admin.userId });
    expect(res.body.data.holidays).toEqual([...NOTICE_2027.holidays].sort());

    // Jan 1 2027 is now a holiday: 2026-12-30 + 5 → Dec 31, Jan 4, 5, 6, 7; and nothing is estimated.
    const due = await t.http.get('/api/v1/calendar/working-days').query({ from: '2026-12-30', days: 5 });
    expect(due.body).toMatchObject({ dueDate: '2027-01-07', estimated: false, unknownYears: [] });
    // Spring Festival 2027 skipped; Sat Feb 20 is an adjusted workday.
    const spring = await t.http.get('/api/v1/calendar/working-days').query({ from: '2027-02-04', days: 5 });
    expect(spring.body.dueDate).toBe('2027-02-19');
    const adjusted = await t.http.get('/api/v1/calendar/working-days').query({ from: '2027-02-19', days: 1 });
    expect(adjusted.body.dueDate).toBe('2027-02-20');

    const events = await AuditEventModel.find({ subjectType: 'CalendarYear', subjectId: '2027' }).lean();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'calendar.year_saved', actorId: admin.userId, before: { status: 'unknown' }, after: { status: 'override' } });
  });
});

describe('CalendarService', () => {
  it('counts working days between two dates consistently with addWorkingDays', async () => {
    const cal = new CalendarService();
    const r = await cal.workingDaysBetween('2026-02-12', '2026-02-24');
    expect(r).toEqual({ days: 3, estimated: false, unknownYears: [] });
    expect((await cal.workingDaysBetween('2026-02-24', '2026-02-12')).days).toBe(-3);
    expect((await cal.addWorkingDays('2026-02-24', -3)).date).toBe('2026-02-12');
    // An instant is read as its Asia/Shanghai date: 2026-02-12T17:00Z is already Feb 13 in Beijing.
    expect((await cal.addWorkingDays(new Date('2026-02-12T17:00:00Z'), 1)).date).toBe('2026-02-14');
  });

  it('refuses dates and counts outside its range instead of looping (callers other than the route)', async () => {
    const cal = new CalendarService();
    await expect(cal.addWorkingDays('9999-12-31', 1)).rejects.toMatchObject({ status: 400, code: 'calendar.out_of_range' });
    await expect(cal.addWorkingDays('2100-12-31', 1)).rejects.toMatchObject({ status: 400, code: 'calendar.out_of_range' });
    await expect(cal.addWorkingDays('2000-01-03', -5)).rejects.toMatchObject({ status: 400, code: 'calendar.out_of_range' });
    await expect(cal.addWorkingDays('2026-01-05', 100_000)).rejects.toMatchObject({ status: 400, code: 'calendar.out_of_range' });
    await expect(cal.workingDaysBetween('2026-01-05', '9999-12-31')).rejects.toMatchObject({ status: 400, code: 'calendar.out_of_range' });
    await expect(cal.workingDaysBetween('2026-01-05', new Date(Number.NaN))).rejects.toMatchObject({ status: 400 });
    expect((await cal.workingDaysBetween('2000-01-01', '2100-12-31')).days).toBeGreaterThan(24_000);
  });

  it('sees an override saved by another instance after its refresh interval', async () => {
    let now = 1_000_000;
    const other = new CalendarService({ refreshMs: 30_000, now: () => now });
    expect(await other.yearStatus(2028)).toBe('unknown');
    await t.services.calendar.saveYear(2028, { holidays: ['2028-01-01'], workdays: [], source: '测试' }, null);
    expect(await t.services.calendar.yearStatus(2028)).toBe('override'); // the saving instance: at once
    expect(await other.yearStatus(2028)).toBe('unknown'); // cached
    now += 30_001;
    expect(await other.yearStatus(2028)).toBe('override');
  });
});
