// Issue 6 "Done when", supervision side, through the real H5 build: an inspector records an inspection
// with one 不符合 item and a rectification deadline while the network is down (kept on the phone, sent
// when it is back, stored once); the citizen's credit file shows it; the owner uploads a rectification
// photo and note; the citizen's view updates. An admin opens the regional dashboard. axe on every page.
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { browserOrSkip, launch, screenshot, watchErrors, type Browser, shown, settle, button, expectAccessible, loginAsDemo } from './browser';
import { startStack, type Stack } from '../support/stack';

const executablePath = browserOrSkip();
const suite = executablePath ? describe : describe.skip;

suite('supervision in H5: offline inspection, owner rectification, citizen view, dashboard', () => {
  let stack: Stack;
  let inspector: Browser;
  let owner: Browser;
  let citizen: Browser;
  let ip: Page;
  let op: Page;
  let cp: Page;
  const errors: string[][] = [];
  let workshop: { id: string; name: string };
  let inspectionId = '';

  const api = (path: string, token?: string) =>
    fetch(`${stack.baseUrl}/api/v1${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} }).then((r) => r.json());

  beforeAll(async () => {
    stack = await startStack({ devLogin: true });
    // The demo owner's workshop (the first seeded one, in the demo inspector's county).
    const session = await fetch(`${stack.baseUrl}/api/v1/auth/dev`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ role: 'owner' }),
    }).then((r) => r.json());
    const mine = await api('/workshops/mine', session.token);
    workshop = { id: mine.data[0].workshop.id, name: mine.data[0].workshop.name };
    [inspector, owner, citizen] = await Promise.all([launch(executablePath!), launch(executablePath!), launch(executablePath!)]);
    ip = inspector.context.pages()[0] ?? (await inspector.context.newPage());
    op = owner.context.pages()[0] ?? (await owner.context.newPage());
    cp = citizen.context.pages()[0] ?? (await citizen.context.newPage());
    errors.push(watchErrors(ip), watchErrors(op), watchErrors(cp));
  }, 180_000);

  afterAll(async () => {
    await Promise.all([inspector?.close(), owner?.close(), citizen?.close()]);
    await stack?.stop();
  });

  afterEach(() => {
    expect(errors.flat()).toEqual([]);
  });

  test('the inspector records one 不符合 item offline; it is sent once when the network is back', async () => {
    await loginAsDemo(ip, stack.baseUrl, 'inspector');
    await ip.goto(stack.baseUrl + '/packages/staff/index/index');
    await shown(ip, '[role=link]:has-text("今日任务与日常检查")').click();
    await ip.waitForURL('**/packages/staff/tasks/index');
    await shown(ip, '.section-title:text-is("今日任务")').waitFor();
    await expectAccessible(ip, 'tasks');
    await screenshot(ip, 'supervision-tasks');

    await ip.goto(`${stack.baseUrl}/packages/staff/inspect/index?workshopId=${workshop.id}&name=${encodeURIComponent(workshop.name)}`);
    await shown(ip, `.card__title:text-is("${workshop.name}")`).waitFor();
    // Submitting with gaps names them.
    await button(ip, '提交检查记录').click();
    await shown(ip, '[role=alert]:has-text("尚未选择")').waitFor();
    for (const card of await shown(ip, '.check-card').all()) {
      const code = await card.getAttribute('data-code');
      await card.locator(`[role=radio][data-result=${code === 'cleanliness' ? 'fail' : 'pass'}]`).click();
    }
    await shown(ip, '[aria-label="场所清洁：问题说明"]').fill('后厨地面积水，垃圾桶无盖');
    await shown(ip, '[role=radio][data-result=none]').click();
    await button(ip, '提交检查记录').click();
    await shown(ip, '[role=alert]:has-text("结论不能为“未发现问题”")').waitFor();
    await shown(ip, '[role=radio][data-result=rectify]').click();
    const deadline = await shown(ip, '[aria-label="整改期限"]').inputValue();
    expect(deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await expectAccessible(ip, 'inspection form');
    await screenshot(ip, 'supervision-inspect-form');

    // The draft survives a reload.
    await ip.reload();
    await shown(ip, '[role=radio][data-result=rectify][aria-checked=true]').waitFor();

    // Network down: the record stays on the phone.
    await inspector.context.setOffline(true);
    await button(ip, '提交检查记录').click();
    await shown(ip, '.taro-model__confirm').click();
    await shown(ip, 'text=已保存在本机，联网后自动提交').waitFor({ timeout: 20_000 });
    await inspector.context.setOffline(false);
    await settle(ip);
    let latest: { latestInspection?: { resultLabel: string } | null } = {};
    for (let i = 0; i < 40 && !latest.latestInspection; i++) {
      await ip.waitForTimeout(500);
      latest = await api(`/workshops/${workshop.id}`);
    }
    expect(latest.latestInspection?.resultLabel).toBe('责令整改');
    await expectAccessible(ip, 'inspection queued');
    await screenshot(ip, 'supervision-inspect-queued');

    // Sent exactly once, and the queue is empty.
    const session = await fetch(`${stack.baseUrl}/api/v1/auth/dev`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ role: 'inspector', region: '450203' }),
    }).then((r) => r.json());
    const list = await api(`/workshops/${workshop.id}/inspections`, session.token);
    // The demo data may hold older inspections of this workshop: ours is the one with the note.
    const ours = list.data.filter((i: { items: Array<{ note: string | null }> }) => i.items.some((x) => x.note === '后厨地面积水，垃圾桶无盖'));
    expect(ours.length).toBe(1);
    expect(ours[0].rectification).toMatchObject({ status: 'pending', deadline });
    inspectionId = ours[0].id;
    expect(await ip.evaluate(() => localStorage.getItem('xzf.staff.outbox'))).not.toContain(workshop.id);
  }, 120_000);

  test('the citizen sees the 不符合 item and 整改中 on the public file', async () => {
    await cp.goto(`${stack.baseUrl}/packages/credit/workshop/index?id=${workshop.id}`);
    const latest = shown(cp, '[data-testid=latest-inspection]');
    await latest.locator('text=责令整改').waitFor();
    expect(await latest.innerText()).toContain('整改中');
    expect(await latest.locator('[data-code=cleanliness]').innerText()).toContain('不符合');
    expect(await cp.locator('body').innerText()).not.toContain('后厨地面积水'); // notes stay internal
    await expectAccessible(cp, 'credit file (rectify)');
  }, 60_000);

  test('the owner uploads a rectification photo and note; the citizen view updates', async () => {
    await loginAsDemo(op, stack.baseUrl, 'owner');
    await shown(op, '[role=link]:has-text("检查与整改")').click();
    await op.waitForURL('**/packages/credit/mine/index');
    const card = shown(op, `.mysup__insp[data-id="${inspectionId}"]`);
    await card.locator('text=整改中').first().waitFor();
    await expectAccessible(op, 'owner supervision');

    const jpeg = await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 90, g: 160, b: 90 } } }).jpeg().toBuffer();
    const [chooser] = await Promise.all([op.waitForEvent('filechooser'), button(op, '拍照或选择整改照片').click()]);
    await chooser.setFiles({ name: 'fixed.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await shown(op, '.mysup__photo').first().waitFor({ timeout: 15_000 });
    await shown(op, '[aria-label="整改说明"]').fill('地面已做防水并加装带盖垃圾桶');
    await button(op, '提交整改材料').click();
    await shown(op, '.taro-model__confirm').click();
    await card.locator('text=已提交整改，待复查').waitFor({ timeout: 15_000 });
    await expectAccessible(op, 'owner supervision (submitted)');
    await screenshot(op, 'supervision-owner');

    await cp.reload();
    await shown(cp, '[data-testid=latest-inspection]').locator('text=已提交整改，待复查').waitFor();
    await screenshot(cp, 'supervision-citizen-updated');
  }, 90_000);

  test('the admin sees KPIs against targets, drills down, and the red marks match the figures', async () => {
    const ap = cp; // the citizen's browser, fresh for a login
    await loginAsDemo(ap, stack.baseUrl, 'admin');
    await ap.goto(stack.baseUrl + '/packages/staff/dashboard/index');
    await shown(ap, '.section-title:has-text("年度指标")').waitFor();
    const bad = await shown(ap, '.dash__kpi--bad').count();
    const below = await shown(ap, '.dash__kpi-value:has-text("未达标")').count();
    expect(bad).toBeGreaterThanOrEqual(below);
    await expectAccessible(ap, 'dashboard');
    await screenshot(ap, 'supervision-dashboard');
    const child = shown(ap, '.dash__child[role=link]').first();
    const code = await child.getAttribute('data-code');
    await child.click();
    await shown(ap, `.dash__crumb--current`).waitFor();
    await ap.waitForFunction((c) => !document.querySelector(`.dash__child[data-code="${c}"]`), code);
    await shown(ap, '.section-title:has-text("年度指标")').waitFor();
    await expectAccessible(ap, 'dashboard (drill-down)');
    const [download] = await Promise.all([ap.waitForEvent('download'), button(ap, '导出 Excel').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  }, 90_000);
});
