// Seats of a session, and the booking steps built on them. A seat is taken or released by one conditional
// update of the session document (models/TrainingSession.ts: `holders` and `seatsLeft` move together), so
// every step here is idempotent and the recovery job (db/owed.ts) can run any of them again.
import { createHmac } from 'node:crypto';
import { Types } from 'mongoose';
import { OFFER_HOURS, SEAT_STATUSES, type BookingStatus } from '@shared/domain/training';
import { defineOwed, finishOwed, withOwed } from '../../db/owed';
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

/**
 * Takes a seat of an open session for booking `id`: true when it holds one now (taken now, or before when
 * `retried`: a step run again after a crash may find the seat its first run took).
 */
export async function takeSeat(sessionId: string, id: string, retried = true): Promise<boolean> {
  const took = await TrainingSessionModel.updateOne(
    { _id: sessionId, status: 'open', seatsLeft: { $gt: 0 }, holders: { $ne: id } },
    { $inc: { seatsLeft: -1 }, $push: { holders: id } },
  );
  if (took.modifiedCount) return true;
  return retried && !!(await TrainingSessionModel.exists({ _id: sessionId, holders: id }));
}

/**
 * The seat of a booking about to be written: ONE conditional update takes it and records the placement on the
 * session (`placing`), so a process that dies before writing the booking leaves a trace the job repairs
 * (recoverPlacements). False when the session is full or no longer open.
 */
export async function takeSeatForNew(sessionId: string, id: string, now = new Date()): Promise<boolean> {
  const took = await TrainingSessionModel.updateOne(
    { _id: sessionId, status: 'open', seatsLeft: { $gt: 0 } },
    { $inc: { seatsLeft: -1 }, $push: { holders: id, placing: { id, at: now } } },
  );
  return took.modifiedCount === 1;
}

/**
 * The booking is written (or refused and its seat released): the placement is done. The element is pulled by
 * its exact value (the embedded FerretDB's $pull takes no conditions), through the driver so that mongoose
 * neither reorders nor adds fields.
 */
export async function placed(sessionId: string, id: string, at: Date): Promise<void> {
  // `as never`: the driver types $pull on an untyped collection (Document) too narrowly for an array of sub-documents.
  await TrainingSessionModel.collection.updateOne({ _id: new Types.ObjectId(sessionId) }, { $pull: { placing: { id, at } } } as never);
}

/**
 * Placements older than `olderThanMs` whose booking was never written (the process died, or the insert
 * failed): their seats go back and on to the line. Part of the expiry job.
 */
export async function recoverPlacements(services: Services, now = new Date(), olderThanMs = 5 * 60_000): Promise<number> {
  let n = 0;
  const stale = await TrainingSessionModel.find({ 'placing.at': { $lt: new Date(now.getTime() - olderThanMs) } }).limit(100).lean();
  for (const s of stale) {
    const sessionId = String(s._id);
    let released = 0;
    for (const p of s.placing) {
      if (!p.id || !p.at || p.at.getTime() >= now.getTime() - olderThanMs) continue;
      if (!(await BookingModel.exists({ _id: p.id })) && (await releaseSeat(sessionId, p.id))) released++;
      await placed(sessionId, p.id, p.at);
    }
    n += released;
    if (released) await promote(services, sessionId, now);
  }
  return n;
}

/** Gives booking `id`'s seat back, if it holds one (a second call changes nothing). */
export async function releaseSeat(sessionId: string, id: string): Promise<boolean> {
  const r = await TrainingSessionModel.updateOne({ _id: sessionId, holders: id }, { $inc: { seatsLeft: 1 }, $pull: { holders: id } });
  return r.modifiedCount === 1;
}

const PROMOTE_LEASE_MS = 30_000;
const EPOCH = new Date(0);

/**
 * Offers free seats of a session to the line, first position first, each for OFFER_HOURS. Runs after every
 * release and every waitlisting. One run per session at a time (a lease on the session): a caller marks the
 * line as moved (`promoteDirty`) and takes the lease, or leaves it to the holder, who goes round again when it
 * finds the mark at the end. A holder that dies leaves an expired lease for the job (promoteStalled).
 */
export async function promote(services: Services, sessionId: string, now = new Date()): Promise<number> {
  if (!(await TrainingSessionModel.exists({ _id: sessionId, status: 'open', seatsLeft: { $gt: 0 } }))) return 0;
  await TrainingSessionModel.updateOne({ _id: sessionId }, { $set: { promoteDirty: true } });
  let offered = 0;
  for (let pass = 0; pass < 20; pass++) {
    const at = new Date();
    const leased = await TrainingSessionModel.updateOne(
      { _id: sessionId, promotingUntil: { $lt: at } },
      { $set: { promotingUntil: new Date(at.getTime() + PROMOTE_LEASE_MS), promoteDirty: false } },
    );
    if (!leased.modifiedCount) return offered; // the holder will see the mark
    offered += await offerFreeSeats(services, sessionId, now);
    const done = await TrainingSessionModel.updateOne({ _id: sessionId, promoteDirty: false }, { $set: { promotingUntil: EPOCH } });
    if (done.modifiedCount) return offered;
    await TrainingSessionModel.updateOne({ _id: sessionId }, { $set: { promotingUntil: EPOCH } }); // marked meanwhile: once more
  }
  return offered;
}

/** Sessions whose promotion lease expired (its holder died): promoted again. Part of the expiry job. */
export async function promoteStalled(services: Services, now = new Date()): Promise<number> {
  const stalled = await TrainingSessionModel.find({ promotingUntil: { $gt: EPOCH, $lt: now } }, { _id: 1 }).limit(100).lean();
  let n = 0;
  for (const s of stalled) {
    await TrainingSessionModel.updateOne({ _id: s._id, promotingUntil: { $gt: EPOCH, $lt: now } }, { $set: { promotingUntil: EPOCH } });
    n += await promote(services, String(s._id), now);
  }
  return n;
}

/** The lease holder's work: each free seat to the first in line. */
async function offerFreeSeats(services: Services, sessionId: string, now: Date): Promise<number> {
  let offered = 0;
  for (let round = 0; round < 1000; round++) {
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

// What a booking may owe: its seat back, the line moved on, the offer told.
defineOwed<BookingDoc>(BOOKING_OWED, BookingModel, {
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
