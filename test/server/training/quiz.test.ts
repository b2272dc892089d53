// A course's knowledge test: the trainer writes a question bank (answers never reach owners); an attended
// attendee answers it within the course's tries (parallel answers cannot exceed them); the certificate needs
// attendance and a pass, issued at the finish or, for a pass after it, then.
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs, type LoggedIn } from '../../support/factories';
import { expectUnchanged } from '../../support/unchanged';
import { BookingModel } from '../../../server/src/models/Booking';
import { CourseModel } from '../../../server/src/models/Course';
import { NotificationModel } from '../../../server/src/models/Notification';
import { TrainingCertificateModel } from '../../../server/src/models/TrainingCertificate';
import { TrainingSessionModel } from '../../../server/src/models/TrainingSession';
import { approvedTrainer, attendee, bookFor, courseBody, createCourse, createSession, ownerWithWorkshop, type Owner } from './support';

let t: TestApp;
let admin: LoggedIn;
let trainer: LoggedIn;
let rival: LoggedIn;
let owners: Owner[];
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_USER_PER_MIN: '100000', RATE_LIMIT_IP_PER_MIN: '100000' });
  admin = await loginAs(t, 'admin', { region: '4502', name: '柳州市局管理员' });
  trainer = await approvedTrainer(t, admin, '赵考核');
  rival = await approvedTrainer(t, admin, '钱讲师');
  owners = [];
  for (const name of ['子', '丑', '寅']) owners.push(await ownerWithWorkshop(t, `考核业主${name}`));
});
afterAll(async () => { await t.close(); });

// Answers: 1, 0, 2. Pass mark 60%: two of three right pass.
const QUIZ = {
  questions: [
    { text: '生产用水应当符合什么标准？', options: ['无要求', '生活饮用水卫生标准', '农田灌溉水标准'], answer: 1 },
    { text: '从业人员每年应当进行健康检查吗？', options: ['应当', '不需要'], answer: 0 },
    { text: '食品添加剂应当如何管理？', options: ['随意存放', '与原料混放', '专人专柜、记录使用量', '不用记录'], answer: 2 },
  ],
  passPercent: 60,
  maxTries: 2,
};
const RIGHT = [1, 0, 2];
const WRONG = [0, 1, 0];
const scanId = () => `scan-${Math.random().toString(36).slice(2, 12)}`;
const checkIn = (sessionId: string, bookingId: string) =>
  t.http.post(`/api/v1/sessions/${sessionId}/check-ins`).set(trainer.auth).send({ scans: [{ scanId: scanId(), bookingId }] }).expect(200);
const paper = (id: string, who?: LoggedIn) => (who ? t.http.get(`/api/v1/bookings/${id}/quiz`).set(who.auth) : t.http.get(`/api/v1/bookings/${id}/quiz`));
const attempt = (id: string, who: LoggedIn | null, body: unknown) => {
  const req = t.http.post(`/api/v1/bookings/${id}/quiz/attempts`);
  return who ? req.set(who.auth).send(body as object) : req.send(body as object);
};
/** Moves a session's times back so that it has begun, as the clock would. */
const begin = (id: string) => TrainingSessionModel.updateOne({ _id: id }, { $set: { startsAt: new Date(Date.now() - 3 * 3600_000), endsAt: new Date(Date.now() - 3600_000) } });
const finish = async (id: string) => {
  await begin(id);
  const res = await t.http.post(`/api/v1/sessions/${id}/finish`).set(trainer.auth);
  expect(res.status).toBe(200);
};

