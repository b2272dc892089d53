// Monthly trends, 示范单位 per county and the export's cell types, on fixed data in 柳州 (4502):
// 鱼峰区 450203 and 柳南区 450204; one inspection in 梧州 (4504) that must not count.
import ExcelJS from 'exceljs';
import mongoose from 'mongoose';
import { createTestApp, type TestApp } from '../../support/app';
import { buildWorkshop, loginAs, type LoggedIn } from '../../support/factories';
import { AwardModel } from '../../../server/src/models/Award';
import { CreditEventModel } from '../../../server/src/models/CreditEvent';
import { InspectionModel } from '../../../server/src/models/Inspection';
import { RegistrationModel } from '../../../server/src/models/Registration';
import { SampleModel } from '../../../server/src/models/Sample';
import { WorkshopModel } from '../../../server/src/models/Workshop';

let t: TestApp;
let cityAdmin: LoggedIn;
const d = (s: string) => new Date(`${s}T10:00:00+08:00`);
const MONTHS = ['2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'];
const at = (month: string) => MONTHS.indexOf(month);

beforeAll(async () => {
  t = await createTestApp();
  cityAdmin = await loginAs(t, 'admin', { name: '市局' });
  const a = await buildWorkshop(t, { region: '450203001', certificate: { number: 'JYA', status: 'valid', issuedAt: d('2025-05-10'), expiresAt: d('2028-05-09') } });
  const b = await buildWorkshop(t, { region: '450203001', certificate: { number: 'JYB', status: 'valid', issuedAt: d('2026-02-10'), expiresAt: d('2029-02-09') } });
  const c = await buildWorkshop(t, { region: '450203002', status: 'unlicensed', certificate: { number: null, status: null } });
  await WorkshopModel.collection.updateOne({ _id: c._id }, { $set: { createdAt: d('2025-10-05') } });
  const other = await buildWorkshop(t, { region: '450403001' });
  await CreditEventModel.create([
    { workshopId: String(a._id), type: 'registration', at: d('2025-08-20'), title: '准予登记', source: '局', ref: 'tr-a' },
    { workshopId: String(b._id), type: 'registration', at: d('2026-04-01'), title: '准予登记', source: '局', ref: 'tr-b' },
  ]);
  const insp = (id: string, w: { _id: unknown; region: string }, when: string, rect: Record<string, unknown> = { status: 'none' }) => ({
    clientId: id, workshopId: String(w._id), region: w.region, date: when, at: d(when), office: '局', result: rect.status === 'none' ? 'none' : 'rectify', rectification: rect,
  });
  await InspectionModel.insertMany([
    insp('ti-1', a, '2025-09-15'),
    insp('ti-2', a, '2026-03-10', { status: 'pending', deadline: '2026-03-20', deadlineAt: d('2026-03-20') }),
    insp('ti-3', b, '2026-05-05', { status: 'submitted', deadline: '2026-05-15', deadlineAt: d('2026-05-15'), submittedAt: d('2026-05-25') }),
    insp('ti-4', other, '2026-05-06'),
  ] as never);
  await SampleModel.create({
    clientId: 'ts-1', workshopId: String(b._id), region: b.region, product: '米粉', batch: 'B1', items: ['菌落总数'], sampledAt: '2026-04-10', at: d('2026-04-10'),
    result: 'fail', office: '局', inspectorId: 'x', followUp: { status: 'closed', closedAt: d('2026-05-20') },
  });
  await RegistrationModel.create({ kind: 'new', status: 'submitted', applicantId: 'a', region: '450204001', deadline: { step: 'accept', due: '2026-06-03', dueAt: d('2026-06-03') } });
  await mongoose.connection.db!.collection('tipoff_cases').insertOne({ region: '450203001', status: 'closed', createdAt: d('2026-01-10'), outcome: { closedAt: d('2026-01-20') } });

  const award = (n: number, kind: string, region: string, grantedAt: string, status = 'active') => ({
    applicationId: `app-${n}`, programId: 'p1', programName: '示范单位', kind, badge: '示范', workshopId: `w${n}`, workshopName: `作坊${n}`,
    region, issuer: '柳州市市场监督管理局', grantedAt: d(grantedAt), validUntil: d('2029-12-31'), status,
  });
  await AwardModel.insertMany([
    award(1, 'model_unit', '450203001', '2026-03-01'), award(2, 'model_unit', '450203001', '2026-04-01'), award(3, 'model_unit', '450203002', '2026-05-01'),
    award(4, 'model_unit', '450203001', '2026-05-02', 'revoked'), award(5, 'model_unit', '450203001', '2025-06-01'), award(6, 'heritage_item', '450203001', '2026-01-05'),
    award(7, 'model_unit', '450204001', '2025-06-01', 'flagged'), award(8, 'model_unit', '450403001', '2026-03-01'),
  ] as never);
});
afterAll(async () => { await t.close(); });

