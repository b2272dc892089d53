// Issue 6, public side, through the real H5 build: a logged-out citizen searches the 查询 tab by pinyin
// initials, narrows by region, meets the empty state, opens a workshop and reads its credit file (risk
// grade, latest inspection with the 10-item result and rectification status, one dated and sourced
// timeline), then the 曝光黑作坊 list. axe on every page visited; screenshots in test-output/screenshots.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { browserOrSkip, launch, screenshot, watchErrors, type Browser, shown, button, expectAccessible } from './browser';
import { startStack, type Stack } from '../support/stack';
import type { IndexedWorkshop } from '../../server/src/services/workshopIndex';

const executablePath = browserOrSkip();
const suite = executablePath ? describe : describe.skip;

const inDays = (n: number) => new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);

suite('public credit records in H5: search by initials, credit file, black list', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let target: IndexedWorkshop;
  let targetId: string;
  let deadline: string;

  beforeAll(async () => {
    stack = await startStack({ devLogin: true });
    // A seeded workshop of the demo inspector's county whose initials pick out few others.
    const all = (await stack.server.services.workshopIndex.all()).filter((w) => w.status === 'registered' && w.region.startsWith('450203'));
    const hits = (w: IndexedWorkshop) => all.filter((x) => x.nameInitials.includes(w.nameInitials)).length;
    target = [...all].sort((a, b) => hits(a) - hits(b))[0];
    targetId = String(target._id);

    // The inspector's record this file should show: one 不符合 item and a rectification deadline.
    const post = (path: string, body: unknown, token?: string) =>
      fetch(`${stack.baseUrl}/api/v1${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const login = await post('/auth/dev', { role: 'inspector', region: '450203' });
    expect(login.status).toBe(200);
    const { CHECKLIST_ITEMS } = await import('../../shared/src/domain/categories');
    deadline = inDays(14);
    const rec = await post('/inspections', {
      clientId: randomUUID(), workshopId: targetId, result: 'rectify', rectificationDeadline: deadline,
      items: CHECKLIST_ITEMS.map((i) => ({ code: i.code, result: i.code === 'cleanliness' ? 'fail' : 'pass' })),
    }, login.body.token);
    expect(rec.status).toBe(201);

    browser = await launch(executablePath!);
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    errors = watchErrors(page);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  test('the 查询 tab lists workshops, finds one by pinyin initials and narrows by region', async () => {
    await page.goto(stack.baseUrl + '/pages/search/index');
    await page.evaluate(() => localStorage.clear()); // logged out
    await page.reload();
    await shown(page, '[data-testid=search-count]:has-text("共")').waitFor();
    const everything = Number((await shown(page, '[data-testid=search-count]').innerText()).replace(/\D/g, ''));
    expect(everything).toBeGreaterThan(20);
    expect(await shown(page, '.search__row').count()).toBe(20); // first page
    await expectAccessible(page, 'search (all)');
    await screenshot(page, 'credit-search-all');

    // Load more appends the next page without repeating a row.
    await shown(page, '[role=button]:has-text("加载更多")').click();
    await page.waitForFunction(() => document.querySelectorAll('.search__row').length > 20);
    const ids = await shown(page, '.search__row').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    expect(new Set(ids).size).toBe(ids.length);

    // Pinyin initials, as a citizen types them.
    await shown(page, '[aria-label="作坊名称、拼音或登记证编号"]').fill(target.nameInitials);
    await button(page, '查询').click();
    await shown(page, `.search__row[data-id="${targetId}"]`).waitFor();
    const names = await shown(page, '.search__name').allInnerTexts();
    expect(names).toContain(target.name);
    expect(names.length).toBeLessThan(everything);
    // The row carries region, category, certificate state and the risk grade badge.
    const row = await shown(page, `.search__row[data-id="${targetId}"]`).innerText();
    const found = await fetch(`${stack.baseUrl}/api/v1/workshops?q=${target.nameInitials}&pageSize=50`).then((r) => r.json());
    const summary = found.data.find((w: { id: string }) => w.id === targetId);
    expect(row).toContain(summary.region.name);
    expect(row).toContain(summary.categories[0].name);
    expect(row).toMatch(/登记证有效|登记证已过期|暂无登记证/);
    expect(row).toMatch(/[ABCD]级 · |未评级/);
    await expectAccessible(page, 'search (initials)');
    await screenshot(page, 'credit-search-initials');

    // Region picker down to the county: 广西 → 柳州市 → 鱼峰区 keeps the match, 七星区 (桂林) does not.
    await shown(page, '[role=button][aria-label^="地区"]').click();
    await shown(page, '.choice[data-code="45"]').click();
    await shown(page, '.choice[data-code="4502"]').click();
    await shown(page, '.choice[data-code="450203"]').click();
    await shown(page, `.search__row[data-id="${targetId}"]`).waitFor();
    expect(await shown(page, '[role=button][aria-label^="地区"]').getAttribute('aria-label')).toBe('地区：鱼峰区');
    await expectAccessible(page, 'search (region picker)');
    await screenshot(page, 'credit-search-region');
    await shown(page, '.region-filter__crumb:has-text("广西")').click();
    await shown(page, '.choice[data-code="4503"]').click();
    await shown(page, '.choice[data-code="450305"]').click();
    await shown(page, 'text=没有找到相关作坊').waitFor();
    await button(page, '完成').click();
    await expectAccessible(page, 'search (empty)');
    await screenshot(page, 'credit-search-empty');

    // Clearing brings the whole list back; then search again and open the workshop.
    await button(page, '清除全部条件').click();
    await shown(page, `[data-testid=search-count]:text-is("共 ${everything} 家作坊")`).waitFor();
    await shown(page, '[aria-label="作坊名称、拼音或登记证编号"]').fill(target.nameInitials);
    await shown(page, '[aria-label="作坊名称、拼音或登记证编号"]').press('Enter');
    await shown(page, `.search__row[data-id="${targetId}"]`).click();
    await page.waitForURL(`**/packages/credit/workshop/index?id=${targetId}`);
  }, 120_000);

  test('the credit file shows the masked owner, risk grade, latest inspection and a sourced timeline', async () => {
    await shown(page, `.credit-file__name:text-is("${target.name}")`).waitFor();
    const body = await shown(page, '.credit-file').innerText();
    expect(body).toMatch(/经营者\s*\S\*+/); // masked: surname and stars
    expect(body).toContain('柳州市');

    const risk = await shown(page, '[data-testid=risk]').innerText();
    expect(risk).toMatch(/[ABCD]级（/);
    expect(risk).toMatch(/每年检查/);

    const latest = shown(page, '[data-testid=latest-inspection]');
    const latestText = await latest.innerText();
    expect(latestText).toContain('责令整改');
    expect(latestText).toContain('柳州市鱼峰区市场监督管理局');
    expect(latestText).toContain(`整改中（期限 ${deadline}）`);
    expect(latestText).toContain('不符合 1');
    expect(await latest.locator('[data-code=cleanliness]').innerText()).toContain('不符合');

    // Timeline: newest first, each entry dated and sourced, its icon labelled.
    const entries = shown(page, '.ctl__item');
    expect(await entries.count()).toBeGreaterThanOrEqual(1);
    const first = entries.first();
    expect(await first.getAttribute('data-type')).toBe('inspection');
    expect(await first.locator('[role=img]').getAttribute('aria-label')).toBe('日常检查');
    expect(await first.locator('.ctl__meta').innerText()).toMatch(/^\d{4}-\d{2}-\d{2} · 日常检查 · 来源：柳州市鱼峰区市场监督管理局$/);
    const dates = await entries.locator('.ctl__meta').allInnerTexts();
    const sorted = [...dates].map((d) => d.slice(0, 10));
    expect(sorted).toEqual([...sorted].sort().reverse());
    await expectAccessible(page, 'credit file');
    await screenshot(page, 'credit-file');
    await first.locator('[role=button]:has-text("查看10项检查结果")').click();
    await first.locator('.checklist-result__item').nth(9).waitFor();
    await first.scrollIntoViewIfNeeded();
    await expectAccessible(page, 'credit file (timeline checklist open)');
    await screenshot(page, 'credit-file-timeline');

    // 举报此作坊: the tip-off form opens about this workshop, its region filled in.
    await button(page, '举报此作坊').click();
    await page.waitForURL('**/packages/tipoff/form/index?**');
    await shown(page, `.tp-picked__text:text-is("被举报作坊：${target.name}")`).waitFor();
    expect(await shown(page, '[data-kind=violation]').getAttribute('aria-checked')).toBe('true');
    expect(await shown(page, '.region-picker__value').innerText()).toContain('鱼峰区');
    await expectAccessible(page, 'tipoff form about a workshop');
    await page.goBack();
    await shown(page, `.credit-file__name:text-is("${target.name}")`).waitFor();
  }, 60_000);

  test('the black-workshop list names sites with region and date, and nothing personal', async () => {
    await page.goto(stack.baseUrl + '/pages/search/index');
    await shown(page, '[role=link]:has-text("曝光黑作坊")').click();
    await page.waitForURL('**/packages/credit/black/index');
    await shown(page, '.black__count:has-text("共")').waitFor();
    const rows = shown(page, '.black__row');
    expect(await rows.count()).toBeGreaterThanOrEqual(1);
    const text = await rows.first().innerText();
    expect(text).toMatch(/查实日期：\d{4}-\d{2}-\d{2}/);
    expect(text).not.toMatch(/经营者|\*|1\d{10}/);
    await expectAccessible(page, 'black list');
    await screenshot(page, 'credit-black');

    // Narrow down to a county.
    await button(page, '按地区筛选').click();
    await shown(page, '.black__region[data-code="45"]').click();
    await shown(page, '.black__region[data-code="4503"]').click();
    await shown(page, '.black__region[data-code="450305"]').click();
    await shown(page, '.black__count:has-text("七星区共")').waitFor();
    await expectAccessible(page, 'black list (region)');
  }, 60_000);
});