describe('the question bank', () => {
  it('401 anonymous, 400 a bad bank, 403 for an owner; the trainer gets the answers back, owners and the public never', async () => {
    expect((await t.http.post('/api/v1/courses').send(courseBody({ quiz: QUIZ }))).status).toBe(401);
    const oneOption = { ...QUIZ, questions: [{ text: '只有一个选项', options: ['是'], answer: 0 }] };
    const answerOutside = { ...QUIZ, questions: [{ text: '答案不在选项中', options: ['是', '否'], answer: 3 }] };
    for (const quiz of [oneOption, answerOutside, { ...QUIZ, maxTries: 0 }, { ...QUIZ, questions: [] }]) {
      expect((await t.http.post('/api/v1/courses').set(trainer.auth).send(courseBody({ quiz }))).status).toBe(400);
    }
    expect((await t.http.post('/api/v1/courses').set(owners[0].auth).send(courseBody({ quiz: QUIZ }))).status).toBe(403);

    const created = await t.http.post('/api/v1/courses').set(trainer.auth).send(courseBody({ quiz: QUIZ }));
    expect(created.status).toBe(201);
    expect(created.body.data.quiz).toEqual({ questionCount: 3, passPercent: 60, maxTries: 2 });
    expect(created.body.data.quizBank).toEqual(QUIZ);
    const id = created.body.data.id;
    expect((await t.http.get(`/api/v1/courses/${id}`).set(trainer.auth)).body.data.quizBank).toEqual(QUIZ);

    for (const res of [await t.http.get(`/api/v1/courses/${id}`), await t.http.get(`/api/v1/courses/${id}`).set(owners[0].auth), await t.http.get('/api/v1/courses?category=practice')]) {
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain('生活饮用水卫生标准');
      expect(JSON.stringify(res.body)).not.toContain('"answer"');
      expect(JSON.stringify(res.body)).not.toContain('quizBank');
    }
    expect((await t.http.get(`/api/v1/courses/${id}`)).body.data.quiz).toEqual({ questionCount: 3, passPercent: 60, maxTries: 2 });
  });

  it('another trainer cannot change it (403, unchanged); the trainer edits and removes it', async () => {
    const id = await createCourse(t, trainer, { quiz: QUIZ });
    await expectUnchanged(() => CourseModel.findById(id).lean(), async () => {
      expect((await t.http.patch(`/api/v1/courses/${id}`).set(rival.auth).send({ quiz: null })).status).toBe(403);
      expect((await t.http.patch(`/api/v1/courses/${id}`).set(owners[0].auth).send({ quiz: null })).status).toBe(403);
      expect((await t.http.patch(`/api/v1/courses/${id}`).set(trainer.auth).send({ quiz: { ...QUIZ, passPercent: 0 } })).status).toBe(400);
    });
    const edited = await t.http.patch(`/api/v1/courses/${id}`).set(trainer.auth).send({ quiz: { ...QUIZ, passPercent: 100, maxTries: 5 } });
    expect(edited.status).toBe(200);
    expect(edited.body.data.quiz).toEqual({ questionCount: 3, passPercent: 100, maxTries: 5 });
    const removed = await t.http.patch(`/api/v1/courses/${id}`).set(trainer.auth).send({ quiz: null });
    expect(removed.body.data).toMatchObject({ quiz: null, quizBank: null });
  });
});

