// Dashboard figures on a fixed data set in 柳州 (4502): 鱼峰区 450203 and 柳南区 450204.
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp } from '../../support/app';
import { buildWorkshop, loginAs, type LoggedIn } from '../../support/factories';
import { CreditEventModel } from '../../../server/src/models/CreditEvent';
import { InspectionModel } from '../../../server/src/models/Inspection';
import { SampleModel } from '../../../server/src/models/Sample';
import { RegistrationModel } from '../../../server/src/models/Registration';

let t: TestApp;
let cityAdmin: LoggedIn;
let countyAdmin: LoggedIn;
const year = new Date().getUTCFullYear();
const thisYear = new Date(`${year}-03-15T04:00:00Z`);
const lastYear = new Date(`${year - 1}-06-15T04:00:00Z`);

beforeAll(async () => {
  t = await createTestApp();
  cityAdmin = await loginAs(t, 'admin', { name: '市局' });
  countyAdmin = await loginAs(t, 'admin', { region: '450203', name: '鱼峰区局' });
  // 鱼峰区: 4 registered (3 inspected this year, 1 last year), 1 black workshop.
  const yf = [];
  for (let i = 0; i < 4; i++) yf.push(await buildWorkshop(t, { region: '450203001', lastInspectionAt: i < 3 ? thisYear : lastYear }));
  await buildWorkshop(t, { region: '450203002', status: 'unlicensed', certificate: { number: null, status: null } });
  // 柳南区: 2 registered, never inspected.
  const ln = [await buildWorkshop(t, { region: '450204001' }), await buildWorkshop(t, { region: '450204001' })];
  // Credit records for 4 of 6 registered workshops.
  for (const w of [...yf.slice(0, 3), ln[0]]) {
    await CreditEventModel.create({ workshopId: String(w._id), type: 'registration', at: lastYear, title: '准予登记', source: '局', ref: `reg-${String(w._id)}` });
  }
  const s = (w: { _id: unknown; region: string }, result: string, follow: string, at = thisYear) => ({
    clientId: `c-${Math.random()}`, workshopId: String(w._id), region: w.region, product: '米粉', batch: 'B1', items: ['菌落总数'], sampledAt: '2026-03-15', at,
    result, office: '局', inspectorId: 'x', followUp: { status: follow },
  });
  // Samples this year: 鱼峰 two workshops (one failed, follow-up open; one passed twice), 柳南 one failed and closed; one last year.
  await SampleModel.insertMany([s(yf[0], 'fail', 'open'), s(yf[1], 'pass', 'none'), s(yf[1], 'pass', 'none'), s(ln[0], 'fail', 'closed'), s(ln[1], 'pass', 'none', lastYear)]);
  // Overdue: one rectification in 鱼峰, one registration in 柳南.
  await InspectionModel.create({ clientId: 'i-1', workshopId: String(yf[0]._id), region: '450203001', date: '2026-03-01', at: thisYear, office: '局', result: 'rectify', rectification: { status: 'pending', deadline: '2026-03-10', deadlineAt: new Date(Date.now() - 86_400_000) } });
  await RegistrationModel.create({ kind: 'new', status: 'submitted', applicantId: 'a', region: '450204001', deadline: { step: 'accept', due: '2026-01-01', dueAt: new Date(Date.now() - 86_400_000) } });
});
afterAll(async () => { await t.close(); });

describe('GET /api/v1/dashboard', () => {
  it('401 → 400 → 403 (inspector; region outside mine)', async () => {
    expect((await t.http.get('/api/v1/dashboard')).status).toBe(401);
    expect((await t.http.get('/api/v1/dashboard?region=x').set(cityAdmin.auth)).status).toBe(400);
    const inspector = await loginAs(t, 'inspector');
    expect((await t.http.get('/api/v1/dashboard').set(inspector.auth)).status).toBe(403);
    expect((await t.http.get('/api/v1/dashboard?region=4503').set(cityAdmin.auth)).status).toBe(403);
    expect((await t.http.get('/api/v1/dashboard?region=450204').set(countyAdmin.auth)).status).toBe(403);
    expect((await t.http.get('/api/v1/dashboard?region=4502').set(countyAdmin.auth)).status).toBe(403);
  });

  it('the city sees its figures, with targets, red flags and its counties', async () => {
    const res = await t.http.get(`/api/v1/dashboard?year=${year}`).set(cityAdmin.auth);
    expect(res.status).toBe(200);
    const d = res.body;
    expect(d.summary).toMatchObject({
      region: { code: '4502', name: '柳州市', level: 'city' },
      workshops: 7, registered: 6,
      registrationRate: { numerator: 6, denominator: 7, value: 0.8571, target: 0.9, belowTarget: true },
      inspectionCoverage: { numerator: 3, denominator: 6, value: 0.5, belowTarget: true },
      fileRate: { numerator: 4, denominator: 6, value: 0.6667, belowTarget: true },
      samplingCoverage: { numerator: 3, denominator: 6, value: 0.5, target: 0.6, belowTarget: true },
      failedFollowUp: { numerator: 1, denominator: 2, value: 0.5, target: 1, belowTarget: true },
      overdueItems: { value: 2, registrations: 1, rectifications: 1, belowTarget: true },
      tipoffHandling: null,
    });
    const yf = d.children.find((c: { region: { code: string } }) => c.region.code === '450203');
    const ln = d.children.find((c: { region: { code: string } }) => c.region.code === '450204');
    expect(yf).toMatchObject({ region: { name: '鱼峰区', level: 'county' }, workshops: 5, registered: 4, inspectionCoverage: { value: 0.75 }, fileRate: { value: 0.75 }, samplingCoverage: { value: 0.5 }, failedFollowUp: { value: 0 }, overdueItems: { value: 1 } });
    expect(ln).toMatchObject({ workshops: 2, registered: 2, registrationRate: { value: 1, belowTarget: false }, inspectionCoverage: { value: 0 }, samplingCoverage: { numerator: 1 }, failedFollowUp: { value: 1, belowTarget: false }, overdueItems: { registrations: 1 } });
    const empty = d.children.find((c: { region: { code: string } }) => c.region.code === '450205');
    expect(empty).toMatchObject({ workshops: 0, inspectionCoverage: { value: null, belowTarget: false } });
  });

  it('a county admin sees their county, drilled down to townships', async () => {
    const d = (await t.http.get('/api/v1/dashboard').set(countyAdmin.auth)).body;
    expect(d.summary).toMatchObject({ region: { code: '450203' }, workshops: 5, registered: 4 });
    expect(d.children.map((c: { region: { code: string } }) => c.region.code)).toEqual(['450203001', '450203002']);
  });

  it('exports the same figures to Excel with Chinese headers', async () => {
    expect((await t.http.get('/api/v1/dashboard/export.xlsx?region=4503').set(cityAdmin.auth)).status).toBe(403);
    const res = await t.http.get(`/api/v1/dashboard/export.xlsx?year=${year}`).set(cityAdmin.auth).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(2).value).toBe('区域');
    expect(ws.getRow(1).getCell(6).value).toBe('年度检查覆盖率（≥90%）');
    expect(ws.getRow(2).getCell(2).value).toBe('柳州市');
    // A number shown as a percentage, not text (#15).
    expect(ws.getRow(2).getCell(6).value).toBe(0.5);
    expect(ws.getRow(2).getCell(6).numFmt).toBe('0.0%');
    expect(ws.getRow(2).getCell(6).font?.color?.argb).toBe('FFC0392B');
    expect(ws.getRow(3).getCell(2).value).toBe('城中区');
  });
});
