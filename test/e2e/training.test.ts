// Training through the real H5 build: the owner books a free session and finds it in 我的培训 with its
// check-in QR; the trainer checks the attendee in by list and finishes the session; the owner then has the
// certificate, which the public verify page confirms. axe on the pages visited; screenshots in test-output.
import { Types } from 'mongoose';
import type { Page } from 'playwright-core';
import { browserOrSkip, launch, screenshot, watchErrors, type Browser, shown, button, expectAccessible, loginAsDemo, apiCall } from './browser';
import { startStack, type Stack } from '../support/stack';
import { seedDemoTraining } from '../../server/src/seed/training';

const executablePath = browserOrSkip();
const suite = executablePath ? describe : describe.skip;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000);

suite('training in H5: book, check in, finish, certificate', () => {
  let stack: Stack;
  let browser: Browser; // the owner's phone
  let trainerBrowser: Browser; // the trainer's phone: a storage of its own
  let op: Page; // the owner's phone
  let tp: Page; // the trainer's phone
  let errors: string[];
  let sessionId: string;
  let bookingId: string;
  let ownerToken: string;

  const call = (method: string, path: string, body?: unknown, token?: string) => apiCall(stack.baseUrl)(method, path, body, token);

  beforeAll(async () => {
    stack = await startStack({ devLogin: true });
    const trainer = (await call('POST', '/auth/dev', { role: 'trainer', region: '450203' })).body.token;
    ownerToken = (await call('POST', '/auth/dev', { role: 'owner' })).body.token;
    // The demo desk (courses and sessions in every state) once the demo trainer and owner exist, and a
    // course of this test's own.
    await seedDemoTraining(stack.server.services);
    const course = await call('POST', '/courses', {
      title: '浏览器测试：小作坊食品安全基础', category: 'law', description: '浏览器测试用课程', hours: 2, targetCategories: [], materials: [],
    }, trainer);
    expect(course.status).toBe(201);
    const courses = [course.body.data];
    const starts = inDays(5);
    const made = await call('POST', '/sessions', {
      courseId: courses[0].id, startsAt: starts.toISOString(), endsAt: new Date(starts.getTime() + 3 * 3_600_000).toISOString(),
      place: { address: '柳州市鱼峰区市场监管局三楼会议室（浏览器测试）' }, capacity: 5, feeFen: 0,
      signupDeadline: inDays(4).toISOString(), cancelDeadline: inDays(4).toISOString(), refundRule: 'full', publish: true,
    }, trainer);
    expect(made.status).toBe(201);
    sessionId = made.body.data.id;

    [browser, trainerBrowser] = await Promise.all([launch(executablePath!), launch(executablePath!)]);
    op = browser.context.pages()[0] ?? (await browser.context.newPage());
    tp = trainerBrowser.context.pages()[0] ?? (await trainerBrowser.context.newPage());
    errors = watchErrors(op);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await trainerBrowser?.close();
    await stack?.stop();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  test('the owner books the free session and sees it in 我的培训 with the check-in QR', async () => {
    await loginAsDemo(op, stack.baseUrl, 'owner');
    await op.goto(`${stack.baseUrl}/packages/training/index/index`);
    await shown(op, '[data-course]').first().waitFor({ timeout: 15_000 });
    await expectAccessible(op, 'course list');
    await screenshot(op, 'training-courses');

    await op.goto(`${stack.baseUrl}/packages/training/session/index?id=${sessionId}`);
    const form = shown(op, '[data-testid=book-form]');
    await form.waitFor({ timeout: 15_000 });
    await button(op, '提交报名').click();
    await shown(op, '[role=alert]:has-text("请填写参训人员姓名")').waitFor();
    await form.locator('[data-workshop]').first().click();
    await op.locator('[aria-label="参训人员姓名"]').filter({ visible: true }).fill('李秀英');
    await op.locator('[aria-label="参训人员手机号"]').filter({ visible: true }).fill('13807712345');
    await expectAccessible(op, 'booking form');
    await button(op, '提交报名').click();
    await shown(op, '.taro-model__confirm').click();
    await shown(op, '[data-testid=book-result][data-status=confirmed]').waitFor({ timeout: 15_000 });
    await expectAccessible(op, 'booking result');
    await screenshot(op, 'training-booked');

    await button(op, '查看我的培训').click();
    await op.waitForURL('**/packages/training/mine/index');
    const mine = (await call('GET', '/bookings/mine', undefined, ownerToken)).body.data as Array<{ id: string; session: { id: string }; checkInCode: string }>;
    const b = mine.find((x) => x.session.id === sessionId)!;
    bookingId = b.id;
    const card = shown(op, `[data-section=upcoming] [data-booking="${bookingId}"]`);
    await card.waitFor({ timeout: 15_000 });
    expect(await card.locator('[data-qr]').getAttribute('data-qr')).toBe(b.checkInCode);
    expect(await card.innerText()).toContain('138****2345');
    await expectAccessible(op, 'my training');
    await screenshot(op, 'training-mine-upcoming');
  }, 120_000);

  test('the trainer checks the attendee in by list and finishes the session', async () => {
    // The session has started (it was created for the future; time moves on).
    const now = Date.now();
    await stack.server.db.connection.collection('training_sessions').updateOne({ _id: new Types.ObjectId(sessionId) }, {
      $set: { startsAt: new Date(now - 3_600_000), endsAt: new Date(now + 2 * 3_600_000), signupDeadline: new Date(now - 7_200_000), cancelDeadline: new Date(now - 7_200_000) },
    });
    const trainerErrors = watchErrors(tp);
    await loginAsDemo(tp, stack.baseUrl, 'trainer');
    await tp.goto(`${stack.baseUrl}/packages/training/desk/index`);
    await shown(tp, '[data-course]').first().waitFor({ timeout: 15_000 });
    await expectAccessible(tp, 'trainer desk');

    await tp.goto(`${stack.baseUrl}/packages/training/desk/roster/index?id=${sessionId}`);
    const row = shown(tp, `[data-entry="${bookingId}"]`);
    await row.waitFor({ timeout: 15_000 });
    await expectAccessible(tp, 'roster');
    await row.locator('[role=button]:text-is("签到")').click();
    await row.locator('text=签到于').waitFor({ timeout: 15_000 });
    await screenshot(tp, 'training-roster-checked-in');
    await button(tp, '结束培训').click();
    await shown(tp, '.taro-model__confirm').click();
    await shown(tp, '.kv__v:text-is("已结束")').waitFor({ timeout: 15_000 });
    await row.locator('text=证书 PX').waitFor({ timeout: 15_000 });
    await screenshot(tp, 'training-finished');
    expect(trainerErrors).toEqual([]);
  }, 120_000);

  test('the owner has the certificate and the verify page confirms it', async () => {
    await op.goto(`${stack.baseUrl}/packages/training/mine/index`);
    const card = shown(op, `[data-section=certificates] [data-booking="${bookingId}"]`);
    await card.waitFor({ timeout: 15_000 });
    await card.locator('[role=button]:text-is("查看证书")').click();
    await op.waitForURL('**/packages/training/verify/index?no=PX*');
    await shown(op, '[data-testid=verify-status]:text-is("有效")').waitFor({ timeout: 15_000 });
    expect(await shown(op, '.verify__card').innerText()).toContain('李**');
    await expectAccessible(op, 'training certificate verify');
    await screenshot(op, 'training-certificate-verify');
  }, 120_000);
});
