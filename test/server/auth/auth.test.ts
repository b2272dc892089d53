import jwt from 'jsonwebtoken';
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs } from '../../support/factories';
import { UserModel } from '../../../server/src/models/User';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

describe('POST /api/v1/auth/wechat', () => {
  it('400 without a code', async () => {
    const res = await t.http.post('/api/v1/auth/wechat').send({});
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('request.invalid');
    expect(res.body.error.message).toContain('code');
  });

  it('exchanges a wx.login code for a session through jscode2session, one user per openid', async () => {
    const first = await t.http.post('/api/v1/auth/wechat').send({ code: t.wechat.issueCode('oOPENID-1') });
    expect(first.status).toBe(200);
    expect(first.body.user).toMatchObject({ name: '微信用户', roles: ['citizen'], region: null });
    const again = await t.http.post('/api/v1/auth/wechat').send({ code: t.wechat.issueCode('oOPENID-1') });
    expect(again.body.user.id).toBe(first.body.user.id);
    expect(await UserModel.countDocuments({ openid: 'oOPENID-1' })).toBe(1);

    const me = await t.http.get('/api/v1/me').set('Authorization', `Bearer ${first.body.token}`);
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(first.body.user.id);
  });

  it('401 for a code WeChat does not know or that was used already', async () => {
    const unknown = await t.http.post('/api/v1/auth/wechat').send({ code: 'made-up' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toMatchObject({ code: 'auth.wechat_code_invalid', message: '微信登录凭证无效或已使用，请重新登录' });
    const code = t.wechat.issueCode('oOPENID-2');
    expect((await t.http.post('/api/v1/auth/wechat').send({ code })).status).toBe(200);
    expect((await t.http.post('/api/v1/auth/wechat').send({ code })).body.error.code).toBe('auth.wechat_code_invalid');
  });
});

describe('POST /api/v1/auth/dev', () => {
  it('400 for an unknown role, and a regional role without region', async () => {
    expect((await t.http.post('/api/v1/auth/dev').send({ role: 'superuser' })).status).toBe(400);
    const res = await t.http.post('/api/v1/auth/dev').send({ role: 'inspector' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('region：监管人员、管理员和培训讲师需要选择所在区域');
  });

  it('signs in a demo inspector with a jurisdiction', async () => {
    const res = await t.http.post('/api/v1/auth/dev').send({ role: 'inspector', region: '450203' });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ roles: ['citizen', 'inspector'], region: { code: '450203', name: '鱼峰区' } });
  });
});

describe('GET /api/v1/me and session tokens', () => {
  it('401 without a token', async () => {
    const res = await t.http.get('/api/v1/me');
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: 'auth.required', message: '请先登录' });
  });

  it('401 for an expired token, and says so', async () => {
    const { userId } = await loginAs(t, 'citizen');
    const expired = jwt.sign({ v: 1 }, t.config.sessionSecret, { subject: userId, expiresIn: -10 });
    const res = await t.http.get('/api/v1/me').set('Authorization', `Bearer ${expired}`);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('auth.token_expired');
  });

  it('401 for a forged token (wrong key, or alg none)', async () => {
    const { userId } = await loginAs(t, 'citizen');
    const forged = jwt.sign({ v: 1 }, 'not-the-server-secret-at-all', { subject: userId });
    expect((await t.http.get('/api/v1/me').set('Authorization', `Bearer ${forged}`)).body.error.code).toBe('auth.token_invalid');
    const none = jwt.sign({ v: 1 }, '', { subject: userId, algorithm: 'none' });
    expect((await t.http.get('/api/v1/me').set('Authorization', `Bearer ${none}`)).status).toBe(401);
  });

  it('403 once the account is disabled, even with a valid token', async () => {
    const u = await loginAs(t, 'owner', { name: '停用测试' });
    await UserModel.updateOne({ _id: u.userId }, { $set: { disabled: true } });
    const res = await t.http.get('/api/v1/me').set(u.auth);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('auth.account_disabled');
  });
});
