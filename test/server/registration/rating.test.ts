// 政务服务"好差评" on registration decisions (国办发〔2019〕51号): the applicant rates a decided application once;
// a bad rating reaches the county admins and gets an answer from the office; admins read the figures per office.
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs, readyForApproval, submittedApplication, type LoggedIn } from '../../support/factories';
import { expectUnchanged } from '../../support/unchanged';
import { NotificationModel } from '../../../server/src/models/Notification';
import { RegistrationModel } from '../../../server/src/models/Registration';

let t: TestApp;
let owner: LoggedIn;
let other: LoggedIn;
let inspectors: [LoggedIn, LoggedIn];
let outsider: LoggedIn;
let admin: LoggedIn;
let countyAdmin: LoggedIn;
let approvedId: string;
const rating = async (id: string) => (await RegistrationModel.findById(id).lean())?.rating ?? null;
const rate = (id: string, who: LoggedIn | null, body: object) => {
  const req = t.http.post(`/api/v1/registrations/${id}/rating`);
  return (who ? req.set(who.auth) : req).send(body);
};

beforeAll(async () => {
  t = await createTestApp();
  owner = await loginAs(t, 'owner', { name: '李秀英' });
  other = await loginAs(t, 'owner', { name: '别人' });
  inspectors = [await loginAs(t, 'inspector', { region: '450203', name: '王检查' }), await loginAs(t, 'inspector', { region: '450203', name: '赵核查' })];
  outsider = await loginAs(t, 'inspector', { region: '450303', name: '外区检查员' });
  admin = await loginAs(t, 'admin', { region: '4502', name: '市局管理员' });
  countyAdmin = await loginAs(t, 'admin', { region: '450203', name: '县局管理员' });
  approvedId = await readyForApproval(t, owner, inspectors, { name: '好差评米粉作坊' });
  expect((await t.http.post(`/api/v1/registrations/${approvedId}/approve`).set(inspectors[0].auth).send({})).status).toBe(200);
}, 120_000);
afterAll(async () => { await t.close(); });

describe('POST /registrations/:id/rating', () => {
  it('401 without login', async () => {
    expect((await rate(approvedId, null, { score: 5 })).status).toBe(401);
  });

  it('400 for a score outside 1..5 or an unknown field; nothing stored', async () => {
    await expectUnchanged(() => rating(approvedId), async () => {
      for (const body of [{ score: 0 }, { score: 6 }, { score: 4.5 }, { score: '5' }, {}, { score: 5, extra: 1 }]) {
        const res = await rate(approvedId, owner, body);
        expect({ body, status: res.status, code: res.body.error?.code }).toEqual({ body, status: 400, code: 'request.invalid' });
      }
    });
  });

  it('404 for someone else\'s application; 409 before a decision', async () => {
    await expectUnchanged(() => rating(approvedId), async () => {
      expect((await rate(approvedId, other, { score: 1 })).status).toBe(404);
    });
    const pending = await submittedApplication(t, owner, { name: '未决定米粉作坊', address: '柳石路200号' });
    const early = await rate(pending, owner, { score: 5 });
    expect([early.status, early.body.error.code, early.body.error.message]).toEqual([409, 'rating.not_decided', '作出登记决定后才能评价']);
    expect(await rating(pending)).toBeNull();
    const view = await t.http.get(`/api/v1/registrations/${pending}`).set(owner.auth);
    expect(view.body.data.canRate).toBe(false);
  });

  it('a bad rating is stored once with a reply deadline of 15 working days and reaches the county admins', async () => {
    const before = await t.http.get(`/api/v1/registrations/${approvedId}`).set(owner.auth);
    expect(before.body.data).toMatchObject({ canRate: true, rating: null });
    const res = await rate(approvedId, owner, { score: 2, comment: '现场核查等了很久' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ canRate: false, rating: { score: 2, label: '不满意', comment: '现场核查等了很久', bad: true, reply: null } });
    const due = res.body.data.rating.replyDue as string;
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const calendar = await t.http.get('/api/v1/calendar/working-days').query({ from: today, days: 15 });
    expect(due).toBe(calendar.body.dueDate);
    // Twice: the second is refused and the first stays.
    await expectUnchanged(() => rating(approvedId), async () => {
      const again = await rate(approvedId, owner, { score: 5 });
      expect([again.status, again.body.error.code]).toEqual([409, 'rating.exists']);
    });
    const notes = await NotificationModel.find({ userId: { $in: [countyAdmin.userId, admin.userId] }, title: '收到差评：不满意' }).lean();
    expect(notes.map((n) => n.userId).sort()).toEqual([countyAdmin.userId, admin.userId].sort());
  });
});

