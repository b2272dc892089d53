// Headless Chromium for the H5 browser tests: find the Debian browser, launch it with a throwaway
// profile, and run axe-core in the page.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

// Quiet, reproducible runs: no network chatter to Google, no QUIC, no first-run UI.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-output', 'screenshots');

export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fs.existsSync(fromEnv) ? fromEnv : null;
  return CANDIDATES.find((p) => fs.existsSync(p)) ?? null;
}

/**
 * Resolves the browser or decides to skip: with REQUIRE_BROWSER=1 a missing browser is a failure,
 * otherwise the suite is skipped with a loud warning (developer machines without Chromium).
 */
export function browserOrSkip(): string | null {
  const exe = findChromium();
  if (exe) return exe;
  const msg =
    `No Chromium found (CHROMIUM_PATH=${process.env.CHROMIUM_PATH ?? ''}, tried ${CANDIDATES.join(', ')}). ` +
    'Install it with `apt-get install -y chromium` or set CHROMIUM_PATH.';
  if (process.env.REQUIRE_BROWSER === '1') throw new Error(`REQUIRE_BROWSER=1 but ${msg}`);
  console.warn(`\n\n!!!!! BROWSER TESTS SKIPPED !!!!!\n${msg}\n\n`);
  return null;
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launch(executablePath: string, viewport = { width: 390, height: 844 }): Promise<Browser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xzf-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: FLAGS,
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Collects uncaught page errors so a test can assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/**
 * Collects console errors (a failed request logs one too) so a test can assert a page loaded cleanly.
 * Not for pages that are meant to meet a 4xx, such as verifying an unknown certificate number.
 */
export function watchConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const url = m.location().url;
    // The H5 build ships no favicon, so Chromium's own /favicon.ico request is a 404 on every first load.
    if (url && new URL(url).pathname === '/favicon.ico') return;
    errors.push(`${m.text()} (${url})`);
  });
  return errors;
}

let axeSource: string | null = null;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; html: string }>;
}

/** Runs axe-core on the current page and returns the serious and critical violations. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  // Evaluated through the DevTools protocol: the portal's CSP (rightly) refuses an injected inline <script>.
  if (!loaded) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const res = await axe.run(document, { resultTypes: ['violations'] });
    return res.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, html: n.html.slice(0, 200) })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function describeViolations(where: string, violations: AxeViolation[]): string {
  return violations
    .map((v) => `${where}: [${v.impact}] ${v.id} – ${v.help}\n  ${v.nodes.map((n) => n.html).join('\n  ')}`)
    .join('\n');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Taro keeps earlier pages of the stack in the DOM, hidden: only look at what is on screen. */
export const shown = (page: Page, selector: string) => page.locator(selector).filter({ visible: true });

/** Page transitions animate for ~300 ms; screenshots and measurements wait for them. */
export const settle = (page: Page) => page.waitForTimeout(800);

/** A control by its exact visible text (ActionButton renders role=button). */
export const button = (page: Page, text: string) => shown(page, `[role=button]:text-is("${text}")`);

/** Fails with a readable list when axe finds a serious or critical violation on the page as shown. */
export async function expectAccessible(page: Page, where: string) {
  // A fading toast would be measured mid-animation: wait until it is gone.
  await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLElement>('.taro__toast')).every((el) => {
    const cs = getComputedStyle(el);
    return cs.display === 'none' || cs.visibility === 'hidden' || cs.opacity === '0';
  }), undefined, { timeout: 5000 }).catch(() => undefined);
  await settle(page);
  const violations = await seriousA11yViolations(page);
  if (violations.length) throw new Error(describeViolations(where, violations));
}

/** Signs in through the H5 demo login page as a demo role, from a clean device. */
export async function loginAsDemo(page: Page, baseUrl: string, role: 'citizen' | 'owner' | 'trainer' | 'inspector' | 'admin') {
  await page.goto(baseUrl + '/pages/mine/index');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await shown(page, '[role=button]:has-text("登录")').first().click();
  await page.waitForURL('**/pages/login/index');
  await shown(page, `[data-role=${role}]`).click();
  await page.waitForURL('**/pages/mine/index');
  await shown(page, '.mine__name').waitFor();
}

/**
 * Signs a browser in as the user of a session the API gave (token and user, as POST /auth/dev answers), the
 * way the app keeps it (Taro's storage: {"data": value} under the app's keys), then reloads.
 */
export async function signInWith(page: Page, baseUrl: string, session: { token: string; user: unknown }) {
  await page.goto(baseUrl + '/pages/mine/index');
  await page.evaluate((s) => {
    localStorage.clear();
    localStorage.setItem('xzf.token', JSON.stringify({ data: s.token }));
    localStorage.setItem('xzf.user', JSON.stringify({ data: s.user }));
  }, session);
  await page.reload();
  await shown(page, '.mine__name').waitFor();
}

/** A JSON call to the stack's API (set-up steps a browser test does not click through). */
export function apiCall(baseUrl: string) {
  return (method: string, path: string, body?: unknown, token?: string) =>
    fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: await r.json() }));
}

/** The session token the portal keeps in localStorage (a JWT), or null when signed out. */
export function sessionToken(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const m = /eyJ[\w-]+\.[\w-]+\.[\w-]+/.exec(localStorage.getItem(localStorage.key(i)!) ?? '');
      if (m) return m[0];
    }
    return null;
  });
}
