import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../../support/app';
import { buildWorkshop, loginAs, type LoggedIn } from '../../support/factories';
import { CreditEventModel } from '../../../server/src/models/CreditEvent';
import { SampleModel } from '../../../server/src/models/Sample';
import { PenaltyModel } from '../../../server/src/models/Penalty';
import { shanghaiDate } from '../../../server/src/services/calendar';
import { WorkshopModel } from '../../../server/src/models/Workshop';
import { expectUnchanged } from '../../support/unchanged';

let t: TestApp;
let inspector: LoggedIn;
let admin: LoggedIn;
let owner: LoggedIn;
let workshopId: string;
const daysAgo = (n: number) => shanghaiDate(new Date(Date.now() - n * 86_400_000));

beforeAll(async () => {
  t = await createTestApp();
  inspector = await loginAs(t, 'inspector', { name: '抽检员' });
  admin = await loginAs(t, 'admin', { name: '市局管理员' });
  owner = await loginAs(t, 'owner', { name: '花生油业主' });
  workshopId = String((await buildWorkshop(t, { name: '鱼峰黄记花生油作坊', ownerId: owner.userId, categories: ['edible_oil'], riskGrade: null }))._id);
});
afterAll(async () => { await t.close(); });

/** What a refused write must leave as it was: the workshop's file, its samples, penalties and public events. */
const workshopRecords = async () => ({
  workshop: await WorkshopModel.findById(workshopId).lean(),
  samples: await SampleModel.find({ workshopId }).sort({ _id: 1 }).lean(),
  penalties: await PenaltyModel.find({ workshopId }).sort({ _id: 1 }).lean(),
  events: await CreditEventModel.find({ workshopId }).sort({ _id: 1 }).lean(),
});

const sample = (over: Record<string, unknown> = {}) => ({
  clientId: randomUUID(), workshopId, product: '花生油', batch: '20260601', items: ['黄曲霉毒素B1', '酸价'], sampledAt: daysAgo(3),
  lab: '柳州市食品检验所', reportNo: 'LZ2026-0601', result: 'fail', failedItems: ['黄曲霉毒素B1'], ...over,
});

