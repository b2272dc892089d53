// Message centre (issue 15 point 2): my notices through HTTP — 401, 400, 404 for someone else's notice,
// then the list, unread filter and count, mark read and read-all; and the changes that ask something of
// a person leave exactly one message with the link to where it is answered.
import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../../support/app';
import { buildWorkshop, loginAs, submittedApplication, type LoggedIn } from '../../support/factories';
import { expectUnchanged } from '../../support/unchanged';
import { tellApplicant } from '../../../server/src/commands/registration/common';
import { remindRenewals } from '../../../server/src/commands/registration/renewalNotice';
import type { AppContext } from '../../../server/src/http/types';
import { CertificateModel } from '../../../server/src/models/Certificate';
import { NotificationModel } from '../../../server/src/models/Notification';
import { RegistrationModel } from '../../../server/src/models/Registration';
import { shanghaiDate } from '../../../server/src/services/calendar';

let t: TestApp;
let owner: LoggedIn;
let other: LoggedIn;
let inspector: LoggedIn;
beforeAll(async () => {
  t = await createTestApp();
  owner = await loginAs(t, 'owner', { name: '消息业主' });
  other = await loginAs(t, 'owner', { name: '另一业主' });
  inspector = await loginAs(t, 'inspector', { region: '450203', name: '王检查' });
});
afterAll(async () => { await t.close(); });

const list = (who: LoggedIn, q = '') => t.http.get(`/api/v1/messages${q}`).set(who.auth);
const unread = async (who: LoggedIn) => (await t.http.get('/api/v1/messages/unread-count').set(who.auth)).body.unread as number;
const inDays = (n: number) => shanghaiDate(new Date(Date.now() + n * 86_400_000));

describe('a registration correction (补正)', () => {
  let id: string;
  let messageId: string;
  beforeAll(async () => { id = await submittedApplication(t, owner, { name: '消息测试米粉作坊' }); });

  it('creates exactly one message for the applicant, linking to the application where it is corrected', async () => {
    const before = await unread(owner);
    const res = await t.http.post(`/api/v1/registrations/${id}/request-correction`).set(inspector.auth)
      .send({ items: [{ field: 'premises', reason: '请补充加工间照片' }] });
    expect(res.status).toBe(200);
    const page = await list(owner, '?status=unread');
    expect(page.status).toBe(200);
    const mine = page.body.data.filter((m: { title: string }) => m.title === '申请需要补正');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ read: false, page: `packages/registration/detail/index?id=${id}` });
    expect(mine[0].body).toContain('场所照片及平面图');
    expect(await unread(owner)).toBe(before + 1);
    messageId = mine[0].id;
    // Nobody else is told.
    expect((await list(other)).body.data.some((m: { title: string }) => m.title === '申请需要补正')).toBe(false);
  });

  it('the same step again records nothing more: the HTTP retry is refused, a re-run of the notice is keyed', async () => {
    expect((await t.http.post(`/api/v1/registrations/${id}/request-correction`).set(inspector.auth)
      .send({ items: [{ field: 'premises', reason: '请补充加工间照片' }] })).status).toBe(409);
    // The recovery path runs the notice again with the stored document: same key, no second message.
    const reg = (await RegistrationModel.findById(id))!;
    await tellApplicant({ services: t.services } as unknown as AppContext, reg, '申请需要补正', '重复运行');
    expect(await NotificationModel.countDocuments({ userId: owner.userId, title: '申请需要补正' })).toBe(1);
  });

  it('a second correction round, after the applicant resubmits, is a new message', async () => {
    expect((await t.http.post(`/api/v1/registrations/${id}/submit`).set(owner.auth)).status).toBe(200);
    expect((await t.http.post(`/api/v1/registrations/${id}/request-correction`).set(inspector.auth)
      .send({ items: [{ field: 'staff', reason: '健康证照片不清晰' }] })).status).toBe(200);
    expect(await NotificationModel.countDocuments({ userId: owner.userId, title: '申请需要补正' })).toBe(2);
  });

  it('mark read: 401 without a user, 400 for a bad id, 404 for someone else (nothing changes), then read', async () => {
    expect((await t.http.post(`/api/v1/messages/${messageId}/read`)).status).toBe(401);
    const bad = await t.http.post('/api/v1/messages/not-an-id/read').set(owner.auth);
    expect(bad.status).toBe(400);
    await expectUnchanged(() => NotificationModel.findById(messageId).lean(), async () => {
      const theirs = await t.http.post(`/api/v1/messages/${messageId}/read`).set(other.auth);
      expect(theirs.status).toBe(404);
      expect(theirs.body.error.code).toBe('resource.not_found');
      expect((await t.http.post(`/api/v1/messages/${messageId}/read`).set(inspector.auth)).status).toBe(404);
    });
    const before = await unread(owner);
    const res = await t.http.post(`/api/v1/messages/${messageId}/read`).set(owner.auth);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: messageId, read: true, title: '申请需要补正' });
    expect(await unread(owner)).toBe(before - 1);
    // Again: still read, the count does not move.
    expect((await t.http.post(`/api/v1/messages/${messageId}/read`).set(owner.auth)).status).toBe(200);
    expect(await unread(owner)).toBe(before - 1);
    expect((await list(owner, '?status=unread')).body.data.some((m: { id: string }) => m.id === messageId)).toBe(false);
    expect((await list(owner)).body.data.find((m: { id: string }) => m.id === messageId)).toMatchObject({ read: true });
  });
});

