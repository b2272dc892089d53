// Sessions and abuse (issue 12, standing suite): a token lives as long as the configuration says; logging out
// ends every session of the user; logins and searches have their own per-IP limits (429, Retry-After, a
// Chinese message); wrong staff invite codes lock the user's redeeming for a while; headers leak no software
// version and CORS answers only the configured origin. Each client here has its own address (X-Forwarded-For
// behind one trusted proxy), so one limit's test does not spend another's.
// Covered elsewhere, not repeated here: a hand-made expired or forged token, a disabled account
// (test/server/auth/auth.test.ts); the tip-off submission and upload limits (test/server/tipoff/ratelimit.test.ts,
// test/server/system/proxy.test.ts); the app-wide per-IP and per-user limits (test/server/system/rateLimit.test.ts);
// the portal's CSP with a nonce and no 'unsafe-inline' (test/server/system/headers.test.ts).
import { createTestApp, type TestApp } from '../../support/app';
import { AuditEventModel } from '../../../server/src/models/AuditEvent';
import { AuthFailureModel } from '../../../server/src/models/AuthFailure';
import { RegistrationModel } from '../../../server/src/models/Registration';
import { StaffInviteModel } from '../../../server/src/models/StaffInvite';
import { TipoffModel } from '../../../server/src/models/Tipoff';
import { UserModel } from '../../../server/src/models/User';
import { report } from '../tipoff/support';

const TTL_S = 6;
const LOCK_S = 3;
const H5 = 'https://h5.example.gov.cn';
const CHINESE = /[\u4e00-\u9fff]/;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    TRUSTED_PROXY_COUNT: '1',
    SESSION_TTL_HOURS: String(TTL_S / 3600),
    LOGIN_PER_MIN: '5',
    SEARCH_PER_MIN: '5',
    TIPOFF_SUBMITS_PER_HOUR: '2',
    INVITE_MAX_FAILURES: '3',
    INVITE_FAILURE_WINDOW_MIN: '1',
    INVITE_LOCK_MIN: String(LOCK_S / 60),
    H5_ORIGIN: H5,
  });
});
afterAll(async () => {
  process.stdout.write(`\nsessions and abuse: ${stats.cases} cases, ${stats.refused} 4xx, ${stats.serverErrors} 5xx, ${stats.stored} stored bad inputs\n`);
  await t?.close();
});

const stats = { cases: 0, refused: 0, serverErrors: 0, stored: 0 };
type Res = { status: number; body: { error?: { code: string; message: string; details?: unknown } } & Record<string, unknown>; headers: Record<string, string> };
/** Sends and counts (the summary line). */
async function call(req: PromiseLike<unknown>): Promise<Res> {
  const res = (await req) as Res;
  stats.cases += 1;
  if (res.status >= 500) stats.serverErrors += 1;
  if (res.status >= 400 && res.status < 500) stats.refused += 1;
  return res;
}
/** Counts a refused write whose record was found changed. */
function storedIf(changed: boolean) {
  if (changed) stats.stored += 1;
  expect(changed).toBe(false);
}

let ipSeq = 0;
/** A client address of its own (the trusted proxy appends it). */
const newIp = () => `198.51.100.${++ipSeq}`;

async function login(role: 'citizen' | 'admin', name: string, ip = newIp()) {
  const res = await call(t.http.post('/api/v1/auth/dev').set('X-Forwarded-For', ip).send({ role, name, ...(role === 'admin' ? { region: '4502' } : {}) }));
  expect(res.status).toBe(200);
  return { token: res.body.token as string, expiresAt: res.body.expiresAt as string, userId: (res.body.user as { id: string }).id, auth: { Authorization: `Bearer ${res.body.token}` } };
}
const me = (auth: { Authorization: string }) => call(t.http.get('/api/v1/me').set(auth).set('X-Forwarded-For', newIp()));

function expect429(res: Res, message: RegExp | string = '操作过于频繁，请稍后再试') {
  expect(res.status).toBe(429);
  expect(res.body.error!.code).toBe('rate.limited');
  expect(res.body.error!.message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
  expect(res.body.error!.message).toMatch(CHINESE);
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
}

describe('token lifetime and revocation', () => {
  it('a token lives SESSION_TTL_HOURS: accepted until its expiresAt, then 401 auth.token_expired', async () => {
    const issued = Date.now();
    const s = await login('citizen', '期限测试');
    const expiresAt = Date.parse(s.expiresAt);
    expect(expiresAt - issued).toBeGreaterThan((TTL_S - 1.5) * 1000);
    expect(expiresAt - issued).toBeLessThanOrEqual(TTL_S * 1000 + 1000);
    expect((await me(s.auth)).status).toBe(200);
    await new Promise((r) => setTimeout(r, Math.max(0, expiresAt - Date.now()) + 50));
    const res = await me(s.auth);
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: 'auth.token_expired', message: '登录已过期，请重新登录' });
  }, 20_000);

  it('logging out ends every session of the user, on every device; a new login works', async () => {
    const phone = await login('citizen', '退出测试');
    const tablet = await login('citizen', '退出测试');
    expect(tablet.userId).toBe(phone.userId);
    expect((await me(phone.auth)).status).toBe(200);
    expect((await call(t.http.post('/api/v1/auth/logout').set(phone.auth))).status).toBe(204);
    for (const device of [phone, tablet]) {
      const res = await me(device.auth);
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: 'auth.token_invalid', message: '您已退出登录，请重新登录' });
    }
    // A revoked token writes nothing either: no draft application is made with it.
    const draft = await call(t.http.post('/api/v1/registrations').set(phone.auth).set('X-Forwarded-For', newIp()).send({}));
    expect(draft.status).toBe(401);
    storedIf((await RegistrationModel.countDocuments()) !== 0);
    const again = await login('citizen', '退出测试');
    expect((await me(again.auth)).status).toBe(200);
    expect((await call(t.http.post('/api/v1/auth/logout'))).status).toBe(401);
  });
});

