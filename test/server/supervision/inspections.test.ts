import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../../support/app';
import { buildWorkshop, checklist, loginAs, uploadPhoto, type LoggedIn } from '../../support/factories';
import { InspectionModel } from '../../../server/src/models/Inspection';
import { CreditEventModel } from '../../../server/src/models/CreditEvent';
import { AuditEventModel } from '../../../server/src/models/AuditEvent';
import { NotificationModel } from '../../../server/src/models/Notification';
import { shanghaiDate } from '../../../server/src/services/calendar';
import { rebuildPublicFiles } from '../../../server/src/services/publicFile';
import { WorkshopModel } from '../../../server/src/models/Workshop';
import { SelfCheckModel } from '../../../server/src/models/SelfCheck';
import { expectUnchanged } from '../../support/unchanged';

let t: TestApp;
let inspector: LoggedIn;
let owner: LoggedIn;
let workshopId: string;
const inDays = (n: number) => shanghaiDate(new Date(Date.now() + n * 86_400_000));

beforeAll(async () => {
  t = await createTestApp();
  inspector = await loginAs(t, 'inspector', { name: '鱼峰检查员甲' });
  owner = await loginAs(t, 'owner', { name: '李业主' });
  const w = await buildWorkshop(t, { name: '鱼峰李记螺蛳粉作坊', ownerId: owner.userId, riskGrade: null, categories: ['rice_flour'] });
  workshopId = String(w._id);
});
afterAll(async () => { await t.close(); });

/** What a refused write must leave as it was: the workshop's file and its inspections. */
const workshopRecords = async () => ({
  workshop: await WorkshopModel.findById(workshopId).lean(),
  inspections: await InspectionModel.find({ workshopId }).sort({ _id: 1 }).lean(),
  events: await CreditEventModel.find({ workshopId }).sort({ _id: 1 }).lean(),
});

const body = (over: Record<string, unknown> = {}) => ({
  clientId: randomUUID(), workshopId, items: checklist(['cleanliness']), result: 'rectify', rectificationDeadline: inDays(10), note: '后厨地面积水', ...over,
});

