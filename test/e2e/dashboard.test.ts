// Issue 15 point 5 through the real H5 build: an admin opens the regional dashboard and sees charts drawn
// by ECharts (a canvas with pixels on it), the 12-month trend of the chosen indicator with its numbers in a
// table, and 示范单位 per county; on a 1280 px desktop the cards sit side by side. axe on both layouts.
import type { Page } from 'playwright-core';
import { apiCall, browserOrSkip, expectAccessible, launch, screenshot, shown, signInWith, watchErrors, type Browser } from './browser';
import { startStack, type Stack } from '../support/stack';

const executablePath = browserOrSkip();
const suite = executablePath ? describe : describe.skip;

/** Painted (non-transparent) pixels of the first canvas under `selector`. */
async function paintedPixels(page: Page, selector: string): Promise<number> {
  const canvas = shown(page, `${selector} canvas`).first();
  await canvas.waitFor();
  await page.waitForFunction((sel) => {
    const c = document.querySelector<HTMLCanvasElement>(`${sel} canvas`);
    return !!c && c.width > 0 && c.height > 0;
  }, selector);
  // ECharts draws on the next animation frames: poll until something is drawn (or give up with 0).
  for (let i = 0; i < 20; i++) {
    const n = await page.evaluate((sel) => {
      const c = document.querySelector<HTMLCanvasElement>(`${sel} canvas`)!;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let painted = 0;
      for (let p = 3; p < data.length; p += 4) if (data[p] > 0) painted += 1;
      return painted;
    }, selector);
    if (n > 500) return n;
    await page.waitForTimeout(250);
  }
  return 0;
}

suite('dashboard charts in H5', () => {
  let stack: Stack;
  let phone: Browser;
  let desktop: Browser;
  const errors: string[][] = [];
  let session: { token: string; user: unknown };

  beforeAll(async () => {
    stack = await startStack({ devLogin: true });
    session = (await apiCall(stack.baseUrl)('POST', '/auth/dev', { role: 'admin', region: '4502' })).body;
    [phone, desktop] = await Promise.all([launch(executablePath!), launch(executablePath!, { width: 1280, height: 900 })]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([phone?.close(), desktop?.close()]);
    await stack?.stop();
  });

  afterEach(() => {
    expect(errors.flat()).toEqual([]);
  });

  const open = async (b: Browser) => {
    const page = b.context.pages()[0] ?? (await b.context.newPage());
    errors.push(watchErrors(page));
    await signInWith(page, stack.baseUrl, session);
    await page.goto(stack.baseUrl + '/packages/staff/dashboard/index');
    await shown(page, '.section-title:has-text("年度指标")').waitFor();
    return page;
  };

  test('an admin sees the trend chart, its numbers and the awards per county on a phone', async () => {
    const page = await open(phone);
    expect(await paintedPixels(page, '[data-testid=trend-chart]')).toBeGreaterThan(500);
    expect(await paintedPixels(page, '[data-testid=volume-chart]')).toBeGreaterThan(500);
    expect(await paintedPixels(page, '[data-testid=awards-chart]')).toBeGreaterThan(500);
    // The trend of the chosen indicator, in words and as a table with the API's numbers.
    const trends = (await apiCall(stack.baseUrl)('GET', '/dashboard/trends', undefined, session.token)).body;
    const trendCard = shown(page, '[data-card=trend]');
    await trendCard.locator('text=年度检查覆盖率近 12 个月趋势').waitFor();
    await trendCard.locator('[role=button]:has-text("以表格查看逐月数据")').click();
    const rows = trendCard.locator('[role=table] [role=row]');
    await expect(rows.count()).resolves.toBe(13);
    const last = trends.series.inspectionCoverage[11];
    const lastCells = await rows.nth(12).locator('[role=cell], [role=rowheader]').allTextContents();
    expect(lastCells).toEqual([trends.months[11], last.value === null ? '—' : `${(last.value * 100).toFixed(1)}%`, `${last.numerator}/${last.denominator}`]);
    // Another indicator: the chart is drawn again and the words follow.
    await shown(page, '[role=radio]:text-is("抽检覆盖率")').click();
    await trendCard.locator('text=抽检覆盖率近 12 个月趋势').waitFor();
    expect(await paintedPixels(page, '[data-testid=trend-chart]')).toBeGreaterThan(500);
    // 示范单位 per county, every county of 柳州 in the table.
    const awards = shown(page, '[data-card=awards] [role=table]');
    await awards.locator('[role=rowheader]:text-is("鱼峰区")').waitFor();
    const counties = (await apiCall(stack.baseUrl)('GET', '/dashboard/awards', undefined, session.token)).body.counties;
    await expect(awards.locator('[role=row]').count()).resolves.toBe(counties.length + 1);
    await expectAccessible(page, 'dashboard with charts (phone)');
    await screenshot(page, 'dashboard-charts-phone');
  }, 120_000);

  test('on a 1280 px desktop the cards sit side by side and use the width', async () => {
    const page = await open(desktop);
    expect(await paintedPixels(page, '[data-testid=trend-chart]')).toBeGreaterThan(500);
    const box = async (sel: string) => (await shown(page, sel).boundingBox())!;
    const [kpis, trend, volume, pageBox] = await Promise.all([box('[data-card=kpis]'), box('[data-card=trend]'), box('[data-card=volume]'), box('.page.dash')]);
    expect(pageBox.width).toBeGreaterThan(1000);
    expect(Math.abs(kpis.y - trend.y)).toBeLessThan(2); // same row
    expect(trend.x).toBeGreaterThanOrEqual(kpis.x + kpis.width);
    expect(volume.y).toBeGreaterThan(kpis.y); // next row
    // The chart fills its card, not a phone's width.
    const chart = await box('[data-testid=trend-chart] canvas');
    expect(chart.width).toBeGreaterThan(400);
    await expectAccessible(page, 'dashboard with charts (desktop)');
    await screenshot(page, 'dashboard-charts-desktop');
  }, 120_000);
});
