import { createTestApp, type TestApp } from '../../support/app';
import { seedDemo } from '../../../server/src/seed/demo';
import { UserModel } from '../../../server/src/models/User';
import { WorkshopModel } from '../../../server/src/models/Workshop';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

it('loads a demo province once, and the demo logins land on the seeded accounts', async () => {
  const first = await seedDemo(t.services.regions, { workshops: 60 });
  expect(first).toMatchObject({ created: true, workshops: 60 });
  const again = await seedDemo(t.services.regions, { workshops: 60 });
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
  expect(await UserModel.countDocuments({ roles: 'inspector' })).toBe(1);
  const owner = await t.http.post('/api/v1/auth/dev').send({ role: 'owner' });
  expect(await WorkshopModel.countDocuments({ ownerId: owner.body.user.id })).toBe(1);
});
