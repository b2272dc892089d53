// Issue 14's browser flow through the real H5 build, with the demo programs (server/src/seed/programs.ts): the
// demo owner opens 非遗与品牌, sees 适合我的项目 with one program eligible (阳光作坊) and one not (示范单位,
// short of training hours) with the reason and the link to training, opens the eligible one and applies with a
// photo and a statement; the application shows in 我的申报. Then the whole road: the owner attends the
// training 文旅作坊 asks for (booked, checked in, finished: a certificate with hours), becomes eligible and
// applies; the admin scores and approves it on the desk; once the notice period has passed (the granting job run
// with the clock past its end) the badge shows on the public file; a new serious penalty flags it and the admin
// revokes it. axe on the pages visited; screenshots in test-output.
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { apiCall, browserOrSkip, button, expectAccessible, launch, loginAsDemo, screenshot, settle, shown, watchErrors, type Browser } from './browser';
import { startStack, type Stack } from '../support/stack';
import { seedDemoPrograms } from '../../server/src/seed/programs';
import { grantDueAwards } from '../../server/src/commands/programs/awards';
import { AwardModel } from '../../server/src/models/Award';
import { ProgramApplicationModel } from '../../server/src/models/ProgramApplication';

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
  let tourismId = '';
  let tourismApplicationId = '';
  let awardId = '';
  let admin: Browser | undefined; // the admin's desktop
  let ap: Page;
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
    tourismId = programs.find((p) => p.kind === 'culture_tourism')!.id;
    browser = await launch(executablePath!);
    op = browser.context.pages()[0] ?? (await browser.context.newPage());
    errors = watchErrors(op);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await admin?.close();
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

    // Public search by badge: 查询 → 荣誉称号 lists the workshops holding it.
    const badge = (await call('GET', `/awards/${storyAward.id}`)).body.data.badge as string;
    await op.goto(`${stack.baseUrl}/pages/search/index`);
    await shown(op, '[role=button][aria-label^="荣誉称号"]').click();
    await shown(op, `[aria-label=按荣誉称号筛选] [role=radio]:text-is("${badge}")`).click();
    const held = (await call('GET', `/workshops?badge=${encodeURIComponent(badge)}&pageSize=50`)).body;
    expect(held.total).toBeGreaterThan(0);
    expect(held.data.map((w: { id: string }) => w.id)).toContain(storyAward.workshop.id);
    await shown(op, `text=共 ${held.total} 家作坊`).first().waitFor({ timeout: 15_000 });
    await expectAccessible(op, '按荣誉称号查询');
  });

  test('the owner attends the missing training and becomes eligible for 柳州文旅作坊, then applies', async () => {
    // Before: the training rule (4 hours) is the one rule 文旅作坊 fails for the demo owner.
    const before = (await call('GET', `/programs/${tourismId}/eligibility`, undefined, ownerToken)).body.data;
    expect(before.eligible).toBe(false);
    expect(before.rules.filter((r: { passed: boolean }) => !r.passed).map((r: { kind: string }) => r.kind)).toEqual(['training_hours']);

    // The training issue's flow through the API: a trainer's free 4-hour session, the owner books, the
    // trainer checks the owner in and finishes the session; the certificate carries the hours.
    const trainer = (await call('POST', '/auth/dev', { role: 'trainer', region: '450203' })).body.token;
    const course = await call('POST', '/courses', { title: '文旅作坊食品安全与接待规范', category: 'practice', description: '游客参观区与生产区分隔、明厨亮灶、留样与投诉处理。', hours: 4, targetCategories: ['rice_flour'] }, trainer);
    expect(course.status).toBe(201);
    const at = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
    const session = await call('POST', '/sessions', {
      courseId: course.body.data.id, startsAt: at(72), endsAt: at(76), place: { address: '柳州市鱼峰区市场监管局三楼会议室' }, capacity: 30, feeFen: 0,
      signupDeadline: at(48), cancelDeadline: at(24), refundRule: 'full', publish: true,
    }, trainer);
    expect(session.status).toBe(201);
    const sessionId = session.body.data.id as string;
    const workshopId = before.workshop.id as string; // the workshop the programs look at
    const booking = await call('POST', `/sessions/${sessionId}/bookings`, { workshopId, attendee: { name: '演示业主', phone: '13900000123' } }, ownerToken);
    expect(booking.status).toBe(201);
    const now = Date.now(); // the session takes place now (its times moved, as the training browser test does)
    await stack.server.db.connection.collection('training_sessions').updateOne({ _id: new Types.ObjectId(sessionId) }, {
      $set: { startsAt: new Date(now - 3_600_000), endsAt: new Date(now + 2 * 3_600_000), signupDeadline: new Date(now - 7_200_000), cancelDeadline: new Date(now - 7_200_000) },
    });
    const checkIn = await call('POST', `/sessions/${sessionId}/check-ins`, { scans: [{ scanId: randomUUID(), bookingId: booking.body.data.id }] }, trainer);
    expect(checkIn.body.data[0].result).toBe('attended');
    expect((await call('POST', `/sessions/${sessionId}/finish`, {}, trainer)).status).toBe(200);

    // After: 适合我的项目 shows 文旅作坊 eligible; the owner applies from its page.
    await op.goto(`${stack.baseUrl}/packages/programs/index/index`);
    const tourism = shown(op, `[data-section=for-me] [data-program="${tourismId}"]`);
    await expectText(tourism, '符合条件 ✓');
    await tourism.locator('[role=link]').first().click();
    await op.waitForURL(`**/packages/programs/detail/index?id=${tourismId}`);
    await expectText(shown(op, '[data-testid=my-eligibility]'), '符合条件 ✓');
    await button(op, '申报').click();
    await op.waitForURL(`**/packages/programs/apply/index?id=${tourismId}`);
    await shown(op, '[aria-label="申报说明"]').fill('作坊设游客参观通道，可现场体验螺蛳粉制作，年接待游客约两千人次。');
    await button(op, '提交申报').click();
    await shown(op, '.taro-model__confirm').click();
    await op.waitForURL('**/packages/programs/mine/index', { timeout: 15_000 });
    const mine = (await call('GET', '/applications/mine', undefined, ownerToken)).body.data as { id: string; program: { id: string }; status: string }[];
    tourismApplicationId = mine.find((x) => x.program.id === tourismId)!.id;
    expect(mine.find((x) => x.id === tourismApplicationId)!.status).toBe('submitted');
  }, 180_000);

  test('the admin scores and approves it on the review desk; it goes to public notice', async () => {
    admin = await launch(executablePath!, { width: 1280, height: 900 });
    ap = admin.context.pages()[0] ?? (await admin.context.newPage());
    errors.push(...watchErrors(ap));
    await loginAsDemo(ap, stack.baseUrl, 'admin');
    await ap.goto(`${stack.baseUrl}/packages/programs/desk/application/index?id=${tourismApplicationId}`);
    const sheet = shown(ap, '[data-testid=score-sheet]');
    await sheet.waitFor({ timeout: 15_000 });
    await sheet.locator('[aria-label="材料审查得分"]').fill('30');
    await sheet.locator('[aria-label="现场评审得分"]').fill('30');
    await sheet.locator('[aria-label="集体审议得分"]').fill('30');
    await sheet.locator('[role=button]:text-matches("^(提交|更新)评分$")').click();
    await shown(ap, '[data-testid=score-sheet]:has-text("已提交 90 分")').waitFor({ timeout: 15_000 });
    await button(ap, '评审通过，进入公示').click();
    await shown(ap, '.taro-model__confirm').click();
    await shown(ap, '[data-status=in_notice]').waitFor({ timeout: 15_000 });
    const notice = (await call('GET', `/programs/${tourismId}/notice`)).body.data;
    expect(notice.entries.map((e: { applicationId: string }) => e.applicationId)).toContain(tourismApplicationId);
  }, 120_000);

  test('after the notice period (the granting job run with the clock past its end) the badge shows on the public file', async () => {
    const a = (await ProgramApplicationModel.findById(tourismApplicationId).lean())!;
    expect((await call('GET', `/workshops/${a.workshopId}`)).body.badges ?? []).not.toContain('柳州文旅作坊');
    // Not before its end…
    expect(await grantDueAwards(stack.server.services, new Date(a.noticeEndsAt!.getTime() - 60_000))).toBe(0);
    // …and once it has passed with no objection.
    expect(await grantDueAwards(stack.server.services, new Date(a.noticeEndsAt!.getTime() + 60_000))).toBeGreaterThanOrEqual(1);
    awardId = (await ProgramApplicationModel.findById(tourismApplicationId).lean())!.awardId!;
    await op.goto(`${stack.baseUrl}/packages/credit/workshop/index?id=${a.workshopId}`);
    await expectText(shown(op, `[data-testid=awards] [data-award="${awardId}"]`), '柳州文旅作坊');
    await screenshot(op, 'programs-badge-granted');
  }, 120_000);

  test('a new serious penalty flags the award; the admin revokes it and the badge leaves the public file', async () => {
    const a = (await ProgramApplicationModel.findById(tourismApplicationId).lean())!;
    const inspector = (await call('POST', '/auth/dev', { role: 'inspector', region: a.region.slice(0, 6) })).body.token;
    const penalty = await call('POST', '/penalties', {
      workshopId: a.workshopId, decisionNumber: `柳鱼市监处罚〔2026〕文旅${Date.now()}号`, facts: '使用超范围食品添加剂', basis: '《中华人民共和国食品安全法》第一百二十四条',
      outcome: '罚款并没收违法所得', fineFen: 500_000, decidedAt: new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10), publicityDays: 90,
    }, inspector);
    expect(penalty.status).toBe(201);
    expect(await AwardModel.findById(awardId).lean()).toMatchObject({ status: 'flagged' });

    await ap.goto(`${stack.baseUrl}/packages/programs/desk/flagged/index`);
    const card = shown(ap, `[data-award="${awardId}"]`);
    await card.waitFor({ timeout: 15_000 });
    await card.locator('[aria-label="撤销理由或复核意见"]').fill('使用超范围食品添加剂被处罚，不再符合文旅作坊要求');
    await card.locator('[role=button]:text-is("撤销称号")').click();
    await shown(ap, '.taro-model__confirm').click();
    await card.waitFor({ state: 'detached', timeout: 15_000 });
    expect(await AwardModel.findById(awardId).lean()).toMatchObject({ status: 'revoked' });

    await op.goto(`${stack.baseUrl}/packages/credit/workshop/index?id=${a.workshopId}`);
    await shown(op, `text=${a.workshopName}`).first().waitFor({ timeout: 15_000 });
    await settle(op);
    expect(await shown(op, `[data-award="${awardId}"]`).count()).toBe(0);
    expect((await call('GET', `/workshops/${a.workshopId}`)).body.badges ?? []).not.toContain('柳州文旅作坊');
  }, 120_000);
});

async function expectText(locator: ReturnType<Page['locator']>, text: string) {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: 15_000 });
}
