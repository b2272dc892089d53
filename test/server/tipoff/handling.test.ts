// Staff of the reported place's region accept or decline within 7 working days, close within 15 (one
// extension), link the finding to a workshop file or a new black-workshop record; overdue cases escalate.
import { createTestApp, type TestApp } from '../../support/app';
import { buildWorkshop, loginAs, type LoggedIn } from '../../support/factories';
import { deadline, escalateOverdueTipoffs } from '../../../server/src/commands/tipoff';
import { TipoffCaseModel } from '../../../server/src/models/TipoffCase';
import { CreditEventModel } from '../../../server/src/models/CreditEvent';
import { AuditEventModel } from '../../../server/src/models/AuditEvent';
import { NotificationModel } from '../../../server/src/models/Notification';
import { WorkshopModel } from '../../../server/src/models/Workshop';
import { TipoffModel } from '../../../server/src/models/Tipoff';
import { expectUnchanged } from '../../support/unchanged';
import { caseOf, submitted, track } from './support';

let t: TestApp;
let inspector: LoggedIn;
let outsider: LoggedIn;
let citizen: LoggedIn;
beforeAll(async () => {
  t = await createTestApp({ TIPOFF_SUBMITS_PER_HOUR: '1000' });
  inspector = await loginAs(t, 'inspector', { name: '鱼峰所张监管' });
  outsider = await loginAs(t, 'inspector', { region: '450303', name: '叠彩所李监管' });
  citizen = await loginAs(t, 'citizen', { name: '路人' });
});
afterAll(async () => { await t.close(); });

/** A case as stored, with its reports: what a refused write must leave as it was. */
const stored = (id: string) => async () => ({
  case: await TipoffCaseModel.findById(id).lean(),
  reports: await TipoffModel.find({ caseId: id }).sort({ _id: 1 }).lean(),
  events: await CreditEventModel.find({ ref: `TipoffCase:${id}` }).lean(),
});

let n = 0;
const fresh = (over: Record<string, unknown> = {}) => submitted(t, { location: { lat: 24.2 + (++n) * 0.01, lng: 109.2 }, description: `举报内容 ${n}`, ...over });

describe('working-day deadlines across holidays', () => {
  it('acceptance: 7 working days from the eve of National Day 2026 skips Oct 1–7 and counts the adjusted Saturday', async () => {
    const d = await deadline(t.services, new Date('2026-09-30T02:00:00Z'), 7); // Oct 8, 9, 10 (Sat, workday), 12, 13, 14, 15
    expect(d).toMatchObject({ due: '2026-10-15', estimated: false });
    expect(d.dueAt.toISOString()).toBe('2026-10-15T15:59:59.999Z');
  });

  it('outcome: 15 working days from before Spring Festival 2026 skip Feb 15–23 and count Feb 14 and Feb 28', async () => {
    const d = await deadline(t.services, new Date('2026-02-12T03:00:00Z'), 15);
    expect(d.due).toBe('2026-03-11');
    const extended = await deadline(t.services, d.due, 15);
    expect(extended.due).toBe('2026-04-01');
  });

  it('a submission today gets its 7-working-day acceptance deadline', async () => {
    const r = await fresh();
    expect(r.acceptDue).toBe((await deadline(t.services, new Date(), 7)).due);
  });
});

describe('GET /api/v1/tipoffs (inbox)', () => {
  it('401 without login, 400 for a bad filter, 403 for a citizen, then the region\'s cases by deadline', async () => {
    expect((await t.http.get('/api/v1/tipoffs')).status).toBe(401);
    expect((await t.http.get('/api/v1/tipoffs?status=nope').set(inspector.auth)).status).toBe(400);
    expect((await t.http.get('/api/v1/tipoffs').set(citizen.auth)).status).toBe(403);
    const a = await fresh();
    const b = await fresh();
    await TipoffCaseModel.updateOne({ _id: await caseOf(b) }, { $set: { dueAt: new Date('2026-01-05T15:59:59Z'), 'acceptDeadline.dueAt': new Date('2026-01-05T15:59:59Z'), 'acceptDeadline.due': '2026-01-05' } });
    const res = await t.http.get('/api/v1/tipoffs').set(inspector.auth);
    expect(res.status).toBe(200);
    const ids = res.body.data.map((c: { id: string }) => c.id);
    expect(ids.indexOf(await caseOf(b))).toBeLessThan(ids.indexOf(await caseOf(a)));
    expect(res.body.data[0]).toMatchObject({ status: 'submitted', reportCount: 1, deadline: { step: 'accept', overdue: true } });
    const other = await t.http.get('/api/v1/tipoffs').set(outsider.auth);
    expect(other.body.data.map((c: { id: string }) => c.id)).not.toContain(await caseOf(a));
    expect((await t.http.get('/api/v1/tipoffs?region=450303').set(inspector.auth)).status).toBe(403);
  });
});

