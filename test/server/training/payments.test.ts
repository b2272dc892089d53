// Paid bookings through WeChat Pay (the local fake plays WeChat Pay and the payer): a held booking is paid and
// confirmed by the signed notification, once; a wrong amount changes nothing; an expired hold closes its order
// and a payment that still arrives gets the seat back or its money back; cancelling refunds per the session's
// rule, a cancelled session refunds everyone; the owner reads 已支付 / 退款中 / 已退款 on the booking.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs, type LoggedIn } from '../../support/factories';
import { expectUnchanged } from '../../support/unchanged';
import { startWechatPayFake, type WechatPayFake } from '../../../server/src/fakes/wechatpay';
import { releaseExpired } from '../../../server/src/commands/training';
import { reconcilePayments } from '../../../server/src/services/payments';
import { BookingModel } from '../../../server/src/models/Booking';
import { NotificationModel } from '../../../server/src/models/Notification';
import { PayOrderModel } from '../../../server/src/models/PayOrder';
import { TrainingSessionModel } from '../../../server/src/models/TrainingSession';
import { UserModel } from '../../../server/src/models/User';
import { waitFor } from '../tipoff/support';
import { approvedTrainer, attendee, bookFor, createCourse, createSession, ownerWithWorkshop, type Owner } from './support';

let t: TestApp;
let pay: WechatPayFake;
let listener: Server;
let trainer: LoggedIn;
let courseId: string;
let owners: Owner[];
const FEE = 12_000;

beforeAll(async () => {
  pay = await startWechatPayFake({ notifyDelayMs: 10 });
  t = await createTestApp({ ...pay.env(), RATE_LIMIT_USER_PER_MIN: '100000', RATE_LIMIT_IP_PER_MIN: '100000' });
  listener = t.app.listen(0, '127.0.0.1');
  await new Promise((r) => listener.once('listening', r));
  pay.deliverNotificationsTo(`http://127.0.0.1:${(listener.address() as AddressInfo).port}`);
  const admin = await loginAs(t, 'admin', { region: '4502', name: '柳州市局管理员' });
  trainer = await approvedTrainer(t, admin, '王培训');
  courseId = await createCourse(t, trainer);
  owners = [];
  for (const name of ['甲', '乙', '丙']) owners.push(await ownerWithWorkshop(t, `付费业主${name}`));
});
afterEach(() => pay.dropNotifications(false));
afterAll(async () => {
  listener.closeAllConnections();
  await new Promise((r) => listener.close(r));
  await t.close();
  await pay.close();
});

type View = { id: string; status: string; statusLabel: string; canPay: boolean; checkInCode: string | null; payment: { status: string; label: string; amountFen: number; refundFen: number | null } | null };
const paidSession = (over: Record<string, unknown> = {}) => createSession(t, trainer, courseId, { feeFen: FEE, ...over });
const mine = async (o: Owner, id: string): Promise<View> => {
  const res = await t.http.get('/api/v1/bookings/mine').set(o.auth);
  expect(res.status).toBe(200);
  return (res.body.data as View[]).find((b) => b.id === id)!;
};
const payFor = (o: Owner | null, id: string, body: unknown = { channel: 'native' }) => {
  const req = t.http.post(`/api/v1/bookings/${id}/pay`);
  if (o) req.set(o.auth);
  return req.send(body as object);
};
const scan = async (outTradeNo: string) =>
  (await (await fetch(`${pay.url}/fake/transactions/pay`, { method: 'POST', body: JSON.stringify({ out_trade_no: outTradeNo }) })).json()) as { errMsg: string };
