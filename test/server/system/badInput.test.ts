// Malformed, mistyped, oversized and injected input: each gets its 4xx code and a Chinese message,
// nothing is written, and the server keeps serving.
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs, type LoggedIn } from '../../support/factories';
import { StaffInviteModel } from '../../../server/src/models/StaffInvite';
import { UserModel } from '../../../server/src/models/User';

let t: TestApp;
let admin: LoggedIn;
beforeAll(async () => {
  t = await createTestApp({ BODY_LIMIT_KB: '4' });
  admin = await loginAs(t, 'admin', { region: '4502' });
});
afterAll(async () => { await t.close(); });

const invite = (body: unknown, raw = false) => {
  const req = t.http.post('/api/v1/staff/invites').set(admin.auth);
  return raw ? req.set('Content-Type', 'application/json').send(body as string) : req.send(body as object);
};

it('400 request.malformed_json for broken JSON', async () => {
  const res = await invite('{"name": "张三", ', true);
  expect(res.status).toBe(400);
  expect(res.body.error).toMatchObject({ code: 'request.malformed_json', message: '请求格式错误' });
});

it('400 naming the field for a wrong type', async () => {
  const res = await invite({ name: 12, role: 'inspector', region: '450203' });
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('request.invalid');
  expect(res.body.error.message).toMatch(/^name：/);
  expect(res.body.error.details[0]).toMatchObject({ path: 'body.name' });
});

it('400 for unknown fields (no mass assignment)', async () => {
  const res = await invite({ name: '张三', role: 'inspector', region: '450203', roles: ['admin'] });
  expect(res.status).toBe(400);
  expect(res.body.error.details[0].code).toBe('unrecognized_keys');
});

it('400 for an operator object where a string is expected, in body and query', async () => {
  const res = await invite({ name: { $ne: null }, role: 'inspector', region: '450203' });
  expect(res.status).toBe(400);
  const q = await t.http.get('/api/v1/regions').query('parent[$ne]=1');
  expect(q.status).toBe(400);
  const redeem = await t.http.post('/api/v1/auth/redeem-invite').set(admin.auth).send({ code: { $gt: '' } });
  expect(redeem.status).toBe(400);
});

it('413 for a body over the limit', async () => {
  const res = await invite({ name: '张'.repeat(5000), role: 'inspector', region: '450203' });
  expect(res.status).toBe(413);
  expect(res.body.error).toMatchObject({ code: 'request.too_large', message: '提交的内容过大' });
});

it('400 for a malformed id in a path, never a database error', async () => {
  const res = await t.http.get('/api/v1/regions?parent=abc');
  expect(res.status).toBe(400);
  expect(JSON.stringify(res.body)).not.toMatch(/mongo|Cast|stack|at /i);
});

it('wrote nothing for any of the above and still serves', async () => {
  expect(await StaffInviteModel.countDocuments({})).toBe(0);
  expect(await UserModel.countDocuments({})).toBe(1);
  expect((await t.http.get('/api/v1/health')).status).toBe(200);
});