describe('sampling (监督抽检)', () => {
  it('401 → 400 → 403 → a failed sample opens a follow-up, goes on the file and raises the grade', async () => {
    const far = await loginAs(t, 'inspector', { region: '450303', name: '叠彩抽检员' });
    await expectUnchanged(workshopRecords, async () => {
      expect((await t.http.post('/api/v1/samples').send(sample())).status).toBe(401);
      const bad = await t.http.post('/api/v1/samples').set(inspector.auth).send(sample({ failedItems: [] }));
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('不合格项目');
      expect((await t.http.post('/api/v1/samples').set(owner.auth).send(sample())).status).toBe(403);
      expect((await t.http.post('/api/v1/samples').set(far.auth).send(sample())).status).toBe(403);
    });

    const res = await t.http.post('/api/v1/samples').set(inspector.auth).send(sample());
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ result: 'fail', resultLabel: '不合格', failedItems: ['黄曲霉毒素B1'], followUp: { status: 'open', statusLabel: '后处理中', overdue: false } });
    expect(res.body.data.followUp.due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const timeline = (await t.http.get(`/api/v1/workshops/${workshopId}/timeline`)).body.data;
    expect(timeline[0]).toMatchObject({ type: 'sampling', title: '监督抽检：花生油', result: '不合格', source: '柳州市鱼峰区市场监督管理局' });
    expect(timeline[0].detail).toContain('不合格项目：黄曲霉毒素B1；后处理中');
    const file = (await t.http.get(`/api/v1/workshops/${workshopId}`)).body;
    expect(file.risk.grade).toBe('B'); // 食用植物油 20 + failed sample 15 = 35
    expect(file.risk.reasons).toContain('近24个月抽检不合格1次：+15');
  });

  it('lists by region and follow-up status; the follow-up must be closed with the disposal', async () => {
    expect((await t.http.get('/api/v1/samples?region=4503').set(inspector.auth)).status).toBe(403);
    const open = await t.http.get('/api/v1/samples?followUp=open').set(inspector.auth);
    expect(open.body.total).toBe(1);
    const id = open.body.data[0].id;
    const tasks = (await t.http.get('/api/v1/inspections/tasks').set(inspector.auth)).body.data;
    expect(tasks).toEqual([expect.objectContaining({ kind: 'sample_follow_up', id, title: '不合格抽检后处理：花生油' })]);

    const url = `/api/v1/samples/${id}/close-follow-up`;
    await expectUnchanged(workshopRecords, async () => {
      expect((await t.http.post(url).send({ disposal: 'x' })).status).toBe(401);
      expect((await t.http.post(url).set(inspector.auth).send({})).status).toBe(400);
      expect((await t.http.post(url).set(owner.auth).send({ disposal: 'x' })).status).toBe(403);
    });
    const res = await t.http.post(url).set(inspector.auth).send({ disposal: '责令召回同批次产品42瓶并监督销毁，已立案调查' });
    expect(res.status).toBe(200);
    expect(res.body.data.followUp).toMatchObject({ status: 'closed', statusLabel: '已完成后处理' });
    await expectUnchanged(workshopRecords, async () => {
      expect((await t.http.post(url).set(inspector.auth).send({ disposal: '再次' })).status).toBe(409);
    });
    const event = await CreditEventModel.findOne({ ref: `Sample:${id}` }).lean();
    expect(event!.detail).toContain('已依法完成后处理');
    expect(event!.detail).not.toContain('销毁'); // the disposal text stays internal
    expect((await t.http.get(`/api/v1/samples/${id}`).set(owner.auth)).status).toBe(200);
  });

  it('a passed sample needs no follow-up; the same clientId is stored once', async () => {
    const s = sample({ result: 'pass', failedItems: undefined, batch: '20260610' });
    const a = await t.http.post('/api/v1/samples').set(inspector.auth).send(s);
    const b = await t.http.post('/api/v1/samples').set(inspector.auth).send(s);
    expect(a.body.data.followUp.status).toBe('none');
    expect(b.body).toMatchObject({ replayed: true, data: { id: a.body.data.id } });
    expect(await SampleModel.countDocuments({ clientId: s.clientId })).toBe(1);
  });
});

const penalty = (over: Record<string, unknown> = {}) => ({
  workshopId, decisionNumber: `柳鱼市监处罚〔2026〕${Math.floor(Math.random() * 1e6)}号`, facts: '生产经营黄曲霉毒素B1超标的花生油', basis: '《中华人民共和国食品安全法》第一百二十四条',
  outcome: '没收违法所得，罚款人民币伍万元', fineFen: 5_000_000, decidedAt: daysAgo(10), publicityDays: 180, ...over,
});

