// Headers and modes as deployed (NODE_ENV=production): the portal's CSP allows no inline script except the
// entry page's own, by a nonce new on every response; the demo login cannot be switched on in production.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../server/src/config';
import { createTestApp, type TestApp } from '../../support/app';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const secrets = () => ({ SESSION_SECRET: randomBytes(24).toString('hex'), DATA_KEY: randomBytes(32).toString('hex') });

// A stand-in for the H5 build: an inline script (as HTML templates carry) and a hashed bundle.
const INLINE = 'window.__BOOT__ = { at: Date.now() };';
const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'xzf-h5-'));
fs.mkdirSync(path.join(dist, 'js'));
fs.writeFileSync(path.join(dist, 'index.html'), `<!doctype html><html><head><script>${INLINE}</script><script defer src="/js/app.1a2b3c4d.js"></script></head><body><div id="app"></div></body></html>`);
fs.writeFileSync(path.join(dist, 'js', 'app.1a2b3c4d.js'), 'console.log(1);');

let t: TestApp;
beforeAll(async () => { t = await createTestApp({ NODE_ENV: 'production', DEV_LOGIN: '0', H5_DIST: dist, ...secrets() }); });
afterAll(async () => {
  await t.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

/** The script-src directive of a response's Content-Security-Policy, as a list of sources. */
function scriptSrc(res: { headers: Record<string, string> }): string[] {
  const csp = res.headers['content-security-policy'];
  expect(csp).toBeDefined();
  const directive = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src '));
  return directive!.split(/\s+/).slice(1);
}

describe('Content-Security-Policy', () => {
  it('serves the portal entry with a fresh nonce on each of its scripts, and no unsafe-inline', async () => {
    const nonces = new Set<string>();
    for (const url of ['/', '/index.html', '/pages/mine/index', '/packages/credit/workshop/index']) {
      const res = await t.http.get(url);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-store');
      const src = scriptSrc(res);
      expect(src).not.toContain("'unsafe-inline'");
      expect(src).toContain("'self'");
      const nonce = src.find((s) => s.startsWith("'nonce-"))!.slice(7, -1);
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{24}$/);
      nonces.add(nonce);
      const scripts = res.text.match(/<script\b[^>]*>/g)!;
      expect(scripts).toHaveLength(2);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
      expect(res.text).toContain(`>${INLINE}</script>`);
    }
    expect(nonces.size).toBe(4);
  });

  it('allows no inline script at all on API answers and assets', async () => {
    for (const url of ['/api/v1/health', '/api/v1/meta', '/js/app.1a2b3c4d.js']) {
      const res = await t.http.get(url).buffer(true);
      expect(res.status).toBe(200);
      expect(scriptSrc(res).filter((s) => s !== "'self'").every((s) => s.startsWith("'nonce-"))).toBe(true);
      expect(scriptSrc(res)).not.toContain("'unsafe-inline'");
    }
    expect(scriptSrc(await t.http.get('/api/v1/health'))).toEqual(["'self'"]);
  });
});

describe('DEV_LOGIN in production', () => {
  it('/meta does not advertise a demo login, and there is none', async () => {
    expect((await t.http.get('/api/v1/meta')).body.devLogin).toBe(false);
    expect((await t.http.post('/api/v1/auth/dev').send({ role: 'admin', region: '45' })).status).toBe(404);
  });

  it('the configuration refuses it with a clear message', () => {
    expect(() => loadConfig({}, { NODE_ENV: 'production', DEV_LOGIN: '1', ...secrets() })).toThrow(/DEV_LOGIN must be off with NODE_ENV=production/);
    expect(() => loadConfig({}, { NODE_ENV: 'production', DEV_LOGIN: 'true', ...secrets() })).toThrow(/DEV_LOGIN/);
    expect(loadConfig({}, { NODE_ENV: 'production', DEV_LOGIN: '0', ...secrets() }).devLogin).toBe(false);
  });

  it('the server process exits at start with that message', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/index.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH, NODE_ENV: 'production', DEV_LOGIN: '1', ...secrets(),
        MONGODB_URI: process.env.TEST_MONGODB_URI, DB_NAME: 'never_used', PORT: '0', HOST: '127.0.0.1', JOBS: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(null); }, 20_000); // it started: a failure
      child.once('exit', (c) => { clearTimeout(timer); resolve(c); });
    });
    expect(code).toBe(1);
    expect(output).toContain('DEV_LOGIN must be off with NODE_ENV=production');
  }, 30_000);
});
