// Issue 15 point 12: a phone screenshot of every main page, in normal and in large text (长辈版), with axe
// run on each (0 serious or critical). Screenshots land in test-output/screenshots/screen-*.png.
import type { Page } from 'playwright-core';
import { browserOrSkip, launch, screenshot, watchErrors, type Browser, expectAccessible, loginAsDemo, apiCall, settle, signInWith } from './browser';
import { startStack, type Stack } from '../support/stack';

const executablePath = browserOrSkip();
const suite = executablePath ? describe : describe.skip;

/** Opens `url`, waits until it has loaded its data, then checks and shoots it in both text sizes. */
async function both(page: Page, baseUrl: string, name: string, url: string) {
  for (const large of [false, true]) {
    await page.evaluate((on) => localStorage.setItem('xzf.largeText', JSON.stringify({ data: on })), large);
    await page.goto(baseUrl + url, { waitUntil: 'networkidle' });
    await page.locator('.page').first().waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-status=loading], .empty-state--loading'), undefined, { timeout: 15_000 }).catch(() => undefined);
    await settle(page);
    if (large) expect(await page.locator('.page--large').count()).toBeGreaterThan(0);
    await expectAccessible(page, `${name}${large ? ' (large text)' : ''}`);
    await screenshot(page, `screen-${name}${large ? '-large' : ''}`);
  }
  await page.evaluate(() => localStorage.setItem('xzf.largeText', JSON.stringify({ data: false })));
}

suite('main pages in normal and large text', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let workshopId = '';

  beforeAll(async () => {
    stack = await startStack({ devLogin: true });
    const list = await apiCall(stack.baseUrl)('GET', '/workshops?page=1&pageSize=1');
    workshopId = list.body.data[0].id;
    browser = await launch(executablePath!);
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    errors = watchErrors(page);
    await page.goto(stack.baseUrl + '/pages/home/index');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  test('public pages', async () => {
    const pages: [string, string][] = [
      ['home', '/pages/home/index'], ['search', '/pages/search/index'], ['report', '/pages/report/index'], ['login', '/pages/login/index'],
      ['credit-file', `/packages/credit/workshop/index?id=${workshopId}`], ['black-list', '/packages/credit/black/index'], ['draws', '/packages/credit/draws/index'],
      ['training', '/packages/training/index/index'], ['tipoff-form', '/packages/tipoff/form/index'],
    ];
    for (const [name, url] of pages) await both(page, stack.baseUrl, name, url);
  }, 300_000);

  test("an owner's pages", async () => {
    await loginAsDemo(page, stack.baseUrl, 'owner');
    const pages: [string, string][] = [
      ['mine', '/pages/mine/index'], ['registration', '/packages/registration/index/index'], ['my-training', '/packages/training/mine/index'],
      ['my-supervision', '/packages/credit/mine/index'],
    ];
    for (const [name, url] of pages) await both(page, stack.baseUrl, name, url);
  }, 300_000);

  test("an inspector's pages", async () => {
    await signInWith(page, stack.baseUrl, (await apiCall(stack.baseUrl)('POST', '/auth/dev', { role: 'inspector', region: '450203' })).body);
    const pages: [string, string][] = [
      ['staff', '/packages/staff/index/index'], ['staff-registrations', '/packages/staff/registrations/index'], ['staff-tipoffs', '/packages/staff/tipoffs/index'],
      ['staff-tasks', '/packages/staff/tasks/index'],
    ];
    for (const [name, url] of pages) await both(page, stack.baseUrl, name, url);
  }, 300_000);

  test("an admin's pages", async () => {
    await signInWith(page, stack.baseUrl, (await apiCall(stack.baseUrl)('POST', '/auth/dev', { role: 'admin', region: '4502' })).body);
    const pages: [string, string][] = [['dashboard', '/packages/staff/dashboard/index'], ['staff-draws', '/packages/staff/draws/index'], ['tipoff-rewards', '/packages/staff/tipoff-rewards/index'],
      ['staff-negative-list', '/packages/staff/negative-list/index'], ['staff-accounts', '/packages/staff/accounts/index'],
      ['staff-calendar-readonly', '/packages/staff/calendar/index'], ['staff-audit', '/packages/staff/audit/index']];
    for (const [name, url] of pages) await both(page, stack.baseUrl, name, url);
    // The holiday calendar as its editors see it: a province-level admin.
    await signInWith(page, stack.baseUrl, (await apiCall(stack.baseUrl)('POST', '/auth/dev', { role: 'admin', region: '45' })).body);
    await both(page, stack.baseUrl, 'staff-calendar', '/packages/staff/calendar/index');
  }, 420_000);
});
