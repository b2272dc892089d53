// Issue 13's browser flow through the real H5 build, WeChat Pay through its fake: a trainer creates a paid
// session with 2 seats; three owners book (two pay by scanning the Native QR, the third is waitlisted); one
// cancels and is refunded; the waitlisted owner gets the offer, accepts and pays; the trainer checks both in
// and finishes the session; both see their certificates; the credit file of their workshops shows the training.
import { Types } from 'mongoose';
import type { Page } from 'playwright-core';
import { browserOrSkip, launch, screenshot, watchErrors, type Browser, shown, button, expectAccessible, loginAsDemo, apiCall, signInWith } from './browser';
import { startStack, type Stack } from '../support/stack';
import { WorkshopModel } from '../../server/src/models/Workshop';
import { nameKeys } from '../../server/src/services/pinyin';
import { codeUrlOf } from '../../server/src/fakes/wechatpayOrders';

const executablePath = browserOrSkip();
const suite = executablePath ? describe : describe.skip;

interface Owner { name: string; session: { token: string; user: unknown }; workshopId: string; workshopName: string; phone: string; bookingId?: string }

suite('paid training in H5: pay, waitlist, refund, offer, check-in, certificates, credit file', () => {
  let stack: Stack;
  let ownerBrowser: Browser; // a desktop browser: pays by scanning the Native QR code
  let trainerBrowser: Browser;
  let op: Page;
  let tp: Page;
  const errors: string[][] = [];
  let courseId = '';
  let sessionId = '';
  const owners: Owner[] = [];
  const call = (method: string, path: string, body?: unknown, token?: string) => apiCall(stack.baseUrl)(method, path, body, token);

  beforeAll(async () => {
    stack = await startStack({ devLogin: true, pay: true });
    const trainer = (await call('POST', '/auth/dev', { role: 'trainer', region: '450203' })).body.token;
    const course = await call('POST', '/courses', {
      title: '浏览器测试：食品添加剂使用规范', category: 'additives', description: '收费课程的浏览器测试', hours: 3, targetCategories: ['rice_flour'], materials: [],
    }, trainer);
    expect(course.status).toBe(201);
    courseId = course.body.data.id;
    // Three owners, each with a registered workshop of their own.
    for (const [i, name] of ['甲', '乙', '丙'].entries()) {
      const session = (await call('POST', '/auth/dev', { role: 'owner', name: `付费培训业主${name}` })).body;
      const workshopName = `付费培训${name}记米粉作坊`;
      const keys = nameKeys(workshopName);
      const w = await WorkshopModel.create({
        name: workshopName, namePinyin: keys.full, nameInitials: keys.initials, ownerId: session.user.id, ownerNameMasked: `${name}*`,
        region: '450203001', regionName: stack.server.services.regions.fullName('450203001') ?? '柳州市鱼峰区', address: `柳石路${100 + i}号`, categories: ['rice_flour'], products: ['米粉'],
        status: 'registered', certificate: { number: `JY45020399${String(900 + i)}`, status: 'valid', issuedAt: new Date('2025-03-01T02:00:00Z'), expiresAt: new Date('2028-02-29T15:59:59.999Z') },
      });
      owners.push({ name, session, workshopId: String(w._id), workshopName, phone: `1380771${String(4000 + i)}` });
    }
    [ownerBrowser, trainerBrowser] = await Promise.all([launch(executablePath!, { width: 1280, height: 900 }), launch(executablePath!)]);
    op = ownerBrowser.context.pages()[0] ?? (await ownerBrowser.context.newPage());
    tp = trainerBrowser.context.pages()[0] ?? (await trainerBrowser.context.newPage());
    errors.push(watchErrors(op), watchErrors(tp));
  }, 180_000);

  afterAll(async () => {
    await Promise.all([ownerBrowser?.close(), trainerBrowser?.close()]);
    await stack?.stop();
  });

  afterEach(() => {
    expect(errors.flat()).toEqual([]);
  });

  /** The owner's browser scans the QR on the page: WeChat Pay's fake pays the order whose code_url it shows. */
  async function scanAndPay(card: ReturnType<Page['locator']>) {
    await card.locator('[role=button]:text-is("去支付")').click();
    const qr = card.locator('[data-testid=pay-qr] [data-qr]');
    await qr.waitFor({ timeout: 15_000 });
    const codeUrl = await qr.getAttribute('data-qr');
    const order = [...stack.pay!.orders.values()].find((o) => o.trade_type === 'NATIVE' && codeUrlOf(o) === codeUrl);
    expect(order).toBeDefined();
    expect(await stack.pay!.payOrder({ out_trade_no: order!.out_trade_no })).toEqual({ status: 200, errMsg: 'requestPayment:ok' });
  }

  async function book(o: Owner, expected: 'held' | 'waitlisted') {
    await signInWith(op, stack.baseUrl, o.session);
    await op.goto(`${stack.baseUrl}/packages/training/session/index?id=${sessionId}`);
    const form = shown(op, '[data-testid=book-form]');
    await form.waitFor({ timeout: 15_000 });
    await op.locator('[aria-label="参训人员姓名"]').filter({ visible: true }).fill(`${o.name}秀英`);
    await op.locator('[aria-label="参训人员手机号"]').filter({ visible: true }).fill(o.phone);
    // The button says what happens: the fee on a session with seats, the waitlist on a full one.
    await (expected === 'waitlisted' ? button(op, '加入候补') : shown(op, '[role=button]:text-matches("^报名（80\\.00")')).click();
    await shown(op, '.taro-model__confirm').click();
    const result = shown(op, `[data-testid=book-result][data-status=${expected}]`);
    await result.waitFor({ timeout: 15_000 });
    const mine = (await call('GET', '/bookings/mine', undefined, o.session.token)).body.data as Array<{ id: string; session: { id: string } }>;
    o.bookingId = mine.find((b) => b.session.id === sessionId)!.id;
    return result;
  }

  test('the trainer creates a paid session with 2 seats on the desk', async () => {
    await loginAsDemo(tp, stack.baseUrl, 'trainer');
    await tp.goto(`${stack.baseUrl}/packages/training/desk/session-form/index?courseId=${courseId}`);
    await shown(tp, '[aria-label="培训地点"]').first().fill('柳州市鱼峰区市场监管局二楼培训室');
    await shown(tp, '[aria-label="名额"]').first().fill('2');
    await shown(tp, '[aria-label="费用（元）"]').first().fill('80');
    await expectAccessible(tp, 'session form (paid)');
    await button(tp, '发布').click();
    await shown(tp, '.taro-model__confirm').click();
    await tp.waitForURL('**/packages/training/desk/roster/index?id=*', { timeout: 15_000 });
    sessionId = new URL(tp.url().replace('/#/', '/')).searchParams.get('id') ?? tp.url().split('id=')[1];
    const s = (await call('GET', `/sessions/${sessionId}`)).body.data;
    expect(s).toMatchObject({ capacity: 2, feeFen: 8000, status: 'open' });
  }, 120_000);

  test('two owners book and pay by scanning the Native QR; the third is waitlisted', async () => {
    for (const o of owners.slice(0, 2)) {
      const result = await book(o, 'held');
      expect(await result.locator('[data-testid=hold-left]').innerText()).toMatch(/费用.*80\.00.*请在 \d{2}:\d{2} 内完成支付/);
      await scanAndPay(result);
      // The page reads the booking until the payment notification has confirmed it.
      await shown(op, '[data-testid=book-result][data-status=confirmed]').waitFor({ timeout: 30_000 });
      await expectAccessible(op, `booking paid (${o.name})`);
    }
    await screenshot(op, 'training-paid-confirmed');
    await book(owners[2], 'waitlisted');
    await screenshot(op, 'training-paid-waitlisted');
    expect((await call('GET', `/sessions/${sessionId}`)).body.data).toMatchObject({ seatsLeft: 0 });
  }, 180_000);

  test('one owner cancels and is refunded; the waitlisted owner gets the offer, accepts and pays', async () => {
    const [a, , c] = owners;
    await signInWith(op, stack.baseUrl, a.session);
    await op.goto(`${stack.baseUrl}/packages/training/mine/index`);
    const card = shown(op, `[data-section=upcoming] [data-booking="${a.bookingId}"]`);
    await card.waitFor({ timeout: 15_000 });
    await card.locator('[role=button]:text-is("取消报名")').click();
    await shown(op, '.taro-modal__text:has-text("截止时间前取消全额退款")').waitFor();
    await shown(op, '.taro-model__confirm').click();
    const cancelled = shown(op, `[data-section=history] [data-booking="${a.bookingId}"]`);
    await cancelled.waitFor({ timeout: 15_000 });
    // The refund: requested at once, settled by WeChat Pay's REFUND.SUCCESS notification.
    for (let i = 0; i < 20 && !(await cancelled.locator('[data-payment=refunded]').count()); i++) {
      await op.waitForTimeout(1000);
      await op.reload();
      await cancelled.waitFor({ timeout: 15_000 });
    }
    expect(await cancelled.locator('[data-payment=refunded]').innerText()).toContain('已退款');
    await expectAccessible(op, 'my training (refunded)');
    await screenshot(op, 'training-paid-refunded');

    await signInWith(op, stack.baseUrl, c.session);
    await op.goto(`${stack.baseUrl}/packages/training/mine/index`);
    const offer = shown(op, `[data-section=offers] [data-booking="${c.bookingId}"]`);
    await offer.waitFor({ timeout: 15_000 });
    expect(await offer.innerText()).toContain('前确认，逾期名额将让给下一位');
    await expectAccessible(op, 'my training (offer)');
    await offer.locator('[role=button]:text-is("确认参加")').click();
    const held = shown(op, `[data-section=held] [data-booking="${c.bookingId}"]`);
    await held.waitFor({ timeout: 15_000 });
    await scanAndPay(held);
    await shown(op, `[data-section=upcoming] [data-booking="${c.bookingId}"]`).waitFor({ timeout: 30_000 });
    await screenshot(op, 'training-paid-offer-accepted');
  }, 180_000);

  test('the trainer checks both in and finishes; both owners see certificates; their credit files show the training', async () => {
    const [, b, c] = owners;
    const now = Date.now();
    await stack.server.db.connection.collection('training_sessions').updateOne({ _id: new Types.ObjectId(sessionId) }, {
      $set: { startsAt: new Date(now - 3_600_000), endsAt: new Date(now + 2 * 3_600_000), signupDeadline: new Date(now - 7_200_000), cancelDeadline: new Date(now - 7_200_000) },
    });
    await tp.goto(`${stack.baseUrl}/packages/training/desk/roster/index?id=${sessionId}`);
    for (const o of [b, c]) {
      const row = shown(tp, `[data-entry="${o.bookingId}"]`);
      await row.waitFor({ timeout: 15_000 });
      await row.locator('[role=button]:text-is("签到")').click();
      await row.locator('text=签到于').waitFor({ timeout: 15_000 });
    }
    await expectAccessible(tp, 'roster (paid, checked in)');
    await button(tp, '结束培训').click();
    await shown(tp, '.taro-model__confirm').click();
    await shown(tp, '.kv__v:text-is("已结束")').waitFor({ timeout: 15_000 });
    await screenshot(tp, 'training-paid-finished');

    for (const o of [b, c]) {
      await signInWith(op, stack.baseUrl, o.session);
      await op.goto(`${stack.baseUrl}/packages/training/mine/index`);
      const cert = shown(op, `[data-section=certificates] [data-booking="${o.bookingId}"]`);
      await cert.waitFor({ timeout: 20_000 });
      expect(await cert.innerText()).toMatch(/证书编号 PX\d{10}/);

      await op.goto(`${stack.baseUrl}/packages/credit/workshop/index?id=${o.workshopId}`);
      const training = shown(op, '.ctl__item[data-type=training]');
      await training.first().waitFor({ timeout: 15_000 });
      expect(await training.first().innerText()).toContain('食品添加剂使用规范');
      expect(await training.first().innerText()).toContain('3');
    }
    await expectAccessible(op, 'credit file with training');
    await screenshot(op, 'training-paid-credit-file');
  }, 180_000);
});
