// The trainer's desk: an admin-approved trainer publishes courses and sessions, sees the roster, checks people
// in (a scan sent twice is one attendance) and finishes the session: certificates for attendees only.
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs, type LoggedIn } from '../../support/factories';
import { expectUnchanged } from '../../support/unchanged';
import { BookingModel } from '../../../server/src/models/Booking';
import { CheckInModel } from '../../../server/src/models/CheckIn';
import { CourseModel } from '../../../server/src/models/Course';
import { NotificationModel } from '../../../server/src/models/Notification';
import { TrainingCertificateModel } from '../../../server/src/models/TrainingCertificate';
import { TrainingSessionModel } from '../../../server/src/models/TrainingSession';
import { recoverOwed } from '../../../server/src/db/owed';
import { approvedTrainer, attendee, bookFor, courseBody, createCourse, createSession, ownerWithWorkshop, sessionBody, type Owner } from './support';

let t: TestApp;
let admin: LoggedIn;
let trainer: LoggedIn;
let rival: LoggedIn;
let owners: Owner[];
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_USER_PER_MIN: '100000', RATE_LIMIT_IP_PER_MIN: '100000' });
  admin = await loginAs(t, 'admin', { region: '4502', name: '柳州市局管理员' });
  trainer = await approvedTrainer(t, admin, '王培训');
  rival = await approvedTrainer(t, admin, '李讲师', '450202');
  owners = [];
  for (const name of ['甲', '乙', '丙']) owners.push(await ownerWithWorkshop(t, `业主${name}`));
});
afterAll(async () => { await t.close(); });

const scanId = () => `scan-${Math.random().toString(36).slice(2, 12)}`;
const checkIn = (sessionId: string, who: LoggedIn, scans: object[]) => t.http.post(`/api/v1/sessions/${sessionId}/check-ins`).set(who.auth).send({ scans });

describe('courses', () => {
  it('401 anonymous, 400 bad body, 403 for an owner and outside the trainer\'s region; an approved trainer publishes', async () => {
    expect((await t.http.post('/api/v1/courses').send(courseBody())).status).toBe(401);
    expect((await t.http.post('/api/v1/courses').set(trainer.auth).send(courseBody({ category: '烹饪' }))).status).toBe(400);
    expect((await t.http.post('/api/v1/courses').set(owners[0].auth).send(courseBody())).status).toBe(403);
    const outside = await t.http.post('/api/v1/courses').set(trainer.auth).send(courseBody({ region: '450303' }));
    expect(outside.status).toBe(403);
    expect(outside.body.error.code).toBe('auth.out_of_region');
    const res = await t.http.post('/api/v1/courses').set(trainer.auth).send(courseBody({ title: '食品标签标识规范', category: 'labeling' }));
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ title: '食品标签标识规范', categoryLabel: '标签标识', trainerName: '王培训', region: { code: '450203' } });
  });

  it('lists active courses by category and for a place (its region and those above it); a trainer sees their own', async () => {
    const id = await createCourse(t, trainer, { title: '食品添加剂使用规范', category: 'additives' });
    const byCategory = await t.http.get('/api/v1/courses?category=additives');
    expect(byCategory.status).toBe(200);
    expect(byCategory.body.data.map((c: { id: string }) => c.id)).toContain(id);
    expect(byCategory.body.data.every((c: { category: string }) => c.category === 'additives')).toBe(true);
    expect((await t.http.get('/api/v1/courses?region=450203001').then((r) => r.body.data.map((c: { id: string }) => c.id)))).toContain(id);
    expect((await t.http.get('/api/v1/courses?region=450202').then((r) => r.body.data.map((c: { id: string }) => c.id)))).not.toContain(id);
    expect((await t.http.get('/api/v1/courses?mine=1')).status).toBe(401);
    expect((await t.http.get('/api/v1/courses?mine=1').set(rival.auth)).body.data.map((c: { id: string }) => c.id)).not.toContain(id);
  });

  it('another course\'s trainer is refused 403 and changes nothing; an admin of the region may edit', async () => {
    const id = await createCourse(t, trainer);
    await expectUnchanged(() => CourseModel.findById(id).lean(), async () => {
      const res = await t.http.patch(`/api/v1/courses/${id}`).set(rival.auth).send({ title: '改名' });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('training.not_course_trainer');
      expect((await t.http.post('/api/v1/sessions').set(rival.auth).send(sessionBody(id))).status).toBe(403);
    });
    const res = await t.http.patch(`/api/v1/courses/${id}`).set(admin.auth).send({ hours: 6 });
    expect(res.status).toBe(200);
    expect(res.body.data.hours).toBe(6);
  });
});

