// Issue 6, 双随机、一公开 and 信用修复 through the real H5 build. An admin (demo admin, 柳州 4502) creates
// a task for 鱼峰区 with a share (the page shows the seed hash at once), draws it, and sees the drawn
// workshops with inspector pairs; a logged-out citizen opens the public page from the 查询 tab, presses
// 核验 and the browser re-runs the draw: "与公布结果一致". Then an owner whose penalty's publicity period
// is over applies for credit repair and the admin approves it. axe on every page; screenshots.
import type { Page } from 'playwright-core';
import { sha256Hex } from '../../shared/src/domain/draw';
import { browserOrSkip, launch, screenshot, watchErrors, type Browser, shown, button, expectAccessible, loginAsDemo, apiCall } from './browser';
import { startStack, type Stack } from '../support/stack';

const executablePath = browserOrSkip();
const suite = executablePath ? describe : describe.skip;

const daysAgo = (n: number) => new Date(Date.now() + 8 * 3600_000 - n * 86_400_000).toISOString().slice(0, 10);

suite('双随机、一公开 and 信用修复 in H5', () => {
  let stack: Stack;
  let admin: Browser;
  let citizen: Browser;
  let ap: Page;
  let cp: Page;
  const errors: string[][] = [];
  let drawId = '';
  let seedHash = '';
  const title = `鱼峰区双随机抽查 ${Date.now() % 100000}`;

  const call = (method: string, path: string, body?: unknown, token?: string) => apiCall(stack.baseUrl)(method, path, body, token);

  beforeAll(async () => {
    // The seed hash must be public DRAW_COMMIT_HOURS before the draw: 8 seconds here (24 hours by default).
    stack = await startStack({ devLogin: true, env: { DRAW_COMMIT_HOURS: String(8 / 3600) } });
    [admin, citizen] = await Promise.all([launch(executablePath!), launch(executablePath!)]);
    ap = admin.context.pages()[0] ?? (await admin.context.newPage());
    cp = citizen.context.pages()[0] ?? (await citizen.context.newPage());
    errors.push(watchErrors(ap), watchErrors(cp));
  }, 180_000);

  afterAll(async () => {
    await Promise.all([admin?.close(), citizen?.close()]);
    await stack?.stop();
  });

  afterEach(() => {
    expect(errors.flat()).toEqual([]);
  });

  test('the admin creates a task for 鱼峰区 (seed hash published at once) and draws it', async () => {
    await loginAsDemo(ap, stack.baseUrl, 'admin');
    await ap.goto(stack.baseUrl + '/packages/staff/index/index');
    await shown(ap, '[data-entry=draws]').click();
    await ap.waitForURL('**/packages/staff/draws/index');
    await shown(ap, '.section-title:text-is("双随机抽查任务")').waitFor();
    await expectAccessible(ap, 'draws (admin list)');

    await button(ap, '新建抽查任务').click();
    await shown(ap, '.card__title:text-is("新建双随机抽查任务")').waitFor();
    await shown(ap, '[aria-label="任务名称"]').fill(title);
    await shown(ap, '.chip[data-code="450203"]').click();
    await shown(ap, '.chip--on:has-text("鱼峰区")').waitFor();
    await shown(ap, '[aria-label="抽取比例（%）"]').fill('');
    await button(ap, '发布任务并公示种子哈希').click();
    await shown(ap, '[role=alert]:has-text("抽取比例")').waitFor();
    await shown(ap, '[aria-label="抽取比例（%）"]').fill('5');
    await expectAccessible(ap, 'draws (new task)');
    await screenshot(ap, 'draws-admin-new');

    await button(ap, '发布任务并公示种子哈希').click();
    await shown(ap, '.taro-model__confirm').click();
    const hash = shown(ap, '[data-testid=seed-hash]');
    await hash.waitFor({ timeout: 15_000 });
    seedHash = (await hash.innerText()).trim();
    expect(seedHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await shown(ap, '[data-testid=draw-status]').innerText()).toContain('待抽取');
    const list = await call('GET', '/draws?region=450203');
    const created = list.body.data.find((d: { title: string }) => d.title === title);
    expect(created).toMatchObject({ seedHash, seed: null, status: 'committed', sharePercent: 5, region: { code: '450203' } });
    drawId = created.id;
    await expectAccessible(ap, 'draws (committed task)');

    // Not before the commitment period is over: a countdown, the button disabled; then it opens by itself.
    expect(await shown(ap, '[data-testid=draw-wait]').innerText()).toMatch(/距可抽取还有 \d+秒/);
    expect(await button(ap, '执行抽取').getAttribute('aria-disabled')).toBe('true');
    expect(await shown(ap, '[data-testid=drawable-at]').innerText()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    await shown(ap, '[data-testid=draw-wait]').waitFor({ state: 'detached', timeout: 20_000 });
    await button(ap, '执行抽取').click();
    await shown(ap, '.taro-model__confirm').click();
    await shown(ap, '.section-title:has-text("抽中作坊与执法人员")').waitFor({ timeout: 20_000 });
    const pub = (await call('GET', `/draws/${drawId}`)).body.data;
    expect(pub.status).toBe('drawn');
    expect(pub.results.length).toBeGreaterThan(0);
    // Every drawn workshop is on the page with its inspector pair.
    for (const r of pub.results) {
      const row = shown(ap, `.list-row[data-id="${r.workshop.id}"]`);
      expect(await row.innerText()).toContain(r.workshop.name);
      for (const i of r.inspectors) expect(await row.innerText()).toContain(i.name);
    }
    await expectAccessible(ap, 'draws (drawn)');
    await screenshot(ap, 'draws-admin-drawn');
  }, 120_000);

  test('a logged-out citizen opens the public page from 查询 and verifies the draw in the browser', async () => {
    await cp.goto(stack.baseUrl + '/pages/search/index');
    await shown(cp, '[data-entry=draws]').click();
    await cp.waitForURL('**/packages/credit/draws/index');
    const row = shown(cp, `.draws__row[data-id="${drawId}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.innerText()).toContain(title);
    await expectAccessible(cp, 'draws (public list)');
    await screenshot(cp, 'draws-public-list');

    await row.click();
    await cp.waitForURL('**/packages/credit/draws/detail/index**');
    const hash = shown(cp, '[data-testid=seed-hash]');
    await hash.waitFor();
    expect((await hash.innerText()).trim()).toBe(seedHash);
    const seed = (await shown(cp, '[data-testid=seed]').innerText()).trim();
    expect(sha256Hex(seed)).toBe(seedHash);
    await expectAccessible(cp, 'draw (public detail)');

    await button(cp, '核验抽取结果').click();
    const verdict = shown(cp, '[data-testid=verify-result]');
    await verdict.locator('text=与公布结果一致').waitFor();
    expect(await verdict.innerText()).toContain('种子哈希核对一致');
    await expectAccessible(cp, 'draw (verified)');
    await screenshot(cp, 'draws-public-verified');
  }, 90_000);

  test('credit repair: the owner applies after the publicity period; the admin approves; the penalty leaves the public file', async () => {
    const owner = (await call('POST', '/auth/dev', { role: 'owner' })).body.token;
    const inspector = (await call('POST', '/auth/dev', { role: 'inspector', region: '450203' })).body.token;
    const workshopId = (await call('GET', '/workshops/mine', undefined, owner)).body.data[0].workshop.id;
    const decisionNumber = `柳鱼市监处罚〔2025〕${Date.now() % 100000}号`;
    const made = await call('POST', '/penalties', {
      workshopId, decisionNumber, facts: '生产场所卫生不达标', basis: '《广西壮族自治区食品小作坊小餐饮和食品摊贩管理条例》',
      outcome: '警告', decidedAt: daysAgo(200), publicityDays: 90,
    }, inspector);
    expect(made.status).toBe(201);
    expect(made.body.data.repair.eligible).toBe(true);

    const op = cp; // the citizen's browser, now logging in as the owner
    await loginAsDemo(op, stack.baseUrl, 'owner');
    await shown(op, '[role=link]:has-text("检查与整改")').click();
    await op.waitForURL('**/packages/credit/mine/index');
    const card = shown(op, `[data-penalty="${made.body.data.id}"]`);
    await card.waitFor({ timeout: 15_000 });
    await card.locator('[role=button]:text-is("申请信用修复")').click();
    await card.locator('[role=button]:text-is("提交信用修复申请")').click();
    await card.locator('[role=alert]:has-text("请填写整改情况")').waitFor();
    await card.locator('[aria-label="整改情况与信用承诺"]').fill('已全面清洁消毒，建立每日卫生检查记录，承诺守法经营');
    await expectAccessible(op, 'owner credit repair form');
    await card.locator('[role=button]:text-is("提交信用修复申请")').click();
    await shown(op, '.taro-model__confirm').click();
    await card.locator('[data-testid=repair-status]:has-text("信用修复审核中")').waitFor({ timeout: 15_000 });
    await expectAccessible(op, 'owner credit repair requested');
    await screenshot(op, 'repair-owner-requested');

    await ap.goto(stack.baseUrl + '/packages/staff/index/index');
    await shown(ap, '[data-entry=repairs]').click();
    await ap.waitForURL('**/packages/staff/repairs/index');
    const req = shown(ap, `.card[data-id="${made.body.data.id}"]`);
    await req.waitFor({ timeout: 15_000 });
    expect(await req.innerText()).toContain('建立每日卫生检查记录');
    await expectAccessible(ap, 'repair review queue');
    await screenshot(ap, 'repair-admin-queue');
    await req.locator('[role=button]:text-is("准予修复")').click();
    await shown(ap, '.taro-model__confirm').click();
    await ap.waitForFunction((id) => !document.querySelector(`.card[data-id="${id}"]`), made.body.data.id, { timeout: 15_000 });

    const after = (await call('GET', `/penalties/${made.body.data.id}`, undefined, owner)).body.data;
    expect(after).toMatchObject({ public: false, repair: { status: 'approved' } });
    const timeline = (await call('GET', `/workshops/${workshopId}/timeline`)).body.data as Array<{ type: string; detail: string }>;
    expect(timeline.some((e) => e.type === 'penalty' && e.detail.includes(decisionNumber))).toBe(false);
  }, 120_000);

  test("staff read the owner's self-check history with each of the 10 items", async () => {
    const owner = (await call('POST', '/auth/dev', { role: 'owner' })).body.token;
    const workshop = (await call('GET', '/workshops/mine', undefined, owner)).body.data[0].workshop;
    const { CHECKLIST_ITEMS } = await import('../../shared/src/domain/categories');
    const items = CHECKLIST_ITEMS.map((i, n) => ({ code: i.code, result: n === 0 ? 'fail' : 'pass' }));
    expect((await call('POST', `/workshops/${workshop.id}/self-checks`, { items, note: '自查发现问题，已安排整改' }, owner)).status).toBe(201);

    await ap.goto(`${stack.baseUrl}/packages/staff/self-checks/index?workshopId=${workshop.id}&name=${encodeURIComponent(workshop.name)}`);
    await shown(ap, `.section-title:has-text("${workshop.name}")`).waitFor();
    const latest = shown(ap, '.card').filter({ hasText: '自查发现问题，已安排整改' }).first();
    await latest.waitFor({ timeout: 15_000 });
    expect(await latest.locator('.check-item').count()).toBe(10);
    expect(await latest.locator(`[data-code="${CHECKLIST_ITEMS[0].code}"]`).innerText()).toContain('不符合');
    await expectAccessible(ap, 'self-check history');
    await screenshot(ap, 'self-checks-staff');
  }, 60_000);
});
