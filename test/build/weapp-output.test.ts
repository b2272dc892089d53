// Checks of the mini-program build output (run after `npm run build:weapp`): package layout and sizes
// against WeChat's limits, and no eval in the shipped JS.
import fs from 'node:fs';
import path from 'node:path';

// WEAPP_DIST: a build made elsewhere (TARO_OUT_DIR), as for test/e2e/weapp-smoke.test.ts.
const WEAPP = process.env.WEAPP_DIST
  ? path.resolve(process.env.WEAPP_DIST)
  : path.resolve(__dirname, '..', '..', 'miniprogram', 'dist', 'weapp');
const MB = 1024 * 1024;
const TABS = ['pages/home/index', 'pages/search/index', 'pages/report/index', 'pages/mine/index'];
const SUBPACKAGES = ['registration', 'training', 'programs', 'tipoff', 'credit', 'staff', 'messages'].map((n) => `packages/${n}`);

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : [p];
  });
}
const size = (list: string[]) => list.reduce((n, f) => n + fs.statSync(f).size, 0);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const built = fs.existsSync(path.join(WEAPP, 'app.json'));
if (!built) throw new Error(`${WEAPP}/app.json missing: run \`npm run build:weapp\` before these tests`);

interface AppJson {
  pages: string[];
  subPackages?: Array<{ root: string; pages: string[] }>;
  subpackages?: Array<{ root: string; pages: string[] }>;
  tabBar?: { list: Array<{ pagePath: string; text: string; iconPath?: string }> };
}
const app: AppJson = JSON.parse(fs.readFileSync(path.join(WEAPP, 'app.json'), 'utf8'));
const subs = app.subPackages ?? app.subpackages ?? [];

test('tab pages are in the main package and every domain is a subpackage', () => {
  expect(app.pages).toEqual(expect.arrayContaining(TABS));
  expect(app.tabBar?.list.map((t) => t.pagePath)).toEqual(TABS);
  expect(app.tabBar?.list.map((t) => t.text)).toEqual(['首页', '查询', '举报', '我的']);
  expect(subs.map((s) => s.root)).toEqual(SUBPACKAGES);
  for (const s of subs) {
    for (const p of s.pages) expect(fs.existsSync(path.join(WEAPP, s.root, `${p}.js`))).toBe(true);
  }
  // No page of the main package may live under a subpackage root.
  expect(app.pages.filter((p) => SUBPACKAGES.some((root) => p.startsWith(root)))).toEqual([]);
  for (const t of app.tabBar?.list ?? []) if (t.iconPath) expect(fs.existsSync(path.join(WEAPP, t.iconPath))).toBe(true);
});

test('main package ≤ 1 MB and each subpackage ≤ 2 MB', () => {
  const all = files(WEAPP);
  const inSub = (f: string) => SUBPACKAGES.some((root) => f.startsWith(path.join(WEAPP, root) + path.sep));
  const main = size(all.filter((f) => !inSub(f)));
  const report: Record<string, string> = { main: kb(main) };
  for (const root of SUBPACKAGES) report[root] = kb(size(all.filter((f) => f.startsWith(path.join(WEAPP, root) + path.sep))));
  report.total = kb(size(all));
  console.log('weapp package sizes', report);

  expect(main).toBeLessThanOrEqual(1 * MB);
  for (const root of SUBPACKAGES) {
    const s = size(all.filter((f) => f.startsWith(path.join(WEAPP, root) + path.sep)));
    expect({ root, size: s, ok: s <= 2 * MB }).toEqual({ root, size: s, ok: true });
  }
});

test('no eval( in the shipped JS (WeChat rejects it)', () => {
  const offenders = files(WEAPP)
    .filter((f) => f.endsWith('.js'))
    .filter((f) => /(^|[^\w$.])eval\s*\(/.test(fs.readFileSync(f, 'utf8')))
    .map((f) => path.relative(WEAPP, f));
  expect(offenders).toEqual([]);
});

test('no ES2020 syntax in the shipped JS (code outside src/ must be in compile.include)', () => {
  // Older WeChat base libraries reject ?. and ??; they reach the output when a dependency is not
  // transpiled (e.g. zod without compile.include, or a .cjs file, which Taro's script rule skips).
  const offenders = files(WEAPP)
    .filter((f) => f.endsWith('.js'))
    .flatMap((f) => {
      const m = fs.readFileSync(f, 'utf8').match(/.{0,40}(\?\.[A-Za-z_$[(]|\?\?).{0,20}/);
      return m ? [`${path.relative(WEAPP, f)}: …${m[0]}…`] : [];
    });
  expect(offenders).toEqual([]);
});
