// Owners book sessions: free seats confirm at once, paid ones are held 15 minutes, a full session waitlists;
// a cancelled or expired seat is offered to the next in line for 24 hours, then passes on.
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs, type LoggedIn } from '../../support/factories';
import { expectUnchanged } from '../../support/unchanged';
import { releaseExpired, releaseSeat, takeSeat } from '../../../server/src/commands/training';
import { takeSeatForNew } from '../../../server/src/commands/training/seats';
import { recoverOwed } from '../../../server/src/db/owed';
import mongoose from 'mongoose';
import { BookingModel } from '../../../server/src/models/Booking';
import { NotificationModel } from '../../../server/src/models/Notification';
import { TrainingSessionModel } from '../../../server/src/models/TrainingSession';
import { approvedTrainer, attendee, bookFor, createCourse, createSession, ownerWithWorkshop, type Owner } from './support';

let t: TestApp;
let trainer: LoggedIn;
let courseId: string;
let owners: Owner[];
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_USER_PER_MIN: '100000', RATE_LIMIT_IP_PER_MIN: '100000' });
  const admin = await loginAs(t, 'admin', { region: '4502', name: '柳州市局管理员' });
  trainer = await approvedTrainer(t, admin, '王培训');
  courseId = await createCourse(t, trainer);
  owners = [];
  for (const name of ['甲', '乙', '丙', '丁']) owners.push(await ownerWithWorkshop(t, `业主${name}`));
});
afterAll(async () => { await t.close(); });

const H = 3600_000;
const stored = (sessionId: string) => async () => ({
  session: await TrainingSessionModel.findById(sessionId).lean(),
  bookings: await BookingModel.find({ sessionId }).sort({ _id: 1 }).lean(),
});
const statusOf = async (id: string) => (await BookingModel.findById(id).lean())!.status;
const seats = async (id: string) => (await TrainingSessionModel.findById(id).lean())!;

describe('POST /sessions/:id/bookings', () => {
  it('401 without login, 400 for a bad body, 403 for another\'s workshop, 409 after the sign-up deadline; then confirmed with a check-in code', async () => {
    const sessionId = await createSession(t, trainer, courseId, { capacity: 5 });
    const [a, b] = owners;
    expect((await t.http.post(`/api/v1/sessions/${sessionId}/bookings`).send({ workshopId: a.workshopId, attendee: attendee() })).status).toBe(401);
    const bad = await t.http.post(`/api/v1/sessions/${sessionId}/bookings`).set(a.auth).send({ workshopId: a.workshopId, attendee: { name: '李', phone: '123' } });
    expect(bad.status).toBe(400);
    await expectUnchanged(stored(sessionId), async () => {
      const other = await t.http.post(`/api/v1/sessions/${sessionId}/bookings`).set(b.auth).send({ workshopId: a.workshopId, attendee: attendee() });
      expect(other.status).toBe(403);
      expect(other.body.error.code).toBe('training.not_workshop_owner');
    });

    const res = await bookFor(t, a, sessionId, attendee('李秀英'));
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ status: 'confirmed', statusLabel: '报名成功', attendee: { name: '李秀英' }, canCancel: true, session: { seatsLeft: 4, feeLabel: '免费' } });
    expect(res.body.data.checkInCode).toMatch(/^[A-Z0-9]{12}$/);
    expect(res.body.data.attendee.phoneMasked).toMatch(/^139\*{4}\d{4}$/);
    expect((await seats(sessionId)).holders).toEqual([res.body.data.id]);

    await TrainingSessionModel.updateOne({ _id: sessionId }, { $set: { signupDeadline: new Date(Date.now() - 1000) } });
    await expectUnchanged(stored(sessionId), async () => {
      const late = await bookFor(t, b, sessionId);
      expect(late.status).toBe(409);
      expect(late.body.error).toMatchObject({ code: 'training.signup_closed', message: '报名已截止或场次未开放报名' });
    });
  });

  it('one live booking per attendee and session: a second is 409; after cancelling, the attendee may book again', async () => {
    const sessionId = await createSession(t, trainer, courseId, { capacity: 5 });
    const who = attendee('赵师傅');
    const first = await bookFor(t, owners[0], sessionId, who);
    expect(first.status).toBe(201);
    const again = await bookFor(t, owners[0], sessionId, who);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('training.already_booked');
    expect((await t.http.post(`/api/v1/bookings/${first.body.data.id}/cancel`).set(owners[0].auth)).status).toBe(200);
    expect((await bookFor(t, owners[0], sessionId, who)).status).toBe(201);
    expect((await seats(sessionId)).seatsLeft).toBe(4);
  });
});