describe('accept, extend, close', () => {
  it('extending or closing a case that was never accepted is a 409 with its status, and changes nothing', async () => {
    const id = await caseOf(await fresh());
    const before = await TipoffCaseModel.findById(id).lean();
    const extend = await t.http.post(`/api/v1/tipoffs/${id}/extend`).set(inspector.auth).send({ reason: '需要送检' });
    expect(extend.status).toBe(409);
    expect(extend.body.error).toMatchObject({ code: 'tipoff.state_conflict' });
    expect(extend.body.error.message).toContain('待受理');
    const close = await t.http.post(`/api/v1/tipoffs/${id}/close`).set(inspector.auth).send({ result: 'unfounded', publicReason: '未发现' });
    expect(close.status).toBe(409);
    expect(await TipoffCaseModel.findById(id).lean()).toEqual(before);
  });

  it('follows the order 401 → 400 → 403 → success and tells the reporter', async () => {
    const r = await fresh();
    const id = await caseOf(r);
    await expectUnchanged(stored(id), async () => {
      expect((await t.http.post(`/api/v1/tipoffs/${id}/accept`)).status).toBe(401);
      expect((await t.http.post('/api/v1/tipoffs/nope/accept').set(inspector.auth)).status).toBe(400);
      expect((await t.http.post(`/api/v1/tipoffs/${id}/accept`).set(citizen.auth)).status).toBe(403);
      const out = await t.http.post(`/api/v1/tipoffs/${id}/accept`).set(outsider.auth);
      expect(out.status).toBe(403);
      expect(out.body.error.code).toBe('auth.out_of_region');
      expect((await t.http.post(`/api/v1/tipoffs/${id}/decline`).set(outsider.auth).send({ reason: '越权' })).status).toBe(403);
    });

    const accepted = await t.http.post(`/api/v1/tipoffs/${id}/accept`).set(inspector.auth);
    expect(accepted.status).toBe(200);
    const closeDue = (await deadline(t.services, new Date(), 15)).due;
    expect(accepted.body.data).toMatchObject({ status: 'accepted', closeDue, handler: { name: '鱼峰所张监管' }, deadline: { step: 'close', due: closeDue } });
    await expectUnchanged(stored(id), async () => {
      expect((await t.http.post(`/api/v1/tipoffs/${id}/accept`).set(inspector.auth)).status).toBe(409);
      expect((await t.http.post(`/api/v1/tipoffs/${id}/extend`).set(inspector.auth).send({ reason: ' ' })).status).toBe(400);
      expect((await t.http.post(`/api/v1/tipoffs/${id}/extend`).set(outsider.auth).send({ reason: '越权延期' })).status).toBe(403);
      expect((await t.http.post(`/api/v1/tipoffs/${id}/close`).set(outsider.auth).send({ result: 'unfounded', publicReason: '越权办结' })).status).toBe(403);
    });
    const ext = await t.http.post(`/api/v1/tipoffs/${id}/extend`).set(inspector.auth).send({ reason: '需要联合公安夜间蹲守' });
    expect(ext.status).toBe(200);
    expect(ext.body.data).toMatchObject({ extended: true, closeDue: (await deadline(t.services, closeDue, 15)).due });
    await expectUnchanged(stored(id), async () => {
      const twice = await t.http.post(`/api/v1/tipoffs/${id}/extend`).set(inspector.auth).send({ reason: '再延一次' });
      expect(twice.status).toBe(409);
      expect(twice.body.error.code).toBe('tipoff.already_extended');
    });

    const seen = await track(t, r);
    expect(seen.body).toMatchObject({ status: 'accepted', deadlines: { extended: true, close: { due: ext.body.data.closeDue } } });
    expect(seen.body.deadlines.accept.metAt).not.toBeNull();
  });

  it('two staff accepting at once: one wins, the other gets 409', async () => {
    const id = await caseOf(await fresh());
    const colleague = await loginAs(t, 'inspector', { name: '鱼峰所王监管' });
    const both = await Promise.all([inspector, colleague].map((u) => t.http.post(`/api/v1/tipoffs/${id}/accept`).set(u.auth)));
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await TipoffCaseModel.findById(id).lean())!.timeline.filter((e) => e.title === '受理')).toHaveLength(1);
  });

  it('declines with a reason the reporter sees, and lets them rate once', async () => {
    const r = await fresh();
    const id = await caseOf(r);
    await expectUnchanged(stored(id), async () => {
      expect((await t.http.post('/api/v1/tipoffs/track/rating').send({ code: r.receiptCode, token: r.token, score: 4 })).status).toBe(409);
    });
    const res = await t.http.post(`/api/v1/tipoffs/${id}/decline`).set(inspector.auth).send({ reason: '举报地点不在食品小作坊监管范围，已转交城管部门' });
    expect(res.status).toBe(200);
    const seen = await track(t, r);
    expect(seen.body).toMatchObject({ status: 'declined', statusLabel: '不予受理', declineReason: '举报地点不在食品小作坊监管范围，已转交城管部门', canRate: true });
    await expectUnchanged(stored(id), async () => {
      expect((await t.http.post('/api/v1/tipoffs/track/rating').send({ code: r.receiptCode, token: r.token, score: 9 })).status).toBe(400);
      expect((await t.http.post('/api/v1/tipoffs/track/rating').send({ code: r.receiptCode, token: 'B'.repeat(24), score: 4 })).status).toBe(404);
    });
    const rated = await t.http.post('/api/v1/tipoffs/track/rating').send({ code: r.receiptCode, token: r.token, score: 4, comment: '回复及时' });
    expect(rated.status).toBe(200);
    expect(rated.body).toMatchObject({ rating: { score: 4, comment: '回复及时' }, canRate: false });
    await expectUnchanged(stored(id), async () => {
      expect((await t.http.post('/api/v1/tipoffs/track/rating').send({ code: r.receiptCode, token: r.token, score: 1 })).status).toBe(409);
    });
  });

  it('a confirmed unlicensed site becomes a black-workshop record on the public list, with a tip-off credit event', async () => {
    const r = await fresh({ description: '居民楼里无证生产腊肠' });
    const id = await caseOf(r);
    await t.http.post(`/api/v1/tipoffs/${id}/accept`).set(inspector.auth).expect(200);
    await expectUnchanged(stored(id), async () => {
      const noLink = await t.http.post(`/api/v1/tipoffs/${id}/close`).set(inspector.auth).send({ result: 'confirmed', publicReason: '经现场核查属实' });
      expect(noLink.status).toBe(422);
      expect(noLink.body.error.code).toBe('tipoff.link_required');
      // Linking a workshop of another region is refused too.
      const elsewhere = await buildWorkshop(t, { region: '450303001' });
      const foreign = await t.http.post(`/api/v1/tipoffs/${id}/close`).set(inspector.auth).send({ result: 'confirmed', publicReason: '查实', workshopId: String(elsewhere._id) });
      expect(foreign.status).toBe(403);
      expect(foreign.body.error.code).toBe('auth.out_of_region');
    });
    const res = await t.http.post(`/api/v1/tipoffs/${id}/close`).set(inspector.auth).send({
      result: 'confirmed', publicReason: '经现场核查，该处无证生产腊肠属实，已依法查处', note: '现场查扣腊肠60公斤',
      blackWorkshop: { name: '鱼峰区某居民楼无证腊肠加工点', address: '柳州市鱼峰区某小区5栋', categories: ['meat'] },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'closed', outcome: { result: 'confirmed', resultLabel: '查实' }, workshop: { status: 'unlicensed', name: '鱼峰区某居民楼无证腊肠加工点' } });
    const black = await t.http.get('/api/v1/black-workshops?region=450203');
    expect(black.body.data.map((w: { name: string }) => w.name)).toContain('鱼峰区某居民楼无证腊肠加工点');
    const event = await CreditEventModel.findOne({ ref: `TipoffCase:${id}` }).lean();
    expect(event).toMatchObject({ type: 'tipoff', result: '查实', workshopId: res.body.data.workshop.id });
    const seen = await track(t, r);
    expect(seen.body).toMatchObject({ status: 'closed', outcome: { result: 'confirmed', resultLabel: '查实', publicReason: '经现场核查，该处无证生产腊肠属实，已依法查处' } });
    expect(JSON.stringify(seen.body)).not.toContain('查扣腊肠60公斤'); // the internal note stays inside
    expect(await AuditEventModel.countDocuments({ action: 'tipoff.closed', subjectId: id })).toBe(1);
  });

  it('a confirmed violation adds a 查实 record to the registered workshop\'s file (risk grading reads it)', async () => {
    const w = await buildWorkshop(t, { region: '450203002' });
    const r = await submitted(t, { kind: 'violation', workshopId: String(w._id), region: '450203002', location: undefined, address: undefined, description: '使用过期原料' });
    const id = await caseOf(r);
    await t.http.post(`/api/v1/tipoffs/${id}/accept`).set(inspector.auth).expect(200);
    const res = await t.http.post(`/api/v1/tipoffs/${id}/close`).set(inspector.auth).send({ result: 'partly', publicReason: '发现部分原料过期，已责令整改' });
    expect(res.status).toBe(200);
    const timeline = await t.http.get(`/api/v1/workshops/${w._id}/timeline`);
    expect(timeline.body.data).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'tipoff', result: '部分查实', detail: '发现部分原料过期，已责令整改' })]));
    expect((await WorkshopModel.findById(w._id).lean())!.status).toBe('registered');
  });

  it('a fully confirmed violation raises the workshop\'s risk score with the reason shown', async () => {
    const w = await buildWorkshop(t, { name: '风险重算作坊', region: '450203003' });
    const r = await submitted(t, { kind: 'violation', workshopId: String(w._id), region: '450203003', location: undefined, address: undefined, description: '后厨老鼠出没' });
    const id = await caseOf(r);
    await t.http.post(`/api/v1/tipoffs/${id}/accept`).set(inspector.auth).expect(200);
    await t.http.post(`/api/v1/tipoffs/${id}/close`).set(inspector.auth).send({ result: 'confirmed', publicReason: '现场发现鼠患，已责令整改' }).expect(200);
    const file = await t.http.get(`/api/v1/workshops/${w._id}`);
    expect(file.body.risk.reasons).toEqual(expect.arrayContaining([expect.stringContaining('近24个月举报查实1次')]));
  });

  it('an unfounded case records nothing on any file', async () => {
    const id = await caseOf(await fresh());
    await t.http.post(`/api/v1/tipoffs/${id}/accept`).set(inspector.auth).expect(200);
    await t.http.post(`/api/v1/tipoffs/${id}/close`).set(inspector.auth).send({ result: 'unfounded', publicReason: '现场未发现生产行为' }).expect(200);
    expect(await CreditEventModel.countDocuments({ ref: `TipoffCase:${id}` })).toBe(0);
  });
});

describe('escalation', () => {
  it('overdue acceptance goes once to the county admin', async () => {
    const admin = await loginAs(t, 'admin', { region: '450203', name: '鱼峰区局督办' });
    const id = await caseOf(await fresh());
    await TipoffCaseModel.updateOne({ _id: id }, { $set: { dueAt: new Date('2026-01-05T15:59:59Z'), 'acceptDeadline.dueAt': new Date('2026-01-05T15:59:59Z'), 'acceptDeadline.due': '2026-01-05' } });
    const first = await escalateOverdueTipoffs(t.services);
    expect(first).toBeGreaterThanOrEqual(1);
    expect(await escalateOverdueTipoffs(t.services)).toBe(0);
    expect((await TipoffCaseModel.findById(id).lean())!.escalated?.accept).toBe(true);
    expect(await NotificationModel.countDocuments({ userId: admin.userId, title: '举报办理超期督办' })).toBeGreaterThanOrEqual(1);
    const view = await t.http.get(`/api/v1/tipoffs/${id}`).set(inspector.auth);
    expect(view.body.data).toMatchObject({ escalated: true, deadline: { overdue: true } });
  });
});
