// The demo training desk (npm start): one course has a test; its finished session gave a certificate to the
// attendee who passed only; the finished sessions' certificates are on the demo workshops' credit files.
import { createTestApp, type TestApp } from '../../support/app';
import { seedDemo } from '../../../server/src/seed/demo';
import { BookingModel } from '../../../server/src/models/Booking';
import { CourseModel } from '../../../server/src/models/Course';
import { TrainingCertificateModel } from '../../../server/src/models/TrainingCertificate';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

it('seeds a course with a test, a certificate only for who passed, and training with hours on the credit files', async () => {
  await seedDemo(t.services.regions, { workshops: 40, cipher: t.services.cipher, services: t.services });
  const tested = await CourseModel.findOne({ demo: true, 'quiz.passPercent': { $gt: 0 } }).lean();
  expect(tested?.quiz?.questions.length).toBeGreaterThanOrEqual(3);
  const bookings = await BookingModel.find({ courseId: String(tested!._id), status: 'attended' }).sort({ createdAt: 1 }).lean();
  expect(bookings.map((b) => [b.quizPassed, !!b.certificateNo])).toEqual([[false, false], [true, true]]);

  // The demo owner may take the test now.
  const owner = await t.http.post('/api/v1/auth/dev').send({ role: 'owner' });
  const mine = await t.http.get('/api/v1/bookings/mine').set({ Authorization: `Bearer ${owner.body.token}` });
  const pending = mine.body.data.find((b: { id: string }) => b.id === String(bookings[0]._id));
  expect(pending.quiz).toMatchObject({ canAttempt: true, passed: false, triesLeft: 3 });

  const certs = await TrainingCertificateModel.find({}).lean();
  expect(certs.length).toBe(4); // three of the law session, one of the tested session
  for (const c of certs) {
    const timeline = await t.http.get(`/api/v1/workshops/${c.workshopId}/timeline`);
    expect(timeline.body.data).toContainEqual(expect.objectContaining({ type: 'training', title: `参加培训：${c.courseTitle}`, hours: c.hours }));
    const hours = await t.http.get(`/api/v1/workshops/${c.workshopId}/training-hours`);
    expect(hours.body.hours).toBeGreaterThanOrEqual(c.hours);
  }
});