describe('waitlist, offers and cancellation', () => {
  it('a full session waitlists in order; a cancelled seat is offered to the first in line for 24 h; accepting confirms', async () => {
    const sessionId = await createSession(t, trainer, courseId, { capacity: 2 });
    const [a, b, c, d] = owners;
    const booked: { id: string; status: string; waitlistPosition: number; checkInCode: string | null }[] = [];
    for (const o of [a, b, c, d]) booked.push((await bookFor(t, o, sessionId)).body.data);
    expect(booked.map((x) => x.status)).toEqual(['confirmed', 'confirmed', 'waitlisted', 'waitlisted']);
    expect(booked[2].waitlistPosition).toBeLessThan(booked[3].waitlistPosition);
    expect(booked[2].checkInCode).toBeNull();
    expect((await seats(sessionId)).seatsLeft).toBe(0);

    const cancelled = await t.http.post(`/api/v1/bookings/${booked[0].id}/cancel`).set(a.auth);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.data).toMatchObject({ status: 'cancelled', checkInCode: null, canCancel: false });
    const offered = await BookingModel.findById(booked[2].id).lean();
    expect(offered!.status).toBe('offered');
    expect(Math.abs(offered!.offerUntil!.getTime() - (Date.now() + 24 * H))).toBeLessThan(60_000);
    expect(await statusOf(booked[3].id)).toBe('waitlisted');
    expect(await NotificationModel.countDocuments({ userId: c.userId, title: '培训候补递补' })).toBe(1);
    const s = await seats(sessionId);
    expect(s.seatsLeft).toBe(0);
    expect([...s.holders].sort()).toEqual([booked[1].id, booked[2].id].sort());

    // Only its owner may accept; then it is confirmed with a check-in code.
    expect((await t.http.post(`/api/v1/bookings/${booked[2].id}/accept-offer`).set(d.auth)).status).toBe(404);
    const mine = await t.http.get('/api/v1/bookings/mine').set(c.auth);
    expect(mine.body.data.find((x: { id: string }) => x.id === booked[2].id)).toMatchObject({ status: 'offered', canAcceptOffer: true });
    const accepted = await t.http.post(`/api/v1/bookings/${booked[2].id}/accept-offer`).set(c.auth);
    expect(accepted.status).toBe(200);
    expect(accepted.body.data).toMatchObject({ status: 'confirmed', offerUntil: null });
    expect(accepted.body.data.checkInCode).toMatch(/^[A-Z0-9]{12}$/);
    const twice = await t.http.post(`/api/v1/bookings/${booked[2].id}/accept-offer`).set(c.auth);
    expect(twice.status).toBe(409);
  });

  it('an unanswered offer expires after 24 h and passes to the next in line; the last seat with nobody waiting goes back', async () => {
    const sessionId = await createSession(t, trainer, courseId, { capacity: 1 });
    const [a, b, c] = owners;
    const first = (await bookFor(t, a, sessionId)).body.data;
    const second = (await bookFor(t, b, sessionId)).body.data;
    const third = (await bookFor(t, c, sessionId)).body.data;
    expect([first.status, second.status, third.status]).toEqual(['confirmed', 'waitlisted', 'waitlisted']);
    await t.http.post(`/api/v1/bookings/${first.id}/cancel`).set(a.auth).expect(200);
    expect(await statusOf(second.id)).toBe('offered');

    // Not yet due: nothing happens.
    expect(await releaseExpired(t.services, new Date(Date.now() + 23 * H))).toBe(0);
    expect(await statusOf(second.id)).toBe('offered');
    // Past 24 h: the offer expires and the seat is offered to the third.
    expect(await releaseExpired(t.services, new Date(Date.now() + 25 * H))).toBe(1);
    expect(await statusOf(second.id)).toBe('expired');
    expect(await statusOf(third.id)).toBe('offered');
    expect((await seats(sessionId)).holders).toEqual([third.id]);
    expect(await NotificationModel.countDocuments({ userId: b.userId, title: '培训报名已失效' })).toBe(1);
    // A second run (another instance) changes nothing.
    expect(await releaseExpired(t.services, new Date(Date.now() + 25 * H))).toBe(0);
    // The expired offer can no longer be accepted.
    const late = await t.http.post(`/api/v1/bookings/${second.id}/accept-offer`).set(b.auth);
    expect(late.status).toBe(409);

    // The third lets it expire too: nobody is waiting, so the seat goes back to the session.
    expect(await releaseExpired(t.services, new Date(Date.now() + 50 * H))).toBe(1);
    const s = await seats(sessionId);
    expect(s).toMatchObject({ seatsLeft: 1, holders: [] });
    const again = await bookFor(t, a, sessionId);
    expect(again.body.data.status).toBe('confirmed');
  });

  it('cancelling after the cancellation deadline is refused with 409 and changes nothing', async () => {
    const sessionId = await createSession(t, trainer, courseId, { capacity: 1 });
    const mine = (await bookFor(t, owners[0], sessionId)).body.data;
    await bookFor(t, owners[1], sessionId); // waiting
    await TrainingSessionModel.updateOne({ _id: sessionId }, { $set: { cancelDeadline: new Date(Date.now() - 60_000) } });
    await expectUnchanged(stored(sessionId), async () => {
      const res = await t.http.post(`/api/v1/bookings/${mine.id}/cancel`).set(owners[0].auth);
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'training.cancel_closed', message: '已过取消截止时间，不能取消报名' });
      // Someone else's booking: 404, whatever its state.
      expect((await t.http.post(`/api/v1/bookings/${mine.id}/cancel`).set(owners[2].auth)).status).toBe(404);
    });
    const view = await t.http.get('/api/v1/bookings/mine').set(owners[0].auth);
    expect(view.body.data.find((x: { id: string }) => x.id === mine.id)).toMatchObject({ status: 'confirmed', canCancel: false });
  });
});

