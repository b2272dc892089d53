// Abuse limits: submissions per IP / device / user, anonymous evidence uploads per IP.
import sharp from 'sharp';
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs } from '../../support/factories';
import { TipoffModel } from '../../../server/src/models/Tipoff';
import { report, submit } from './support';

let t: TestApp;
beforeAll(async () => { t = await createTestApp({ TIPOFF_SUBMITS_PER_HOUR: '2', TIPOFF_UPLOADS_PER_HOUR: '2' }); });
afterAll(async () => { await t.close(); });

it('answers 429 with Retry-After once a sender passes the hourly submission limit', async () => {
  const body = (i: number) => report({ location: { lat: 24 + i * 0.01, lng: 109 }, description: `限流测试 ${i}` });
  expect((await submit(t, body(1))).status).toBe(201);
  expect((await submit(t, body(2))).status).toBe(201);
  const third = await submit(t, body(3));
  expect(third.status).toBe(429);
  expect(third.body.error.code).toBe('rate.limited');
  expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
  expect(await TipoffModel.countDocuments()).toBe(2);
  // A logged-in user is counted too (here the IP is already spent as well).
  const me = await loginAs(t, 'citizen');
  expect((await submit(t, body(4), me)).status).toBe(429);
});

it('limits anonymous evidence uploads per IP, before reading the body', async () => {
  const jpeg = await sharp({ create: { width: 20, height: 20, channels: 3, background: { r: 1, g: 2, b: 3 } } }).jpeg().toBuffer();
  const up = () => t.http.post('/api/v1/files').field('purpose', 'tipoff').attach('file', jpeg, { filename: 'a.jpg', contentType: 'image/jpeg' });
  expect((await up()).status).toBe(201);
  expect((await up()).status).toBe(201);
  expect((await up()).status).toBe(429);
  // A logged-in uploader is not held by the anonymous limit.
  const me = await loginAs(t, 'citizen', { name: '登录上传' });
  expect((await up().set(me.auth)).status).toBe(201);
});
