import { createTestApp, type TestApp } from '../../support/app';
import { loginAs } from '../../support/factories';
import { UserModel } from '../../../server/src/models/User';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

describe('GET /api/v1/staff/inspectors', () => {
  it('401 without login', async () => {
    expect((await t.http.get('/api/v1/staff/inspectors')).status).toBe(401);
  });

  it('400 for a bad region code', async () => {
    const inspector = await loginAs(t, 'inspector', { region: '450203', name: '甲检查' });
    const res = await t.http.get('/api/v1/staff/inspectors?covers=45x').set(inspector.auth);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('行政区划代码格式不正确');
  });

  it('403 for owners and citizens, and for a region outside mine', async () => {
    const owner = await loginAs(t, 'owner');
    expect((await t.http.get('/api/v1/staff/inspectors').set(owner.auth)).status).toBe(403);
    const inspector = await loginAs(t, 'inspector', { region: '450203', name: '甲检查' });
    const outside = await t.http.get('/api/v1/staff/inspectors?covers=450303').set(inspector.auth);
    expect(outside.status).toBe(403);
    expect(outside.body.error.code).toBe('auth.out_of_region');
  });

  it('lists the inspectors inside my region only, and those covering a given region', async () => {
    const a = await loginAs(t, 'inspector', { region: '450203', name: '甲检查' });
    const b = await loginAs(t, 'inspector', { region: '450203', name: '乙检查' });
    await loginAs(t, 'inspector', { region: '450204', name: '丙检查' }); // another county
    await loginAs(t, 'inspector', { region: '450203001', name: '丁检查' }); // a township office
    await loginAs(t, 'trainer', { name: '戊讲师' });
    const gone = await loginAs(t, 'inspector', { region: '450203', name: '己离岗' });
    await UserModel.updateOne({ _id: gone.userId }, { $set: { disabled: true } });

    const mine = await t.http.get('/api/v1/staff/inspectors').set(a.auth);
    expect(mine.status).toBe(200);
    expect(mine.body.data.map((u: { name: string }) => u.name).sort()).toEqual(['丁检查', '乙检查', '甲检查'].sort());
    expect(mine.body.data.find((u: { name: string }) => u.name === '乙检查')).toEqual({ id: b.userId, name: '乙检查', region: { code: '450203', name: '鱼峰区' } });

    // A township's registration can be checked by county and township inspectors; another township's only by the county.
    const covering = await t.http.get('/api/v1/staff/inspectors?covers=450203002').set(a.auth);
    expect(covering.body.data.map((u: { name: string }) => u.name).sort()).toEqual(['乙检查', '甲检查'].sort());

    const admin = await loginAs(t, 'admin', { region: '4502' });
    const city = await t.http.get('/api/v1/staff/inspectors').set(admin.auth);
    expect(city.body.data.map((u: { name: string }) => u.name).sort()).toEqual(['丁检查', '丙检查', '乙检查', '甲检查'].sort());
  });
});
