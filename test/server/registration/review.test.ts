// The reviewer's side: every transition, each illegal one, jurisdiction, concurrent approval,
// the certificate and its public check, and the owner's renewal/change/cancellation.
import { createTestApp, type TestApp } from '../../support/app';
import { checklist, loginAs, submittedApplication, type LoggedIn } from '../../support/factories';
import { CertificateModel } from '../../../server/src/models/Certificate';
import { RegistrationModel } from '../../../server/src/models/Registration';
import { WorkshopModel } from '../../../server/src/models/Workshop';
import { AuditEventModel } from '../../../server/src/models/AuditEvent';
import { expectUnchanged } from '../../support/unchanged';
import { certificateEnd } from '../../../shared/src/domain/registration';

let t: TestApp;
let owner: LoggedIn;
let inspector: LoggedIn;
let inspector2: LoggedIn;
let outsider: LoggedIn;
beforeAll(async () => {
  t = await createTestApp();
  owner = await loginAs(t, 'owner');
  inspector = await loginAs(t, 'inspector', { region: '450203', name: '王检查' });
  inspector2 = await loginAs(t, 'inspector', { region: '450203', name: '赵核查' });
  outsider = await loginAs(t, 'inspector', { region: '450303', name: '外区检查员' });
});
afterAll(async () => { await t.close(); });

const post = (id: string, action: string, who: LoggedIn, body: object = {}) => t.http.post(`/api/v1/registrations/${id}/${action}`).set(who.auth).send(body);
const stored = (id: string) => () => RegistrationModel.findById(id).lean();

