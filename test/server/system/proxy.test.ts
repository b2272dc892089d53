// Per-IP limits behind a reverse proxy (TRUSTED_PROXY_COUNT=1), as deployed (NODE_ENV=production): the client
// is the address the proxy appended on the right of X-Forwarded-For. A client that rotates the left-most,
// self-written entry is still one client; two clients behind the same proxy are two.
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { createTestApp, type TestApp } from '../../support/app';
import { TipoffModel } from '../../../server/src/models/Tipoff';
import { StoredFileModel } from '../../../server/src/models/StoredFile';
import { report } from '../tipoff/support';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    NODE_ENV: 'production',
    SESSION_SECRET: randomBytes(24).toString('hex'),
    DATA_KEY: randomBytes(32).toString('hex'),
    DEV_LOGIN: '0',
    TRUSTED_PROXY_COUNT: '1',
    RATE_LIMIT_IP_PER_MIN: '5',
    TIPOFF_SUBMITS_PER_HOUR: '2',
    TIPOFF_UPLOADS_PER_HOUR: '2',
  });
});
afterAll(async () => { await t.close(); });

let n = 0;
/** What the proxy forwards: whatever the client wrote, then the client's real address. */
const forwarded = (client: string) => `10.${++n % 250}.${(n * 7) % 250}.9, 198.51.100.${n % 250}, ${client}`;

it('request limit: rotating a spoofed left-most X-Forwarded-For does not get round it', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 7; i++) statuses.push((await t.http.get('/api/v1/health').set('X-Forwarded-For', forwarded('203.0.113.10'))).status);
  expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
  // Another client behind the same proxy has its own budget (the header is read, from the right).
  expect((await t.http.get('/api/v1/health').set('X-Forwarded-For', forwarded('203.0.113.11'))).status).toBe(200);
  // A request that did not come through the proxy is its socket address.
  expect((await t.http.get('/api/v1/health')).status).toBe(200);
});

it('anonymous evidence uploads: limited per real client whatever the left-most entry says', async () => {
  const jpeg = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#336699' } }).jpeg().toBuffer();
  const up = (client: string) => t.http.post('/api/v1/files').set('X-Forwarded-For', forwarded(client))
    .field('purpose', 'tipoff').attach('file', jpeg, { filename: 'a.jpg', contentType: 'image/jpeg' });
  const statuses = [(await up('203.0.113.20')).status, (await up('203.0.113.20')).status, (await up('203.0.113.20')).status];
  expect(statuses).toEqual([201, 201, 429]);
  expect(await StoredFileModel.countDocuments()).toBe(2);
  expect((await up('203.0.113.21')).status).toBe(201);
});

it('tip-off submissions: limited per real client whatever the left-most entry says', async () => {
  // A new device id each time: only the address can hold the sender back.
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await t.http.post('/api/v1/tipoffs').set('X-Forwarded-For', forwarded('203.0.113.30')).set('X-Device-Id', `dev-a-${i}`)
      .send(report({ location: { lat: 24 + i * 0.01, lng: 109 }, description: `代理测试 ${i}` }));
    statuses.push(res.status);
  }
  expect(statuses).toEqual([201, 201, 429]);
  expect(await TipoffModel.countDocuments()).toBe(2);
  const other = await t.http.post('/api/v1/tipoffs').set('X-Forwarded-For', forwarded('203.0.113.31')).set('X-Device-Id', 'dev-b-1')
    .send(report({ location: { lat: 25, lng: 109 }, description: '另一位举报人' }));
  expect(other.status).toBe(201);
});
