// The province-scale seed (server/src/seed/scale.ts) writes documents the real API serves: public reads
// and the staff queues answer 200 with bodies that match their response schemas, and the data is the
// same for the same seed.
import mongoose from 'mongoose';
import { TimelineResponse, WorkshopDetail, WorkshopPage } from '@shared/schemas/workshops';
import { CertificateView, RegistrationList } from '@shared/schemas/registration';
import { CaseList } from '@shared/schemas/tipoff';
import { InspectionList } from '@shared/schemas/supervision';
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs } from '../../support/factories';
import { ensureIndexes } from '../../../server/src/db/connection';
import { CounterModel } from '../../../server/src/db/sequence';
import { CertificateModel } from '../../../server/src/models/Certificate';
import { InspectionModel } from '../../../server/src/models/Inspection';
import { RegistrationModel } from '../../../server/src/models/Registration';
import { TipoffCaseModel } from '../../../server/src/models/TipoffCase';
import { WorkshopModel } from '../../../server/src/models/Workshop';
import { SCALE_PROVINCE, seedScale, type ScaleResult } from '../../../server/src/seed/scale';

const WORKSHOPS = 60;
const asOf = new Date('2026-11-20T00:00:00+08:00');

let t: TestApp;
let seeded: ScaleResult;
beforeAll(async () => {
  t = await createTestApp();
  seeded = await seedScale(t.services.regions, { workshops: WORKSHOPS, seed: 7, asOf, chunk: 25 });
}, 120_000);
afterAll(async () => { await t.close(); });

const ok = <T>(schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, body: T, what: string) => {
  const r = schema.safeParse(body);
  if (!r.success) throw new Error(`${what} does not match its schema: ${String(r.error)}`);
  return body;
};

it('writes a province of workshops with their records', async () => {
  expect(seeded.workshops).toBe(WORKSHOPS);
  expect(await WorkshopModel.estimatedDocumentCount()).toBe(WORKSHOPS);
  const ws = await WorkshopModel.find({}).lean();
  expect(ws.every((w) => w.region.startsWith(SCALE_PROVINCE) && w.region.length === 9 && t.services.regions.exists(w.region))).toBe(true);
  expect(new Set(ws.map((w) => w.name)).size).toBe(WORKSHOPS);
  expect(ws.every((w) => /(作坊|坊|店|加工点)$/.test(w.name))).toBe(true);
  // ~10 inspections and ~1 sample per workshop; some penalties, tip-off cases and open applications
  const perWorkshop = (n: number) => n / WORKSHOPS;
  expect(perWorkshop(seeded.docs.inspections)).toBeGreaterThan(5);
  expect(perWorkshop(seeded.docs.inspections)).toBeLessThan(16);
  expect(perWorkshop(seeded.docs.samples)).toBeGreaterThan(0.5);
  expect(perWorkshop(seeded.docs.samples)).toBeLessThan(1.6);
  expect(seeded.docs.tipoff_cases).toBeGreaterThan(0);
  expect(await RegistrationModel.countDocuments({ status: { $in: ['submitted', 'accepted', 'correction', 'site_check'] } })).toBeGreaterThan(0);
  // every registered workshop's certificate exists (by number), and its sequence continues after it
  const registered = ws.filter((w) => w.status === 'registered');
  const certs = await CertificateModel.find({ _id: { $in: registered.map((w) => w.certificate!.number!) } }).lean();
  expect(certs).toHaveLength(registered.length);
  const c = certs[0];
  const counter = await CounterModel.findById(`cert:${c.number.slice(2, 8)}:${c.number.slice(8, 12)}`).lean();
  expect(counter!.value).toBeGreaterThanOrEqual(Number(c.number.slice(12)));
});

