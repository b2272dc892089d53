// Seats freed at the same moment go to the line once each, in order (a file of its own: on the embedded
// store every booking query reads the whole collection, so the 1,000 bookings of concurrency.test.ts would
// slow this one down).
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs } from '../../support/factories';
import { BookingModel } from '../../../server/src/models/Booking';
import { TrainingSessionModel } from '../../../server/src/models/TrainingSession';
import { approvedTrainer, attendee, bookFor, createCourse, createSession, manyOwners } from './support';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_USER_PER_MIN: '100000', RATE_LIMIT_IP_PER_MIN: '100000' });
});
afterAll(async () => { await t.close(); });

it('40 cancellations at once on a full session offer exactly 40 seats to the first 40 in line', async () => {
  const admin = await loginAs(t, 'admin', { region: '4502' });
  const trainer = await approvedTrainer(t, admin, '并发讲师二');
  const sessionId = await createSession(t, trainer, await createCourse(t, trainer), { capacity: 40 });
  const owners = await manyOwners(t, 100);
  const booked = [];
  for (const [i, o] of owners.entries()) booked.push({ owner: o, data: (await bookFor(t, o, sessionId, attendee(`候补${i}`))).body.data });
  expect(booked.filter((b) => b.data.status === 'confirmed')).toHaveLength(40);

  const cancels = await Promise.all(booked.slice(0, 40).map((b) => t.http.post(`/api/v1/bookings/${b.data.id}/cancel`).set(b.owner.auth)));
  expect(cancels.map((c) => c.status)).toEqual(Array(40).fill(200));
  const after = await BookingModel.find({ sessionId }).lean();
  const offered = after.filter((b) => b.status === 'offered');
  expect(offered).toHaveLength(40);
  // The first 40 in line, by position.
  const line = booked.slice(40).map((b) => b.data).sort((x, y) => x.waitlistPosition - y.waitlistPosition);
  expect(offered.map((b) => String(b._id)).sort()).toEqual(line.slice(0, 40).map((b) => b.id).sort());
  const s = (await TrainingSessionModel.findById(sessionId).lean())!;
  expect(s.seatsLeft).toBe(0);
  expect([...s.holders].sort()).toEqual(offered.map((b) => String(b._id)).sort());
}, 300_000);
