// Issue 15 point 11: nothing large travels uncompressed. API JSON is compressed per response (brotli, else
// gzip) when the client accepts it; the portal's assets go out as the build precompressed them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp, type TestApp } from '../../support/app';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { precompress } = require('../../../miniprogram/scripts/build.js') as { precompress: (dir: string) => { files: number; raw: number; br: number; gz: number } };

let t: TestApp;
let dist: string;
const script = `/* portal */\n${Array.from({ length: 400 }, (_, i) => `export const label${i} = "食品小作坊服务 ${i}";`).join('\n')}\n`;

beforeAll(async () => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'xzf-h5-'));
  fs.mkdirSync(path.join(dist, 'js'));
  fs.writeFileSync(path.join(dist, 'index.html'), `<!doctype html><html><head><script src="/js/app.1a2b3c4d.js"></script></head><body>${'<div>小作坊</div>'.repeat(200)}</body></html>`);
  fs.writeFileSync(path.join(dist, 'js', 'app.1a2b3c4d.js'), script);
  fs.writeFileSync(path.join(dist, 'js', 'tiny.js'), 'export {};\n');
  t = await createTestApp({ H5_DIST: dist });
  server = http.createServer(t.app.callback()).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await t.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

/** The bytes as sent (node:http, which decodes nothing), with the response headers. */
let base = '';
let server: http.Server;
function raw(p: string, acceptEncoding: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(`${base}${p}`, { headers: { 'Accept-Encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

describe('build: precompressed assets', () => {
  it('writes .br and .gz beside each text asset of 1 KB or more, each decoding to the original; small files are left alone', () => {
    const totals = precompress(dist);
    expect(totals.files).toBe(1);
    const file = path.join(dist, 'js', 'app.1a2b3c4d.js');
    expect(zlib.brotliDecompressSync(fs.readFileSync(`${file}.br`)).toString()).toBe(script);
    expect(zlib.gunzipSync(fs.readFileSync(`${file}.gz`)).toString()).toBe(script);
    expect(totals.br).toBeLessThan(totals.raw / 4);
    expect(fs.existsSync(path.join(dist, 'js', 'tiny.js.br'))).toBe(false);
    expect(fs.existsSync(path.join(dist, 'index.html.br'))).toBe(false);
  });
});

describe('serving', () => {
  it('an asset goes out precompressed as the browser accepts: brotli, else gzip, else as it is', async () => {
    const file = path.join(dist, 'js', 'app.1a2b3c4d.js');
    const br = await raw('/js/app.1a2b3c4d.js', 'gzip, deflate, br');
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Buffer.compare(br.body, fs.readFileSync(`${file}.br`))).toBe(0);
    const gz = await raw('/js/app.1a2b3c4d.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).toString()).toBe(script);
    const plain = await raw('/js/app.1a2b3c4d.js', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
  });

  it('the portal page and API JSON are compressed per response, with Vary: Accept-Encoding; small answers are not', async () => {
    const page = await raw('/pages/home/index', 'br');
    expect(page.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(page.body).toString()).toContain('<script nonce=');

    const api = await raw('/api/v1/regions', 'gzip, br');
    expect(api.status).toBe(200);
    expect(api.headers['content-encoding']).toBe('br');
    expect(api.headers.vary).toMatch(/Accept-Encoding/i);
    const decoded = JSON.parse(zlib.brotliDecompressSync(api.body).toString());
    const plain = await raw('/api/v1/regions', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(decoded).toEqual(JSON.parse(plain.body.toString()));
    expect(api.body.length).toBeLessThan(plain.body.length / 2);

    const small = await raw('/api/v1/health', 'br');
    expect(small.headers['content-encoding']).toBeUndefined();
  });
});