describe('sessions', () => {
  it('refuses times in the past (422) and place with link (400); drafts are hidden from the public until published', async () => {
    const courseId = await createCourse(t, trainer);
    const past = await t.http.post('/api/v1/sessions').set(trainer.auth).send(sessionBody(courseId, {
      startsAt: '2025-01-01T09:00:00+08:00', endsAt: '2025-01-01T12:00:00+08:00', signupDeadline: '2024-12-30T09:00:00+08:00', cancelDeadline: '2024-12-31T09:00:00+08:00',
    }));
    expect(past.status).toBe(422);
    expect(past.body.error.code).toBe('training.times_invalid');
    expect((await t.http.post('/api/v1/sessions').set(trainer.auth).send(sessionBody(courseId, { onlineUrl: 'https://meeting.example.cn/123' }))).status).toBe(400);

    const draft = await createSession(t, trainer, courseId, { publish: false });
    expect((await t.http.get(`/api/v1/sessions/${draft}`)).status).toBe(404);
    expect((await t.http.get(`/api/v1/courses/${courseId}`)).body.data.sessions).toEqual([]);
    expect((await t.http.get(`/api/v1/sessions/${draft}`).set(trainer.auth)).body.data.status).toBe('draft');
    expect((await bookFor(t, owners[0], draft)).status).toBe(409);
    const published = await t.http.patch(`/api/v1/sessions/${draft}`).set(trainer.auth).send({ status: 'open' });
    expect(published.body.data).toMatchObject({ status: 'open', signupOpen: true });
    expect((await t.http.get(`/api/v1/courses/${courseId}`)).body.data.sessions.map((s: { id: string }) => s.id)).toEqual([draft]);
  });

  it('capacity cannot fall below the seats taken (409, unchanged); raising it offers the new seats to the line', async () => {
    const sessionId = await createSession(t, trainer, await createCourse(t, trainer), { capacity: 2 });
    const booked: { id: string; status: string; waitlistPosition: number; checkInCode: string | null }[] = [];
    for (const o of owners) booked.push((await bookFor(t, o, sessionId)).body.data);
    expect(booked.map((b) => b.status)).toEqual(['confirmed', 'confirmed', 'waitlisted']);
    await expectUnchanged(() => TrainingSessionModel.findById(sessionId).lean(), async () => {
      const res = await t.http.patch(`/api/v1/sessions/${sessionId}`).set(trainer.auth).send({ capacity: 1 });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('training.capacity_below_taken');
    });
    const nothing = await t.http.patch(`/api/v1/sessions/${sessionId}`).set(trainer.auth).send({});
    expect(nothing.body.data).toMatchObject({ capacity: 2, seatsLeft: 0 });
    const raised = await t.http.patch(`/api/v1/sessions/${sessionId}`).set(trainer.auth).send({ capacity: 3 });
    expect(raised.body.data).toMatchObject({ capacity: 3, seatsLeft: 0 });
    expect((await BookingModel.findById(booked[2].id).lean())!.status).toBe('offered');
  });

  it('cancelling a session cancels its bookings, frees their seats and tells the owners', async () => {
    const sessionId = await createSession(t, trainer, await createCourse(t, trainer), { capacity: 1 });
    const a = (await bookFor(t, owners[0], sessionId)).body.data;
    const b = (await bookFor(t, owners[1], sessionId)).body.data;
    const res = await t.http.patch(`/api/v1/sessions/${sessionId}`).set(trainer.auth).send({ status: 'cancelled' });
    expect(res.body.data.status).toBe('cancelled');
    expect((await BookingModel.find({ _id: { $in: [a.id, b.id] } }).lean()).map((x) => x.status)).toEqual(['cancelled', 'cancelled']);
    expect(await TrainingSessionModel.findById(sessionId).lean()).toMatchObject({ seatsLeft: 1, holders: [], owed: [] });
    expect(await NotificationModel.countDocuments({ userId: owners[0].userId, title: '培训场次已取消' })).toBeGreaterThanOrEqual(1);
  });
});

