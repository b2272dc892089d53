import { createTestApp, type TestApp } from '../../support/app';
import { loginAs } from '../../support/factories';

let t: TestApp;
beforeAll(async () => { t = await createTestApp({ RATE_LIMIT_IP_PER_MIN: '8', RATE_LIMIT_USER_PER_MIN: '3' }); });
afterAll(async () => { await t.close(); });

it('429 with Retry-After per user, then per IP, with a Chinese message', async () => {
  const u = await loginAs(t, 'citizen'); // request 1 from this IP
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) statuses.push((await t.http.get('/api/v1/me').set(u.auth)).status);
  expect(statuses).toEqual([200, 200, 200, 429]);

  let last = await t.http.get('/api/v1/health');
  for (let i = 0; i < 5 && last.status !== 429; i++) last = await t.http.get('/api/v1/health');
  expect(last.status).toBe(429);
  expect(last.body.error).toMatchObject({ code: 'rate.limited', message: '操作过于频繁，请稍后再试' });
  expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
});

it('ignores X-Forwarded-For without TRUSTED_PROXY_COUNT: a forged header is not a new client', async () => {
  for (const xff of ['203.0.113.1', '198.51.100.2, 203.0.113.3']) {
    expect((await t.http.get('/api/v1/health').set('X-Forwarded-For', xff)).status).toBe(429);
  }
});