describe('the list', () => {
  it('401 without a user; 400 for a bad filter or page', async () => {
    expect((await t.http.get('/api/v1/messages')).status).toBe(401);
    expect((await t.http.get('/api/v1/messages/unread-count')).status).toBe(401);
    expect((await t.http.post('/api/v1/messages/read-all')).status).toBe(401);
    expect((await list(owner, '?status=new')).status).toBe(400);
    expect((await list(owner, '?page=0')).status).toBe(400);
  });

  it('newest first, paged, with the total and the unread count', async () => {
    const all = await list(owner, '?pageSize=1');
    expect(all.status).toBe(200);
    expect(all.body.data).toHaveLength(1);
    expect(all.body.total).toBeGreaterThanOrEqual(2); // the two 补正 messages, one of them read
    expect(all.body.unread).toBe(await unread(owner));
    const second = await list(owner, '?pageSize=1&page=2');
    expect(new Date(second.body.data[0].createdAt).getTime()).toBeLessThanOrEqual(new Date(all.body.data[0].createdAt).getTime());
    expect(second.body.data[0].id).not.toBe(all.body.data[0].id);
  });

  it('read-all marks only mine', async () => {
    const othersBefore = await unread(inspector);
    const res = await t.http.post('/api/v1/messages/read-all').set(owner.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ unread: 0 });
    expect(res.body.updated).toBeGreaterThanOrEqual(1);
    expect(await unread(owner)).toBe(0);
    expect((await list(owner, '?status=unread')).body).toMatchObject({ data: [], total: 0, unread: 0 });
    expect(await unread(inspector)).toBe(othersBefore);
  });
});

