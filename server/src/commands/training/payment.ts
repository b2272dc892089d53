// Paying for a booking (WeChat Pay, services/payments.ts) and the money going back.
// - pay: a held booking gets an order per channel (attempt 1 jsapi, 2 native, 3 h5: the owner may switch from
//   the QR code to the phone), valid until the hold ends (time_expire).
// - paid (onPaid 'training'): held → confirmed by ONE conditional update. A payment for a booking that is no
//   longer held arrived late: an expired hold gets a seat back if one is free, anything else is refunded in full.
// - cancelled: the owner's cancellation refunds per the session's rule, a cancelled session refunds in full,
//   an unpaid hold's orders are closed (owed steps 'refund' / 'refundAll' / 'closeOrders' of the booking).
// - refunded (onRefunded 'training'): recorded on the booking once, the owner told.
// Every handler and step is idempotent: the reconciliation job and the owed-step recovery run them again.
import { fenToMoney } from '@shared/domain/trainingPayment';
import { refundFen, type RefundRule } from '@shared/domain/training';
import type { PayBookingBody } from '@shared/schemas/trainingPayment';
import { extendOwed, finishOwed, withOwed } from '../../db/owed';
import { isDuplicateKey } from '../../db/sequence';
import { AppError, conflict } from '../../errors';
import type { AppContext } from '../../http/types';
import { BookingModel, type BookingDoc } from '../../models/Booking';
import { CourseModel } from '../../models/Course';
import type { PayOrderLean } from '../../models/PayOrder';
import { TrainingSessionModel } from '../../models/TrainingSession';
import { authorize } from '../../policies';
import type { Services } from '../../services';
import { audit } from '../../services/audit';
import { notifyUser } from '../../services/notify';
import { closeOrder, createOrder, findOrder, onPaid, onRefunded, outTradeNoOf, refund, type PayChannel, type PayStart } from '../../services/payments';
import { BOOKING_OWED, MY_TRAINING_PAGE, attendeeKey, releaseSeat, takeSeat } from './seats';

export const PAY_PURPOSE = 'training';
const CHANNELS: readonly PayChannel[] = ['jsapi', 'native', 'h5'];
const attemptOf = (channel: PayChannel) => CHANNELS.indexOf(channel) + 1;
/** The orders a booking may have: one per channel. */
const orderNos = (bookingId: string) => CHANNELS.map((c) => outTradeNoOf(PAY_PURPOSE, bookingId, attemptOf(c)));
/** Refund keys (out_refund_no = out_trade_no + "R" + key): a cancellation's, and a payment the booking could not use. */
const CANCEL = 'CANCEL';
const LATE = 'LATE';

const entry = (title: string, at = new Date()) => ({ at, title });
const payDisabled = () => new AppError(503, 'pay.disabled', '未启用微信支付');

export interface PayResult { booking: BookingDoc; start: Exclude<PayStart, { done: true }>; expiresAt: Date }

/** Starts (or resumes) paying for a held booking on `channel`. */
export async function payBooking(ctx: AppContext, b: BookingDoc, input: PayBookingBody, now = new Date()): Promise<PayResult> {
  const user = ctx.state.user!;
  authorize(user, 'training.ownBooking', b);
  if (!ctx.services.pay) throw payDisabled();
  if (b.status !== 'held' || !b.payment) {
    throw conflict('training.booking_state', b.payment?.status === 'paid' ? '该报名已支付，无需重复支付' : '该报名不是待支付状态，不能支付');
  }
  if (!b.holdUntil || b.holdUntil <= now) throw conflict('training.hold_expired', '座位保留时间已过，请重新报名');
  const course = await CourseModel.findById(b.courseId, { title: 1 }).lean();
  const { order, start } = await createOrder(ctx.services, {
    purpose: PAY_PURPOSE, refId: String(b._id), attempt: attemptOf(input.channel),
    description: `培训报名：${course?.title ?? '食品安全培训'}`, amountFen: b.payment.amountFen, channel: input.channel,
    payerOpenid: input.channel === 'jsapi' ? user.openid : null, payerClientIp: clientIp(ctx.ip), expiresAt: b.holdUntil,
  });
  if ('done' in start) {
    throw conflict('training.booking_state', order.status === 'paid' ? '已支付成功，正在确认报名，请稍后刷新' : '该支付订单已关闭，请重新报名');
  }
  await audit(ctx, { action: 'training.pay_started', subjectType: 'Booking', subjectId: String(b._id), after: { channel: input.channel, outTradeNo: order.outTradeNo } });
  return { booking: b, start, expiresAt: b.holdUntil };
}
const clientIp = (ip: string) => (ip.startsWith('::ffff:') ? ip.slice(7) : ip) || '127.0.0.1';

/** The payment of `order` as the booking keeps it. */
const paidPayment = (order: PayOrderLean, now: Date) => ({
  status: 'paid', amountFen: order.amountFen, refundFen: null, outTradeNo: order.outTradeNo, paidAt: order.paidAt ?? now, refundKey: null, refundNos: [],
});