describe('taking the test', () => {
  let courseId: string;
  let sessionId: string;
  let booked: { id: string }[];
  beforeAll(async () => {
    courseId = await createCourse(t, trainer, { title: '小作坊生产规范（含考核）', hours: 4, quiz: QUIZ });
    sessionId = await createSession(t, trainer, courseId, { capacity: 3 });
    booked = [];
    for (const [i, o] of owners.entries()) booked.push((await bookFor(t, o, sessionId, attendee(['孙一', '周二', '吴三'][i]))).body.data);
  });

  it('before the check-in: 409, nothing counted; others 404; anonymous 401; a bad id 400', async () => {
    await expectUnchanged(() => BookingModel.findById(booked[0].id).lean(), async () => {
      expect((await paper(booked[0].id)).status).toBe(401);
      expect((await paper('nope', owners[0])).status).toBe(400);
      expect((await paper(booked[0].id, owners[1])).status).toBe(404);
      const early = await paper(booked[0].id, owners[0]);
      expect(early.status).toBe(409);
      expect(early.body.error.code).toBe('training.quiz_not_allowed');
      expect((await attempt(booked[0].id, owners[0], { answers: RIGHT })).status).toBe(409);
    });
    const mine = await t.http.get('/api/v1/bookings/mine').set(owners[0].auth);
    expect(mine.body.data.find((b: { id: string }) => b.id === booked[0].id).quiz).toEqual({ passed: false, triesUsed: 0, triesLeft: 2, bestPercent: null, canAttempt: false });
  });

  it('after the check-in: the questions without answers; 401, 400, 404 and 422 count no try', async () => {
    await checkIn(sessionId, booked[0].id);
    await checkIn(sessionId, booked[1].id);
    const res = await paper(booked[0].id, owners[0]);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ passPercent: 60, maxTries: 2, triesUsed: 0, triesLeft: 2, passed: false, canAttempt: true, certificateNo: null, attendeeName: '孙一' });
    expect(res.body.data.questions).toEqual(QUIZ.questions.map((q) => ({ text: q.text, options: q.options })));
    expect(JSON.stringify(res.body)).not.toContain('"answer"');

    await expectUnchanged(() => BookingModel.findById(booked[0].id).lean(), async () => {
      expect((await attempt(booked[0].id, null, { answers: RIGHT })).status).toBe(401);
      expect((await attempt(booked[0].id, owners[0], { answers: 'abc' })).status).toBe(400);
      expect((await attempt(booked[0].id, owners[0], { answers: [1, 0, 9] })).status).toBe(400);
      expect((await attempt(booked[0].id, owners[1], { answers: RIGHT })).status).toBe(404);
      expect((await attempt(booked[0].id, trainer, { answers: RIGHT })).status).toBe(404);
      const short = await attempt(booked[0].id, owners[0], { answers: [1, 0] });
      expect(short.status).toBe(422);
      expect(short.body.error.code).toBe('training.quiz_answers');
      // An option the question does not have.
      expect((await attempt(booked[0].id, owners[0], { answers: [1, 3, 2] })).status).toBe(422);
    });
  });

  it('a fail counts a try; a pass before the finish: the certificate comes with the finish; who failed gets none; who did not come cannot try', async () => {
    const failed = await attempt(booked[1].id, owners[1], { answers: WRONG });
    expect(failed.status).toBe(200);
    expect(failed.body.data).toEqual({ correct: 0, total: 3, percent: 0, passed: false, triesUsed: 1, triesLeft: 1, certificateNo: null });

    const fail = await attempt(booked[0].id, owners[0], { answers: [1, 1, 0] });
    expect(fail.body.data).toMatchObject({ correct: 1, percent: 33.3, passed: false, triesLeft: 1 });
    const pass = await attempt(booked[0].id, owners[0], { answers: [1, 0, 0] });
    expect(pass.body.data).toEqual({ correct: 2, total: 3, percent: 66.7, passed: true, triesUsed: 2, triesLeft: 0, certificateNo: null });
    await expectUnchanged(() => BookingModel.findById(booked[0].id).lean(), async () => {
      const again = await attempt(booked[0].id, owners[0], { answers: RIGHT });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('training.quiz_passed');
    });
    expect(await TrainingCertificateModel.countDocuments({ sessionId })).toBe(0);

    await finish(sessionId);
    const after = await BookingModel.find({ sessionId }).sort({ createdAt: 1 }).lean();
    expect(after.map((b) => [b.status, !!b.certificateNo])).toEqual([['attended', true], ['attended', false], ['absent', false]]);
    expect(await TrainingCertificateModel.countDocuments({ sessionId })).toBe(1);
    // The trainer's roster says who passed and who has not.
    const roster = await t.http.get(`/api/v1/sessions/${sessionId}/roster`).set(trainer.auth);
    expect(roster.body.data.session.course.quiz).toEqual({ questionCount: 3, passPercent: 60, maxTries: 2 });
    expect(roster.body.data.entries.map((e: { quiz: unknown; certificateNo: string | null }) => [e.quiz, !!e.certificateNo])).toEqual([
      [{ passed: true, triesUsed: 2 }, true], [{ passed: false, triesUsed: 1 }, false], [{ passed: false, triesUsed: 0 }, false],
    ]);
    const absent = await attempt(booked[2].id, owners[2], { answers: RIGHT });
    expect(absent.status).toBe(409);
    expect(absent.body.error.code).toBe('training.quiz_not_allowed');
    expect((await BookingModel.findById(booked[2].id).lean())!.quizTries).toBe(0);
  });

  it('a pass after the finish issues the certificate then, once, with a notice and the credit file entry', async () => {
    const pass = await attempt(booked[1].id, owners[1], { answers: RIGHT });
    expect(pass.status).toBe(200);
    expect(pass.body.data).toMatchObject({ passed: true, percent: 100, triesLeft: 0 });
    expect(pass.body.data.certificateNo).toMatch(/^PX\d{10}$/);
    const no = pass.body.data.certificateNo;
    expect(await TrainingCertificateModel.countDocuments({ bookingId: booked[1].id })).toBe(1);
    expect((await BookingModel.findById(booked[1].id).lean())!.certificateNo).toBe(no);
    expect(await NotificationModel.countDocuments({ userId: owners[1].userId, title: '培训证书已发放' })).toBe(1);
    const verify = await t.http.get(`/api/v1/certificates/training/${no}/verify`);
    expect(verify.body).toMatchObject({ status: 'valid', attendeeName: '周*', course: { title: '小作坊生产规范（含考核）', hours: 4 } });
    const timeline = await t.http.get(`/api/v1/workshops/${owners[1].workshopId}/timeline`);
    expect(timeline.body.data.filter((e: { type: string }) => e.type === 'training')).toEqual([
      expect.objectContaining({ title: '参加培训：小作坊生产规范（含考核）', hours: 4, source: '赵考核' }),
    ]);
    const view = await paper(booked[1].id, owners[1]);
    expect(view.body.data).toMatchObject({ passed: true, canAttempt: false, certificateNo: no, bestPercent: 100 });
    expect(view.body.data.attempts.map((a: { passed: boolean }) => a.passed)).toEqual([false, true]);
  });

  it('tries: 12 answers at once with 2 tries left give two answers and ten 409s; the counter stops at 2', async () => {
    const id = await createSession(t, trainer, courseId, { capacity: 1 });
    const b = (await bookFor(t, owners[2], id)).body.data;
    await checkIn(id, b.id);
    const answers = await Promise.all(Array.from({ length: 12 }, () => attempt(b.id, owners[2], { answers: WRONG })));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(2);
    const refused = answers.filter((a) => a.status !== 200);
    expect(refused.map((a) => [a.status, a.body.error.code])).toEqual(Array(10).fill([409, 'training.quiz_no_tries']));
    const stored = (await BookingModel.findById(b.id).lean())!;
    expect(stored.quizTries).toBe(2);
    expect(stored.quizAttempts).toHaveLength(2);
    expect((await paper(b.id, owners[2])).body.data).toMatchObject({ triesUsed: 2, triesLeft: 0, canAttempt: false, passed: false });
    await finish(id);
    expect(await TrainingCertificateModel.countDocuments({ sessionId: id })).toBe(0);
  });

  it('a course without a test: 404 training.no_quiz, and the certificate needs attendance only', async () => {
    const id = await createSession(t, trainer, await createCourse(t, trainer), { capacity: 1 });
    const b = (await bookFor(t, owners[0], id)).body.data;
    await checkIn(id, b.id);
    const res = await paper(b.id, owners[0]);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('training.no_quiz');
    await finish(id);
    expect((await BookingModel.findById(b.id).lean())!.certificateNo).toMatch(/^PX\d{10}$/);
  });
});
