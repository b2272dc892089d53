import { createTestApp, type TestApp } from '../../support/app';
import { seedDemo } from '../../../server/src/seed/demo';
import { InspectionModel } from '../../../server/src/models/Inspection';
import { SampleModel } from '../../../server/src/models/Sample';
import { PenaltyModel } from '../../../server/src/models/Penalty';
import { WorkshopModel } from '../../../server/src/models/Workshop';
import { DrawTaskModel } from '../../../server/src/models/DrawTask';
import { runDraw, sha256Hex } from '../../../shared/src/domain/draw';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

it('seeds inspections, samples, penalties, grades and a published draw across the demo province', async () => {
  // How long seeding takes is a bench figure (npm run bench), not an assertion: it depends on the machine's load.
  await seedDemo(t.services.regions, { workshops: 200, cipher: t.services.cipher });

  expect(await InspectionModel.countDocuments({ demo: true })).toBeGreaterThan(150);
  expect(await InspectionModel.countDocuments({ 'rectification.status': 'pending' })).toBeGreaterThan(0);
  expect(await SampleModel.countDocuments({ result: 'fail' })).toBeGreaterThan(2);
  expect(await SampleModel.countDocuments({ 'followUp.status': 'open' })).toBe(2);
  expect(await PenaltyModel.countDocuments({})).toBeGreaterThan(0);
  const grades = new Set((await WorkshopModel.find({ status: 'registered' }).lean()).map((w) => w.riskGrade));
  expect(grades.has('A') && grades.has('B') && grades.has('C')).toBe(true);

  const w = await WorkshopModel.findOne({ status: 'registered', lastInspectionAt: { $ne: null } }).lean();
  const file = (await t.http.get(`/api/v1/workshops/${w!._id}`)).body;
  expect(file.risk.reasons.length).toBeGreaterThan(1);
  expect(file.latestInspection.checklist.items).toHaveLength(10);
  const timeline = (await t.http.get(`/api/v1/workshops/${w!._id}/timeline`)).body.data;
  expect(timeline.some((e: { type: string }) => e.type === 'inspection')).toBe(true);

  const draw = await DrawTaskModel.findOne({ demo: true, status: 'drawn' }).lean();
  const pub = (await t.http.get(`/api/v1/draws/${draw!._id}`)).body.data;
  expect(pub.status).toBe('drawn');
  // Published a day or more before it was drawn; another task still waits out its commitment period.
  expect(Date.parse(pub.drawnAt) - Date.parse(pub.createdAt)).toBeGreaterThanOrEqual(24 * 3600_000);
  const waiting = (await t.http.get('/api/v1/draws?region=450203')).body.data.find((d: { status: string }) => d.status === 'committed');
  expect(Date.parse(waiting.drawableAt)).toBeGreaterThan(Date.now());
  expect(sha256Hex(pub.seed)).toBe(pub.seedHash);
  const rerun = runDraw({ seed: pub.seed, candidates: pub.candidates, inspectors: pub.inspectors, count: pub.count });
  expect(pub.results.map((r: { workshop: { id: string } }) => r.workshop.id)).toEqual(rerun.map((p) => p.workshopId));

  const admin = await t.http.post('/api/v1/auth/dev').send({ role: 'admin', region: '4502' });
  const dash = await t.http.get('/api/v1/dashboard').set({ Authorization: `Bearer ${admin.body.token}` });
  expect(dash.status).toBe(200);
  expect(dash.body.summary.inspectionCoverage.value).toBeGreaterThan(0.5);
  expect(dash.body.summary.samplingCoverage.value).toBeGreaterThan(0.3);
  expect(dash.body.children.length).toBeGreaterThan(2);
}, 60_000);
