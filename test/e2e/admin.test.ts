// Issue 15 point 4, the admin screens through the real H5 build: the demo admin (柳州市 4502) adds an item to
// the city's 禁止生产食品目录 and sees it saved; an owner's registration form then warns on that product; the
// admin disables an inspector (the inspector's session ends) and enables the account again; the holiday
// calendar is read-only for a county admin, and a province admin marks an adjusted working day and sees the
// working-day effect; the province admin's 操作记录 shows those changes in words, to the second.
// (Five failed staff logins locking the account: test/e2e/signin.test.ts.)
import type { Page } from 'playwright-core';
import { browserOrSkip, launch, screenshot, watchErrors, type Browser, shown, button, expectAccessible, loginAsDemo, apiCall, signInWith } from './browser';
import { startStack, type Stack } from '../support/stack';

const executablePath = browserOrSkip();
const suite = executablePath ? describe : describe.skip;

const ITEM = '酸笋';
const REASON = '本市酸笋小作坊整治期间暂停登记';
const INSPECTOR = '一号测试监管员';

/** The first Saturday of March of `year` (no statutory holiday falls in March) and the Friday before it. */
function marchSaturday(year: number): { sat: string; fri: string } {
  for (let d = 1; d <= 7; d++) {
    const t = Date.UTC(year, 2, d);
    if (new Date(t).getUTCDay() === 6) return { sat: new Date(t).toISOString().slice(0, 10), fri: new Date(t - 86_400_000).toISOString().slice(0, 10) };
  }
  throw new Error('unreachable');
}