describe('review from submission to certificate', () => {
  let id: string;
  beforeAll(async () => { id = await submittedApplication(t, owner); });

  it('401 / 403 for the queue and actions: owners and other regions cannot act', async () => {
    expect((await t.http.get('/api/v1/registrations')).status).toBe(401);
    expect((await t.http.get('/api/v1/registrations').set(owner.auth)).status).toBe(403);
    await expectUnchanged(stored(id), async () => {
      expect((await post(id, 'accept', owner)).status).toBe(403);
      const out = await post(id, 'accept', outsider);
      expect(out.status).toBe(403);
      expect(out.body.error).toMatchObject({ code: 'auth.out_of_region', message: '该事项不在您的管辖区域内' });
      expect((await post(id, 'reject', outsider, { reason: '越权驳回' })).status).toBe(403);
    });
    expect((await t.http.get('/api/v1/registrations').set(outsider.auth)).body.data).toEqual([]);
    expect((await t.http.get(`/api/v1/registrations/${id}`).set(outsider.auth)).status).toBe(404);
  });

  it('shows up in my queue sorted by deadline; illegal jumps are 409', async () => {
    const queue = await t.http.get('/api/v1/registrations?status=submitted').set(inspector.auth);
    expect(queue.body.data.map((r: { id: string }) => r.id)).toContain(id);
    await expectUnchanged(stored(id), async () => {
      expect((await post(id, 'approve', inspector)).status).toBe(409);
      expect((await post(id, 'schedule-site-check', inspector, { inspectorIds: [inspector.userId, inspector2.userId], date: '2026-12-01' })).status).toBe(409);
    });
  });

  it('requests a correction field by field; the clock stops; the owner fixes and resubmits', async () => {
    await expectUnchanged(stored(id), async () => {
      expect((await post(id, 'request-correction', inspector, { items: [] })).status).toBe(400);
    });
    const res = await post(id, 'request-correction', inspector, { items: [{ field: 'premises', reason: '请补充加工间照片' }, { field: 'staff', reason: '健康证照片不清晰' }] });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'correction', statusLabel: '需补正', deadline: { paused: true, overdue: false } });
    expect(res.body.data.corrections).toEqual([
      { field: 'premises', fieldLabel: '场所照片及平面图', reason: '请补充加工间照片' },
      { field: 'staff', fieldLabel: '从业人员及健康证', reason: '健康证照片不清晰' },
    ]);
    expect(res.body.data.deadline.remainingWorkingDays).toBeGreaterThanOrEqual(1);

    const owned = await t.http.get(`/api/v1/registrations/${id}`).set(owner.auth);
    expect(owned.body.data.corrections).toHaveLength(2);
    const fix = await t.http.patch(`/api/v1/registrations/${id}`).set(owner.auth).send({ premises: { area: 80 } });
    expect(fix.status).toBe(200);
    const again = await t.http.post(`/api/v1/registrations/${id}/submit`).set(owner.auth);
    expect(again.body.data).toMatchObject({ status: 'submitted', corrections: [], deadline: { step: 'accept', paused: false } });
    expect(again.body.data.timeline.map((e: { title: string }) => e.title)).toEqual(['提交申请', '需补正', '补正后重新提交']);
  });

  it('accepts with a 2-working-day site-check deadline, then schedules at least two inspectors of the region', async () => {
    const acc = await post(id, 'accept', inspector);
    expect(acc.status).toBe(200);
    const due = await t.services.calendar.addWorkingDays(new Date(), 2);
    expect(acc.body.data).toMatchObject({ status: 'accepted', deadline: { step: 'site_check', due: due.date } });
    expect(acc.body.data.timeline.at(-1)).toMatchObject({ title: '受理', by: '柳州市鱼峰区市场监督管理局' });

    await expectUnchanged(stored(id), async () => {
      expect((await post(id, 'schedule-site-check', inspector, { inspectorIds: [inspector.userId], date: due.date })).status).toBe(400);
      const mixed = await post(id, 'schedule-site-check', inspector, { inspectorIds: [inspector.userId, outsider.userId], date: due.date });
      expect(mixed.status).toBe(422);
      expect(mixed.body.error.message).toBe('核查人员须为本辖区的监管人员');
      const late = await post(id, 'schedule-site-check', inspector, { inspectorIds: [inspector.userId, inspector2.userId], date: '2099-01-01' });
      expect(late.body.error.code).toBe('registration.site_check_late');
      const past = await post(id, 'schedule-site-check', inspector, { inspectorIds: [inspector.userId, inspector2.userId], date: '2020-01-06' });
      expect(past.status).toBe(422);
      expect(past.body.error).toMatchObject({ code: 'registration.site_check_past', message: '核查日期不能早于今天' });
    });
    const ok = await post(id, 'schedule-site-check', inspector, { inspectorIds: [inspector.userId, inspector2.userId], date: due.date });
    expect(ok.body.data.siteCheck).toMatchObject({ date: due.date, inspectors: [{ name: '王检查' }, { name: '赵核查' }], result: null });
  });

  it('records the 10-item site check: a missing item is named, an inconsistent verdict refused', async () => {
    await expectUnchanged(stored(id), async () => {
      expect((await post(id, 'approve', inspector)).status).toBe(409);
      const missing = await post(id, 'site-check-result', inspector, { items: checklist().slice(1), passed: true });
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toContain('缺少检查项：亮证经营');
      const inconsistent = await post(id, 'site-check-result', inspector, { items: checklist(['cleanliness']), passed: true });
      expect(inconsistent.status).toBe(422);
      expect(inconsistent.body.error.message).toContain('场所清洁');
      const outsiderTry = await post(id, 'site-check-result', outsider, { items: checklist(), passed: true });
      expect(outsiderTry.status).toBe(403);
      // A colleague of the region who was not scheduled may not record it either.
      const colleague = await loginAs(t, 'inspector', { region: '450203', name: '未安排的同事' });
      const unscheduled = await post(id, 'site-check-result', colleague, { items: checklist(), passed: true });
      expect(unscheduled.status).toBe(403);
      expect(unscheduled.body.error.message).toBe('只有安排的核查人员可以录入核查结果');
      // Scheduled for a later day: no result before it.
      const early = await post(id, 'site-check-result', inspector2, { items: checklist(), passed: true });
      expect(early.status).toBe(422);
      expect(early.body.error.code).toBe('registration.site_check_not_due');
      expect(early.body.error.message).toMatch(/^现场核查安排在\d{4}-\d{2}-\d{2}，当天或之后才能录入结果；如需提前，请先重新安排核查日期$/);
    });
    // Moved to today (rescheduling is allowed until a result is recorded), then recorded.
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const moved = await post(id, 'schedule-site-check', inspector, { inspectorIds: [inspector.userId, inspector2.userId], date: today });
    expect(moved.status).toBe(200);
    expect(moved.body.data).toMatchObject({ status: 'site_check', siteCheck: { date: today, result: null } });
    expect(moved.body.data.timeline.at(-1).title).toBe('重新安排现场核查');
    const ok = await post(id, 'site-check-result', inspector2, { items: checklist(), passed: true, note: '场所整洁，设备齐全' });
    expect(ok.status).toBe(200);
    expect(ok.body.data.siteCheck.result).toMatchObject({ passed: true, note: '场所整洁，设备齐全' });
    expect(ok.body.data.siteCheck.result.items[0]).toMatchObject({ name: '亮证经营', resultLabel: '符合' });
    expect(ok.body.data.deadline.step).toBe('decision');
  });

  it('two reviewers approving at once make one certificate, never two', async () => {
    const [a, b] = await Promise.all([post(id, 'approve', inspector), post(id, 'approve', inspector2)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? a : b;
    expect(winner.body.data).toMatchObject({ status: 'approved', statusLabel: '准予登记' });
    expect(winner.body.data.certificateNumber).toMatch(/^JY450203\d{4}\d{4}$/);
    expect(await CertificateModel.countDocuments({ registrationId: id })).toBe(1);
    expect(await WorkshopModel.countDocuments({ name: '鱼峰李记螺蛳粉作坊' })).toBe(1);
    expect(await AuditEventModel.countDocuments({ subjectId: id, action: 'registration.approved' })).toBe(1);
  });

  it('the owner sees the certificate, anyone can verify it, and every step was a WeChat notice', async () => {
    const mine = await t.http.get('/api/v1/workshops/mine').set(owner.auth);
    const { certificate, workshop } = mine.body.data[0];
    expect(certificate).toMatchObject({ status: 'valid', statusLabel: '有效', scope: ['螺蛳粉', '米粉'], issuer: '柳州市鱼峰区市场监督管理局', renewalOpen: false });
    expect(certificate.verifyUrl).toContain(`/packages/credit/verify/index?no=${certificate.number}`);
    // Exactly three years: the end date is the issue date + 3 years − 1 day, to its last moment in China.
    expect(certificate.expiresAt).toBe(certificateEnd(new Date(certificate.issuedAt)).toISOString());
    expect(new Date(certificate.expiresAt).getTime() - new Date(certificate.issuedAt).getTime()).toBeLessThan((3 * 365 + 1) * 86400_000);
    expect(workshop.ownerName).toBe('李**');

    const verify = await t.http.get(`/api/v1/certificates/${certificate.number}/verify`);
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ status: 'valid', statusLabel: '有效', ownerName: '李**', workshop: { name: '鱼峰李记螺蛳粉作坊' } });
    expect(JSON.stringify(verify.body)).not.toMatch(/13812345678|138\*|李秀英/);

    const timeline = await t.http.get(`/api/v1/workshops/${workshop.id}/timeline`);
    expect(timeline.body.data[0]).toMatchObject({ type: 'registration', title: '准予登记', source: '柳州市鱼峰区市场监督管理局' });

    const ownerOpenid = 'dev:owner:-:';
    const titles = t.wechat.outbox.filter((m) => m.touser === ownerOpenid).map((m) => m.data.thing1.value);
    expect(titles).toEqual(['申请需要补正', '申请已受理', '现场核查已安排', '现场核查日期已调整', '准予登记']);
  });
});

