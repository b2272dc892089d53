// Staff web sign-in (issue 15 point 1): account + password (argon2id) + TOTP, the lockout after five
// failures, enrolment from 我的 and with an invite, and revocation (logout, an admin disabling the account).
import { Secret, TOTP } from 'otpauth';
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs } from '../../support/factories';
import { AuthFailureModel } from '../../../server/src/models/AuthFailure';
import { AuditEventModel } from '../../../server/src/models/AuditEvent';
import { UserModel } from '../../../server/src/models/User';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

const PASSWORD = 'Correct-horse-42';
const codeAt = (secret: string, offsetSteps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), period: 30, digits: 6 }).generate({ timestamp: Date.now() + offsetSteps * 30_000 });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const login = (body: object) => t.http.post('/api/v1/auth/staff/login').send(body);

/** An inspector (signed in through the demo login) who sets an account, a password and a TOTP secret from 我的. */
async function enrolledStaff(account: string, role: 'inspector' | 'admin' = 'inspector', region = '450203') {
  const dev = await loginAs(t, role, { name: `网页${account}`, region });
  const setup = await t.http.post('/api/v1/auth/staff/totp/setup').set(dev.auth).expect(200);
  const secret: string = setup.body.secret;
  expect(setup.body.uri).toMatch(/^otpauth:\/\/totp\//);
  const pw = await t.http.put('/api/v1/auth/staff/password').set(dev.auth).send({ account, newPassword: PASSWORD });
  expect(pw.status).toBe(200);
  const token: string = pw.body.token;
  expect((await t.http.put('/api/v1/auth/staff/totp').set(bearer(token)).send({ code: codeAt(secret) })).status).toBe(204);
  return { userId: dev.userId, secret, token, oldToken: dev.token };
}

describe('POST /api/v1/auth/staff/login', () => {
  it('400 for missing fields or a code that is not 6 digits', async () => {
    const res = await login({ account: 'x', password: 'y', code: '12' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('动态验证码为 6 位数字');
    expect((await login({ account: 'x' })).status).toBe(400);
  });

  it('401 for a wrong password, a wrong code or an unknown account, in the same words; 200 with all three right', async () => {
    const s = await enrolledStaff('zhang.wei');
    // The enrolment used the current step: a login with the next step's code.
    for (const body of [
      { account: 'zhang.wei', password: 'Wrong-pass-1', code: codeAt(s.secret, 1) },
      { account: 'zhang.wei', password: PASSWORD, code: '000000' === codeAt(s.secret, 1) ? '111111' : '000000' },
      { account: 'nobody', password: PASSWORD, code: codeAt(s.secret, 1) },
    ]) {
      const res = await login(body);
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: 'auth.login_failed', message: '账号、密码或动态验证码错误' });
    }
    const ok = await login({ account: 'Zhang.Wei', password: PASSWORD, code: codeAt(s.secret, 1) });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ id: s.userId, roles: ['citizen', 'inspector'] });
    expect((await t.http.get('/api/v1/me').set(bearer(ok.body.token))).status).toBe(200);
    // A success forgets the failures.
    expect(await AuthFailureModel.countDocuments({ _id: 'staff:zhang.wei' })).toBe(0);
    // The password is stored as argon2id, never in clear.
    const stored = await UserModel.findById(s.userId).lean();
    expect(stored!.passwordHash).toMatch(/^\$argon2id\$v=19\$/);
    expect(JSON.stringify(stored)).not.toContain(PASSWORD);
    expect(JSON.stringify(stored)).not.toContain(s.secret);
  });

  it('refuses a TOTP code used once already (replay within its step)', async () => {
    const s = await enrolledStaff('li.na');
    const code = codeAt(s.secret, 1);
    expect((await login({ account: 'li.na', password: PASSWORD, code })).status).toBe(200);
    const replay = await login({ account: 'li.na', password: PASSWORD, code });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('auth.login_failed');
  });

  it('403 for a disabled account with the right password and code', async () => {
    const s = await enrolledStaff('wang.fang');
    await UserModel.updateOne({ _id: s.userId }, { $set: { disabled: true } });
    const res = await login({ account: 'wang.fang', password: PASSWORD, code: codeAt(s.secret, 1) });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('auth.account_disabled');
  });

  it('five failures lock the account for 15 minutes: the sixth with the right password is refused until the lock ends', async () => {
    const s = await enrolledStaff('zhao.lei');
    await UserModel.updateOne({ _id: s.userId }, { $set: { totpLastStep: 0 } }); // the enrolment's code may be used again here
    for (let i = 0; i < 4; i++) expect((await login({ account: 'zhao.lei', password: `Wrong-${i}-pass`, code: codeAt(s.secret) })).status).toBe(401);
    const fifth = await login({ account: 'zhao.lei', password: 'Wrong-5-pass', code: codeAt(s.secret) });
    expect(fifth.status).toBe(429);
    expect(fifth.body.error.message).toMatch(/^密码或动态验证码错误次数过多，已暂时锁定，请 15 分钟后（\d\d:\d\d 以后）再试$/);
    expect(Number(fifth.headers['retry-after'])).toBeGreaterThan(14 * 60);
    const stored = await AuthFailureModel.findById('staff:zhao.lei').lean();
    expect(stored!.lockedUntil!.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(await AuditEventModel.countDocuments({ action: 'auth.staff_locked', subjectId: s.userId })).toBe(1);

    const sixth = await login({ account: 'zhao.lei', password: PASSWORD, code: codeAt(s.secret) });
    expect(sixth.status).toBe(429);
    expect(sixth.body.error.details.lockedUntil).toBe(stored!.lockedUntil!.toISOString());
    // The code was not spent by the refused attempt: the lock is checked first.
    expect((await UserModel.findById(s.userId).lean())!.totpLastStep).toBe(0);

    // The clock moves past the stored end of the lock: the right password and code sign in.
    await AuthFailureModel.updateOne({ _id: 'staff:zhao.lei' }, { $set: { lockedUntil: new Date(Date.now() - 1000) } });
    expect((await login({ account: 'zhao.lei', password: PASSWORD, code: codeAt(s.secret) })).status).toBe(200);
  });
});