/** onPaid('training'): the order of a booking was paid. */
async function bookingPaid(order: PayOrderLean, services: Services): Promise<void> {
  const now = new Date();
  const id = order.refId;
  const confirmed = await BookingModel.findOneAndUpdate(
    { _id: id, status: 'held' },
    withOwed({ $set: { status: 'confirmed', payment: paidPayment(order, now) }, $push: { timeline: entry(`支付成功 ${fenToMoney(order.amountFen)}，报名成功`, now) } }, ['closeOrders', 'notifyPaid'], now),
    { returnDocument: 'after' },
  );
  if (confirmed) {
    await audit(null, { action: 'training.booking_paid', subjectType: 'Booking', subjectId: id, before: { status: 'held' }, after: { status: 'confirmed', outTradeNo: order.outTradeNo } });
    await finishOwed(services, BOOKING_OWED, confirmed);
    return;
  }
  const b = await BookingModel.findById(id);
  if (!b) { services.log.error({ outTradeNo: order.outTradeNo }, 'training payment for a booking that does not exist'); return; }
  if (b.payment?.outTradeNo === order.outTradeNo) {
    // Applied by an earlier run: finish what it started.
    if (b.payment.status === 'refunding') await sendRefund(services, b);
    else await finishOwed(services, BOOKING_OWED, b);
    return;
  }
  if (b.status === 'expired' && b.payment?.status === 'unpaid' && (await confirmLate(services, b, order, now))) return;
  await refundUnused(services, b, order, now);
}

/**
 * A payment for an expired hold: the seat back if the session still has one, by the same idempotent seat
 * update; then the booking confirmed in one conditional update (the attendee may have booked again meanwhile:
 * the unique live key refuses it). True when confirmed.
 */
async function confirmLate(services: Services, expired: BookingDoc, order: PayOrderLean, now: Date): Promise<boolean> {
  const id = String(expired._id);
  // The expiry's own steps first (its seat back, the line moved on): 'release' must not run after the seat is retaken.
  const b = await finishOwed(services, BOOKING_OWED, expired);
  if (b.owed?.length) return false;
  const s = await TrainingSessionModel.findById(b.sessionId, { status: 1, startsAt: 1 }).lean();
  if (!s || s.status !== 'open' || s.startsAt <= now) return false;
  if (!(await takeSeat(b.sessionId, id))) return false;
  let done: BookingDoc | null = null;
  try {
    done = await BookingModel.findOneAndUpdate(
      { _id: id, status: 'expired', 'payment.status': 'unpaid', owed: { $size: 0 } },
      withOwed({
        $set: { status: 'confirmed', activeKey: attendeeKey(services, b.sessionId, services.cipher.decrypt(b.attendeePhoneEnc)), payment: paidPayment(order, now) },
        $push: { timeline: entry(`支付成功 ${fenToMoney(order.amountFen)}（晚于座位保留时间），已重新为您保留座位，报名成功`, now) },
      }, ['closeOrders', 'notifyPaid'], now),
      { returnDocument: 'after' },
    );
  } catch (e) {
    if (!isDuplicateKey(e)) { await releaseSeat(b.sessionId, id); throw e; }
  }
  if (!done) {
    // Another run confirmed it with this order (keep the seat), or it cannot be (give the seat back).
    const now2 = await BookingModel.findById(id, { status: 1, payment: 1 }).lean();
    if (now2?.status === 'confirmed' && now2.payment?.outTradeNo === order.outTradeNo) return true;
    await releaseSeat(b.sessionId, id);
    return false;
  }
  await audit(null, { action: 'training.booking_paid_late', subjectType: 'Booking', subjectId: id, before: { status: 'expired' }, after: { status: 'confirmed', outTradeNo: order.outTradeNo } });
  await finishOwed(services, BOOKING_OWED, done);
  return true;
}

/**
 * A payment the booking cannot use (the hold expired and no seat is left, the booking was cancelled, or it is
 * paid already by another order): refunded in full. A booking never paid records it as its payment (退款中).
 */
async function refundUnused(services: Services, b: BookingDoc, order: PayOrderLean, now: Date): Promise<void> {
  const id = String(b._id);
  const why = b.payment?.status === 'unpaid'
    ? (b.status === 'expired' ? '支付晚于座位保留时间且名额已满' : '报名已取消')
    : '重复支付';
  const title = `${why}，已支付的 ${fenToMoney(order.amountFen)} 将原路退回（订单${order.outTradeNo}）`;
  if (b.payment?.status === 'unpaid') {
    const started = await BookingModel.findOneAndUpdate(
      { _id: id, 'payment.status': 'unpaid' },
      { $set: { payment: { ...paidPayment(order, now), status: 'refunding', refundFen: order.amountFen, refundKey: LATE } }, $push: { timeline: entry(title, now) } },
      { returnDocument: 'after' },
    );
    if (started) {
      await audit(null, { action: 'training.payment_refunded_unused', subjectType: 'Booking', subjectId: id, after: { outTradeNo: order.outTradeNo, amountFen: order.amountFen } });
      await sendRefund(services, started);
      return;
    }
    // Changed meanwhile (another order's payment confirmed it): refunded below as a second payment.
  }
  await noteOnce(id, `unused:${order.outTradeNo}`, entry(title, now));
  await refund(services, { outTradeNo: order.outTradeNo, key: LATE, amountFen: order.amountFen, reason: `培训报名${why}，全额退款` });
}

