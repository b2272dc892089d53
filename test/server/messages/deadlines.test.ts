// Urgent deadlines (#15 point 2): a rectification due within 2 working days reaches the owner as a message and,
// with a bound phone, as an SMS through the (signature-checking) SMS fake — once per deadline.
import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../../support/app';
import { buildWorkshop, checklist, loginAs, type LoggedIn } from '../../support/factories';
import { NotificationModel } from '../../../server/src/models/Notification';
import { UserModel } from '../../../server/src/models/User';
import { remindUrgentDeadlines, sendHeldSms } from '../../../server/src/services/deadlineReminders';

let t: TestApp;
let inspector: LoggedIn;
let owner: LoggedIn;
let phoneless: LoggedIn;
const PHONE = '13800000777';

beforeAll(async () => {
  t = await createTestApp();
  inspector = await loginAs(t, 'inspector', { region: '450203', name: '鱼峰检查员' });
  owner = await loginAs(t, 'owner', { name: '期限业主' });
  phoneless = await loginAs(t, 'owner', { name: '无手机业主' });
  // The owner bound a phone (as the SMS sign-in does); stored encrypted.
  await UserModel.updateOne({ _id: owner.userId }, { $set: { phoneEnc: t.services.cipher.encrypt(PHONE), phoneMasked: '138****0777' } });
}, 60_000);
afterAll(async () => { await t.close(); });

async function rectification(ownerId: string, name: string, deadline: string): Promise<string> {
  const w = await buildWorkshop(t, { name, ownerId });
  const res = await t.http.post('/api/v1/inspections').set(inspector.auth).send({
    clientId: randomUUID(), workshopId: String(w._id), items: checklist(['cleanliness']), result: 'rectify', rectificationDeadline: deadline, note: '后厨地面积水',
  });
  expect(res.status).toBe(201);
  return res.body.data.id;
}
const todayBeijing = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
/** A time of today in Beijing (the job's clock), e.g. '10:00'. */
const todayAt = (hhmm: string) => new Date(`${todayBeijing()}T${hhmm}:00+08:00`);
const workingDaysFromToday = async (n: number) => {
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  return (await t.http.get('/api/v1/calendar/working-days').query({ from: today, days: n })).body.dueDate as string;
};

test('a rectification due within 2 working days: one message and one SMS; a later one waits', async () => {
  const soon = await workingDaysFromToday(2);
  const later = await workingDaysFromToday(10);
  const urgent = await rectification(owner.userId, '期限米粉作坊', soon);
  await rectification(owner.userId, '不急米粉作坊', later);
  const before = t.sms.outbox.length;

  expect(await remindUrgentDeadlines(t.services, todayAt('10:00'))).toBe(1);
  expect(await remindUrgentDeadlines(t.services, todayAt('11:00'))).toBe(0); // once per deadline, however often the job runs

  const sms = t.sms.outbox.slice(before);
  expect(sms).toEqual([expect.objectContaining({ phone: PHONE, templateId: '1000002', params: ['期限米粉作坊的整改', soon], signName: '食品小作坊服务' })]);
  const messages = (await t.http.get('/api/v1/messages').set(owner.auth)).body.data.filter((m: { title: string }) => m.title === '整改期限临近');
  expect(messages).toHaveLength(1);
  expect(messages[0]).toMatchObject({ body: `期限米粉作坊的整改须在${soon}前完成并上传整改材料`, page: `packages/credit/mine/index?inspection=${urgent}` });
  expect((await NotificationModel.findOne({ key: `Inspection:${urgent}:due-soon:${soon}` }).lean())?.sms).toBe('sent');
});

test('an owner without a bound phone gets the message only', async () => {
  const soon = await workingDaysFromToday(1);
  const id = await rectification(phoneless.userId, '无手机米粉作坊', soon);
  const before = t.sms.outbox.length;
  expect(await remindUrgentDeadlines(t.services, todayAt('10:00'))).toBe(1);
  expect(t.sms.outbox.length).toBe(before);
  expect((await NotificationModel.findOne({ key: `Inspection:${id}:due-soon:${soon}` }).lean())).toMatchObject({ userId: phoneless.userId, title: '整改期限临近', sms: 'skipped' });
});

test('a reminder recorded at night waits for 08:00 to go out by SMS', async () => {
  const soon = await workingDaysFromToday(2);
  const id = await rectification(owner.userId, '夜间米粉作坊', soon);
  const before = t.sms.outbox.length;
  expect(await remindUrgentDeadlines(t.services, todayAt('23:30'))).toBe(1);
  const key = `Inspection:${id}:due-soon:${soon}`;
  expect(t.sms.outbox.length).toBe(before);
  expect(await NotificationModel.findOne({ key }).lean()).toMatchObject({ title: '整改期限临近', sms: 'pending' });
  // Still night at 07:59; at 08:00 the next run sends it, once.
  const tomorrow = (hhmm: string) => new Date(todayAt(hhmm).getTime() + 86_400_000);
  expect(await sendHeldSms(t.services, tomorrow('07:59'))).toBe(0);
  expect(await sendHeldSms(t.services, tomorrow('08:00'))).toBe(1);
  expect(await sendHeldSms(t.services, tomorrow('08:30'))).toBe(0);
  expect(t.sms.outbox.slice(before)).toEqual([expect.objectContaining({ phone: PHONE, params: ['夜间米粉作坊的整改', soon] })]);
  expect((await NotificationModel.findOne({ key }).lean())?.sms).toBe('sent');
});