describe('per-IP limits of the doors', () => {
  it('logins: 429 with Retry-After past LOGIN_PER_MIN from one address, before any user is made; other addresses log in', async () => {
    const ip = newIp();
    for (let i = 0; i < 4; i++) await login('citizen', `限流${i}`, ip);
    // WeChat logins count in the same budget.
    const wechat = await call(t.http.post('/api/v1/auth/wechat').set('X-Forwarded-For', ip).send({ code: t.wechat.issueCode('oLIMIT-1') }));
    expect(wechat.status).toBe(200);
    const users = await UserModel.countDocuments();
    const refused = await call(t.http.post('/api/v1/auth/dev').set('X-Forwarded-For', ip).send({ role: 'citizen', name: '限流新用户' }));
    expect429(refused);
    expect429(await call(t.http.post('/api/v1/auth/wechat').set('X-Forwarded-For', ip).send({ code: t.wechat.issueCode('oLIMIT-2') })));
    storedIf((await UserModel.countDocuments()) !== users);
    await login('citizen', '另一地址', newIp());
  });

  it('workshop search: 429 with Retry-After past SEARCH_PER_MIN from one address; other routes and addresses still answer', async () => {
    const ip = newIp();
    for (let i = 0; i < 5; i++) expect((await call(t.http.get('/api/v1/workshops').query({ q: `米粉${i}` }).set('X-Forwarded-For', ip))).status).toBe(200);
    expect429(await call(t.http.get('/api/v1/workshops').query({ q: 'lsf' }).set('X-Forwarded-For', ip)));
    expect((await call(t.http.get('/api/v1/health').set('X-Forwarded-For', ip))).status).toBe(200);
    expect((await call(t.http.get('/api/v1/workshops').set('X-Forwarded-For', newIp()))).status).toBe(200);
  });

  it('tip-off submissions: the 429 past the hourly limit says so in Chinese and stores nothing', async () => {
    const ip = newIp();
    const send = (i: number) => call(t.http.post('/api/v1/tipoffs').set('X-Forwarded-For', ip).set('X-Device-Id', `dev-limit-${i}`)
      .send(report({ location: { lat: 24 + i * 0.01, lng: 109 }, description: `限流举报 ${i}，后院无证生产米粉。` })));
    const before = await TipoffModel.countDocuments();
    expect((await send(1)).status).toBe(201);
    expect((await send(2)).status).toBe(201);
    expect429(await send(3));
    storedIf((await TipoffModel.countDocuments()) !== before + 2);
  });
});

describe('lockout after wrong staff invite codes', () => {
  // Staff sign in with WeChat; what they type is the invite code an admin gave them, so that is the secret
  // a lockout protects: INVITE_MAX_FAILURES wrong codes within the window lock the user's redeeming.
  it('locks after the configured failures (429, Retry-After, a clear message), refuses even the right code while locked, unlocks after the lock', async () => {
    const admin = await login('admin', '发邀请的管理员');
    const invite = async (name: string) => {
      const res = await call(t.http.post('/api/v1/staff/invites').set(admin.auth).set('X-Forwarded-For', newIp()).send({ name, role: 'inspector', region: '450203' }));
      expect(res.status).toBe(201);
      return res.body.code as string;
    };
    const first = await invite('韦一');
    const second = await invite('韦一');
    const candidate = await login('citizen', '韦一');
    const redeem = async (code: string) => {
      const s = await login('citizen', '韦一'); // tokens live a few seconds here
      return call(t.http.post('/api/v1/auth/redeem-invite').set(s.auth).set('X-Forwarded-For', newIp()).send({ code }));
    };
    const wrong = async () => {
      const res = await redeem('WRONGCODE1');
      return res;
    };

    // Two wrong, then the right one: redeemed, and the failures are forgotten.
    for (let i = 0; i < 2; i++) expect((await wrong()).body.error).toMatchObject({ code: 'staff.invite_invalid', message: '邀请码无效或已过期' });
    expect((await redeem(first)).status).toBe(200);
    expect(await AuthFailureModel.countDocuments({ _id: `invite:${candidate.userId}` })).toBe(0);

    // Two wrong again are still plain refusals; the third locks.
    for (let i = 0; i < 2; i++) expect((await wrong()).status).toBe(400);
    const locking = await wrong();
    expect429(locking, /^邀请码错误次数过多，已暂时锁定，请 1 分钟后（\d\d:\d\d 以后）再试$/);
    expect(Number(locking.headers['retry-after'])).toBeLessThanOrEqual(LOCK_S);
    expect(await AuditEventModel.countDocuments({ action: 'staff.invite_locked', subjectId: candidate.userId })).toBe(1);

    // Locked: the right code is refused too and the invite stays unredeemed; another user is not locked.
    expect429(await redeem(second), /错误次数过多/);
    storedIf((await StaffInviteModel.findOne({ code: second }).lean())!.redeemedBy !== null);
    const other = await login('citizen', '旁人');
    const otherTry = await call(t.http.post('/api/v1/auth/redeem-invite').set(other.auth).set('X-Forwarded-For', newIp()).send({ code: 'WRONGCODE2' }));
    expect(otherTry.status).toBe(400);

    // After the lock the right code goes through, and the counter is gone.
    await new Promise((r) => setTimeout(r, LOCK_S * 1000 + 200));
    const late = await redeem(second);
    expect(late.status).toBe(200);
    expect((late.body.user as { roles: string[] }).roles).toContain('inspector');
    expect(await AuthFailureModel.countDocuments({ _id: `invite:${candidate.userId}` })).toBe(0);
  }, 30_000);
});

