// The programs review desk (issue 14) through the real H5 build: the demo admin opens 非遗与品牌评审 from the
// staff home, opens a demo application under review, fills the score sheet and approves it (public notice);
// the program form lists what is missing; then a new penalty flags a demo award and the admin revokes it
// on 待复核称号 — the badge leaves the public file.
import type { Page } from 'playwright-core';
import { browserOrSkip, launch, screenshot, watchErrors, type Browser, shown, button, expectAccessible, loginAsDemo, apiCall, settle } from './browser';
import { startStack, type Stack } from '../support/stack';
import { seedDemoPrograms } from '../../server/src/seed/programs';
import { AwardModel } from '../../server/src/models/Award';
import { ProgramModel } from '../../server/src/models/Program';
import { ProgramApplicationModel } from '../../server/src/models/ProgramApplication';
import { WorkshopModel } from '../../server/src/models/Workshop';
import { shanghaiDate } from '../../server/src/services/calendar';

const executablePath = browserOrSkip();
const suite = executablePath ? describe : describe.skip;

suite('programs review desk in H5: score, approve, revoke a flagged award', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let errors: string[] = [];
  let programId = '';
  let applicationId = '';
  const call = (method: string, path: string, body?: unknown, token?: string) => apiCall(stack.baseUrl)(method, path, body, token);

  beforeAll(async () => {
    stack = await startStack({ devLogin: true });
    await seedDemoPrograms(stack.server.services);
    // The demo's application under review (名特优); a small demo database may have run out of candidates:
    // then one is written the way the seed writes it.
    const found = await ProgramApplicationModel.findOne({ demo: true, status: 'under_review' }, { programId: 1 }).lean();
    let a: { _id: unknown; programId: string } | null = found ? { _id: found._id, programId: found.programId } : null;
    if (!a) {
      const p = (await ProgramModel.findOne({ demo: true, kind: 'famous_specialty' }).lean())!;
      const taken = new Set((await ProgramApplicationModel.find({}, { workshopId: 1 }).lean()).map((x) => x.workshopId));
      const w = (await WorkshopModel.find({ status: 'registered', region: /^4502/ }).limit(200).lean()).find((x) => !taken.has(String(x._id)))!;
      const year = Number(shanghaiDate(new Date()).slice(0, 4));
      const created = await ProgramApplicationModel.create({
        key: `${String(p._id)}:${String(w._id)}:${year}`, programId: String(p._id), workshopId: String(w._id), workshopName: w.name, ownerId: w.ownerId ?? null,
        region: w.region, year, status: 'submitted', statement: `${w.name}：传统手工工艺，产品质量稳定。`, materials: [], submittedAt: new Date(), demo: true,
        timeline: [{ at: new Date(), title: '提交申报', by: null }],
      });
      a = { _id: created._id, programId: created.programId };
    }
    programId = a.programId;
    applicationId = String(a._id);
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

  test('the admin opens the desk from the staff home, scores the demo application on the sheet and approves it', async () => {
    await loginAsDemo(page, stack.baseUrl, 'admin');
    await page.goto(`${stack.baseUrl}/packages/staff/index/index`);
    await shown(page, '[data-entry=programs]').click();
    await page.waitForURL('**/packages/programs/desk/index', { timeout: 15_000 });
    const row = shown(page, `[data-program="${programId}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.innerText()).toMatch(/名额：已用 \d+，剩余 \d+/);
    expect(await row.innerText()).toMatch(/(待评审|评审中) [1-9]/);
    await expectAccessible(page, 'programs desk');
    await screenshot(page, 'programs-desk');

    await row.click();
    await page.waitForURL('**/packages/programs/desk/applications/index?id=*', { timeout: 15_000 });
    await shown(page, `[data-application="${applicationId}"]`).click();
    await page.waitForURL('**/packages/programs/desk/application/index?id=*', { timeout: 15_000 });
    const sheet = shown(page, '[data-testid=score-sheet]');
    await sheet.waitFor({ timeout: 15_000 });
    await expect(shown(page, '[data-testid=facts]').innerText()).resolves.toContain('近12个月培训');
    await shown(page, '[data-testid=eligibility-current]').waitFor();

    // A line over its points is refused on the page; then the sheet adds up to 88.
    await sheet.locator('[aria-label="材料审查得分"]').fill('30');
    await sheet.locator('[aria-label="现场评审得分"]').fill('40');
    await sheet.locator('[aria-label="集体审议得分"]').fill('30');
    await sheet.locator('[role=button]:text-matches("^(提交|更新)评分$")').click();
    await expect(sheet.locator('[data-testid=sheet-errors]').innerText()).resolves.toBe('“现场评审”须为 0–33 的整数');
    await sheet.locator('[aria-label="现场评审得分"]').fill('28');
    await expect(sheet.locator('[data-testid=sheet-total]').innerText()).resolves.toBe('88 / 100');
    await sheet.locator('[role=button]:text-matches("^(提交|更新)评分$")').click();
    await shown(page, '[data-testid=score-sheet]:has-text("已提交 88 分")').waitFor({ timeout: 15_000 });
    const scored = await ProgramApplicationModel.findById(applicationId).lean();
    expect(scored!.scores.find((s) => s.score === 88)).toMatchObject({ items: [{ name: '材料审查', score: 30, max: 34 }, { name: '现场评审', score: 28, max: 33 }, { name: '集体审议', score: 30, max: 33 }] });
    await expectAccessible(page, 'application review');

    await button(page, '评审通过，进入公示').click();
    await shown(page, '.taro-modal__text:has-text("进入 5 个工作日公示")').waitFor();
    await shown(page, '.taro-model__confirm').click();
    await shown(page, '[data-status=in_notice]').waitFor({ timeout: 15_000 });
    const approved = await ProgramApplicationModel.findById(applicationId).lean();
    expect(approved).toMatchObject({ status: 'in_notice' });
    expect(approved!.noticeUntil).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The public notice list names the workshop.
    const notice = (await call('GET', `/programs/${programId}/notice`)).body.data;
    expect(notice.entries.map((e: { applicationId: string }) => e.applicationId)).toContain(applicationId);
    await screenshot(page, 'programs-desk-approved');
  }, 180_000);

  test('the program form lists what is missing at the top, in Chinese', async () => {
    await page.goto(`${stack.baseUrl}/packages/programs/desk/program-form/index`);
    await button(page, '创建项目').waitFor({ timeout: 15_000 });
    await button(page, '创建项目').click();
    const list = shown(page, '[data-testid=form-errors]');
    await list.waitFor();
    const text = await list.innerText();
    expect(text).toContain('请填写项目名称');
    expect(text).toContain('请选择项目类别');
    await expectAccessible(page, 'program form');
  }, 60_000);

  test('a new penalty flags a demo award; the admin revokes it on 待复核称号 and the badge leaves the public file', async () => {
    const award = (await AwardModel.findOne({ demo: true, status: 'active' }).lean())!;
    expect(award).toBeTruthy();
    const awardId = String(award._id);
    const inspector = (await call('POST', '/auth/dev', { role: 'inspector', region: award.region.slice(0, 6) })).body.token;
    const penalty = await call('POST', '/penalties', {
      workshopId: award.workshopId, decisionNumber: `柳市监处罚〔2026〕E2E${Date.now()}号`, facts: '使用超范围食品添加剂', basis: '《中华人民共和国食品安全法》第一百二十四条',
      outcome: '罚款并没收违法所得', fineFen: 500_000, decidedAt: shanghaiDate(new Date(Date.now() - 86_400_000)), publicityDays: 90,
    }, inspector);
    expect(penalty.status).toBe(201);
    expect(await AwardModel.findById(awardId).lean()).toMatchObject({ status: 'flagged' });
    // Flagged, the badge still shows (the public is not told of a review in progress).
    expect((await call('GET', `/workshops/${award.workshopId}`)).body.badges).toContain(award.badge);

    await page.goto(`${stack.baseUrl}/packages/programs/desk/index`);
    await shown(page, '[role=button]:text-matches("^待复核称号（[0-9]+）$")').click();
    await page.waitForURL('**/packages/programs/desk/flagged/index', { timeout: 15_000 });
    const card = shown(page, `[data-award="${awardId}"]`);
    await card.waitFor({ timeout: 15_000 });
    expect(await card.locator('[data-testid=flags]').innerText()).toContain('复核原因');
    await expectAccessible(page, 'flagged awards');
    // No reason: nothing is asked or sent.
    await card.locator('[role=button]:text-is("撤销称号")').click();
    await expect(card.locator('[data-testid=award-errors]').innerText()).resolves.toContain('撤销称号须填写理由');
    await card.locator('[aria-label="撤销理由或复核意见"]').fill('使用超范围食品添加剂被处罚，不再符合名特优作坊要求');
    await card.locator('[role=button]:text-is("撤销称号")').click();
    await shown(page, '.taro-modal__text:has-text("此操作不可撤回")').waitFor();
    await shown(page, '.taro-model__confirm').click();
    await shown(page, `[data-award="${awardId}"]`).waitFor({ state: 'detached', timeout: 15_000 }).catch(async () => {
      await settle(page);
      expect(await shown(page, `[data-award="${awardId}"]`).count()).toBe(0);
    });
    expect(await AwardModel.findById(awardId).lean()).toMatchObject({ status: 'revoked', revokeReason: '使用超范围食品添加剂被处罚，不再符合名特优作坊要求' });
    expect((await call('GET', `/awards/${awardId}`)).status).toBe(404);
    const file = (await call('GET', `/workshops/${award.workshopId}`)).body;
    expect(file.badges).not.toContain(award.badge);
    await screenshot(page, 'programs-desk-revoked');
  }, 120_000);
});
