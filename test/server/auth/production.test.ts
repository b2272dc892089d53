// The app as deployed: no demo login, and WeChat credentials that WeChat refuses.
import { createTestApp, type TestApp } from '../../support/app';
import { UserModel } from '../../../server/src/models/User';

let t: TestApp;
beforeAll(async () => { t = await createTestApp({ DEV_LOGIN: '0', WECHAT_SECRET: 'wrong-secret' }); });
afterAll(async () => { await t.close(); });

it('has no demo login route without DEV_LOGIN, in the API or its document', async () => {
  const res = await t.http.post('/api/v1/auth/dev').send({ role: 'admin', region: '45' });
  expect(res.status).toBe(404);
  expect((await t.http.get('/api/v1/meta')).body.devLogin).toBe(false);
  const doc = (await t.http.get('/api/v1/openapi.json')).body;
  expect(doc.paths['/api/v1/auth/dev']).toBeUndefined();
  expect(await UserModel.countDocuments({})).toBe(0);
});

it('503 with a clear message when WeChat rejects our app credentials', async () => {
  const res = await t.http.post('/api/v1/auth/wechat').send({ code: t.wechat.issueCode('o-3') });
  expect(res.status).toBe(503);
  expect(res.body.error).toMatchObject({ code: 'auth.wechat_unavailable', message: '微信服务暂时不可用，请稍后再试' });
  expect(await UserModel.countDocuments({})).toBe(0);
});
