import { createTestApp, type TestApp } from '../../support/app';
import { seedDemo } from '../../../server/src/seed/demo';
import { UserModel } from '../../../server/src/models/User';
import { WorkshopModel } from '../../../server/src/models/Workshop';
import { CertificateModel } from '../../../server/src/models/Certificate';
import { RegistrationModel } from '../../../server/src/models/Registration';
import { REGISTRATION_STATUSES } from '@shared/domain/registration';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

it('loads a demo province once, and the demo logins land on the seeded accounts', async () => {
  const first = await seedDemo(t.services.regions, { workshops: 60, cipher: t.services.cipher });
  expect(first).toMatchObject({ created: true, workshops: 60 });
  const again = await seedDemo(t.services.regions, { workshops: 60, cipher: t.services.cipher });
  expect(again).toMatchObject({ created: false, workshops: 60 });
  expect(await WorkshopModel.countDocuments({})).toBe(60);

  const w = await WorkshopModel.findOne({ status: 'registered' }).lean();
  expect(w!.name).toMatch(/[\u4e00-\u9fa5]+作坊|手工坊/);
  expect(w!.region.startsWith('45')).toBe(true);
  expect(w!.regionName).toMatch(/^广西壮族自治区/);
  expect(w!.nameInitials.length).toBeGreaterThan(3);
  expect(w!.ownerNameMasked).toMatch(/^[\u4e00-\u9fa5]\*+$/);

  const login = await t.http.post('/api/v1/auth/dev').send({ role: 'inspector', region: '450203' });
  expect(login.body.user.name).toBe('演示监管人员');
  expect(await UserModel.countDocuments({ roles: 'inspector', region: '450203', name: '演示监管人员' })).toBe(1);
  const owner = await t.http.post('/api/v1/auth/dev').send({ role: 'owner' });
  expect(await WorkshopModel.countDocuments({ ownerId: owner.body.user.id })).toBe(1);
});

it('has applications in every review state, one overdue and escalated, for the demo inspector', async () => {
  await seedDemo(t.services.regions, { workshops: 60, cipher: t.services.cipher });
  const statuses = new Set((await RegistrationModel.find({ demo: true }).lean()).map((r) => r.status));
  expect([...statuses].sort()).toEqual([...REGISTRATION_STATUSES].sort());
  expect(await RegistrationModel.countDocuments({ demo: true })).toBe(10); // a re-run added none

  const inspector = await t.http.post('/api/v1/auth/dev').send({ role: 'inspector', region: '450203' });
  const auth = { Authorization: `Bearer ${inspector.body.token}` };
  const overdue = await t.http.get('/api/v1/registrations?overdue=1').set(auth);
  expect(overdue.status).toBe(200);
  expect(overdue.body.data).toHaveLength(1);
  expect(overdue.body.data[0]).toMatchObject({ status: 'submitted', escalated: true, deadline: { overdue: true, stepLabel: '受理' } });

  // The site check has two inspectors of the county, the correction its reasons, the rejection its appeal notice.
  const [siteCheck] = (await t.http.get('/api/v1/registrations?status=site_check').set(auth)).body.data;
  expect(siteCheck.siteCheck.inspectors.map((i: { name: string }) => i.name).sort()).toEqual(['演示核查员', '演示监管人员'].sort());
  const corr = await RegistrationModel.findOne({ demo: true, status: 'correction', region: /^450203/ }).lean();
  const view = await t.http.get(`/api/v1/registrations/${corr!._id}`).set(auth);
  expect(view.body.data.corrections.map((c: { fieldLabel: string }) => c.fieldLabel)).toEqual(['场所照片及平面图', '从业人员及健康证']);
  expect(view.body.data.applicant.phone).toMatch(/^139\*{4}\d{4}$/);
  expect(view.body.data.deadline).toMatchObject({ paused: true, remainingWorkingDays: 3 });
  const rejected = await RegistrationModel.findOne({ demo: true, status: 'rejected' }).lean();
  expect((rejected!.decision as { appealNotice: string }).appealNotice).toContain('行政复议');
});

it('issued a certificate for every seeded registered workshop, and scanning one verifies it', async () => {
  await seedDemo(t.services.regions, { workshops: 60, cipher: t.services.cipher });
  const registered = await WorkshopModel.countDocuments({ status: 'registered' });
  // One per registered workshop: seeded, or issued by the demo's approved registration (its registrationId).
  expect(await CertificateModel.countDocuments({})).toBe(registered);

  const w = await WorkshopModel.findOne({ status: 'registered', 'certificate.status': 'valid' }).lean();
  const res = await t.http.get(`/api/v1/certificates/${w!.certificate!.number}/verify`);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ number: w!.certificate!.number, status: 'valid', statusLabel: '有效', workshop: { id: String(w!._id), name: w!.name }, ownerName: w!.ownerNameMasked });
  expect(res.body.issuer).toMatch(/^柳州市|^桂林市/);
  expect(res.body.issuer).toMatch(/市场监督管理局$/);

  // The approved demo application points at its workshop's certificate.
  const approved = await RegistrationModel.findOne({ demo: true, status: 'approved' }).lean();
  expect((await t.http.get(`/api/v1/certificates/${approved!.certificateNumber}/verify`)).body.workshop.id).toBe(approved!.workshopId);
});