/** A timeline entry about the booking's money, written once however often its handler runs. */
async function noteOnce(id: string, key: string, e: { at: Date; title: string }): Promise<void> {
  await BookingModel.updateOne({ _id: id, payment: { $ne: null }, 'payment.events': { $ne: key } }, { $push: { 'payment.events': key, timeline: e } });
}

/** Sends the refund the booking is in (payment refunding); the same key again is the same refund. */
async function sendRefund(services: Services, b: BookingDoc): Promise<void> {
  const p = b.payment;
  if (!p || p.status !== 'refunding' || !p.outTradeNo || !p.refundKey || !p.refundFen) return;
  const order = await refund(services, { outTradeNo: p.outTradeNo, key: p.refundKey, amountFen: p.refundFen, reason: p.refundKey === CANCEL ? '取消培训报名退款' : '培训报名未成功，全额退款' });
  const r = order.refunds.find((x) => x.outRefundNo === `${p.outTradeNo}R${p.refundKey}`);
  if (r?.status === 'failed') services.log.error({ booking: String(b._id), outRefundNo: r.outRefundNo, reason: r.failReason }, 'training refund refused by WeChat Pay: needs a person');
}

/** A cancelled booking's money: a paid one refunded (`share`), an unpaid hold's orders closed. */
async function settleCancelled(services: Services, b: BookingDoc, share: 'rule' | 'full'): Promise<void> {
  const p = b.payment;
  if (!p) return;
  if (p.status === 'unpaid') { await closeOrders(services, b); return; }
  let current: BookingDoc | null = b;
  if (p.status === 'paid' && p.outTradeNo) {
    const rule = share === 'full' ? 'full' : ((await TrainingSessionModel.findById(b.sessionId, { refundRule: 1 }).lean())?.refundRule ?? 'full') as RefundRule;
    const amount = refundFen(rule, p.amountFen);
    if (amount <= 0) return; // the rule refunds nothing: the payment stays, shown as such
    current = await BookingModel.findOneAndUpdate(
      { _id: b._id, 'payment.status': 'paid' },
      { $set: { 'payment.status': 'refunding', 'payment.refundFen': amount, 'payment.refundKey': CANCEL }, $push: { timeline: entry(`退款申请已提交：${fenToMoney(amount)}，将原路退回`) } },
      { returnDocument: 'after' },
    ) ?? (await BookingModel.findById(b._id));
  }
  if (current) await sendRefund(services, current);
}

/** The booking's orders still open (at WeChat Pay too), but the one that paid. */
async function closeOrders(services: Services, b: BookingDoc): Promise<void> {
  if (!services.pay) return;
  for (const no of orderNos(String(b._id))) {
    if (no === b.payment?.outTradeNo) continue;
    const o = await findOrder(no);
    if (o?.status === 'created') await closeOrder(services, no);
  }
}

/** onRefunded('training'): the refund succeeded. */
async function bookingRefunded(order: PayOrderLean, r: { outRefundNo: string; amountFen: number }, services: Services): Promise<void> {
  const b = await BookingModel.findById(order.refId);
  if (!b) return;
  const id = String(b._id);
  const title = `已退款 ${fenToMoney(r.amountFen)}（退款单${r.outRefundNo}）`;
  if (b.payment?.outTradeNo === order.outTradeNo) {
    await BookingModel.updateOne(
      { _id: id, 'payment.refundNos': { $ne: r.outRefundNo } },
      { $set: { 'payment.status': 'refunded', 'payment.refundFen': r.amountFen }, $push: { 'payment.refundNos': r.outRefundNo, timeline: entry(title) } },
    );
  } else {
    await noteOnce(id, `refunded:${r.outRefundNo}`, entry(title));
  }
  await notifyUser(services, b.ownerId, {
    title: '培训报名退款', body: `${b.attendeeName}的培训报名已退款 ${fenToMoney(r.amountFen)}`, page: MY_TRAINING_PAGE, key: `Booking:${id}:refund:${r.outRefundNo}`,
  });
}

onPaid(PAY_PURPOSE, bookingPaid);
onRefunded(PAY_PURPOSE, bookingRefunded);

// What a booking owes for its money (added to seats.ts's steps of a booking).
extendOwed<BookingDoc>(BOOKING_OWED, {
  async closeOrders(services, b) { await closeOrders(services, b); },
  async refund(services, b) { await settleCancelled(services, b, 'rule'); },
  async refundAll(services, b) { await settleCancelled(services, b, 'full'); },
  async notifyPaid(services, b) {
    await notifyUser(services, b.ownerId, {
      title: '培训报名成功', body: `${b.attendeeName}已支付 ${fenToMoney(b.payment?.amountFen ?? b.feeFen)}，报名成功`, page: MY_TRAINING_PAGE, key: `Booking:${String(b._id)}:paid`,
    });
  },
});
