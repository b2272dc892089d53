// The H5 portal in headless Chromium against the real server (startStack: server + database + seed,
// serving miniprogram/dist/h5 at /). Run after `npm run build:h5`.
import type { Page } from 'playwright-core';
import { ROLE_LABELS, type Role } from '@shared/domain/roles';
import { browserOrSkip, button, expectAccessible, launch, screenshot, settle, shown, watchConsoleErrors, watchErrors, type Browser } from './browser';
import { startStack, type Stack } from '../support/stack';

const DEMO_ROLES: Role[] = ['citizen', 'owner', 'trainer', 'inspector', 'admin'];
const STAFF: Role[] = ['trainer', 'inspector', 'admin'];

const executablePath = browserOrSkip();
const suite = executablePath ? describe : describe.skip;

suite('H5 portal (dev login enabled)', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    stack = await startStack({ devLogin: true });
    browser = await launch(executablePath!);
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    errors = watchErrors(page);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  test('opening / shows the portal home with its service entries', async () => {
    await page.goto(stack.baseUrl + '/');
    await shown(page, '.home__hero-title').waitFor();
    for (const entry of ['登记申请', '培训报名', '非遗与品牌', '举报黑作坊', '信用查询', '监管工作台']) {
      expect(await shown(page, `.service-grid__title:text-is("${entry}")`).count()).toBe(1);
    }
    await settle(page);
    await expectAccessible(page, 'home');
    await screenshot(page, 'home');
  }, 60_000);

  test('deep links work (history mode) for tabs and subpackages', async () => {
    const checks: Array<[string, string]> = [
      ['/pages/report/index', '有奖举报'],
      ['/pages/search/index', '查作坊信用'],
      ['/packages/registration/index/index', '一次不跑'],
      ['/packages/tipoff/index/index', '回执码'],
    ];
    for (const [path, text] of checks) {
      await page.goto(stack.baseUrl + path);
      await shown(page, `text=${text}`).first().waitFor();
      await settle(page);
      await expectAccessible(page, path);
    }
  }, 90_000);

  test('an unknown address shows the 404 page, whose 返回首页 leads home', async () => {
    const consoleErrors = watchConsoleErrors(page);
    // A main-package path and a subpackage path that do not exist (history mode: the path is the page).
    for (const path of ['/pages/nope/index', '/packages/credit/nope/index']) {
      await page.goto(stack.baseUrl + path);
      await page.waitForURL('**/pages/not-found/index?path=*');
      await shown(page, '[role=alert]:text-is("页面不存在")').waitFor();
      await shown(page, `text=访问的地址：${path}`).waitFor();
      await expectAccessible(page, `404 (${path})`);
    }
    await screenshot(page, 'not-found');

    await button(page, '返回首页').click();
    await page.waitForURL((url) => url.pathname === '/' || url.pathname === '/pages/home/index');
    await shown(page, '.home__hero-title').waitFor();
    // The 404 page leaves the stack (after its exit transition) rather than staying behind home.
    await page.locator('[role=alert]:text-is("页面不存在")').waitFor({ state: 'detached' });
    expect(consoleErrors).toEqual([]);
  }, 90_000);

  for (const role of DEMO_ROLES) {
    test(`dev login as ${role} shows ${ROLE_LABELS[role]} on 我的`, async () => {
      await page.goto(stack.baseUrl + '/pages/mine/index');
      await page.evaluate(() => localStorage.clear());
      await page.reload();
      await shown(page, '[role=button]:has-text("登录")').first().click();
      await page.waitForURL('**/pages/login/index');
      await shown(page, `[data-role=${role}]`).waitFor();
      await settle(page);
      await expectAccessible(page, 'login');

      await shown(page, `[data-role=${role}]`).click();
      await page.waitForURL('**/pages/mine/index');
      await shown(page, '.mine__name').waitFor();
      const roles = await shown(page, '.mine__role').allInnerTexts();
      expect(roles).toContain(ROLE_LABELS[role]);
      // 监管工作台 only for staff roles.
      const workbench = await shown(page, '[role=link]:has-text("监管工作台")').count();
      expect(workbench).toBe(STAFF.includes(role) ? 1 : 0);
      await settle(page);
      await expectAccessible(page, `mine (${role})`);

      await shown(page, '[role=button]:has-text("退出登录")').click();
      await shown(page, 'text=您还未登录').waitFor();
    }, 60_000);
  }

  test('large-text mode grows type ≥ 1.25× and survives a reload', async () => {
    await page.goto(stack.baseUrl + '/pages/mine/index');
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await shown(page, '[role=button]:has-text("登录")').first().click();
    await page.waitForURL('**/pages/login/index');
    await shown(page, '[data-role=owner]').waitFor();
    await settle(page);
    await shown(page, '[data-role=owner]').click();
    await page.waitForURL('**/pages/mine/index');
    await shown(page, '.mine__name').waitFor();
    await settle(page);
    await screenshot(page, 'mine');

    const fontSize = (selector: string) =>
      shown(page, selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const selectors = ['.mine__name', '.mine__role', '.list-row__desc', '.list-row__main .taro-text'];
    const before = await Promise.all(selectors.map(fontSize));

    const toggle = shown(page, '[role=switch]:has-text("大字模式")');
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    const after = await Promise.all(selectors.map(fontSize));
    const ratios = selectors.map((s, i) => ({ s, before: before[i], after: after[i], ratio: +(after[i] / before[i]).toFixed(3) }));
    console.log('large-text font sizes', ratios);
    expect(ratios.filter((r) => r.ratio < 1.25)).toEqual([]);
    await settle(page);
    await expectAccessible(page, 'mine (large text)');
    await screenshot(page, 'mine-large');

    // Persisted in storage: still large after a reload and on other pages.
    await page.reload();
    await shown(page, '.mine__name').waitFor();
    expect(await fontSize('.mine__name')).toBeCloseTo(after[0], 1);
    await page.goto(stack.baseUrl + '/');
    await shown(page, '.page--large').first().waitFor();
    await settle(page);
    await expectAccessible(page, 'home (large text)');
    await screenshot(page, 'home-large');

    // Back to normal for whoever runs next.
    await page.goto(stack.baseUrl + '/pages/mine/index');
    await shown(page, '[role=switch]:has-text("大字模式")').click();
    expect(await fontSize('.mine__name')).toBeCloseTo(before[0], 1);
  }, 90_000);
});

suite('H5 portal (public mode, no dev login)', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack({ devLogin: false });
    browser = await launch(executablePath!);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('the login page offers the web sign-in methods and no demo role choice', async () => {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const errors = watchErrors(page);
    await page.goto(stack.baseUrl + '/pages/login/index');
    for (const m of ['sms', 'wechat', 'staff']) await shown(page, `[data-method=${m}]`).waitFor();
    expect(await page.locator('[data-role]').count()).toBe(0);
    await settle(page);
    await expectAccessible(page, 'login (public mode)');
    expect(errors).toEqual([]);
  }, 60_000);
});