describe('roster, check-in and certificates', () => {
  let sessionId: string;
  let booked: { id: string; checkInCode: string | null; status: string }[];
  beforeAll(async () => {
    sessionId = await createSession(t, trainer, await createCourse(t, trainer, { title: '小作坊食品安全法规', category: 'law', hours: 3 }), { capacity: 2 });
    booked = [];
    for (const [i, o] of owners.entries()) booked.push((await bookFor(t, o, sessionId, attendee(['张三', '李四', '王五'][i]))).body.data);
  });

  it('the roster: 403 for another trainer; the trainer sees names, masked phones, workshops and counts', async () => {
    expect((await t.http.get(`/api/v1/sessions/${sessionId}/roster`).set(rival.auth)).status).toBe(403);
    expect((await t.http.get(`/api/v1/sessions/${sessionId}/roster`).set(owners[0].auth)).status).toBe(403);
    const res = await t.http.get(`/api/v1/sessions/${sessionId}/roster`).set(trainer.auth);
    expect(res.status).toBe(200);
    expect(res.body.data.counts).toEqual({ confirmed: 2, waitlisted: 1 });
    expect(res.body.data.entries[0]).toMatchObject({ attendee: { name: '张三' }, workshop: { name: '业主甲的米粉作坊' }, status: 'confirmed' });
    expect(JSON.stringify(res.body)).not.toMatch(/139\d{8}/);
  });

  it('a scan sent twice is one attendance; a second scan says already; unknown and waitlisted codes are refused', async () => {
    expect((await checkIn(sessionId, rival, [{ scanId: scanId(), code: booked[0].checkInCode }])).status).toBe(403);
    const first = scanId();
    const res = await checkIn(sessionId, trainer, [{ scanId: first, code: booked[0].checkInCode }]);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([{ scanId: first, result: 'attended', bookingId: booked[0].id, attendeeName: '张三', replayed: false }]);
    // The phone's queue sends the same scan again (weak network), and the attendee is scanned once more.
    const again = await checkIn(sessionId, trainer, [{ scanId: first, code: booked[0].checkInCode }, { scanId: scanId(), bookingId: booked[0].id }]);
    expect(again.body.data.map((r: { result: string; replayed: boolean }) => [r.result, r.replayed])).toEqual([['attended', true], ['already', false]]);
    expect(await CheckInModel.countDocuments({ sessionId, scanId: first })).toBe(1);
    const b = await BookingModel.findById(booked[0].id).lean();
    expect(b!.status).toBe('attended');
    expect(b!.timeline.filter((e) => e.title === '已签到')).toHaveLength(1);

    const waitlistedId = (await BookingModel.findById(booked[2].id).lean())!;
    const refused = await checkIn(sessionId, trainer, [{ scanId: scanId(), code: waitlistedId.checkInCode }, { scanId: scanId(), code: 'ABCDEFGHJKLM' }]);
    expect(refused.body.data.map((r: { result: string }) => r.result)).toEqual(['not_allowed', 'unknown']);
    expect((await BookingModel.findById(booked[2].id).lean())!.status).toBe('waitlisted');
  });

  it('the same new scan sent 20 times at once (queued retries): one record, one attendance', async () => {
    const id = await createSession(t, trainer, await createCourse(t, trainer), { capacity: 1 });
    const b = (await bookFor(t, owners[0], id)).body.data;
    const burst = scanId();
    const answers = await Promise.all(Array.from({ length: 20 }, () => checkIn(id, trainer, [{ scanId: burst, code: b.checkInCode }])));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(answers.filter((a) => !a.body.data[0].replayed).length).toBeLessThanOrEqual(1);
    expect(new Set(answers.map((a) => a.body.data[0].result))).toEqual(new Set(['attended']));
    expect(await CheckInModel.countDocuments({ sessionId: id, scanId: burst })).toBe(1);
    expect((await BookingModel.findById(b.id).lean())!.timeline.filter((e) => e.title === '已签到')).toHaveLength(1);
  });

  it('finishing: 409 before the start; then certificates for the attendee only, the absent and the waiting get none', async () => {
    const early = await t.http.post(`/api/v1/sessions/${sessionId}/finish`).set(trainer.auth);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('training.not_started');
    expect((await t.http.post(`/api/v1/sessions/${sessionId}/finish`).set(rival.auth)).status).toBe(403);
    await TrainingSessionModel.updateOne({ _id: sessionId }, { $set: { startsAt: new Date(Date.now() - 3 * 3600_000), endsAt: new Date(Date.now() - 3600_000) } });

    const res = await t.http.post(`/api/v1/sessions/${sessionId}/finish`).set(trainer.auth);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'finished', certificatesPending: false });
    const after = await BookingModel.find({ sessionId }).sort({ createdAt: 1 }).lean();
    expect(after.map((b) => b.status)).toEqual(['attended', 'absent', 'expired']);
    expect(after[0].certificateNo).toMatch(/^PX\d{10}$/);
    expect(after[1].certificateNo).toBeNull();
    expect(after[2].certificateNo).toBeNull();
    expect(await TrainingCertificateModel.countDocuments({ sessionId })).toBe(1);
    expect((await t.http.post(`/api/v1/sessions/${sessionId}/finish`).set(trainer.auth)).status).toBe(409);

    const mine = await t.http.get('/api/v1/bookings/mine').set(owners[0].auth);
    expect(mine.body.data.find((b: { id: string }) => b.id === booked[0].id)).toMatchObject({ status: 'attended', certificateNo: after[0].certificateNo });
    expect(await NotificationModel.countDocuments({ userId: owners[0].userId, title: '培训证书已发放' })).toBe(1);
    expect(await NotificationModel.countDocuments({ userId: owners[1].userId, title: '培训证书已发放' })).toBe(0);

    const verify = await t.http.get(`/api/v1/certificates/training/${after[0].certificateNo}/verify`);
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ status: 'valid', attendeeName: '张*', course: { title: '小作坊食品安全法规', hours: 3 }, workshop: { name: '业主甲的米粉作坊' } });
    const forged = await t.http.get('/api/v1/certificates/training/PX2026999999/verify');
    expect(forged.status).toBe(404);
    expect(forged.body.error.code).toBe('training.certificate_not_found');
    expect((await t.http.get('/api/v1/certificates/training/nope/verify')).status).toBe(400);
    const qr = await t.http.get(`/api/v1/certificates/training/${after[0].certificateNo}/qr.png`);
    expect(qr.status).toBe(200);
    expect(qr.headers['content-type']).toBe('image/png');
  });

  it('a finish that died after its state change: recovery issues the certificates once', async () => {
    const id = await createSession(t, trainer, await createCourse(t, trainer), { capacity: 2 });
    const a = (await bookFor(t, owners[0], id)).body.data;
    const b = (await bookFor(t, owners[1], id)).body.data;
    await checkIn(id, trainer, [{ scanId: scanId(), code: a.checkInCode }]).expect(200);
    // The finish's one update, as finishSession writes it, then nothing (the process died).
    await TrainingSessionModel.updateOne({ _id: id }, { $set: { status: 'finished', finishedAt: new Date(), owed: ['closeRoster', 'certificates', 'notifyCertificates'], owedAt: new Date(Date.now() - 60_000) } });
    expect((await t.http.get(`/api/v1/sessions/${id}`)).body.data).toMatchObject({ status: 'finished', certificatesPending: true });
    await recoverOwed(t.services);
    await recoverOwed(t.services);
    expect(await TrainingCertificateModel.countDocuments({ sessionId: id })).toBe(1);
    expect((await BookingModel.find({ _id: { $in: [a.id, b.id] } }).sort({ createdAt: 1 }).lean()).map((x) => [x.status, !!x.certificateNo])).toEqual([['attended', true], ['absent', false]]);
    expect((await t.http.get(`/api/v1/sessions/${id}`)).body.data.certificatesPending).toBe(false);
  });
});