describe('rejection', () => {
  it('needs a reason and tells the owner the appeal route', async () => {
    const id = await submittedApplication(t, owner, { name: '第二家作坊', address: '柳州市鱼峰区箭盘路2号' });
    await expectUnchanged(stored(id), async () => {
      expect((await post(id, 'reject', inspector, {})).status).toBe(400);
    });
    const res = await post(id, 'reject', inspector, { reason: '生产场所与住宅未有效隔离' });
    expect(res.body.data).toMatchObject({ status: 'rejected', decision: { result: 'rejected', reason: '生产场所与住宅未有效隔离' } });
    expect(res.body.data.decision.appealNotice).toContain('行政复议');
    expect((await post(id, 'accept', inspector)).status).toBe(409);
  });

  it('every review action on a decided application is a 409 with the status named, and changes nothing', async () => {
    const id = await submittedApplication(t, owner, { name: '第三家作坊', address: '柳州市鱼峰区箭盘路3号' });
    await post(id, 'reject', inspector, { reason: '不符合条件' }).expect(200);
    const before = await RegistrationModel.findById(id).lean();
    const tries = [
      post(id, 'request-correction', inspector, { items: [{ field: 'premises', reason: '请补充照片' }] }),
      post(id, 'schedule-site-check', inspector, { inspectorIds: [inspector.userId, inspector2.userId], date: '2026-12-01' }),
      post(id, 'site-check-result', inspector, { items: checklist(), passed: true }),
      post(id, 'approve', inspector),
      post(id, 'reject', inspector, { reason: '再次驳回' }),
    ];
    for (const res of await Promise.all(tries)) {
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'registration.state_conflict' });
      expect(res.body.error.message).toContain('不予登记');
    }
    expect(await RegistrationModel.findById(id).lean()).toEqual(before);
  });
});