it('serves credit files, timelines, searches and certificate checks from the seeded data', async () => {
  const ids = seeded.sample.workshopIds.slice(0, 6);
  expect(ids.length).toBeGreaterThan(3);
  for (const id of ids) {
    const file = await t.http.get(`/api/v1/workshops/${id}`);
    expect(file.status).toBe(200);
    ok(WorkshopDetail, file.body, 'credit file');
    const latest = await InspectionModel.findOne({ workshopId: id }).sort({ at: -1 }).lean();
    expect(file.body.latestInspection?.date ?? null).toBe(latest?.date ?? null);

    const timeline = await t.http.get(`/api/v1/workshops/${id}/timeline`);
    expect(timeline.status).toBe(200);
    ok(TimelineResponse, timeline.body, 'timeline');
    const types = new Set(timeline.body.data.map((e: { type: string }) => e.type));
    expect(types.has('registration')).toBe(true);
    if (latest) expect(types.has('inspection')).toBe(true);
  }

  const number = seeded.sample.certificateNumbers[0];
  const verify = await t.http.get(`/api/v1/certificates/${number}/verify`);
  expect(verify.status).toBe(200);
  ok(CertificateView, verify.body, 'certificate verify');
  expect(verify.body.workshop.id).toBe(seeded.sample.workshopIds[0]);

  const w = (await WorkshopModel.findById(ids[0]).lean())!;
  const byName = await t.http.get('/api/v1/workshops').query({ q: w.name });
  expect(byName.status).toBe(200);
  ok(WorkshopPage, byName.body, 'search');
  expect(byName.body.data.map((x: { id: string }) => x.id)).toContain(ids[0]);
  const byInitials = await t.http.get('/api/v1/workshops').query({ q: w.nameInitials.slice(0, 4) });
  expect(byInitials.body.data.length).toBeGreaterThan(0);
  const county = seeded.sample.counties[0];
  const inCounty = await t.http.get('/api/v1/workshops').query({ region: county });
  expect(inCounty.body.total).toBeGreaterThan(0);
  expect(inCounty.body.data.every((x: { region: { code: string } }) => x.region.code.startsWith(county))).toBe(true);
});

it('serves the staff queues of a county', async () => {
  const open = await RegistrationModel.findOne({ status: { $in: ['submitted', 'accepted', 'site_check', 'correction'] } }).lean();
  const county = open!.region!.slice(0, 6);
  const inspector = await loginAs(t, 'inspector', { region: county });
  const queue = await t.http.get('/api/v1/registrations').set(inspector.auth);
  expect(queue.status).toBe(200);
  ok(RegistrationList, queue.body, 'registration queue');
  expect(queue.body.data.map((r: { id: string }) => r.id)).toContain(String(open!._id));

  const inspections = await t.http.get('/api/v1/inspections').set(inspector.auth);
  expect(inspections.status).toBe(200);
  ok(InspectionList, inspections.body, 'inspection list');

  const someCase = await TipoffCaseModel.findOne({}).lean();
  const staff = await loginAs(t, 'inspector', { region: someCase!.county, name: '办案人员' });
  const cases = await t.http.get('/api/v1/tipoffs').set(staff.auth).query({ status: someCase!.status });
  expect(cases.status).toBe(200);
  ok(CaseList, cases.body, 'tip-off cases');
  expect(cases.body.total).toBeGreaterThan(0);

  const admin = await loginAs(t, 'admin', { region: SCALE_PROVINCE });
  const dash = await t.http.get('/api/v1/dashboard').set(admin.auth);
  expect(dash.status).toBe(200);
  expect(dash.body.summary.inspectionCoverage.value).toBeGreaterThan(0.3);
});

it('writes the same documents for the same seed and day', async () => {
  const snapshot = async () => (await WorkshopModel.find({}).sort({ _id: 1 }).lean()).map((w) => ({ id: String(w._id), name: w.name, region: w.region, grade: w.riskGrade, last: w.lastInspectionAt }));
  const first = await snapshot();
  const firstInspections = await InspectionModel.estimatedDocumentCount();
  await mongoose.connection.dropDatabase();
  await ensureIndexes();
  const again = await seedScale(t.services.regions, { workshops: WORKSHOPS, seed: 7, asOf, chunk: 40 });
  expect(await snapshot()).toEqual(first);
  expect(again.docs.inspections).toBe(firstInspections);
  expect(again.sample.workshopIds).toEqual(seeded.sample.workshopIds);
}, 120_000);