suite('admin screens in H5', () => {
  let stack: Stack;
  let admin: Browser;
  let owner: Browser;
  let ap: Page;
  let op: Page;
  const errors: string[][] = [];
  let inspector: { token: string; user: { id: string } };
  const call = (method: string, path: string, body?: unknown, token?: string) => apiCall(stack.baseUrl)(method, path, body, token);
  const confirm = (page: Page) => shown(page, '.taro-model__confirm').click();

  beforeAll(async () => {
    stack = await startStack({ devLogin: true });
    [admin, owner] = await Promise.all([launch(executablePath!), launch(executablePath!)]);
    ap = admin.context.pages()[0] ?? (await admin.context.newPage());
    op = owner.context.pages()[0] ?? (await owner.context.newPage());
    errors.push(watchErrors(ap), watchErrors(op));
    inspector = (await call('POST', '/auth/dev', { role: 'inspector', region: '450203', name: INSPECTOR })).body;
  }, 180_000);

  afterAll(async () => {
    await Promise.all([admin?.close(), owner?.close()]);
    await stack?.stop();
  });

  afterEach(() => {
    expect(errors.flat()).toEqual([]);
  });

  test('the admin adds an item to the negative list and sees it saved; the owner is warned on it', async () => {
    await loginAsDemo(ap, stack.baseUrl, 'admin');
    await ap.goto(stack.baseUrl + '/packages/staff/index/index');
    await shown(ap, '[data-entry=negative-list]').click();
    await ap.waitForURL('**/packages/staff/negative-list/index');
    await shown(ap, '.card__title:has-text("上级目录")').waitFor();
    expect(await shown(ap, '.card__title:has-text("本级目录")').innerText()).toContain('柳州市本级目录（0 项');
    await expectAccessible(ap, 'negative list (loaded)');

    // Nothing filled: the reasons, in words.
    await button(ap, '加入目录').click();
    await shown(ap, '[role=alert]:has-text("请填写禁止生产的食品名称")').waitFor();
    await shown(ap, '[aria-label="食品名称"]').fill(ITEM);
    await shown(ap, '[aria-label="关键词"]').fill('酸笋、酸竹笋');
    await shown(ap, '[aria-label="禁止理由"]').fill(REASON);
    await button(ap, '加入目录').click();
    await shown(ap, `[data-item="${ITEM}"]`).waitFor();
    expect(await shown(ap, '.card__title:has-text("本级目录")').innerText()).toContain('有未保存的修改');
    await expectAccessible(ap, 'negative list (unsaved item)');

    await button(ap, '保存目录').click();
    await shown(ap, '.taro-modal__text:has-text("新增：酸笋")').waitFor();
    await confirm(ap);
    const result = shown(ap, '[data-result=saved]');
    await result.waitFor({ timeout: 15_000 });
    expect(await result.innerText()).toBe('已保存：柳州市本级目录共 1 项（新增：酸笋）');
    expect(await shown(ap, '.card__title:has-text("本级目录")').innerText()).toContain('柳州市本级目录（1 项）');
    await expectAccessible(ap, 'negative list (saved)');
    await screenshot(ap, 'admin-negative-list-saved');
    // Stored: the public list of a county of 柳州 carries it, from the city.
    const list = await call('GET', '/negative-list?region=450203');
    expect(list.body.items).toContainEqual({ item: ITEM, keywords: ['酸笋', '酸竹笋'], reason: REASON, region: '4502' });

    // An owner of 鱼峰区 typing that product is stopped with the admin's reason.
    const ownerSession = (await call('POST', '/auth/dev', { role: 'owner', name: '酸笋作坊业主' })).body;
    const draft = await call('POST', '/registrations', { workshop: { name: '鱼峰酸笋坊', region: '450203001' } }, ownerSession.token);
    expect(draft.status).toBe(201);
    await signInWith(op, stack.baseUrl, ownerSession);
    await op.goto(`${stack.baseUrl}/packages/registration/form/index?id=${draft.body.data.id}&step=2`);
    await shown(op, '.step-head__title:text-is("品种与类别")').waitFor();
    await shown(op, '[aria-label="品种1"]').fill('手工酸笋');
    const warn = shown(op, '.warn:has-text("禁止生产食品目录")').first();
    await warn.waitFor();
    expect(await warn.innerText()).toContain(REASON);
    await screenshot(op, 'admin-negative-list-owner-warned');

    // The same admin's dashboard shows its indicators as a chart (ECharts on a canvas, pixels drawn) and the
    // 好差评 of the region.
    await ap.goto(stack.baseUrl + '/packages/staff/dashboard/index');
    await shown(ap, '[data-testid=trend-chart] canvas').first().waitFor({ timeout: 20_000 });
    await ap.waitForFunction(() => {
      const c = document.querySelector<HTMLCanvasElement>('[data-testid=trend-chart] canvas');
      const data = c?.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
      let painted = 0;
      for (let i = 3; data && i < data.length; i += 4) if (data[i]) painted++;
      return painted > 500;
    }, undefined, { timeout: 20_000 });
    await shown(ap, '[data-testid=ratings]:has-text("政务服务好差评")').waitFor({ timeout: 15_000 });
    await expectAccessible(ap, 'dashboard with the chart and 好差评');
  }, 180_000);

  test('the admin disables an inspector (the session ends) and enables the account again', async () => {
    expect((await call('GET', '/me', undefined, inspector.token)).status).toBe(200);
    await ap.goto(stack.baseUrl + '/packages/staff/index/index');
    await shown(ap, '[data-entry=accounts]').click();
    await ap.waitForURL('**/packages/staff/accounts/index');
    await shown(ap, '[aria-label=按角色筛选] [role=radio]:text-is("监管人员")').click();
    const row = shown(ap, `.accounts__row[data-name="${INSPECTOR}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.innerText()).toContain('鱼峰区');
    expect(await row.locator('[data-status]').innerText()).toBe('正常');
    await expectAccessible(ap, 'accounts');
    await screenshot(ap, 'admin-accounts');

    await row.locator('[role=button]:text-is("停用账号")').click();
    await shown(ap, `.taro-modal__text:has-text("停用监管人员“${INSPECTOR}”")`).waitFor();
    await confirm(ap);
    await row.locator('[data-status=disabled]').waitFor({ timeout: 15_000 });
    expect(await row.locator('[data-status]').innerText()).toBe('已停用');
    // The inspector's signed-in device is out at once (refused while disabled, signed out for good after).
    expect((await call('GET', '/me', undefined, inspector.token)).status).toBe(403);

    await row.locator('[role=button]:text-is("恢复账号")').click();
    await confirm(ap);
    await row.locator('[data-status=active]').waitFor({ timeout: 15_000 });
    const old = await call('GET', '/me', undefined, inspector.token);
    expect(old.status).toBe(401);
    expect(old.body.error.message).toBe('您已退出登录，请重新登录');
    const listed = await call('GET', '/staff/inspectors', undefined, (await call('POST', '/auth/dev', { role: 'admin', region: '4502', name: '演示监管部门管理员' })).body.token);
    expect(listed.body.data.map((i: { name: string }) => i.name)).toContain(INSPECTOR);
    await expectAccessible(ap, 'accounts (after enable)');
  }, 120_000);

  test('the holiday calendar: read-only for a county admin, edited by a province admin with the working-day effect', async () => {
    // A county admin: sees the calendar and why it cannot be changed here.
    await signInWith(ap, stack.baseUrl, (await call('POST', '/auth/dev', { role: 'admin', region: '450203', name: '鱼峰区管理员' })).body);
    await ap.goto(stack.baseUrl + '/packages/staff/index/index');
    await shown(ap, '[data-entry=calendar]').click();
    await ap.waitForURL('**/packages/staff/calendar/index');
    const readonly = shown(ap, '[data-testid=calendar-readonly]');
    await readonly.waitFor({ timeout: 15_000 });
    expect(await readonly.innerText()).toContain('只有省级及以上管理员可以维护');
    await shown(ap, '[data-testid=working-effect]').waitFor();
    expect(await shown(ap, '[aria-label="依据"]').count()).toBe(0);
    expect(await shown(ap, '.holidays__grid [role=button]').count()).toBe(0);
    await expectAccessible(ap, 'calendar (county admin, read-only)');
    await screenshot(ap, 'admin-calendar-readonly');

    // A province admin marks the first Saturday of a year as an adjusted working day.
    await signInWith(ap, stack.baseUrl, (await call('POST', '/auth/dev', { role: 'admin', region: '45', name: '自治区管理员' })).body);
    await ap.goto(stack.baseUrl + '/packages/staff/calendar/index');
    const years: { year: number }[] = (await call('GET', '/calendar/years', undefined, (await call('POST', '/auth/dev', { role: 'admin', region: '45', name: '自治区管理员' })).body.token)).body.data;
    const year = years[years.length - 1].year;
    await shown(ap, `[data-year="${year}"]`).click();
    await shown(ap, '[aria-label=月份] [role=radio]:text-is("3月")').click();
    await shown(ap, `.card__title:text-is("${year} 年 3 月")`).waitFor();
    const total = shown(ap, '.holidays__total');
    const before = Number((await total.innerText()).match(/全年工作日 (\d+) 天/)![1]);
    const { sat, fri } = marchSaturday(year);
    const cell = shown(ap, `[data-date="${sat}"] [role=button]`);
    expect(await shown(ap, `[data-date="${sat}"]`).getAttribute('data-kind')).toBe('rest');
    await cell.click(); // 休息 → 放假
    await cell.click(); // 放假 → 调休上班
    expect(await shown(ap, `[data-date="${sat}"]`).getAttribute('data-kind')).toBe('makeup');
    expect(await total.innerText()).toBe(`全年工作日 ${before + 1} 天（保存前 ${before} 天）`);
    await button(ap, `保存 ${year} 年节假日安排`).click();
    await shown(ap, '[role=alert]:has-text("请填写依据")').waitFor();
    await shown(ap, '[aria-label="依据"]').fill(`国务院办公厅关于${year}年部分节假日安排的通知`);
    await expectAccessible(ap, 'calendar (province admin, editing)');
    await button(ap, `保存 ${year} 年节假日安排`).click();
    await shown(ap, `.taro-modal__text:has-text("全年工作日由 ${before} 天变为 ${before + 1} 天")`).waitFor();
    await confirm(ap);
    const saved = shown(ap, '[data-result=saved]');
    await saved.waitFor({ timeout: 15_000 });
    expect(await saved.innerText()).toContain(`全年工作日 ${before + 1} 天`);
    expect(await shown(ap, '[data-testid=year-status]').innerText()).toBe('由管理员维护');
    await screenshot(ap, 'admin-calendar-saved');
    const after = (await call('GET', `/calendar/working-days?from=${fri}&days=1`)).body;
    expect(after.dueDate).toBe(sat); // the Saturday is now a working day
  }, 120_000);

  test("the province admin's audit trail shows those changes in words, to the second", async () => {
    await ap.goto(stack.baseUrl + '/packages/staff/index/index');
    await shown(ap, '[data-entry=audit]').click();
    await ap.waitForURL('**/packages/staff/audit/index');
    const rowOf = (action: string) => shown(ap, `.audit__row[data-action="${action}"]`).first();
    await rowOf('calendar.year_saved').waitFor({ timeout: 15_000 });
    const neg = await rowOf('negative_list.updated').innerText();
    expect(neg).toContain('演示监管部门管理员（监管部门管理员）修改了禁止生产食品目录');
    expect(neg).toContain('柳州市禁止生产食品目录');
    expect(neg).toContain('新增：酸笋（共 1 项）');
    expect(neg).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    expect(await rowOf('staff.account_disabled').innerText()).toContain(`停用了工作人员账号`);
    expect(await rowOf('staff.account_disabled').innerText()).toContain(`工作人员 ${INSPECTOR}`);
    expect(await rowOf('staff.account_enabled').innerText()).toContain('恢复了工作人员账号');
    expect(await rowOf('calendar.year_saved').innerText()).toContain('自治区管理员（监管部门管理员）修改了节假日安排');
    await expectAccessible(ap, 'audit trail');
    await screenshot(ap, 'admin-audit');

    // By kind: 人员与账号 only.
    await shown(ap, '[data-kind=staff]').click();
    await shown(ap, '.audit__row[data-action="negative_list.updated"]').waitFor({ state: 'detached', timeout: 15_000 });
    const actions = await ap.locator('.audit__row').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(actions.length).toBeGreaterThanOrEqual(2);
    expect(actions.every((a) => a?.startsWith('staff.'))).toBe(true);
  }, 120_000);
});