describe('PUT /api/v1/auth/staff/password and /auth/staff/totp (我的)', () => {
  it('401 without a user; 403 for a citizen', async () => {
    expect((await t.http.put('/api/v1/auth/staff/password').send({ newPassword: PASSWORD })).status).toBe(401);
    const citizen = await loginAs(t, 'citizen');
    expect((await t.http.put('/api/v1/auth/staff/password').set(citizen.auth).send({ account: 'citizen1', newPassword: PASSWORD })).status).toBe(403);
    expect((await t.http.put('/api/v1/auth/staff/totp').set(citizen.auth).send({ code: '123456' })).status).toBe(403);
  });

  it('400 for a weak password; 409 for an account name already taken', async () => {
    const a = await loginAs(t, 'inspector', { name: '弱密码' });
    const weak = await t.http.put('/api/v1/auth/staff/password').set(a.auth).send({ account: 'weak.one', newPassword: 'short1' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.message).toContain('密码至少 10 位');
    await enrolledStaff('taken.name');
    const b = await loginAs(t, 'inspector', { name: '重名' });
    const taken = await t.http.put('/api/v1/auth/staff/password').set(b.auth).send({ account: 'taken.name', newPassword: PASSWORD });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('auth.account_taken');
  });

  it('changing the password needs the current one, and signs out the other devices', async () => {
    const s = await enrolledStaff('chen.jie');
    const wrong = await t.http.put('/api/v1/auth/staff/password').set(bearer(s.token)).send({ currentPassword: 'not-it-123', newPassword: 'Another-pass-77' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('auth.current_secret_invalid');
    const ok = await t.http.put('/api/v1/auth/staff/password').set(bearer(s.token)).send({ currentPassword: PASSWORD, newPassword: 'Another-pass-77' });
    expect(ok.status).toBe(200);
    expect((await t.http.get('/api/v1/me').set(bearer(s.token))).status).toBe(401);
    expect((await t.http.get('/api/v1/me').set(bearer(ok.body.token))).status).toBe(200);
    expect((await login({ account: 'chen.jie', password: 'Another-pass-77', code: codeAt(s.secret, 1) })).status).toBe(200);
  });

  it('re-enrolling TOTP needs a code of the current secret; afterwards only the new secret signs in', async () => {
    const s = await enrolledStaff('sun.li');
    const setup = await t.http.post('/api/v1/auth/staff/totp/setup').set(bearer(s.token)).expect(200);
    const fresh: string = setup.body.secret;
    const without = await t.http.put('/api/v1/auth/staff/totp').set(bearer(s.token)).send({ code: codeAt(fresh) });
    expect(without.status).toBe(400);
    expect(without.body.error.code).toBe('auth.current_secret_invalid');
    const notFresh = ['000000', '111111', '222222'].find((c) => ![-1, 0, 1].some((o) => codeAt(fresh, o) === c))!;
    expect((await t.http.put('/api/v1/auth/staff/totp').set(bearer(s.token)).send({ currentCode: codeAt(s.secret, 1), code: notFresh })).body.error.code).toBe('auth.totp_invalid');
    // That current code was spent; the clock moves on a step (the stored last step goes back one).
    await UserModel.updateOne({ _id: s.userId }, { $set: { totpLastStep: 0 } });
    expect((await t.http.put('/api/v1/auth/staff/totp').set(bearer(s.token)).send({ currentCode: codeAt(s.secret), code: codeAt(fresh) })).status).toBe(204);
    await UserModel.updateOne({ _id: s.userId }, { $set: { totpLastStep: 0 } });
    expect((await login({ account: 'sun.li', password: PASSWORD, code: codeAt(s.secret, 1) })).status).toBe(401);
    expect((await login({ account: 'sun.li', password: PASSWORD, code: codeAt(fresh, 1) })).status).toBe(200);
    const settings = await t.http.get('/api/v1/auth/staff/settings').set(bearer(s.token)).expect(200);
    expect(settings.body).toEqual({ account: 'sun.li', password: true, totp: true });
  });
});

describe('POST /api/v1/auth/redeem-invite with web sign-in', () => {
  it('sets account, password and TOTP as the invite is redeemed; a wrong code spends nothing', async () => {
    const admin = await loginAs(t, 'admin', { region: '4502' });
    const invite = await t.http.post('/api/v1/staff/invites').set(admin.auth).send({ name: '周敏', role: 'inspector', region: '450203' }).expect(201);
    const newcomer = await loginAs(t, 'citizen', { name: '新同事' });
    const setup = await t.http.post('/api/v1/auth/staff/totp/setup').set(newcomer.auth).expect(200);
    const bad = await t.http.post('/api/v1/auth/redeem-invite').set(newcomer.auth)
      .send({ code: invite.body.code, account: 'zhou.min', password: PASSWORD, totpCode: codeAt(setup.body.secret) === '123456' ? '654321' : '123456' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('auth.totp_invalid');
    const partial = await t.http.post('/api/v1/auth/redeem-invite').set(newcomer.auth).send({ code: invite.body.code, account: 'zhou.min' });
    expect(partial.status).toBe(400);
    const ok = await t.http.post('/api/v1/auth/redeem-invite').set(newcomer.auth)
      .send({ code: invite.body.code, account: 'zhou.min', password: PASSWORD, totpCode: codeAt(setup.body.secret) });
    expect(ok.status).toBe(200);
    expect(ok.body.user.roles).toContain('inspector');
    const res = await login({ account: 'zhou.min', password: PASSWORD, code: codeAt(setup.body.secret, 1) });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ name: '周敏', region: { code: '450203' } });
  });
});

describe('POST /api/v1/staff/accounts/{id}/disable and /enable', () => {
  it('401 without a user; 400 for a bad id; 403 for an inspector or an admin of another city; 404 for a citizen', async () => {
    const s = await enrolledStaff('guo.qiang');
    expect((await t.http.post(`/api/v1/staff/accounts/${s.userId}/disable`)).status).toBe(401);
    const admin = await loginAs(t, 'admin', { region: '4502' });
    expect((await t.http.post('/api/v1/staff/accounts/nope/disable').set(admin.auth)).status).toBe(400);
    const inspector = await loginAs(t, 'inspector', { name: '同事' });
    expect((await t.http.post(`/api/v1/staff/accounts/${s.userId}/disable`).set(inspector.auth)).status).toBe(403);
    const otherAdmin = await loginAs(t, 'admin', { region: '4503' });
    expect((await t.http.post(`/api/v1/staff/accounts/${s.userId}/disable`).set(otherAdmin.auth)).status).toBe(403);
    const citizen = await loginAs(t, 'citizen', { name: '路人' });
    expect((await t.http.post(`/api/v1/staff/accounts/${citizen.userId}/disable`).set(admin.auth)).status).toBe(404);
    expect((await UserModel.findById(s.userId).lean())!.disabled).toBe(false);
  });

  it("a disabled account's tokens stop working, and stay refused after it is enabled again", async () => {
    const s = await enrolledStaff('he.ping');
    const web = await login({ account: 'he.ping', password: PASSWORD, code: codeAt(s.secret, 1) });
    expect(web.status).toBe(200);
    const admin = await loginAs(t, 'admin', { region: '4502' });
    const off = await t.http.post(`/api/v1/staff/accounts/${s.userId}/disable`).set(admin.auth);
    expect(off.status).toBe(200);
    expect(off.body).toEqual({ id: s.userId, disabled: true });
    expect((await t.http.get('/api/v1/me').set(bearer(web.body.token))).status).toBe(403);
    expect((await t.http.post(`/api/v1/staff/accounts/${s.userId}/enable`).set(admin.auth)).body).toEqual({ id: s.userId, disabled: false });
    const old = await t.http.get('/api/v1/me').set(bearer(web.body.token));
    expect(old.status).toBe(401);
    expect(old.body.error.message).toBe('您已退出登录，请重新登录');
    expect((await t.http.get('/api/v1/me').set(bearer(s.token))).status).toBe(401);
    expect(await AuditEventModel.countDocuments({ action: 'staff.account_disabled', subjectId: s.userId })).toBe(1);
  });

  it('logout ends the web session too', async () => {
    const s = await enrolledStaff('lu.yan');
    const web = await login({ account: 'lu.yan', password: PASSWORD, code: codeAt(s.secret, 1) });
    expect((await t.http.post('/api/v1/auth/logout').set(bearer(web.body.token))).status).toBe(204);
    expect((await t.http.get('/api/v1/me').set(bearer(web.body.token))).status).toBe(401);
  });
});
