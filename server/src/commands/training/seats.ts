// Seats of a session, and the booking steps built on them. A seat is taken or released by one conditional
// update of the session document (models/TrainingSession.ts: `holders` and `seatsLeft` move together), so
// every step here is idempotent and the recovery job (db/owed.ts) can run any of them again.
import { createHmac } from 'node:crypto';
import { BOOKING_STATUS_LABELS, HOLD_MINUTES, OFFER_HOURS, SEAT_STATUSES, placedStatus, type BookingStatus } from '@shared/domain/training';
import { defineOwed, finishOwed, withOwed } from '../../db/owed';
import { nextSequence } from '../../db/sequence';
import { BookingModel, type BookingDoc } from '../../models/Booking';
import { TrainingSessionModel } from '../../models/TrainingSession';
import type { Services } from '../../services';
import { notifyUser } from '../../services/notify';

export const BOOKING_OWED = 'Booking';
export const MY_TRAINING_PAGE = 'packages/training/mine/index';

/** Keyed hash of a phone (HMAC with the data key): one live booking per attendee, without storing who. */
export const attendeeKey = (services: Pick<Services, 'config'>, sessionId: string, phone: string) =>
  `${sessionId}:${createHmac('sha256', services.config.dataKey).update(`training-attendee:${phone}`).digest('base64url')}`;

export const closedKey = (id: string) => `closed:${id}`;
const entry = (title: string, at = new Date()) => ({ at, title });

/** Takes a seat of an open session for booking `id`: true when it holds one now (taken now or before). */
export async function takeSeat(sessionId: string, id: string): Promise<boolean> {
  const took = await TrainingSessionModel.updateOne(
    { _id: sessionId, status: 'open', seatsLeft: { $gt: 0 }, holders: { $ne: id } },
    { $inc: { seatsLeft: -1 }, $push: { holders: id } },
  );
  if (took.modifiedCount) return true;
  return !!(await TrainingSessionModel.exists({ _id: sessionId, holders: id }));
}

/** Gives booking `id`'s seat back, if it holds one (a second call changes nothing). */
export async function releaseSeat(sessionId: string, id: string): Promise<void> {
  await TrainingSessionModel.updateOne({ _id: sessionId, holders: id }, { $inc: { seatsLeft: 1 }, $pull: { holders: id } });
}

/**
 * Places a new (pending) booking: a seat if there is one (confirmed when free, held while paying), else the
 * waitlist with the next position. Clears what it owed in the same update (a waitlisted booking then owes
 * 'promote': a seat freed while it was being placed goes to the line).
 */
export async function placeBooking(services: Services, b: BookingDoc, now = new Date()): Promise<BookingDoc> {
  if (b.status !== 'pending') return b;
  const id = String(b._id);
  const got = await takeSeat(b.sessionId, id);
  let set: Record<string, unknown>;
  let owed: string[] = [];
  if (got) {
    const status = placedStatus(true, b.feeFen);
    set = { status, ...(status === 'held' ? { holdUntil: new Date(now.getTime() + HOLD_MINUTES * 60_000), payment: { status: 'unpaid', amountFen: b.feeFen, refundFen: null } } : {}) };
  } else if (await TrainingSessionModel.exists({ _id: b.sessionId, status: 'open' })) {
    set = { status: 'waitlisted', waitlistPosition: await nextSequence(`training.waitlist:${b.sessionId}`) };
    owed = ['promote'];
  } else {
    set = { status: 'expired', activeKey: closedKey(id) }; // the session closed while this was being placed
  }
  const label = BOOKING_STATUS_LABELS[set.status as BookingStatus];
  const placed = await BookingModel.findOneAndUpdate(
    { _id: b._id, status: 'pending' },
    { $set: { ...set, owed, owedAt: owed.length ? now : null }, $push: { timeline: entry(label, now) } },
    { returnDocument: 'after' },
  );
  if (!placed) return (await BookingModel.findById(b._id))!; // placed by another run of this step
  if (owed.length) return finishOwed(services, BOOKING_OWED, placed);
  return placed;
}

/**
 * Offers free seats of a session to the line, first position first, each for OFFER_HOURS. Runs after every
 * release and every waitlisting; safe to run concurrently (a seat is taken for one named booking at a time).
 */
export async function promote(services: Services, sessionId: string, now = new Date()): Promise<number> {
  let offered = 0;
  for (let round = 0; round < 100; round++) {
    if (!(await TrainingSessionModel.exists({ _id: sessionId, status: 'open', seatsLeft: { $gt: 0 } }))) break;
    const next = await BookingModel.findOne({ sessionId, status: 'waitlisted' }).sort({ waitlistPosition: 1 });
    if (!next) break;
    const id = String(next._id);
    if (!(await takeSeat(sessionId, id))) continue; // the seat went meanwhile: look again
    const offerUntil = new Date(now.getTime() + OFFER_HOURS * 3600_000);
    const b = await BookingModel.findOneAndUpdate(
      { _id: next._id, status: 'waitlisted' },
      withOwed({ $set: { status: 'offered', offerUntil }, $push: { timeline: entry('候补递补：座位已为您保留24小时', now) } }, ['notifyOffer'], now),
      { returnDocument: 'after' },
    );
    if (b) {
      offered++;
      await finishOwed(services, BOOKING_OWED, b);
      continue;
    }
    // It left the line meanwhile: the seat goes back unless the booking holds it rightfully.
    const current = await BookingModel.findById(next._id, { status: 1 }).lean();
    if (!current || !SEAT_STATUSES.includes(current.status as BookingStatus)) await releaseSeat(sessionId, id);
  }
  return offered;
}

// What a booking may owe: its placement, its seat back, the line moved on, the offer told.
defineOwed<BookingDoc>(BOOKING_OWED, BookingModel, {
  async seat(services, b) {
    await placeBooking(services, b);
  },
  async release(_services, b) {
    await releaseSeat(b.sessionId, String(b._id));
  },
  async promote(services, b) {
    // The time the seat was freed (the job passes its clock there): the offer runs from then.
    await promote(services, b.sessionId, b.owedAt ?? new Date());
  },
  async notifyOffer(services, b) {
    await notifyUser(services, b.ownerId, {
      title: '培训候补递补', body: `已为${b.attendeeName}保留座位，请在24小时内确认`, page: MY_TRAINING_PAGE,
      key: `Booking:${String(b._id)}:offer:${b.offerUntil?.getTime() ?? 0}`,
    });
  },
  async notifyExpired(services, b) {
    await notifyUser(services, b.ownerId, {
      title: '培训报名已失效', body: b.timeline.at(-1)?.title ?? '报名已失效',
      page: MY_TRAINING_PAGE, key: `Booking:${String(b._id)}:expired`,
    });
  },
});