describe('penalties (行政处罚) and credit repair (信用修复)', () => {
  it('401 → 400 naming the decision number → 403 → recorded and public', async () => {
    await expectUnchanged(workshopRecords, async () => {
      expect((await t.http.post('/api/v1/penalties').send(penalty())).status).toBe(401);
      const { decisionNumber: _omit, ...noNumber } = penalty();
      const bad = await t.http.post('/api/v1/penalties').set(inspector.auth).send(noNumber);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('decisionNumber');
      expect(bad.body.error.details[0].path).toBe('body.decisionNumber');
      expect((await t.http.post('/api/v1/penalties').set(owner.auth).send(penalty())).status).toBe(403);
    });

    const p = penalty();
    const res = await t.http.post('/api/v1/penalties').set(inspector.auth).send(p);
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ decisionNumber: p.decisionNumber, public: true, repair: { status: 'none', eligible: false }, office: '柳州市鱼峰区市场监督管理局' });
    await expectUnchanged(workshopRecords, async () => {
      const dup = await t.http.post('/api/v1/penalties').set(inspector.auth).send(p);
      expect(dup.status).toBe(409);
    });
    const timeline = (await t.http.get(`/api/v1/workshops/${workshopId}/timeline`)).body.data;
    expect(timeline.find((e: { type: string }) => e.type === 'penalty')).toMatchObject({ title: '行政处罚', result: p.outcome });
    expect((await t.http.get(`/api/v1/workshops/${workshopId}`)).body.risk.grade).toBe('C'); // 20 + 15 + 20 = 55

    await expectUnchanged(workshopRecords, async () => {
      const early = await t.http.post(`/api/v1/penalties/${res.body.data.id}/repair`).set(owner.auth).send({ reason: '已整改' });
      expect(early.status).toBe(422);
      expect(early.body.error.message).toContain('届满');
    });
  });

  it('after the publicity period: the owner applies, an admin of the region approves, the penalty leaves the public file', async () => {
    const p = penalty({ decidedAt: daysAgo(200), publicityDays: 90 });
    const id = (await t.http.post('/api/v1/penalties').set(inspector.auth).send(p)).body.data.id;
    const visible = async () => (await t.http.get(`/api/v1/workshops/${workshopId}/timeline`)).body.data.filter((e: { type: string; detail: string }) => e.type === 'penalty' && e.detail.includes(p.decisionNumber)).length;
    expect(await visible()).toBe(1);

    const url = `/api/v1/penalties/${id}/repair`;
    await expectUnchanged(workshopRecords, async () => {
      expect((await t.http.post(url).send({ reason: 'x' })).status).toBe(401);
      expect((await t.http.post(url).set(owner.auth).send({})).status).toBe(400);
      expect((await t.http.post(url).set(inspector.auth).send({ reason: '已整改' })).status).toBe(404);
    });
    const req = await t.http.post(url).set(owner.auth).send({ reason: '已销毁问题产品，更换压榨设备，签署信用承诺书' });
    expect(req.status).toBe(200);
    expect(req.body.data.repair).toMatchObject({ status: 'requested', statusLabel: '信用修复审核中' });
    await expectUnchanged(workshopRecords, async () => {
      expect((await t.http.post(url).set(owner.auth).send({ reason: '再次' })).status).toBe(409);
    });
    const queue = await t.http.get('/api/v1/penalties?repair=requested').set(admin.auth);
    expect(queue.body.data.map((x: { id: string }) => x.id)).toEqual([id]);

    const review = `/api/v1/penalties/${id}/repair-review`;
    const otherCity = await loginAs(t, 'admin', { region: '4503', name: '桂林管理员' });
    await expectUnchanged(workshopRecords, async () => {
      expect((await t.http.post(review).send({ approved: true })).status).toBe(401);
      expect((await t.http.post(review).set(admin.auth).send({ approved: 'yes' })).status).toBe(400);
      expect((await t.http.post(review).set(inspector.auth).send({ approved: true })).status).toBe(403);
      expect((await t.http.post(review).set(otherCity.auth).send({ approved: true })).status).toBe(403);
    });
    const ok = await t.http.post(review).set(admin.auth).send({ approved: true, note: '符合信用修复条件' });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({ public: false, repair: { status: 'approved' } });
    expect(await visible()).toBe(0);
    await expectUnchanged(workshopRecords, async () => {
      expect((await t.http.post(review).set(admin.auth).send({ approved: true })).status).toBe(409);
    });
    expect((await PenaltyModel.findById(id).lean())!.repair!.status).toBe('approved');
  });

  it('an unrepaired penalty leaves the public file after 3 years', async () => {
    const p = penalty({ decidedAt: daysAgo(1100), publicityDays: 365 });
    const res = await t.http.post('/api/v1/penalties').set(inspector.auth).send(p);
    expect(res.body.data.public).toBe(false);
    const timeline = (await t.http.get(`/api/v1/workshops/${workshopId}/timeline`)).body.data;
    expect(timeline.some((e: { detail: string | null }) => e.detail?.includes(p.decisionNumber))).toBe(false);
    const mine = await t.http.get(`/api/v1/workshops/${workshopId}/penalties`).set(owner.auth);
    expect(mine.body.total).toBe(3); // the duplicate decision number was refused
  });
});