describe('POST /registrations/:id/rating/reply', () => {
  const reply = (who: LoggedIn | null, body: object, id = approvedId) => {
    const req = t.http.post(`/api/v1/registrations/${id}/rating/reply`);
    return (who ? req.set(who.auth) : req).send(body);
  };

  it('401, 400, 403 (owner, other region) and nothing changes', async () => {
    await expectUnchanged(() => rating(approvedId), async () => {
      expect((await reply(null, { answer: '已核实' })).status).toBe(401);
      expect((await reply(countyAdmin, { answer: '' })).status).toBe(400);
      expect((await reply(countyAdmin, { answer: '已核实', extra: true })).status).toBe(400);
      expect((await reply(owner, { answer: '自己答复' })).status).toBe(403);
      expect((await reply(outsider, { answer: '外区答复' })).status).toBe(403);
    });
  });

  it('staff of the region answer once; the applicant sees the answer and gets a message', async () => {
    const res = await reply(inspectors[1], { answer: '经核实，核查人员排期延误，已调整排班。' });
    expect(res.status).toBe(200);
    expect(res.body.data.rating.reply).toMatchObject({ answer: '经核实，核查人员排期延误，已调整排班。', by: expect.stringContaining('鱼峰区') });
    const seen = await t.http.get(`/api/v1/registrations/${approvedId}`).set(owner.auth);
    expect(seen.body.data.rating.reply.answer).toBe('经核实，核查人员排期延误，已调整排班。');
    expect(await NotificationModel.countDocuments({ userId: owner.userId, title: '您的评价已答复' })).toBe(1);
    await expectUnchanged(() => rating(approvedId), async () => {
      const again = await reply(countyAdmin, { answer: '再答复一次' });
      expect([again.status, again.body.error.code]).toEqual([409, 'rating.replied']);
    });
  });

  it('409 for a good rating (nothing to answer)', async () => {
    const good = await readyForApproval(t, owner, inspectors, { name: '满意米粉作坊', address: '柳石路300号' });
    expect((await t.http.post(`/api/v1/registrations/${good}/approve`).set(inspectors[0].auth).send({})).status).toBe(200);
    expect((await rate(good, owner, { score: 5, comment: '一次都没跑' })).status).toBe(200);
    const res = await reply(countyAdmin, { answer: '谢谢' }, good);
    expect([res.status, res.body.error.code]).toEqual([409, 'rating.no_bad_rating']);
  });
});

describe('GET /ratings/summary', () => {
  it('401, 400, 403 for owners and outside the admin\'s region', async () => {
    expect((await t.http.get('/api/v1/ratings/summary')).status).toBe(401);
    expect((await t.http.get('/api/v1/ratings/summary').query({ region: 'x' }).set(admin.auth)).status).toBe(400);
    expect((await t.http.get('/api/v1/ratings/summary').set(owner.auth)).status).toBe(403);
    expect((await t.http.get('/api/v1/ratings/summary').query({ region: '4503' }).set(admin.auth)).status).toBe(403);
  });

  it('counts each level per office with the satisfaction rate; answered bad ratings leave the pending list', async () => {
    const res = await t.http.get('/api/v1/ratings/summary').set(admin.auth);
    expect(res.status).toBe(200);
    expect(res.body.summary.total).toBe(2);
    expect(res.body.summary.levels).toEqual([
      { score: 5, label: '非常满意', count: 1 }, { score: 4, label: '满意', count: 0 }, { score: 3, label: '基本满意', count: 0 },
      { score: 2, label: '不满意', count: 1 }, { score: 1, label: '非常不满意', count: 0 },
    ]);
    expect(res.body.summary.satisfaction).toBe(0.5);
    expect(res.body.summary.badOpen).toBe(0);
    expect(res.body.pending).toEqual([]);
    const county = res.body.children.find((c: { region: { code: string } }) => c.region.code === '450203');
    expect(county).toMatchObject({ region: { name: '鱼峰区' }, total: 2, satisfaction: 0.5 });
  });
});
