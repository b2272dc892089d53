// Tip-off progress in the message centre: a reporter who reported signed in and by name gets a message at
// each step (accepted, closed, reward approved) linking to where they follow it, once each; an anonymous
// reporter, signed in or not, gets none (identity stays apart from the case).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs, type LoggedIn } from '../../support/factories';
import { startWechatPayFake, type WechatPayFake } from '../../../server/src/fakes/wechatpay';
import { caseOf, submitted } from '../tipoff/support';

let t: TestApp;
let pay: WechatPayFake;
let listener: Server;
let inspector: LoggedIn;
let admin: LoggedIn;
let named: LoggedIn;
let anonymous: LoggedIn;
beforeAll(async () => {
  pay = await startWechatPayFake({ transferApi: 'batches' });
  t = await createTestApp({ ...pay.env(), TIPOFF_SUBMITS_PER_HOUR: '1000' });
  listener = t.app.listen(0, '127.0.0.1');
  await new Promise((r) => listener.once('listening', r));
  pay.deliverNotificationsTo(`http://127.0.0.1:${(listener.address() as AddressInfo).port}`);
  inspector = await loginAs(t, 'inspector', { name: '承办人' });
  admin = await loginAs(t, 'admin', { name: '审批人' });
  named = await loginAs(t, 'citizen', { name: '实名举报人' });
  anonymous = await loginAs(t, 'citizen', { name: '匿名举报人' });
});
afterAll(async () => {
  listener.closeAllConnections();
  await new Promise((r) => listener.close(r));
  await t.close();
  await pay.close();
});

const messages = async (who: LoggedIn) => (await t.http.get('/api/v1/messages?pageSize=50').set(who.auth)).body.data as Array<{ title: string; body: string; page: string | null }>;

let n = 0;
async function flow(reporter: LoggedIn, isNamed: boolean) {
  n++;
  const r = await submitted(t, {
    location: { lat: 24.2 + n * 0.01, lng: 109.2 }, description: `消息中心举报 ${n}：后院无证生产米粉。`,
    ...(isNamed ? { anonymous: false, reporter: { name: '实名举报人', phone: '13700001234' } } : {}),
  }, reporter);
  const id = await caseOf(r);
  await t.http.post(`/api/v1/tipoffs/${id}/accept`).set(inspector.auth).expect(200);
  const closed = await t.http.post(`/api/v1/tipoffs/${id}/close`).set(inspector.auth)
    .send({ result: 'confirmed', publicReason: '经查属实，已依法取缔', blackWorkshop: { name: `消息黑作坊${n}`, address: `某路${n}号`, categories: [] } }).expect(200);
  const proposed = await t.http.post(`/api/v1/tipoffs/${id}/rewards`).set(inspector.auth)
    .send({ reportId: closed.body.data.reports[0].id, level: 1, reason: '线索准确' }).expect(201);
  await t.http.post(`/api/v1/tipoff-rewards/${proposed.body.data.id}/approve`).set(admin.auth).expect(200);
  // A second approval is refused: no second message either.
  expect((await t.http.post(`/api/v1/tipoff-rewards/${proposed.body.data.id}/approve`).set(admin.auth)).status).toBe(409);
  return r;
}

it('a named, signed-in reporter: 受理, 办结 and 奖励已批准, each once, each with its page', async () => {
  const r = await flow(named, true);
  const mine = await messages(named);
  const titles = mine.map((m) => m.title).sort();
  expect(titles).toEqual(['举报奖励已批准', '举报已受理', '举报已办结：查实'].sort());
  expect(mine.find((m) => m.title === '举报已受理')).toMatchObject({ page: 'packages/tipoff/index/index' });
  expect(mine.find((m) => m.title === '举报已办结：查实')).toMatchObject({ body: '经查属实，已依法取缔', page: 'packages/tipoff/index/index' });
  const reward = mine.find((m) => m.title === '举报奖励已批准')!;
  expect(reward.page).toBe(`packages/tipoff/track/index?code=${encodeURIComponent(r.receiptCode)}`);
  expect(reward.body).toMatch(/^奖励\d+\.\d{2}元已批准/);
});

it('an anonymous reporter, even signed in, gets no message about the case', async () => {
  await flow(anonymous, false);
  expect(await messages(anonymous)).toEqual([]);
});
