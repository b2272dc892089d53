import { createTestApp, type TestApp } from '../../support/app';
import { loginAs } from '../../support/factories';
import { AuditEventModel } from '../../../server/src/models/AuditEvent';
import { StaffInviteModel } from '../../../server/src/models/StaffInvite';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

const body = { name: '李检查', role: 'inspector', region: '450203' };

describe('POST /api/v1/staff/invites', () => {
  it('401 without login', async () => {
    expect((await t.http.post('/api/v1/staff/invites').send(body)).status).toBe(401);
  });

  it('400 for a bad region code', async () => {
    const admin = await loginAs(t, 'admin', { region: '4502' });
    const res = await t.http.post('/api/v1/staff/invites').set(admin.auth).send({ ...body, region: '45x' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('行政区划代码格式不正确');
  });

  it('403 for a non-admin, for a region outside mine, and for an admin at my own level', async () => {
    const inspector = await loginAs(t, 'inspector', { region: '450203' });
    expect((await t.http.post('/api/v1/staff/invites').set(inspector.auth).send(body)).status).toBe(403);
    const admin = await loginAs(t, 'admin', { region: '4502' });
    const outside = await t.http.post('/api/v1/staff/invites').set(admin.auth).send({ ...body, region: '450303' });
    expect(outside.status).toBe(403);
    expect(outside.body.error.code).toBe('staff.role_not_grantable');
    expect((await t.http.post('/api/v1/staff/invites').set(admin.auth).send({ ...body, role: 'admin', region: '4502' })).status).toBe(403);
    expect(await StaffInviteModel.countDocuments({})).toBe(0);
  });

  it('creates an invite that a WeChat user redeems once to become an inspector of that county', async () => {
    const admin = await loginAs(t, 'admin', { region: '4502' });
    const res = await t.http.post('/api/v1/staff/invites').set(admin.auth).send(body);
    expect(res.status).toBe(201);
    expect(res.body.code).toMatch(/^[A-Z2-9]{10}$/);

    const login = await t.http.post('/api/v1/auth/wechat').send({ code: t.wechat.issueCode('o-new-inspector') });
    const auth = { Authorization: `Bearer ${login.body.token}` };
    expect(login.body.user.roles).toEqual(['citizen']);
    const redeemed = await t.http.post('/api/v1/auth/redeem-invite').set(auth).send({ code: res.body.code });
    expect(redeemed.status).toBe(200);
    expect(redeemed.body.user).toMatchObject({ name: '李检查', roles: ['citizen', 'inspector'], region: { code: '450203', name: '鱼峰区' } });

    const other = await t.http.post('/api/v1/auth/wechat').send({ code: t.wechat.issueCode('o-someone-else') });
    const again = await t.http.post('/api/v1/auth/redeem-invite').set({ Authorization: `Bearer ${other.body.token}` }).send({ code: res.body.code });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('staff.invite_invalid');
    expect(await AuditEventModel.countDocuments({ action: { $in: ['staff.invite_created', 'staff.invite_redeemed'] } })).toBe(2);
  });
});
