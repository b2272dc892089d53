// Attended training on the workshop's public credit file, with its hours, and the workshop's training hours
// in the last N months (what the programs' "at least N hours in the last 12 months" rule reads).
import { createTestApp, type TestApp } from '../../support/app';
import { buildWorkshop, loginAs, type LoggedIn } from '../../support/factories';
import { CreditEventModel } from '../../../server/src/models/CreditEvent';
import { TrainingCertificateModel } from '../../../server/src/models/TrainingCertificate';
import { TrainingSessionModel } from '../../../server/src/models/TrainingSession';
import { monthsBefore, trainingHours } from '../../../server/src/services/trainingHours';
import { recoverOwed } from '../../../server/src/db/owed';
import { approvedTrainer, attendee, bookFor, createCourse, createSession, ownerWithWorkshop, type Owner } from './support';

let t: TestApp;
let trainer: LoggedIn;
let owner: Owner;
let other: Owner;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_USER_PER_MIN: '100000', RATE_LIMIT_IP_PER_MIN: '100000' });
  const admin = await loginAs(t, 'admin', { region: '4502', name: '柳州市局管理员' });
  trainer = await approvedTrainer(t, admin, '孙学时');
  owner = await ownerWithWorkshop(t, '学时业主');
  other = await ownerWithWorkshop(t, '缺席业主');
});
afterAll(async () => { await t.close(); });

const scanId = () => `scan-${Math.random().toString(36).slice(2, 12)}`;
/** A session of a course of `hours`: the owner's attendees checked in, the other owner's absent, finished. */
async function attended(title: string, hours: number, names: string[]): Promise<string> {
  const sessionId = await createSession(t, trainer, await createCourse(t, trainer, { title, hours }), { capacity: names.length + 1 });
  for (const name of names) {
    const b = (await bookFor(t, owner, sessionId, attendee(name))).body.data;
    await t.http.post(`/api/v1/sessions/${sessionId}/check-ins`).set(trainer.auth).send({ scans: [{ scanId: scanId(), bookingId: b.id }] }).expect(200);
  }
  expect((await bookFor(t, other, sessionId)).status).toBe(201);
  await TrainingSessionModel.updateOne({ _id: sessionId }, { $set: { startsAt: new Date(Date.now() - 3 * 3600_000), endsAt: new Date(Date.now() - 3600_000) } });
  expect((await t.http.post(`/api/v1/sessions/${sessionId}/finish`).set(trainer.auth)).status).toBe(200);
  return sessionId;
}
const hoursOf = (workshopId: string, q = '') => t.http.get(`/api/v1/workshops/${workshopId}/training-hours${q}`);

describe('training on the public credit file', () => {
  it('each certificate is a training event with its course and hours; the absent workshop has none', async () => {
    const sessionId = await attended('食品安全法规解读', 3.5, ['郑一']);
    const timeline = await t.http.get(`/api/v1/workshops/${owner.workshopId}/timeline`);
    expect(timeline.status).toBe(200);
    const training = timeline.body.data.filter((e: { type: string }) => e.type === 'training');
    expect(training).toHaveLength(1);
    const no = (await TrainingCertificateModel.findOne({ sessionId }).lean())!._id;
    expect(training[0]).toMatchObject({ title: '参加培训：食品安全法规解读', hours: 3.5, source: '孙学时', result: '培训合格' });
    expect(training[0].detail).toContain(`证书编号 ${no}`);
    // No attendee name or phone on the public file.
    expect(JSON.stringify(training)).not.toMatch(/郑|139\d{8}/);
    const absent = await t.http.get(`/api/v1/workshops/${other.workshopId}/timeline`);
    expect(absent.body.data.filter((e: { type: string }) => e.type === 'training')).toEqual([]);
  });

  it('a finish run again by recovery writes the credit event once', async () => {
    const sessionId = await attended('标签标识规范', 2, ['冯二']);
    const before = await CreditEventModel.countDocuments({ workshopId: owner.workshopId, type: 'training' });
    await TrainingSessionModel.updateOne({ _id: sessionId }, { $set: { owed: ['certificates'], owedAt: new Date(Date.now() - 60_000) } });
    await recoverOwed(t.services);
    expect(await CreditEventModel.countDocuments({ workshopId: owner.workshopId, type: 'training' })).toBe(before);
    expect(await TrainingCertificateModel.countDocuments({ sessionId })).toBe(1);
  });
});

describe('GET /workshops/:id/training-hours', () => {
  it('400 bad months or id, 404 an unknown workshop; public and cacheable', async () => {
    for (const q of ['?months=0', '?months=abc', '?months=121', '?years=1']) expect((await hoursOf(owner.workshopId, q)).status).toBe(400);
    expect((await t.http.get('/api/v1/workshops/nope/training-hours')).status).toBe(400);
    expect((await hoursOf('0123456789abcdef01234567')).status).toBe(404);
    const unlicensed = String((await buildWorkshop(t, { status: 'unlicensed' }))._id);
    expect((await hoursOf(unlicensed)).status).toBe(404);
    const res = await hoursOf(other.workshopId);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ workshopId: other.workshopId, months: 12, hours: 0, certificates: [] });
    expect(res.body.since).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const again = await hoursOf(other.workshopId).set('If-None-Match', res.headers.etag);
    expect(again.status).toBe(304);
  });

  it('sums the certificates issued in the window: two attendees count twice; older ones fall outside 12 months', async () => {
    const workshop = await ownerWithWorkshop(t, '窗口业主');
    owner = workshop; // attended() books for `owner`
    await attended('添加剂使用规范', 4, ['陈一', '陈二']);
    const old = await attended('旧课程', 6, ['陈三']);
    // The old session's certificate was issued 14 months ago (the clock moved, as a year passes).
    await TrainingCertificateModel.updateOne({ sessionId: old }, { $set: { issuedAt: monthsBefore(new Date(), 14) } });

    const res = await hoursOf(workshop.workshopId, '?months=12');
    expect(res.status).toBe(200);
    expect(res.body.hours).toBe(8);
    expect(res.body.certificates.map((c: { courseTitle: string; hours: number }) => [c.courseTitle, c.hours])).toEqual([['添加剂使用规范', 4], ['添加剂使用规范', 4]]);
    expect(res.body.certificates[0].no).toMatch(/^PX\d{10}$/);
    expect((await hoursOf(workshop.workshopId, '?months=24')).body.hours).toBe(14);
    expect((await hoursOf(workshop.workshopId)).body).toMatchObject({ months: 12, hours: 8 });

    // What the programs read: the same sum from the service, at a given time.
    expect((await trainingHours(workshop.workshopId, 12)).hours).toBe(8);
    expect((await trainingHours(workshop.workshopId, 12, monthsBefore(new Date(), 13))).hours).toBe(6);
  });

  it('months are calendar months, clamped to the end of a shorter month', () => {
    expect(monthsBefore(new Date('2026-03-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(monthsBefore(new Date('2026-11-30T00:00:00Z'), 12).toISOString()).toBe('2025-11-30T00:00:00.000Z');
  });
});