describe('what else asks something of an owner', () => {
  let workshopId: string;
  let inspectionId: string;
  beforeAll(async () => {
    workshopId = String((await buildWorkshop(t, { ownerId: owner.userId, name: '消息抽检米粉作坊' }))._id);
  });

  it('a failed sample: one message with the follow-up deadline, linking to 检查与整改 at that sample, which lists it', async () => {
    const body = { clientId: randomUUID(), workshopId, product: '米粉', batch: '20261101', items: ['二氧化硫'], sampledAt: inDays(-1), result: 'fail', failedItems: ['二氧化硫'] };
    const res = await t.http.post('/api/v1/samples').set(inspector.auth).send(body);
    expect(res.status).toBe(201);
    const sample = res.body.data;
    expect(sample.followUp.due).toBeTruthy();
    // The offline queue sends it again: still one sample, one message.
    expect((await t.http.post('/api/v1/samples').set(inspector.auth).send(body)).body.replayed).toBe(true);
    const msgs = (await list(owner, '?status=unread')).body.data.filter((m: { page: string | null }) => m.page?.includes(sample.id));
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({ title: '监督抽检：不合格', page: `packages/credit/mine/index?sample=${sample.id}` });
    expect(msgs[0].body).toContain(`请于${sample.followUp.due}前配合后处理`);
    // The owner's page reads the workshop's samples with the follow-up and its deadline.
    const mine = await t.http.get(`/api/v1/workshops/${workshopId}/samples`).set(owner.auth);
    expect(mine.status).toBe(200);
    expect(mine.body.data[0]).toMatchObject({ id: sample.id, followUp: { status: 'open', due: sample.followUp.due } });
    expect((await t.http.get(`/api/v1/workshops/${workshopId}/samples`).set(other.auth)).status).toBe(404);
  });

  it('an inspection with a rectification deadline (待整改): a message linking to that inspection', async () => {
    const { checklist } = await import('../../support/factories');
    const { CHECKLIST_ITEMS } = await import('@shared/domain/categories');
    const res = await t.http.post('/api/v1/inspections').set(inspector.auth).send({
      clientId: randomUUID(), workshopId, items: checklist([CHECKLIST_ITEMS[0].code]), result: 'rectify', rectificationDeadline: inDays(10),
    });
    expect(res.status).toBe(201);
    const msgs = (await list(owner, '?status=unread')).body.data.filter((m: { page: string | null }) => m.page === `packages/credit/mine/index?inspection=${res.body.data.id}`);
    expect(msgs).toHaveLength(1);
    expect(msgs[0].body).toBe(`待整改：请于${inDays(10)}前完成整改并上传整改材料`);
    inspectionId = res.body.data.id;
  });

  it('rectification submitted: the inspector is told once; not passed: the owner gets the new deadline, linking to the inspection', async () => {
    const { uploadPhoto } = await import('../../support/factories');
    const photo = await uploadPhoto(t, owner.auth, 'rectification');
    expect((await t.http.post(`/api/v1/inspections/${inspectionId}/rectification`).set(owner.auth).send({ note: '已清理', photos: [photo] })).status).toBe(200);
    const told = (await list(inspector, '?status=unread')).body.data.filter((m: { page: string | null }) => m.page === `packages/staff/inspection/index?id=${inspectionId}`);
    expect(told).toHaveLength(1);
    expect(told[0].title).toBe('整改材料已提交');
    const review = await t.http.post(`/api/v1/inspections/${inspectionId}/review`).set(inspector.auth).send({ passed: false, note: '地面仍有积水', newDeadline: inDays(5) });
    expect(review.status).toBe(200);
    const msgs = (await list(owner, '?status=unread')).body.data.filter((m: { title: string }) => m.title === '整改复查未通过');
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({ body: `请于${inDays(5)}前继续整改并上传整改材料`, page: `packages/credit/mine/index?inspection=${inspectionId}` });
  });

  it('the renewal window opening: one message per certificate and expiry, however often the job runs', async () => {
    const w = await buildWorkshop(t, { ownerId: owner.userId, name: '消息延续米粉作坊' });
    const number = `JYMSG${Date.now()}`;
    await CertificateModel.create({
      _id: number, number, registrationId: `reg-${number}`, workshopId: String(w._id), issuedAt: new Date(Date.now() - 1000 * 86_400_000),
      expiresAt: new Date(Date.now() + 20 * 86_400_000), status: 'valid', issuer: '柳州市鱼峰区市场监督管理局',
    });
    // Far from expiry: not yet.
    const later = `JYMSG${Date.now()}L`;
    await CertificateModel.create({
      _id: later, number: later, registrationId: `reg-${later}`, workshopId: String(w._id), issuedAt: new Date(),
      expiresAt: new Date(Date.now() + 400 * 86_400_000), status: 'valid', issuer: '柳州市鱼峰区市场监督管理局',
    });
    expect(await remindRenewals(t.services)).toBeGreaterThanOrEqual(1);
    expect(await remindRenewals(t.services)).toBe(0);
    const msgs = (await list(owner, '?status=unread')).body.data.filter((m: { title: string }) => m.title === '登记证可以申请延续了');
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({ page: 'packages/registration/index/index' });
    expect(msgs[0].body).toContain(number);
    expect(await NotificationModel.countDocuments({ key: { $in: [`Certificate:${later}:renewal:${shanghaiDate(new Date(Date.now() + 400 * 86_400_000))}`] } })).toBe(0);
  });
});
