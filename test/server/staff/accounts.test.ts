// 人员与账号 (issue 15 point 4): the staff accounts of an admin's region, paged, and moving an account to
// another region inside it, audited. Order per route: 401 → 400 → 403 → success; a refused write changes nothing.
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs, type LoggedIn } from '../../support/factories';
import { expectUnchanged } from '../../support/unchanged';
import { AuditEventModel } from '../../../server/src/models/AuditEvent';
import { UserModel } from '../../../server/src/models/User';

let t: TestApp;
let cityAdmin: LoggedIn; // 4502 柳州市
let peerAdmin: LoggedIn; // another admin of 4502: same level, not manageable
let countyAdmin: LoggedIn; // 450203 鱼峰区
let otherAdmin: LoggedIn; // 4503 桂林市
let inspector: LoggedIn; // 450203
let inspector2: LoggedIn; // 450204 柳南区
let trainer: LoggedIn; // 450203
let farInspector: LoggedIn; // 450303 桂林市秀峰区

beforeAll(async () => {
  t = await createTestApp();
  cityAdmin = await loginAs(t, 'admin', { region: '4502', name: '市局管理员甲' });
  peerAdmin = await loginAs(t, 'admin', { region: '4502', name: '市局管理员乙' });
  countyAdmin = await loginAs(t, 'admin', { region: '450203', name: '鱼峰区管理员' });
  otherAdmin = await loginAs(t, 'admin', { region: '4503', name: '桂林市管理员' });
  inspector = await loginAs(t, 'inspector', { region: '450203', name: '鱼峰监管甲' });
  inspector2 = await loginAs(t, 'inspector', { region: '450204', name: '柳南监管乙' });
  trainer = await loginAs(t, 'trainer', { region: '450203', name: '鱼峰讲师' });
  farInspector = await loginAs(t, 'inspector', { region: '450303', name: '秀峰监管' });
  await loginAs(t, 'owner', { name: '不是工作人员的业主' });
});
afterAll(async () => { await t.close(); });

type Row = { id: string; name: string; role: string; roleLabel: string; region: { code: string; name: string }; disabled: boolean; manageable: boolean };
const list = async (who: LoggedIn, qs = '') => {
  const res = await t.http.get(`/api/v1/staff/accounts${qs}`).set(who.auth);
  expect(res.status).toBe(200);
  return res.body as { data: Row[]; total: number; page: number; pageSize: number };
};

describe('GET /api/v1/staff/accounts', () => {
  it('401 without a user, 400 for bad filters, 403 for non-admins and for a region outside mine', async () => {
    expect((await t.http.get('/api/v1/staff/accounts')).status).toBe(401);
    for (const qs of ['?pageSize=0', '?role=owner', '?region=45x', '?page=abc', '?what=1']) {
      const res = await t.http.get(`/api/v1/staff/accounts${qs}`).set(cityAdmin.auth);
      expect(res.status).toBe(400);
    }
    expect((await t.http.get('/api/v1/staff/accounts').set(inspector.auth)).status).toBe(403);
    expect((await t.http.get('/api/v1/staff/accounts').set(trainer.auth)).status).toBe(403);
    const out = await t.http.get('/api/v1/staff/accounts?region=4503').set(cityAdmin.auth);
    expect(out.status).toBe(403);
    expect(out.body.error.code).toBe('auth.out_of_region');
  });

  it("lists the staff of the admin's region with role, region and status; what each may be done to", async () => {
    const all = await list(cityAdmin, '?pageSize=100');
    const names = all.data.map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['市局管理员甲', '市局管理员乙', '鱼峰区管理员', '鱼峰监管甲', '柳南监管乙', '鱼峰讲师']));
    expect(names).not.toContain('桂林市管理员');
    expect(names).not.toContain('秀峰监管');
    expect(names).not.toContain('不是工作人员的业主');
    expect(all.total).toBe(all.data.length);
    const byName = new Map(all.data.map((r) => [r.name, r]));
    expect(byName.get('鱼峰监管甲')).toMatchObject({ role: 'inspector', roleLabel: '监管人员', region: { code: '450203', name: '鱼峰区' }, disabled: false, manageable: true });
    expect(byName.get('鱼峰区管理员')).toMatchObject({ role: 'admin', manageable: true });
    // Not oneself, not an admin of the same level.
    expect(byName.get('市局管理员甲')!.manageable).toBe(false);
    expect(byName.get('市局管理员乙')!.manageable).toBe(false);
    // A county admin sees the county only.
    const county = await list(countyAdmin, '?pageSize=100');
    expect(county.data.map((r) => r.name).sort()).toEqual(['鱼峰区管理员', '鱼峰监管甲', '鱼峰讲师'].sort());
  });

  it('filters by role and by a region inside mine, and pages in name order', async () => {
    const inspectors = await list(cityAdmin, '?role=inspector&pageSize=100');
    expect(inspectors.data.every((r) => r.role === 'inspector')).toBe(true);
    expect(inspectors.data.map((r) => r.name)).toEqual(expect.arrayContaining(['鱼峰监管甲', '柳南监管乙']));
    const liunan = await list(cityAdmin, '?region=450204');
    expect(liunan.data.map((r) => r.name)).toEqual(['柳南监管乙']);
    const full = await list(cityAdmin, '?pageSize=100');
    const p2 = await list(cityAdmin, '?pageSize=2&page=2');
    expect(p2.total).toBe(full.total);
    expect(p2.data.map((r) => r.id)).toEqual(full.data.slice(2, 4).map((r) => r.id));
  });
});

