// No overselling: 1,000 owners book a 100-seat session at the same moment, through HTTP.
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

it('1,000 parallel bookings for 100 seats: exactly 100 confirmed, 900 waitlisted in distinct places, no seat lost', async () => {
  const admin = await loginAs(t, 'admin', { region: '4502' });
  const trainer = await approvedTrainer(t, admin, '并发讲师');
  const sessionId = await createSession(t, trainer, await createCourse(t, trainer), { capacity: 100 });
  const owners = await manyOwners(t, 1000);

  const answers = await Promise.all(owners.map((o, i) => bookFor(t, o, sessionId, attendee(`学员${i}`))));
  expect(answers.filter((a) => a.status !== 201).map((a) => a.status)).toEqual([]);
  const statuses = answers.map((a) => a.body.data.status);
  expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(100);
  expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(900);

  const stored = await BookingModel.find({ sessionId }).lean();
  expect(stored.filter((b) => b.status === 'confirmed')).toHaveLength(100);
  expect(stored.filter((b) => b.status === 'waitlisted')).toHaveLength(900);
  expect(new Set(stored.filter((b) => b.status === 'waitlisted').map((b) => b.waitlistPosition)).size).toBe(900);
  const s = (await TrainingSessionModel.findById(sessionId).lean())!;
  expect(s).toMatchObject({ seatsLeft: 0, placing: [] });
  expect([...s.holders].sort()).toEqual(stored.filter((b) => b.status === 'confirmed').map((b) => String(b._id)).sort());
}, 300_000);