describe('POST /api/v1/inspections', () => {
  it('401 without a user', async () => {
    expect((await t.http.post('/api/v1/inspections').send(body())).status).toBe(401);
  });

  it('400 naming the missing checklist item, or a 责令整改 without deadline; nothing stored', async () => {
    await expectUnchanged(workshopRecords, async () => {
      const items = checklist().filter((i) => i.code !== 'health_check');
      const res = await t.http.post('/api/v1/inspections').set(inspector.auth).send(body({ items }));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('健康查体');
      const noDeadline = await t.http.post('/api/v1/inspections').set(inspector.auth).send(body({ rectificationDeadline: undefined }));
      expect(noDeadline.status).toBe(400);
      expect(noDeadline.body.error.message).toContain('整改期限');
      expect((await t.http.post('/api/v1/inspections').set(inspector.auth).send(body({ clientId: 'not-a-uuid' }))).status).toBe(400);
    });
  });

  it('403 for an owner, and for an inspector of another county; nothing stored', async () => {
    await expectUnchanged(workshopRecords, async () => {
      expect((await t.http.post('/api/v1/inspections').set(owner.auth).send(body())).status).toBe(403);
      const other = await loginAs(t, 'inspector', { region: '450204', name: '柳南检查员' });
      const res = await t.http.post('/api/v1/inspections').set(other.auth).send(body());
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('auth.out_of_region');
    });
  });

  it('records an inspection with one 不符合 item: public file, owner notice, grade and audit', async () => {
    const sent = body();
    const res = await t.http.post('/api/v1/inspections').set(inspector.auth).send(sent);
    expect(res.status).toBe(201);
    expect(res.body.replayed).toBe(false);
    expect(res.body.data).toMatchObject({
      result: 'rectify', resultLabel: '责令整改', office: '柳州市鱼峰区市场监督管理局', summary: { pass: 9, basic: 0, fail: 1 },
      rectification: { status: 'pending', deadline: sent.rectificationDeadline, overdue: false },
      inspectors: [{ id: inspector.userId, name: '鱼峰检查员甲' }],
    });
    expect(res.body.data.items[8]).toMatchObject({ code: 'cleanliness', name: '场所清洁', result: 'fail', resultLabel: '不符合' });

    const file = (await t.http.get(`/api/v1/workshops/${workshopId}`)).body;
    expect(file.lastInspectionAt).toBeTruthy();
    expect(file.latestInspection).toMatchObject({ resultLabel: '责令整改', checklist: { fail: 1 }, rectification: { status: 'pending', statusLabel: '整改中', deadline: sent.rectificationDeadline } });
    expect(file.risk.grade).toBe('B'); // 米面制品 3×5 + 责令整改 10 + one 不符合 item 2 = 27
    expect(file.risk.reasons.join('；')).toContain('责令整改1次');

    const timeline = (await t.http.get(`/api/v1/workshops/${workshopId}/timeline`)).body.data;
    expect(timeline[0]).toMatchObject({ type: 'inspection', title: '日常监督检查：责令整改', source: '柳州市鱼峰区市场监督管理局', rectification: { status: 'pending' } });
    expect(timeline[0].checklist.items.find((i: { code: string }) => i.code === 'cleanliness')).toMatchObject({ result: 'fail', resultLabel: '不符合' });
    expect(await NotificationModel.countDocuments({ userId: owner.userId, title: '日常检查：责令整改' })).toBe(1);
    expect(await AuditEventModel.countDocuments({ action: 'inspection.recorded', subjectId: res.body.data.id })).toBe(1);
  });

  it('stores an offline submission sent twice (even at once) only once', async () => {
    const sent = body({ result: 'none', items: checklist(), rectificationDeadline: undefined });
    const [a, b] = await Promise.all([
      t.http.post('/api/v1/inspections').set(inspector.auth).send(sent),
      t.http.post('/api/v1/inspections').set(inspector.auth).send(sent),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.data.id).toBe(b.body.data.id);
    const again = await t.http.post('/api/v1/inspections').set(inspector.auth).send(sent);
    expect(again.body).toMatchObject({ replayed: true, data: { id: a.body.data.id } });
    expect(await InspectionModel.countDocuments({ clientId: sent.clientId })).toBe(1);
    expect(await CreditEventModel.countDocuments({ ref: `Inspection:${a.body.data.id}` })).toBe(1);
    await InspectionModel.deleteOne({ clientId: sent.clientId });
    await CreditEventModel.deleteOne({ ref: `Inspection:${a.body.data.id}` });
    await rebuildPublicFiles([workshopId]); // the public file follows the records it is made from
  });
});

describe('rectification and 复查', () => {
  let inspectionId: string;
  beforeAll(async () => {
    inspectionId = (await InspectionModel.findOne({ workshopId, result: 'rectify' }).lean())!._id.toString();
  });

  it('the owner sees the inspections of their workshop; others do not', async () => {
    const mine = await t.http.get(`/api/v1/workshops/${workshopId}/inspections`).set(owner.auth);
    expect(mine.status).toBe(200);
    expect(mine.body.data.map((i: { id: string }) => i.id)).toEqual([inspectionId]);
    const stranger = await loginAs(t, 'owner', { name: '别家业主' });
    expect((await t.http.get(`/api/v1/workshops/${workshopId}/inspections`).set(stranger.auth)).status).toBe(404);
    expect((await t.http.get(`/api/v1/inspections/${inspectionId}`).set(stranger.auth)).status).toBe(404);
    expect((await t.http.get(`/api/v1/inspections/${inspectionId}`).set(owner.auth)).body.data.rectification.status).toBe('pending');
  });

  it('401 → 400 → 404 for another user → the owner uploads a photo and a note; the public file updates', async () => {
    const url = `/api/v1/inspections/${inspectionId}/rectification`;
    const photo = await uploadPhoto(t, owner.auth, 'rectification');
    const othersPhoto = await uploadPhoto(t, inspector.auth, 'inspection');
    await expectUnchanged(workshopRecords, async () => {
      expect((await t.http.post(url).send({ note: 'x', photos: [] })).status).toBe(401);
      expect((await t.http.post(url).set(owner.auth).send({ note: '已清理', photos: [] })).status).toBe(400);
      expect((await t.http.post(url).set(inspector.auth).send({ note: '已清理', photos: [photo] })).status).toBe(404);
      expect((await t.http.post(url).set(owner.auth).send({ note: '已清理', photos: [othersPhoto] })).status).toBe(422);
    });

    const res = await t.http.post(url).set(owner.auth).send({ note: '已清理地面并加装排水', photos: [photo] });
    expect(res.status).toBe(200);
    expect(res.body.data.rectification).toMatchObject({ status: 'submitted', note: '已清理地面并加装排水', photos: [photo] });
    await expectUnchanged(workshopRecords, async () => {
      expect((await t.http.post(url).set(owner.auth).send({ note: '再次提交', photos: [photo] })).status).toBe(409);
    });
    const timeline = (await t.http.get(`/api/v1/workshops/${workshopId}/timeline`)).body.data;
    expect(timeline[0].rectification).toMatchObject({ status: 'submitted', statusLabel: '已提交整改，待复查' });
    // The inspector can read the owner's photo.
    expect((await t.http.get(`/api/v1/files/${photo}`).set(inspector.auth)).status).toBe(200);
  });

  it('the follow-up check (复查) closes it: same public record, status 整改完成', async () => {
    const url = `/api/v1/inspections/${inspectionId}/review`;
    const other = await loginAs(t, 'inspector', { region: '450204', name: '柳南检查员' });
    await expectUnchanged(workshopRecords, async () => {
      expect((await t.http.post(url).send({ passed: true })).status).toBe(401);
      expect((await t.http.post(url).set(inspector.auth).send({ passed: false })).status).toBe(400);
      expect((await t.http.post(url).set(owner.auth).send({ passed: true })).status).toBe(403);
      expect((await t.http.post(url).set(other.auth).send({ passed: true })).status).toBe(403);
    });
    const res = await t.http.post(url).set(inspector.auth).send({ passed: true, note: '现场复查已整改到位' });
    expect(res.status).toBe(200);
    expect(res.body.data.rectification).toMatchObject({ status: 'closed', statusLabel: '整改完成（复查通过）', reviewNote: '现场复查已整改到位' });
    await expectUnchanged(workshopRecords, async () => {
      expect((await t.http.post(url).set(inspector.auth).send({ passed: true })).status).toBe(409);
    });
    expect(await CreditEventModel.countDocuments({ ref: `Inspection:${inspectionId}` })).toBe(1);
    const file = (await t.http.get(`/api/v1/workshops/${workshopId}`)).body;
    expect(file.latestInspection.rectification).toMatchObject({ status: 'closed', statusLabel: '整改完成（复查通过）' });
  });

  it('after the deadline the owner gets 422 and the record shows 逾期', async () => {
    const sent = body();
    const created = (await t.http.post('/api/v1/inspections').set(inspector.auth).send(sent)).body.data;
    await InspectionModel.updateOne({ _id: created.id }, { $set: { 'rectification.deadline': inDays(-1), 'rectification.deadlineAt': new Date(Date.now() - 3600_000) } });
    const photo = await uploadPhoto(t, owner.auth, 'rectification');
    await expectUnchanged(workshopRecords, async () => {
      const res = await t.http.post(`/api/v1/inspections/${created.id}/rectification`).set(owner.auth).send({ note: '晚了', photos: [photo] });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('inspection.rectification_late');
    });
    const view = (await t.http.get(`/api/v1/inspections/${created.id}`).set(owner.auth)).body.data;
    expect(view.rectification).toMatchObject({ overdue: true, statusLabel: '逾期未整改' });
  });
});

describe('self-checks (自查)', () => {
  it('401 → 400 → 404 for others → the owner records; owner and inspectors of the region read the history', async () => {
    const url = `/api/v1/workshops/${workshopId}/self-checks`;
    await expectUnchanged(() => SelfCheckModel.find({ workshopId }).lean(), async () => {
      expect((await t.http.post(url).send({ items: checklist() })).status).toBe(401);
      const missing = await t.http.post(url).set(owner.auth).send({ items: checklist().slice(1) });
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toContain('亮证经营');
      expect((await t.http.post(url).set(inspector.auth).send({ items: checklist() })).status).toBe(404);
    });
    const res = await t.http.post(url).set(owner.auth).send({ items: checklist(['labeling']), note: '标签待更新' });
    expect(res.status).toBe(201);
    expect(res.body.data.summary).toEqual({ pass: 9, basic: 0, fail: 1 });
    const seen = await t.http.get(url).set(inspector.auth);
    expect(seen.body.data).toHaveLength(1);
    expect(seen.body.data[0].items.find((i: { code: string }) => i.code === 'labeling').resultLabel).toBe('不符合');
    expect((await t.http.get(url).set(owner.auth)).body.data).toHaveLength(1);
    const other = await loginAs(t, 'inspector', { region: '450204', name: '柳南检查员' });
    expect((await t.http.get(url).set(other.auth)).status).toBe(404);
  });
});

describe('GET /api/v1/inspections and /inspections/tasks', () => {
  it('401 → 400 → 403 → lists the region, and today\'s follow-ups by deadline', async () => {
    expect((await t.http.get('/api/v1/inspections')).status).toBe(401);
    expect((await t.http.get('/api/v1/inspections?region=abc').set(inspector.auth)).status).toBe(400);
    expect((await t.http.get('/api/v1/inspections?region=450204').set(inspector.auth)).status).toBe(403);
    expect((await t.http.get('/api/v1/inspections').set(owner.auth)).status).toBe(403);
    const list = await t.http.get('/api/v1/inspections?rectification=pending').set(inspector.auth);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);

    expect((await t.http.get('/api/v1/inspections/tasks')).status).toBe(401);
    expect((await t.http.get('/api/v1/inspections/tasks').set(owner.auth)).status).toBe(403);
    const sent = body({ rectificationDeadline: inDays(3) });
    await t.http.post('/api/v1/inspections').set(inspector.auth).send(sent);
    const tasks = (await t.http.get('/api/v1/inspections/tasks').set(inspector.auth)).body.data;
    expect(tasks.map((x: { kind: string; due: string }) => [x.kind, x.due])).toEqual([
      ['rectification', inDays(-1)],
      ['rectification', inDays(3)],
    ]);
    expect(tasks[0]).toMatchObject({ overdue: true, kindLabel: '整改复查', workshop: { id: workshopId, name: '鱼峰李记螺蛳粉作坊' } });
  });
});