describe('GET /api/v1/dashboard/trends', () => {
  it('401 → 400 → 403', async () => {
    expect((await t.http.get('/api/v1/dashboard/trends')).status).toBe(401);
    expect((await t.http.get('/api/v1/dashboard/trends?to=2026-13').set(cityAdmin.auth)).status).toBe(400);
    expect((await t.http.get('/api/v1/dashboard/trends?to=0000-01').set(cityAdmin.auth)).status).toBe(400);
    const inspector = await loginAs(t, 'inspector');
    expect((await t.http.get('/api/v1/dashboard/trends').set(inspector.auth)).status).toBe(403);
    expect((await t.http.get('/api/v1/dashboard/trends?region=4504').set(cityAdmin.auth)).status).toBe(403);
  });

  it('gives each indicator month by month from the records', async () => {
    const res = await t.http.get('/api/v1/dashboard/trends?to=2026-06').set(cityAdmin.auth);
    expect(res.status).toBe(200);
    const { months, series, region, targets } = res.body;
    expect(region).toEqual({ code: '4502', name: '柳州市' });
    expect(months).toEqual(MONTHS);
    expect(targets).toMatchObject({ inspectionCoverage: 0.9, samplingCoverage: 0.6 });
    const v = (k: string) => series[k].map((r: { value: number | null }) => r.value);
    // Known by month end: A from 2025-05, the black workshop from 2025-10, B from 2026-02.
    expect(v('registrationRate')).toEqual([1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.6667, 0.6667, 0.6667, 0.6667, 0.6667]);
    expect(series.registrationRate[at('2026-02')]).toEqual({ value: 0.6667, numerator: 2, denominator: 3 });
    // Credit file: A from 2025-08, B from 2026-04.
    expect(v('fileRate')).toEqual([0, 1, 1, 1, 1, 1, 1, 0.5, 0.5, 1, 1, 1]);
    // Year to date, again from January: A in 2025-09 and 2026-03, B in 2026-05 (梧州 not counted).
    expect(v('inspectionCoverage')).toEqual([0, 0, 1, 1, 1, 1, 0, 0, 0.5, 0.5, 1, 1]);
    expect(series.inspections).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0]);
    expect(v('samplingCoverage')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5, 0.5, 0.5]);
    expect(series.samples).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0]);
    // The failed sample of April was followed up in May.
    expect(v('failedFollowUp')).toEqual([null, null, null, null, null, null, null, null, null, 0, 1, 1]);
    // Overdue: the rectification due in March (still pending), the one due in May (submitted late), the
    // application due in June (still open).
    expect(series.overdueItems).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1]);
    expect(series.tipoffs[at('2026-01')]).toBe(1);
    expect(series.tipoffCloseDays[at('2026-01')]).toBe(10);
    expect(series.tipoffCloseDays[at('2026-02')]).toBeNull();
  });

  it('a county admin gets their county only', async () => {
    const county = await loginAs(t, 'admin', { region: '450204', name: '柳南区局' });
    const res = await t.http.get('/api/v1/dashboard/trends?to=2026-06').set(county.auth);
    expect(res.body.region.code).toBe('450204');
    expect(res.body.series.overdueItems).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(res.body.series.registrationRate.every((r: { value: number | null }) => r.value === null)).toBe(true);
  });
});