describe('renewal, change and cancellation of a registered workshop', () => {
  let workshopId: string;
  beforeAll(async () => {
    workshopId = (await t.http.get('/api/v1/workshops/mine').set(owner.auth)).body.data[0].workshop.id;
  });

  it('401, 404 for someone else, 422 before the renewal window opens; none of them files anything', async () => {
    const filed = async () => ({ workshop: await WorkshopModel.findById(workshopId).lean(), applications: await RegistrationModel.find({ workshopId }).lean() });
    await expectUnchanged(filed, async () => {
      expect((await t.http.post(`/api/v1/workshops/${workshopId}/renewal`).send({})).status).toBe(401);
      const other = await loginAs(t, 'owner', { name: '别人' });
      expect((await t.http.post(`/api/v1/workshops/${workshopId}/renewal`).set(other.auth).send({})).status).toBe(404);
      expect((await t.http.post(`/api/v1/workshops/${workshopId}/cancellation`).set(other.auth).send({ reason: '冒名注销' })).status).toBe(404);
      const early = await t.http.post(`/api/v1/workshops/${workshopId}/renewal`).set(owner.auth).send({});
      expect(early.status).toBe(422);
      expect(early.body.error.code).toBe('registration.renewal_not_open');
      expect(early.body.error.message).toMatch(/届满前30日起可申请延续/);
    });
  });

  it('renews inside the 30-day window, once at a time, extending the validity by 3 years', async () => {
    const soon = new Date(Date.now() + 20 * 86400_000);
    const w = await WorkshopModel.findById(workshopId);
    await CertificateModel.updateOne({ number: w!.certificate!.number }, { $set: { expiresAt: soon } });
    await WorkshopModel.updateOne({ _id: workshopId }, { $set: { 'certificate.expiresAt': soon } });
    expect((await t.http.get('/api/v1/workshops/mine').set(owner.auth)).body.data[0].certificate.renewalOpen).toBe(true);

    const res = await t.http.post(`/api/v1/workshops/${workshopId}/renewal`).set(owner.auth).send({});
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ kind: 'renewal', kindLabel: '延续', status: 'submitted' });
    await expectUnchanged(() => RegistrationModel.find({ workshopId }).lean(), async () => {
      expect((await t.http.post(`/api/v1/workshops/${workshopId}/change`).set(owner.auth).send({ address: '新地址', reason: '搬迁' })).status).toBe(409);
    });

    await post(res.body.data.id, 'accept', inspector);
    const approved = await post(res.body.data.id, 'approve', inspector);
    expect(approved.status).toBe(200);
    const cert = await CertificateModel.findOne({ number: w!.certificate!.number }).lean();
    expect(cert!.expiresAt).toEqual(certificateEnd(new Date(soon.getTime() + 1))); // from the day after the old end
  });

  it('changes products (checked against the negative list) and cancels', async () => {
    const bad = await t.http.post(`/api/v1/workshops/${workshopId}/change`).set(owner.auth).send({ products: ['罐头螺蛳粉'], reason: '增加品种' });
    expect(bad.status).toBe(422);
    expect(await RegistrationModel.countDocuments({ workshopId, kind: 'change' })).toBe(0);
    const change = await t.http.post(`/api/v1/workshops/${workshopId}/change`).set(owner.auth).send({ products: ['螺蛳粉', '酸笋'], reason: '增加品种' });
    expect(change.status).toBe(201);
    await post(change.body.data.id, 'accept', inspector);
    await post(change.body.data.id, 'approve', inspector);
    expect((await t.http.get(`/api/v1/workshops/${workshopId}`)).body.products).toEqual(['螺蛳粉', '酸笋']);

    const cancel = await t.http.post(`/api/v1/workshops/${workshopId}/cancellation`).set(owner.auth).send({ reason: '不再经营' });
    await post(cancel.body.data.id, 'accept', inspector);
    await post(cancel.body.data.id, 'approve', inspector);
    const number = (await WorkshopModel.findById(workshopId).lean())!.certificate!.number;
    expect((await t.http.get(`/api/v1/certificates/${number}/verify`)).body).toMatchObject({ status: 'cancelled', statusLabel: '已注销' });
    expect((await t.http.post(`/api/v1/workshops/${workshopId}/renewal`).set(owner.auth).send({})).status).toBe(409);
  });
});
