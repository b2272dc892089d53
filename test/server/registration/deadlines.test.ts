// Deadline arithmetic on the statutory calendar, and escalation of overdue steps.
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs, submittedApplication } from '../../support/factories';
import { deadlineAfter, pauseDeadline, resumeDeadline } from '../../../server/src/commands/registration/deadline';
import { escalateOverdue } from '../../../server/src/commands/registration';
import { RegistrationModel } from '../../../server/src/models/Registration';
import { NotificationModel } from '../../../server/src/models/Notification';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

it('acceptance within 5 working days of a submission before Spring Festival 2026 skips the holiday', async () => {
  // Thu 2026-02-12 → Fri 13, Sat 14 (adjusted workday), holiday 15–23, Tue 24, Wed 25, Thu 26.
  const d = await deadlineAfter(t.services.calendar, 'accept', new Date('2026-02-12T03:00:00Z'), 5);
  expect(d).toMatchObject({ step: 'accept', due: '2026-02-26', estimated: false });
  expect(d.dueAt.toISOString()).toBe('2026-02-26T15:59:59.999Z'); // end of the day in Beijing
});

it('deadlines around National Day skip the holiday and count the adjusted Saturday', async () => {
  // Wed 2026-09-30 → holiday Oct 1–7, Thu Oct 8, Fri Oct 9, Sat Oct 10 (adjusted workday).
  const siteCheck = await deadlineAfter(t.services.calendar, 'site_check', new Date('2026-09-30T02:00:00Z'), 2);
  expect(siteCheck.due).toBe('2026-10-09');
  const decision = await deadlineAfter(t.services.calendar, 'decision', new Date('2026-09-30T02:00:00Z'), 3);
  expect(decision.due).toBe('2026-10-10');
});

it('a correction stops the clock and resubmission resumes it with the days that were left', async () => {
  const d = await deadlineAfter(t.services.calendar, 'accept', new Date('2026-03-02T02:00:00Z'), 5); // Mon → Mon 9
  expect(d.due).toBe('2026-03-09');
  const paused = await pauseDeadline(t.services.calendar, d, new Date('2026-03-04T02:00:00Z')); // Wed: Thu, Fri, Mon left
  expect(paused.pausedRemaining).toBe(3);
  const resumed = await resumeDeadline(t.services.calendar, paused, new Date('2026-03-20T02:00:00Z')); // Fri 20 → Mon, Tue, Wed
  expect(resumed.due).toBe('2026-03-25');
});

it('a year without official data gives an estimated deadline, flagged', async () => {
  const d = await deadlineAfter(t.services.calendar, 'accept', new Date('2027-03-01T02:00:00Z'), 5);
  expect(d.estimated).toBe(true);
});

it('escalates overdue applications once to the county admin and shows them overdue in the queue', async () => {
  const owner = await loginAs(t, 'owner');
  const admin = await loginAs(t, 'admin', { region: '450203', name: '鱼峰区局管理员' });
  const inspector = await loginAs(t, 'inspector');
  const id = await submittedApplication(t, owner);
  await RegistrationModel.updateOne({ _id: id }, { $set: { 'deadline.dueAt': new Date('2026-01-05T15:59:59Z'), 'deadline.due': '2026-01-05' } });

  expect(await escalateOverdue(t.services)).toBe(1);
  expect(await escalateOverdue(t.services)).toBe(0);
  const reg = await RegistrationModel.findById(id).lean();
  expect(reg!.escalated).toBe(true);
  expect(reg!.timeline.at(-1)!.title).toBe('超期，已报县级监管部门督办');
  expect(await NotificationModel.countDocuments({ userId: admin.userId, title: '登记审查超期督办' })).toBe(1);

  const overdue = await t.http.get('/api/v1/registrations?overdue=1').set(inspector.auth);
  expect(overdue.body.data.map((r: { id: string }) => r.id)).toEqual([id]);
  expect(overdue.body.data[0]).toMatchObject({ escalated: true, deadline: { overdue: true } });
});