describe('headers and error bodies', () => {
  const VERSION = /\b(koa|express|node|nginx|mongo\w*|ferret\w*|zod|mongoose)[/ ]?v?\d+(\.\d+)+/i;

  it('no X-Powered-By, Server or software version in headers or error bodies, whatever the answer', async () => {
    const s = await login('citizen', '头部检查');
    const answers: [string, Res][] = [
      ['health', await call(t.http.get('/api/v1/health'))],
      ['openapi', await call(t.http.get('/api/v1/openapi.json'))],
      ['404 route', await call(t.http.get('/api/v1/no-such-route'))],
      ['401', await call(t.http.get('/api/v1/me'))],
      ['403', await call(t.http.post('/api/v1/staff/invites').set(s.auth).send({ name: '张三', role: 'inspector', region: '450203' }))],
      ['400', await call(t.http.get('/api/v1/workshops/not-an-id'))],
      ['405', await call(t.http.delete('/api/v1/health'))],
      ['415', await call(t.http.post('/api/v1/auth/wechat').type('form').send('code=abc'))],
      ['400 JSON', await call(t.http.post('/api/v1/auth/wechat').set('Content-Type', 'application/json').send('{"code":'))],
      ['431', await call(t.http.get(`/api/v1/workshops?q=${'a'.repeat(32 * 1024)}`))],
    ];
    for (const [what, res] of answers) {
      const headers = Object.entries(res.headers).map(([k, v]) => `${k}: ${v}`).join('\n');
      expect({ what, poweredBy: res.headers['x-powered-by'], server: res.headers.server, version: headers.match(VERSION)?.[0] }).toEqual({ what, poweredBy: undefined, server: undefined, version: undefined });
      if (res.status >= 400) {
        const body = JSON.stringify(res.body);
        expect({ what, status: res.status, chinese: CHINESE.test(res.body.error?.message ?? ''), leak: body.match(VERSION)?.[0] ?? body.match(/node_modules|\bat \w+ \(|stack/)?.[0] })
          .toEqual({ what, status: res.status, chinese: true, leak: undefined });
      }
    }
    expect(answers.map(([w, r]) => `${w} ${r.status}`)).toEqual(['health 200', 'openapi 200', '404 route 404', '401 401', '403 403', '400 400', '405 405', '415 415', '400 JSON 400', '431 431']);
  });

  it('CORS answers only the configured origin, for requests and preflights', async () => {
    const get = (origin: string) => call(t.http.get('/api/v1/meta').set('Origin', origin));
    const preflight = (origin: string) => call(t.http.options('/api/v1/tipoffs').set('Origin', origin)
      .set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'authorization,content-type'));

    const ok = await get(H5);
    expect(ok.headers['access-control-allow-origin']).toBe(H5);
    expect(ok.headers['access-control-allow-credentials']).toBeUndefined();
    const okPre = await preflight(H5);
    expect(okPre.headers['access-control-allow-origin']).toBe(H5);
    expect(okPre.headers['access-control-allow-methods']).toMatch(/POST/);

    for (const origin of ['https://evil.example', 'https://h5.example.gov.cn.evil.example', 'http://h5.example.gov.cn', 'null']) {
      const res = await get(origin);
      expect(res.status).toBe(200); // the answer itself; the browser withholds it from that page
      const pre = await preflight(origin);
      expect({ origin, get: res.headers['access-control-allow-origin'], preflight: pre.headers['access-control-allow-origin'], methods: pre.headers['access-control-allow-methods'] })
        .toEqual({ origin, get: undefined, preflight: undefined, methods: undefined });
    }
  });
});
