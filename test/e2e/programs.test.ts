// Issue 14's browser flow through the real H5 build, with the demo programs (server/src/seed/programs.ts): the
// demo owner opens 非遗与品牌, sees 适合我的项目 with one program eligible (阳光作坊) and one not (示范单位,
// short of training hours) with the reason and the link to training, opens the eligible one and applies with a
// photo and a statement; the application shows in 我的申报. The admin part (approval, notice, badge, revocation)
// follows. axe on the pages visited; screenshots in test-output.
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { apiCall, browserOrSkip, button, expectAccessible, launch, loginAsDemo, screenshot, settle, shown, watchErrors, type Browser } from './browser';
import { startStack, type Stack } from '../support/stack';
import { seedDemoPrograms } from '../../server/src/seed/programs';

const executablePath = browserOrSkip();
const suite = executablePath ? describe : describe.skip;

suite('programs in H5: eligibility, apply (owner)', () => {
  let stack: Stack;
  let browser: Browser; // the owner's phone
  let op: Page;
  let errors: string[];
  let sunshineId = '';
  let modelUnitId = '';
  let ownerToken = '';
  let applicationId = '';
  const call = (method: string, path: string, body?: unknown, token?: string) => apiCall(stack.baseUrl)(method, path, body, token);

  beforeAll(async () => {
    stack = await startStack({ devLogin: true });
    // The demo admin (who decides the seeded awards) and the demo owner exist before the demo programs.
    await call('POST', '/auth/dev', { role: 'admin', region: '4502' });
    ownerToken = (await call('POST', '/auth/dev', { role: 'owner' })).body.token;
    const seeded = await seedDemoPrograms(stack.server.services);
    expect(seeded.programs).toBeGreaterThan(0);
    const programs = (await call('GET', '/programs')).body.data as { id: string; kind: string }[];
    sunshineId = programs.find((p) => p.kind === 'sunshine')!.id;
    modelUnitId = programs.find((p) => p.kind === 'model_unit')!.id;
    browser = await launch(executablePath!);
    op = browser.context.pages()[0] ?? (await browser.context.newPage());
    errors = watchErrors(op);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  test('the owner sees one program eligible and one not, with the reason and the link to training', async () => {
    await loginAsDemo(op, stack.baseUrl, 'owner');
    await op.goto(`${stack.baseUrl}/packages/programs/index/index`);
    const forMe = shown(op, '[data-section=for-me]');
    await forMe.waitFor({ timeout: 15_000 });
    const ok = forMe.locator(`[data-program="${sunshineId}"]`);
    const no = forMe.locator(`[data-program="${modelUnitId}"]`);
    await ok.waitFor();
    await expectText(ok, '符合条件 ✓');
    await expectText(no, '暂不符合 ✗');
    // The training rule in words, with what the workshop has now and where to go.
    expect(await no.locator('[data-rule=training_hours] [data-testid=rule-todo]').innerText()).toMatch(/^参加 8 学时培训，目前 \d+(\.\d)? 学时$/);
    expect(await no.locator('[data-rule=training_hours] [data-link=training]').count()).toBe(1);
    // The eligible one lists no rule to meet.
    expect(await ok.locator('[data-testid=rule-todo]').count()).toBe(0);
    await screenshot(op, 'programs-for-me');
    await expectAccessible(op, '非遗与品牌');
  });

  test('the owner opens the eligible program and applies with a photo and a statement', async () => {
    await shown(op, `[data-program="${sunshineId}"] [role=link]`).first().click();
    await op.waitForURL(`**/packages/programs/detail/index?id=${sunshineId}`);
    const mine = shown(op, '[data-testid=my-eligibility]');
    await expectText(mine, '符合条件 ✓');
    await button(op, '申报').click();
    await op.waitForURL(`**/packages/programs/apply/index?id=${sunshineId}`);
    await shown(op, '[data-material=photos]').waitFor({ timeout: 15_000 });

    // Nothing yet: the form says what is missing and sends nothing.
    await button(op, '提交申报').click();
    await expectText(shown(op, '[data-testid=form-errors]'), '请上传：生产场所照片');

    const jpeg = await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 180, g: 150, b: 90 } } }).jpeg().toBuffer();
    const [chooser] = await Promise.all([op.waitForEvent('filechooser'), button(op, '拍照或从相册上传').click()]);
    await chooser.setFiles({ name: 'workshop.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await shown(op, '[data-material=photos] .pg-file').waitFor({ timeout: 15_000 });
    await shown(op, '[aria-label="申报说明"]').fill('三代传承手工米粉，明厨亮灶、生产过程视频公开，年产约30吨。');
    await expectAccessible(op, '在线申报');
    await button(op, '提交申报').click();
    await shown(op, '.taro-model__confirm').click();
    await op.waitForURL('**/packages/programs/mine/index', { timeout: 15_000 });
    const card = shown(op, '[data-application]').first();
    await card.waitFor({ timeout: 15_000 });
    await expectText(card, '鱼峰区阳光作坊');
    await expectText(card.locator('[data-testid=application-status]'), '已提交，待评审');
    applicationId = (await card.getAttribute('data-application'))!;
    await settle(op);
    await screenshot(op, 'programs-mine');

    // Stored as the owner sent it: one photo under its material code.
    const stored = (await call('GET', '/applications/mine', undefined, ownerToken)).body.data as { id: string; status: string; statement: string; materials: { code: string }[] }[];
    const a = stored.find((x) => x.id === applicationId)!;
    expect(a).toMatchObject({ status: 'submitted', statement: '三代传承手工米粉，明厨亮灶、生产过程视频公开，年产约30吨。' });
    expect(a.materials.map((m) => m.code)).toEqual(['photos']);
  });

  test('the public pages: the notice with days left and an objection box, awarded workshops, the heritage gallery and story, the badge on the credit file', async () => {
    // 公示 of the model units (two approved today by the seed).
    await op.goto(`${stack.baseUrl}/packages/programs/notice/index?id=${modelUnitId}`);
    const entry = shown(op, '[data-notice]').first();
    await entry.waitFor({ timeout: 15_000 });
    expect(await entry.locator('[data-testid=days-left]').innerText()).toMatch(/^还剩 \d+ 天$/);
    await entry.locator('[role=button]:text-is("提出异议")').click();
    await shown(op, '[aria-label="异议内容"]').waitFor();
    await expectAccessible(op, '公示名单');

    // 获评名单 and 非遗美食 → the story page → the workshop's credit file with its badges.
    await op.goto(`${stack.baseUrl}/packages/programs/awards/index`);
    await shown(op, '[data-award]').first().waitFor({ timeout: 15_000 });
    await expectAccessible(op, '获评名单');
    await op.goto(`${stack.baseUrl}/packages/programs/gallery/index`);
    const storyAward = (await call('GET', '/awards?heritage=1')).body.data.find((a: { story: unknown }) => a.story) as { id: string; workshop: { id: string } };
    await shown(op, `[data-award="${storyAward.id}"]`).click();
    await op.waitForURL(`**/packages/programs/story/index?id=${storyAward.id}`);
    await expectText(shown(op, '[data-story=technique]'), '螺蛳粉');
    await expectAccessible(op, '非遗故事');
    await button(op, '查看作坊信用档案').click();
    await op.waitForURL(`**/packages/credit/workshop/index?id=${storyAward.workshop.id}`);
    const badges = shown(op, '[data-testid=awards]');
    await expectText(badges.locator(`[data-award="${storyAward.id}"]`), '授予，有效期至');
    await badges.locator(`[data-award="${storyAward.id}"] [role=link]`).click();
    await op.waitForURL(`**/packages/programs/story/index?id=${storyAward.id}`);
  });

  // The lead continues here: the admin approves; after the notice period (clock advanced) the badge shows on the
  // public file; a new serious penalty flags it and the admin revokes it.
});

async function expectText(locator: ReturnType<Page['locator']>, text: string) {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: 15_000 });
}