describe('GET /api/v1/dashboard/awards', () => {
  it('401 → 400 → 403', async () => {
    expect((await t.http.get('/api/v1/dashboard/awards')).status).toBe(401);
    expect((await t.http.get('/api/v1/dashboard/awards?year=1999').set(cityAdmin.auth)).status).toBe(400);
    const inspector = await loginAs(t, 'inspector');
    expect((await t.http.get('/api/v1/dashboard/awards').set(inspector.auth)).status).toBe(403);
    expect((await t.http.get('/api/v1/dashboard/awards?region=4504').set(cityAdmin.auth)).status).toBe(403);
  });

  it('counts 示范单位 per county against about 10 and at least 3 a year', async () => {
    const res = await t.http.get('/api/v1/dashboard/awards?year=2026').set(cityAdmin.auth);
    expect(res.status).toBe(200);
    expect(res.body.targets).toEqual({ modelUnits: 10, modelUnitsPerYear: 3 });
    const row = (code: string) => res.body.counties.find((c: { code: string }) => c.code === code);
    // 鱼峰区: 4 shown (3 this year + 1 from 2025; the revoked one is not shown but was granted this year).
    expect(row('450203')).toEqual({ code: '450203', name: '鱼峰区', modelUnits: 4, modelUnitsThisYear: 4, otherAwards: 1, belowTarget: true });
    expect(row('450204')).toEqual({ code: '450204', name: '柳南区', modelUnits: 1, modelUnitsThisYear: 0, otherAwards: 0, belowTarget: true });
    expect(row('450202')).toMatchObject({ name: '城中区', modelUnits: 0 });
    expect(res.body.counties.some((c: { code: string }) => c.code.startsWith('4504'))).toBe(false);
    const y2025 = await t.http.get('/api/v1/dashboard/awards?year=2025').set(cityAdmin.auth);
    expect(y2025.body.counties.find((c: { code: string }) => c.code === '450203').modelUnitsThisYear).toBe(1);
  });
});

describe('GET /api/v1/dashboard/export.xlsx', () => {
  const binary = (r: { on(e: string, f: (c?: Buffer) => void): void }, cb: (e: Error | null, b: Buffer) => void) => {
    const chunks: Buffer[] = [];
    r.on('data', (c) => chunks.push(c!));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  };

  it('401 → 400 → 403 → numbers and percentages as numbers on three sheets', async () => {
    expect((await t.http.get('/api/v1/dashboard/export.xlsx')).status).toBe(401);
    expect((await t.http.get('/api/v1/dashboard/export.xlsx?year=abc').set(cityAdmin.auth)).status).toBe(400);
    expect((await t.http.get('/api/v1/dashboard/export.xlsx?region=4504').set(cityAdmin.auth)).status).toBe(403);
    const res = await t.http.get('/api/v1/dashboard/export.xlsx?year=2026').set(cityAdmin.auth).buffer(true).parse(binary as never);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['2026年监管指标', '月度趋势', '示范单位']);

    const ws = wb.worksheets[0];
    const city = ws.getRow(2);
    expect(city.getCell(2).value).toBe('柳州市');
    expect(city.getCell(3).type).toBe(ExcelJS.ValueType.Number);
    expect(city.getCell(3).value).toBe(3); // 2 registered + 1 black workshop
    const rate = city.getCell(5); // 登记率 2/3
    expect(rate.type).toBe(ExcelJS.ValueType.Number);
    expect(rate.value).toBe(0.6667);
    expect(rate.numFmt).toBe('0.0%');
    expect(rate.font?.color?.argb).toBe('FFC0392B');
    for (let col = 5; col <= 9; col++) {
      const cell = city.getCell(col);
      expect([ExcelJS.ValueType.Number, ExcelJS.ValueType.Null]).toContain(cell.type);
      expect(cell.numFmt).toBe('0.0%');
    }

    const wt = wb.worksheets[1];
    expect(wt.getRow(1).getCell(2).value).toBe('登记率');
    expect(wt.rowCount).toBe(13);
    const lastMonth = wt.getRow(13);
    expect(lastMonth.getCell(1).value).toMatch(/^\d{4}-\d{2}$/);
    expect(lastMonth.getCell(2).type).toBe(ExcelJS.ValueType.Number);
    expect(lastMonth.getCell(2).numFmt).toBe('0.0%');

    const wa = wb.worksheets[2];
    const yf = wa.getRows(2, wa.rowCount - 1)!.find((r) => r.getCell(1).value === '450203')!;
    expect(yf.getCell(2).value).toBe('鱼峰区');
    expect(yf.getCell(3).value).toBe(4);
    expect(yf.getCell(3).type).toBe(ExcelJS.ValueType.Number);
    expect(yf.getCell(4).value).toBe(4);
  });
});
