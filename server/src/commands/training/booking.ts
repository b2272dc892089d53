// An owner's bookings: book (seat, hold while paying, or waitlist), cancel, accept an offered seat; and the
// job that lets unpaid holds and unanswered offers expire. Each state change is one conditional update of the
// booking; what it owes the session (a seat back, the line moved on) runs as owed steps (db/owed.ts).
import { Types } from 'mongoose';
import { BOOKING_TRANSITIONS, BOOKING_STATUS_LABELS, HOLD_MINUTES, cancelProblem, placedStatus, type BookingStatus } from '@shared/domain/training';
import { maskPhone } from '@shared/domain/mask';
import type { BookBody } from '@shared/schemas/training';
import { finishOwed, withOwed } from '../../db/owed';
import { isDuplicateKey, nextSequence } from '../../db/sequence';
import { conflict, notFound } from '../../errors';
import type { AppContext } from '../../http/types';
import { BookingModel, type BookingDoc } from '../../models/Booking';
import { TrainingSessionModel, type TrainingSessionDoc } from '../../models/TrainingSession';
import { WorkshopModel } from '../../models/Workshop';
import { authorize } from '../../policies';
import type { Services } from '../../services';
import { audit } from '../../services/audit';
import { publicCode } from '../../services/crypto';
import { BOOKING_OWED, attendeeKey, closedKey, placed, promote, promoteStalled, recoverPlacements, releaseSeat, takeSeatForNew } from './seats';
import './payment'; // the booking's payment steps (refund, closeOrders) and the payment handlers

type Ctx = AppContext;

export async function loadSession(id: string): Promise<TrainingSessionDoc> {
  const s = await TrainingSessionModel.findById(id);
  if (!s) throw notFound('resource.not_found', '未找到该培训场次');
  return s;
}

export async function loadBooking(id: string): Promise<BookingDoc> {
  const b = await BookingModel.findById(id);
  if (!b) throw notFound('resource.not_found', '未找到该报名');
  return b;
}

const stateConflict = (status: string, what: string) =>
  conflict('training.booking_state', `报名当前状态为“${BOOKING_STATUS_LABELS[status as BookingStatus] ?? status}”，不能${what}`);

/**
 * Books a session for an attendee of the owner's workshop: a seat if one is left (taken by one conditional
 * update of the session, then the booking is written confirmed, or held while paying), else the waitlist.
 * The booking is written once, in its final state: on the embedded store every later update of it would
 * read the whole collection (1,000 bookings at once must stay fast).
 */
export async function book(ctx: Ctx, s: TrainingSessionDoc, input: BookBody, now = new Date()): Promise<{ booking: BookingDoc; workshop: { id: string; name: string } }> {
  const user = ctx.state.user!;
  const w = await WorkshopModel.findById(input.workshopId, { ownerId: 1, name: 1 }).lean();
  if (!w) throw notFound('resource.not_found', '未找到该作坊');
  authorize(user, 'training.book', w);
  if (s.status !== 'open' || now >= s.signupDeadline) throw conflict('training.signup_closed');
  const { services } = ctx;
  const sessionId = String(s._id);
  const _id = new Types.ObjectId();
  const id = String(_id);
  const gotSeat = await takeSeatForNew(sessionId, id, now);
  // Full, or closed since it was read: only an open session takes a waiting booking.
  if (!gotSeat && !(await TrainingSessionModel.exists({ _id: sessionId, status: 'open' }))) throw conflict('training.signup_closed');
  const status = placedStatus(gotSeat, s.feeFen);
  const fields = {
    _id, sessionId, courseId: s.courseId, workshopId: input.workshopId, ownerId: String(user._id),
    attendeeName: input.attendee.name, attendeePhoneEnc: services.cipher.encrypt(input.attendee.phone), attendeePhoneMasked: maskPhone(input.attendee.phone) ?? '****',
    activeKey: attendeeKey(services, sessionId, input.attendee.phone), status, feeFen: s.feeFen, checkInCode: publicCode(12),
    ...(status === 'held' ? { holdUntil: new Date(now.getTime() + HOLD_MINUTES * 60_000), payment: { status: 'unpaid' as const, amountFen: s.feeFen, refundFen: null } } : {}),
    ...(status === 'waitlisted' ? { waitlistPosition: await nextSequence(`training.waitlist:${sessionId}`) } : {}),
    timeline: [{ at: now, title: `提交报名：${BOOKING_STATUS_LABELS[status]}` }],
  };
  let b: BookingDoc;
  try {
    b = await BookingModel.create(fields);
  } catch (e) {
    if (gotSeat) await releaseSeat(sessionId, id);
    if (isDuplicateKey(e)) throw conflict('training.already_booked');
    throw e;
  } finally {
    if (gotSeat) await placed(sessionId, id, now);
  }
  await audit(ctx, { action: 'training.booked', subjectType: 'Booking', subjectId: id, after: { sessionId, workshopId: input.workshopId, status } });
  // A seat freed while this booking joined the line goes to the line now.
  const offered = status === 'waitlisted' ? await promote(services, sessionId, now) : 0;
  return { booking: offered ? (await BookingModel.findById(_id))! : b, workshop: { id: String(w._id), name: w.name } };
}