describe('PUT /api/v1/staff/accounts/{id}/region', () => {
  const put = (who: LoggedIn | null, id: string, body: unknown) => {
    const req = t.http.put(`/api/v1/staff/accounts/${id}/region`);
    return (who ? req.set(who.auth) : req).send(body as object);
  };
  const regionOf = async (id: string) => (await UserModel.findById(id).lean())!.region;

  it('401 without a user; 400 for a bad id or region; 403 for non-admins, other regions, a move outside, oneself, a peer; 404 unknown', async () => {
    await expectUnchanged(() => regionOf(inspector2.userId), async () => {
      expect((await put(null, inspector2.userId, { region: '450205' })).status).toBe(401);
      expect((await put(cityAdmin, 'nope', { region: '450205' })).status).toBe(400);
      for (const body of [{}, { region: 'abc' }, { region: '459999' }, { region: '450205', extra: 1 }, { region: { $ne: null } }]) {
        expect((await put(cityAdmin, inspector2.userId, body)).status).toBe(400);
      }
      expect((await put(inspector, inspector2.userId, { region: '450205' })).status).toBe(403);
      expect((await put(countyAdmin, inspector2.userId, { region: '450203' })).status).toBe(403); // 450204 is not the county admin's
      expect((await put(otherAdmin, inspector2.userId, { region: '450303' })).status).toBe(403);
      const outside = await put(cityAdmin, inspector2.userId, { region: '450303' });
      expect(outside.status).toBe(403);
      expect(outside.body.error.message).toContain('新的管辖区域须在您的管辖区域内');
    });
    await expectUnchanged(() => regionOf(cityAdmin.userId), async () => {
      expect((await put(cityAdmin, cityAdmin.userId, { region: '450203' })).status).toBe(403);
    });
    await expectUnchanged(() => regionOf(peerAdmin.userId), async () => {
      expect((await put(cityAdmin, peerAdmin.userId, { region: '450203' })).status).toBe(403);
    });
    // A county admin cannot be moved up to the city level by the city admin.
    await expectUnchanged(() => regionOf(countyAdmin.userId), async () => {
      expect((await put(cityAdmin, countyAdmin.userId, { region: '4502' })).status).toBe(403);
    });
    expect((await put(cityAdmin, '64b000000000000000000001', { region: '450205' })).status).toBe(404);
    expect(await AuditEventModel.countDocuments({ action: 'staff.region_changed' })).toBe(0);
  });

  it('moves an inspector inside the region, writes an audit event, and the list shows the new region', async () => {
    const res = await put(cityAdmin, inspector2.userId, { region: '450205' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: inspector2.userId, region: { code: '450205', name: '柳北区' }, role: 'inspector' });
    expect(await regionOf(inspector2.userId)).toBe('450205');
    const ev = await AuditEventModel.findOne({ action: 'staff.region_changed', subjectId: inspector2.userId }).lean();
    expect(ev).toMatchObject({ actorId: cityAdmin.userId, before: { region: '450204' }, after: { region: '450205' }, region: '450205', kind: 'staff' });
    expect((await list(cityAdmin, '?region=450205')).data.map((r) => r.name)).toContain('柳南监管乙');
    // The same region again changes nothing and writes nothing.
    expect((await put(cityAdmin, inspector2.userId, { region: '450205' })).status).toBe(200);
    expect(await AuditEventModel.countDocuments({ action: 'staff.region_changed', subjectId: inspector2.userId })).toBe(1);
    // The moved inspector now acts in the new county: the county admin of 450203 no longer lists them.
    expect((await list(countyAdmin, '?pageSize=100')).data.map((r) => r.name)).not.toContain('柳南监管乙');
  });

  it('the inspector of another city stays out of reach', async () => {
    expect((await put(cityAdmin, farInspector.userId, { region: '450203' })).status).toBe(403);
    expect(await regionOf(farInspector.userId)).toBe('450303');
  });
});