const ordersOf = (id: string) => PayOrderModel.find({ purpose: 'training', refId: id }).sort({ attempt: 1 }).lean();
const booking = (id: string) => BookingModel.findById(id).lean();
const stored = (id: string) => async () => ({ booking: await booking(id), orders: await ordersOf(id) });
const heldBooking = async (o: Owner, sessionId: string) => {
  const res = await bookFor(t, o, sessionId, attendee());
  expect(res.status).toBe(201);
  expect(res.body.data).toMatchObject({ status: 'held', canPay: true, payment: { status: 'unpaid', label: '待支付 ¥120.00' } });
  return res.body.data.id as string;
};
/** Pays a held booking by the Native QR code and waits until the notification confirmed it. */
async function paid(o: Owner, id: string): Promise<string> {
  const res = await payFor(o, id);
  expect(res.status).toBe(200);
  const no = (await ordersOf(id))[0].outTradeNo;
  expect((await scan(no)).errMsg).toBe('requestPayment:ok');
  await waitFor(() => booking(id), (b) => b!.status === 'confirmed' && !b!.owed.length);
  return no;
}
const refundedAtFake = (outTradeNo: string) => [...pay.refunds.values()].filter((r) => r.out_trade_no === outTradeNo);

describe('POST /bookings/:id/pay', () => {
  it('401 → 400 → 404 for another owner (nothing stored) → Native QR; the payment notification confirms the booking once', async () => {
    const [a, b] = owners;
    const sessionId = await paidSession();
    const id = await heldBooking(a, sessionId);
    expect((await payFor(null, id)).status).toBe(401);
    const bad = await payFor(a, id, { channel: 'alipay' });
    expect(bad.status).toBe(400);
    await expectUnchanged(stored(id), async () => {
      const other = await payFor(b, id);
      expect(other.status).toBe(404);
    });
    expect(await ordersOf(id)).toHaveLength(0);

    const res = await payFor(a, id);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ channel: 'native', codeUrl: expect.stringMatching(/^weixin:\/\/wxpay\//), requestPayment: null, h5Url: null, booking: { id, status: 'held', canPay: true } });
    const [order] = await ordersOf(id);
    expect(order).toMatchObject({ status: 'created', amountFen: FEE, channel: 'native' });
    expect(Date.parse(res.body.data.expiresAt)).toBe((await booking(id))!.holdUntil!.getTime());
    // Asking again is the same order.
    expect((await payFor(a, id)).body.data.codeUrl).toBe(res.body.data.codeUrl);
    expect(await ordersOf(id)).toHaveLength(1);

    expect((await scan(order.outTradeNo)).errMsg).toBe('requestPayment:ok');
    await waitFor(() => booking(id), (x) => x!.status === 'confirmed' && !x!.owed.length);
    const view = await mine(a, id);
    expect(view).toMatchObject({ status: 'confirmed', canPay: false, payment: { status: 'paid', label: '已支付 ¥120.00', amountFen: FEE, refundFen: null } });
    expect(view.checkInCode).toMatch(/^[A-Z0-9]{12}$/);
    expect(await NotificationModel.countDocuments({ key: `Booking:${id}:paid`, userId: a.userId, title: '培训报名成功' })).toBe(1);
    // The seat held while paying is the seat confirmed: none taken twice.
    expect((await TrainingSessionModel.findById(sessionId).lean())!.seatsLeft).toBe(29);

    // WeChat Pay sends the notification again: acknowledged, applied once.
    const again = pay.signedNotification(pay.transactionResource(pay.orders.get(order.outTradeNo)!), { event: { type: 'TRANSACTION.SUCCESS', summary: '支付成功', originalType: 'transaction' } });
    const before = await booking(id);
    expect((await t.http.post('/api/v1/pay/notify').set(again.headers).send(again.body)).status).toBe(204);
    expect(await booking(id)).toEqual(before);
    expect(before!.timeline.filter((e) => e.title?.startsWith('支付成功'))).toHaveLength(1);
    expect(await NotificationModel.countDocuments({ key: `Booking:${id}:paid`, userId: a.userId, title: '培训报名成功' })).toBe(1);
    // Paid: nothing more to pay.
    const twice = await payFor(a, id);
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe('该报名已支付，无需重复支付');
  });

  it('the mini-program gets requestPayment signed for the owner\'s openid; a phone browser gets the H5 page; a free booking cannot be paid', async () => {
    const [a] = owners;
    const id = await heldBooking(a, await paidSession());
    const res = await payFor(a, id, { channel: 'jsapi' });
    expect(res.status).toBe(200);
    const p = res.body.data.requestPayment;
    expect(p).toMatchObject({ appId: pay.appid, signType: 'RSA', package: expect.stringMatching(/^prepay_id=/) });
    const [order] = await ordersOf(id);
    const openid = (await UserModel.findById(a.userId).lean())!.openid;
    expect(pay.orders.get(order.outTradeNo)).toMatchObject({ trade_type: 'JSAPI', payer_openid: openid, total: FEE });
    // The owner switches to a phone browser: another order for the same booking, the first one still payable.
    const h5 = await payFor(a, id, { channel: 'h5' });
    expect(h5.body.data).toMatchObject({ channel: 'h5', h5Url: expect.stringContaining('prepay_id='), requestPayment: null, codeUrl: null });
    expect((await ordersOf(id)).map((o) => o.channel)).toEqual(['jsapi', 'h5']);
    // Paid in the mini-program: confirmed, and the H5 order closed (here and at WeChat Pay).
    const r = await fetch(`${pay.url}/fake/transactions/pay`, { method: 'POST', body: JSON.stringify({ ...p, openId: openid }) });
    expect(((await r.json()) as { errMsg: string }).errMsg).toBe('requestPayment:ok');
    await waitFor(() => booking(id), (x) => x!.status === 'confirmed' && !x!.owed.length);
    const orders = await ordersOf(id);
    expect(orders.map((o) => o.status)).toEqual(['paid', 'closed']);
    expect(pay.orders.get(orders[1].outTradeNo)!.trade_state).toBe('CLOSED');
    expect((await booking(id))!.payment).toMatchObject({ status: 'paid', outTradeNo: orders[0].outTradeNo });

    const free = await bookFor(t, a, await createSession(t, trainer, courseId), attendee());
    expect(free.body.data).toMatchObject({ status: 'confirmed', canPay: false, payment: null });
    await expectUnchanged(stored(free.body.data.id), async () => {
      const refused = await payFor(a, free.body.data.id);
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('training.booking_state');
    });
  });

  it('a notification with another amount is refused and changes nothing; the right one then confirms', async () => {
    const [a] = owners;
    const id = await heldBooking(a, await paidSession());
    pay.dropNotifications(true);
    await payFor(a, id);
    const [order] = await ordersOf(id);
    await scan(order.outTradeNo);
    await waitFor(async () => pay.notifications.find((x) => x.outBatchNo === order.outTradeNo), (x) => !!x);
    const resource = pay.transactionResource(pay.orders.get(order.outTradeNo)!);
    const event = { type: 'TRANSACTION.SUCCESS', summary: '支付成功', originalType: 'transaction' };
    const before = await booking(id);
    const wrong = pay.signedNotification({ ...resource, amount: { ...(resource.amount as object), total: 1, payer_total: 1 } }, { event });
    expect((await t.http.post('/api/v1/pay/notify').set(wrong.headers).send(wrong.body)).status).toBe(400);
    expect(await booking(id)).toEqual(before);
    expect((await PayOrderModel.findOne({ outTradeNo: order.outTradeNo }).lean())!.status).toBe('created');
    const right = pay.signedNotification(resource, { event });
    expect((await t.http.post('/api/v1/pay/notify').set(right.headers).send(right.body)).status).toBe(204);
    expect((await mine(a, id))).toMatchObject({ status: 'confirmed', payment: { label: '已支付 ¥120.00' } });
  });

  it('409 once the hold has expired; the expiry job closes the order at WeChat Pay', async () => {
    const [a] = owners;
    const sessionId = await paidSession();
    const id = await heldBooking(a, sessionId);
    await payFor(a, id);
    await BookingModel.updateOne({ _id: id }, { $set: { holdUntil: new Date(Date.now() - 1000) } });
    await expectUnchanged(stored(id), async () => {
      const late = await payFor(a, id, { channel: 'h5' });
      expect(late.status).toBe(409);
      expect(late.body.error.message).toBe('座位保留时间已过，请重新报名');
    });
    await releaseExpired(t.services);
    const [order] = await ordersOf(id);
    expect(order.status).toBe('closed');
    expect(pay.orders.get(order.outTradeNo)!.trade_state).toBe('CLOSED');
    expect((await scan(order.outTradeNo)).errMsg).toMatch(/fail/);
    expect(await mine(a, id)).toMatchObject({ status: 'expired', canPay: false, payment: { status: 'unpaid', label: '未支付' } });
    expect((await TrainingSessionModel.findById(sessionId).lean())!.seatsLeft).toBe(30);
    const again = await payFor(a, id);
    expect(again.status).toBe(409);
  });
  it('the handlers run again by the reconciliation job (as after a crash) change nothing and refund nothing twice', async () => {
    const [a] = owners;
    const sessionId = await paidSession({ capacity: 1 });
    const id = await heldBooking(a, sessionId);
    const no = await paid(a, id);
    // A second order of the same booking paid too (QR on the desktop, then the phone): refunded as a second payment.
    await BookingModel.updateOne({ _id: id }, { $set: { status: 'held' } }); // as if the first notification were not in yet
    await payFor(a, id, { channel: 'h5' });
    await BookingModel.updateOne({ _id: id }, { $set: { status: 'confirmed' } });
    const second = (await ordersOf(id)).find((o) => o.channel === 'h5')!;
    expect((await scan(second.outTradeNo)).errMsg).toBe('requestPayment:ok');
    await waitFor(async () => refundedAtFake(second.outTradeNo), (r) => r.length === 1);
    await waitFor(() => PayOrderModel.findOne({ outTradeNo: second.outTradeNo }).lean(), (o) => o!.status === 'refunded' && !o!.owed.length);
    const before = await booking(id);
    expect(before).toMatchObject({ status: 'confirmed', payment: { status: 'paid', outTradeNo: no } });
    expect(before!.timeline.map((e) => e.title)).toEqual(expect.arrayContaining([expect.stringContaining('重复支付'), expect.stringContaining(`已退款 ¥120.00（退款单${second.outTradeNo}RLATE）`)]));
    // Both orders' handlers owed again, as if the process had died before taking them off.
    const past = new Date(Date.now() - 3600_000);
    await PayOrderModel.updateOne({ outTradeNo: no }, { $set: { owed: ['paid'], owedSince: past } });
    await PayOrderModel.updateOne({ outTradeNo: second.outTradeNo }, { $set: { owed: ['paid', `refunded:${second.outTradeNo}RLATE`], owedSince: past } });
    await reconcilePayments(t.services, { olderThanMs: 0 });
    expect(await booking(id)).toEqual(before);
    expect(refundedAtFake(no)).toEqual([]);
    expect(refundedAtFake(second.outTradeNo)).toHaveLength(1);
    expect(await NotificationModel.countDocuments({ key: `Booking:${id}:paid` })).toBe(1);
    expect(await NotificationModel.countDocuments({ key: `Booking:${id}:refund:${second.outTradeNo}RLATE` })).toBe(1);
    expect((await TrainingSessionModel.findById(sessionId).lean())!.holders).toEqual([id]);
  });
});

describe('late payments', () => {
  it('paid just before the hold expired, the news late: the seat is taken again and the booking confirmed', async () => {
    const [a] = owners;
    const sessionId = await paidSession({ capacity: 2 });
    const id = await heldBooking(a, sessionId);
    pay.dropNotifications(true); // the notification is lost: the expiry job finds the payment when closing
    await payFor(a, id);
    const [order] = await ordersOf(id);
    await scan(order.outTradeNo);
    await waitFor(async () => pay.notifications.find((x) => x.outBatchNo === order.outTradeNo), (x) => !!x);
    await BookingModel.updateOne({ _id: id }, { $set: { holdUntil: new Date(Date.now() - 1000) } });
    await releaseExpired(t.services);
    const b = await booking(id);
    expect(b).toMatchObject({ status: 'confirmed', owed: [], payment: { status: 'paid', outTradeNo: order.outTradeNo } });
    expect(b!.timeline.map((e) => e.title)).toEqual(expect.arrayContaining(['未在15分钟内完成支付，座位已释放', expect.stringContaining('已重新为您保留座位')]));
    const s = (await TrainingSessionModel.findById(sessionId).lean())!;
    expect(s.seatsLeft).toBe(1);
    expect(s.holders).toEqual([id]);
    expect(await mine(a, id)).toMatchObject({ status: 'confirmed', payment: { label: '已支付 ¥120.00' } });
    expect(refundedAtFake(order.outTradeNo)).toEqual([]);
  });

  it('paid late when the seat went to the next in line: refunded in full, 已退款 shown, the owner told', async () => {
    const [a, b] = owners;
    const sessionId = await paidSession({ capacity: 1 });
    const id = await heldBooking(a, sessionId);
    const waiting = (await bookFor(t, b, sessionId, attendee())).body.data.id as string;
    pay.dropNotifications(true);
    await payFor(a, id);
    const [order] = await ordersOf(id);
    await scan(order.outTradeNo);
    await waitFor(async () => pay.notifications.find((x) => x.outBatchNo === order.outTradeNo), (x) => !!x);
    pay.dropNotifications(false);
    await BookingModel.updateOne({ _id: id }, { $set: { holdUntil: new Date(Date.now() - 1000) } });
    await releaseExpired(t.services);
    expect((await booking(waiting))!.status).toBe('offered');
    expect(await booking(id)).toMatchObject({ status: 'expired', payment: { status: expect.stringMatching(/^refund/), refundKey: 'LATE', refundFen: FEE } });
    const done = await waitFor(() => booking(id), (x) => x!.payment?.status === 'refunded');
    expect(done!.payment).toMatchObject({ status: 'refunded', refundFen: FEE, refundNos: [`${order.outTradeNo}RLATE`] });
    expect(refundedAtFake(order.outTradeNo)).toEqual([expect.objectContaining({ refund: FEE, total: FEE })]);
    expect(await mine(a, id)).toMatchObject({ status: 'expired', payment: { status: 'refunded', label: '已退款 ¥120.00' } });
    expect(await NotificationModel.find({ key: `Booking:${id}:refund:${order.outTradeNo}RLATE` }).lean()).toEqual([expect.objectContaining({ userId: a.userId, title: '培训报名退款' })]);
    expect((await TrainingSessionModel.findById(sessionId).lean())!.holders).toEqual([waiting]);
  });
});

describe('refunds', () => {
  it.each([
    ['full', '已退款 ¥120.00', FEE],
    ['half', '已退款 ¥60.00', FEE / 2],
    ['none', '已支付 ¥120.00（按退款规则不退款）', 0],
  ] as const)('cancelled before the deadline under rule %s: %s', async (rule, label, refund) => {
    const [a] = owners;
    const id = await heldBooking(a, await paidSession({ refundRule: rule }));
    const no = await paid(a, id);
    const res = await t.http.post(`/api/v1/bookings/${id}/cancel`).set(a.auth);
    expect(res.status).toBe(200);
    expect(res.body.data.status).toBe('cancelled');
    if (refund) {
      expect(res.body.data.payment.label).toMatch(/^(退款中|已退款) /);
      await waitFor(() => booking(id), (x) => x!.payment?.status === 'refunded');
      expect(refundedAtFake(no)).toEqual([expect.objectContaining({ out_refund_no: `${no}RCANCEL`, refund, total: FEE })]);
      expect(await NotificationModel.countDocuments({ key: `Booking:${id}:refund:${no}RCANCEL` })).toBe(1);
      // The refund handler owed again (a crash before it was taken off): recorded once all the same.
      const done = await booking(id);
      await PayOrderModel.updateOne({ outTradeNo: no }, { $set: { owed: [`refunded:${no}RCANCEL`], owedSince: new Date(Date.now() - 3600_000) } });
      await reconcilePayments(t.services, { olderThanMs: 0 });
      expect(await booking(id)).toEqual(done);
    } else {
      expect(refundedAtFake(no)).toEqual([]);
    }
    expect(await mine(a, id)).toMatchObject({ status: 'cancelled', payment: { label } });
    // Cancelling again is refused and refunds nothing more.
    await expectUnchanged(stored(id), async () => { expect((await t.http.post(`/api/v1/bookings/${id}/cancel`).set(a.auth)).status).toBe(409); });
    expect(refundedAtFake(no)).toHaveLength(refund ? 1 : 0);
  });

  it('the trainer cancels the session: every paid booking refunded in full, an unpaid hold\'s order closed', async () => {
    const [a, b, c] = owners;
    const sessionId = await paidSession({ refundRule: 'none' });
    const one = await heldBooking(a, sessionId);
    const two = await heldBooking(b, sessionId);
    const held = await heldBooking(c, sessionId);
    const nos = [await paid(a, one), await paid(b, two)];
    await payFor(c, held);
    const [open] = await ordersOf(held);
    const res = await t.http.patch(`/api/v1/sessions/${sessionId}`).set(trainer.auth).send({ status: 'cancelled' });
    expect(res.status).toBe(200);
    for (const id of [one, two]) await waitFor(() => booking(id), (x) => x!.payment?.status === 'refunded');
    expect(nos.map((no) => refundedAtFake(no).map((r) => r.refund))).toEqual([[FEE], [FEE]]);
    expect(await mine(a, one)).toMatchObject({ status: 'cancelled', payment: { label: '已退款 ¥120.00' } });
    expect(await mine(b, two)).toMatchObject({ status: 'cancelled', payment: { label: '已退款 ¥120.00' } });
    expect((await PayOrderModel.findOne({ outTradeNo: open.outTradeNo }).lean())!.status).toBe('closed');
    expect(pay.orders.get(open.outTradeNo)!.trade_state).toBe('CLOSED');
    expect(await mine(c, held)).toMatchObject({ status: 'cancelled', payment: { status: 'unpaid', label: '未支付' } });
  });

  it('a payment arriving after the owner cancelled the hold is refunded in full', async () => {
    const [a] = owners;
    const id = await heldBooking(a, await paidSession({ refundRule: 'none' }));
    pay.dropNotifications(true);
    await payFor(a, id);
    const [order] = await ordersOf(id);
    await scan(order.outTradeNo);
    await waitFor(async () => pay.notifications.find((x) => x.outBatchNo === order.outTradeNo), (x) => !!x);
    pay.dropNotifications(false);
    // Cancelled while paying: closing the order finds it paid; nothing may be kept for a cancelled booking.
    expect((await t.http.post(`/api/v1/bookings/${id}/cancel`).set(a.auth)).status).toBe(200);
    await waitFor(() => booking(id), (x) => x!.payment?.status === 'refunded');
    expect(refundedAtFake(order.outTradeNo)).toEqual([expect.objectContaining({ refund: FEE })]);
    expect(await mine(a, id)).toMatchObject({ status: 'cancelled', payment: { label: '已退款 ¥120.00' } });
  });
});