/** Cancels a booking: its seat goes back and is offered to the next in line; a paid one is refunded per the session's rule. */
export async function cancelBooking(ctx: Ctx, b: BookingDoc, now = new Date()): Promise<BookingDoc> {
  authorize(ctx.state.user, 'training.ownBooking', b);
  const s = await loadSession(b.sessionId);
  const problem = cancelProblem(b.status, now, s);
  if (problem) throw canCancelStatus(b.status) ? conflict('training.cancel_closed', problem) : stateConflict(b.status, '取消');
  const from = BOOKING_TRANSITIONS.cancel.from;
  const updated = await BookingModel.findOneAndUpdate(
    { _id: b._id, status: { $in: from } },
    withOwed({ $set: { status: 'cancelled', cancelledAt: now, activeKey: closedKey(String(b._id)) }, $push: { timeline: { at: now, title: '报名人取消报名' } } }, ['release', 'promote', 'refund'], now),
    { returnDocument: 'after' },
  );
  if (!updated) throw stateConflict((await BookingModel.findById(b._id, { status: 1 }).lean())?.status ?? b.status, '取消');
  await audit(ctx, { action: 'training.booking_cancelled', subjectType: 'Booking', subjectId: String(b._id), before: { status: b.status }, after: { status: 'cancelled' } });
  try {
    return await finishOwed(ctx.services, BOOKING_OWED, updated);
  } catch (e) {
    // Cancelled; what is left (e.g. WeChat Pay unreachable for the refund) the recovery job finishes.
    ctx.services.log.warn({ err: e, booking: String(b._id) }, 'cancelled booking: owed steps failed; recovery will finish them');
    return (await BookingModel.findById(b._id)) ?? updated;
  }
}
const canCancelStatus = (status: string) => (BOOKING_TRANSITIONS.cancel.from as readonly string[]).includes(status);

/** Accepts an offered seat: confirmed on a free session, held while paying on a paid one. */
export async function acceptOffer(ctx: Ctx, b: BookingDoc, now = new Date()): Promise<BookingDoc> {
  authorize(ctx.state.user, 'training.ownBooking', b);
  if (b.status !== 'offered') throw stateConflict(b.status, '确认递补');
  const paid = b.feeFen > 0;
  const set = paid
    ? { status: 'held', holdUntil: new Date(now.getTime() + HOLD_MINUTES * 60_000), payment: { status: 'unpaid', amountFen: b.feeFen, refundFen: null } }
    : { status: 'confirmed' };
  const updated = await BookingModel.findOneAndUpdate(
    { _id: b._id, status: 'offered', offerUntil: { $gt: now } },
    { $set: set, $push: { timeline: { at: now, title: paid ? '确认递补，待支付' : '确认递补，报名成功' } } },
    { returnDocument: 'after' },
  );
  if (!updated) {
    const current = await BookingModel.findById(b._id, { status: 1 }).lean();
    if (current?.status === 'offered') throw conflict('training.booking_state', '递补确认已过期，座位已让给下一位');
    throw stateConflict(current?.status ?? b.status, '确认递补');
  }
  await audit(ctx, { action: 'training.offer_accepted', subjectType: 'Booking', subjectId: String(b._id), before: { status: 'offered' }, after: { status: set.status } });
  return updated;
}

/**
 * The job: unpaid holds past holdUntil and offers past offerUntil expire; each seat goes back and on to the
 * line. One conditional update per booking, so two instances running it expire each booking once. Also
 * repairs placements a crash interrupted (seats.ts recoverPlacements).
 */
export async function releaseExpired(services: Services, now = new Date()): Promise<number> {
  let n = 0;
  const kinds = [
    { status: 'held', field: 'holdUntil', title: '未在15分钟内完成支付，座位已释放', steps: ['release', 'promote', 'notifyExpired', 'closeOrders'] },
    { status: 'offered', field: 'offerUntil', title: '未在24小时内确认递补，座位已让给下一位', steps: ['release', 'promote', 'notifyExpired'] },
  ] as const;
  for (const k of kinds) {
    const due = await BookingModel.find({ status: k.status, [k.field]: { $lt: now } }).limit(500);
    for (const b of due) {
      const expired = await BookingModel.findOneAndUpdate(
        { _id: b._id, status: k.status, [k.field]: { $lt: now } },
        withOwed({ $set: { status: 'expired', activeKey: closedKey(String(b._id)) }, $push: { timeline: { at: now, title: k.title } } }, [...k.steps], now),
        { returnDocument: 'after' },
      );
      if (!expired) continue; // paid, accepted or expired by another instance meanwhile
      n++;
      await audit(null, { action: 'training.booking_expired', subjectType: 'Booking', subjectId: String(b._id), before: { status: k.status }, after: { status: 'expired' } });
      try {
        await finishOwed(services, BOOKING_OWED, expired);
      } catch (e) {
        services.log.warn({ err: e, booking: String(b._id) }, 'expired booking: owed steps failed; recovery will finish them');
      }
    }
  }
  return n + (await recoverPlacements(services, now)) + (await promoteStalled(services, now));
}