describe('paid sessions', () => {
  it('a seat is held 15 minutes while paying; the job releases an expired hold and offers the seat to the line', async () => {
    const sessionId = await createSession(t, trainer, courseId, { capacity: 1, feeFen: 5000 });
    const [a, b] = owners;
    const held = (await bookFor(t, a, sessionId)).body.data;
    expect(held).toMatchObject({ status: 'held', checkInCode: null, session: { feeFen: 5000, feeLabel: '50.00元', seatsLeft: 0 } });
    expect(Math.abs(Date.parse(held.holdUntil) - (Date.now() + 15 * 60_000))).toBeLessThan(60_000);
    expect((await BookingModel.findById(held.id).lean())!.payment).toMatchObject({ status: 'unpaid', amountFen: 5000 });
    const waiting = (await bookFor(t, b, sessionId)).body.data;
    expect(waiting.status).toBe('waitlisted');

    expect(await releaseExpired(t.services, new Date(Date.now() + 10 * 60_000))).toBe(0);
    expect(await releaseExpired(t.services, new Date(Date.now() + 16 * 60_000))).toBe(1);
    expect(await statusOf(held.id)).toBe('expired');
    expect(await statusOf(waiting.id)).toBe('offered');
    // Accepting an offer on a paid session holds the seat for payment again.
    const accepted = await t.http.post(`/api/v1/bookings/${waiting.id}/accept-offer`).set(b.auth);
    expect(accepted.body.data).toMatchObject({ status: 'held', offerUntil: null });
    expect(accepted.body.data.holdUntil).not.toBeNull();
  });
});

describe('after a crash', () => {
  it('a seat taken for a booking that was never written goes back (and on to the line) when the job runs', async () => {
    const sessionId = await createSession(t, trainer, courseId, { capacity: 1 });
    const ghost = String(new mongoose.Types.ObjectId());
    const at = new Date();
    expect(await takeSeatForNew(sessionId, ghost, at)).toBe(true); // ...and the process died before the insert
    const waiting = (await bookFor(t, owners[0], sessionId)).body.data;
    expect(waiting.status).toBe('waitlisted');
    expect(await releaseExpired(t.services, new Date(at.getTime() + 60_000))).toBe(0); // maybe still being written
    expect(await releaseExpired(t.services, new Date(at.getTime() + 6 * 60_000))).toBe(1);
    expect(await seats(sessionId)).toMatchObject({ seatsLeft: 0, holders: [waiting.id], placing: [] });
    expect(await statusOf(waiting.id)).toBe('offered');
  });

  it('a promotion whose holder died (its lease expired) is finished by the job', async () => {
    const sessionId = await createSession(t, trainer, courseId, { capacity: 1 });
    const first = (await bookFor(t, owners[0], sessionId)).body.data;
    const second = (await bookFor(t, owners[1], sessionId)).body.data;
    // The seat came back and a promotion took the lease, then its process died.
    await BookingModel.updateOne({ _id: first.id }, { $set: { status: 'cancelled', activeKey: `closed:${first.id}` } });
    await releaseSeat(sessionId, first.id);
    await TrainingSessionModel.updateOne({ _id: sessionId }, { $set: { promotingUntil: new Date(Date.now() + 30_000) } });
    expect(await statusOf(second.id)).toBe('waitlisted');
    expect(await releaseExpired(t.services, new Date(Date.now() + 31_000))).toBe(1);
    expect(await statusOf(second.id)).toBe('offered');
    expect(await seats(sessionId)).toMatchObject({ seatsLeft: 0, holders: [second.id], promotingUntil: new Date(0) });
  });

  it('a cancellation that died after its state change frees the seat once when recovery runs', async () => {
    const sessionId = await createSession(t, trainer, courseId, { capacity: 1 });
    const first = (await bookFor(t, owners[0], sessionId)).body.data;
    const second = (await bookFor(t, owners[1], sessionId)).body.data;
    // The cancel's one update, as cancelBooking writes it, then nothing (the process died).
    await BookingModel.updateOne({ _id: first.id }, { $set: { status: 'cancelled', activeKey: `closed:${first.id}`, owed: ['release', 'promote'], owedAt: new Date(Date.now() - 60_000) } });
    expect(await takeSeat(sessionId, second.id, false)).toBe(false); // the seat is still held by the cancelled booking
    expect(await recoverOwed(t.services)).toBeGreaterThanOrEqual(1);
    expect(await recoverOwed(t.services)).toBe(0);
    expect(await seats(sessionId)).toMatchObject({ seatsLeft: 0, holders: [second.id] });
    expect(await statusOf(second.id)).toBe('offered');
  });
});
