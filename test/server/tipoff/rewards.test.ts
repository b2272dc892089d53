// Rewards: proposed by the handler, approved by a second person (an admin), paid by WeChat Pay merchant
// transfer against the local fake, which checks every request signature. Never paid twice.
import { createSign } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs, type LoggedIn } from '../../support/factories';
import { startWechatPayFake, type WechatPayFake } from '../../../server/src/fakes/wechatpay';
import { WechatPayClient, decryptResource, NotificationRejected } from '../../../server/src/services/wechatpay';
import { reconcilePayouts } from '../../../server/src/commands/tipoff/reward';
import { TipoffRewardModel } from '../../../server/src/models/TipoffReward';
import { AuditEventModel } from '../../../server/src/models/AuditEvent';
import { expectUnchanged } from '../../support/unchanged';
import { caseOf, submitted, track, waitFor } from './support';

let t: TestApp;
let pay: WechatPayFake;
let listener: Server;
let inspector: LoggedIn;
let admin: LoggedIn;
let admin2: LoggedIn;
beforeAll(async () => {
  pay = await startWechatPayFake({ transferApi: 'batches' });
  t = await createTestApp({ ...pay.env(), TIPOFF_SUBMITS_PER_HOUR: '1000' });
  // notify_url is the app's public address; here the fake delivers to this listener of the same app.
  listener = t.app.listen(0, '127.0.0.1');
  await new Promise((r) => listener.once('listening', r));
  pay.deliverNotificationsTo(`http://127.0.0.1:${(listener.address() as AddressInfo).port}`);
  inspector = await loginAs(t, 'inspector', { name: '承办人' });
  admin = await loginAs(t, 'admin', { name: '柳州市局审批人' });
  admin2 = await loginAs(t, 'admin', { name: '柳州市局审批人二' });
});
afterAll(async () => {
  listener.closeAllConnections();
  await new Promise((r) => listener.close(r));
  await t.close();
  await pay.close();
});

let n = 0;
/** A confirmed case with a proposed reward for its report; returns the receipt and the reward id. */
async function proposed(opts: { reporter?: LoggedIn; level?: number } = {}) {
  const body = { location: { lat: 24.1 + (++n) * 0.01, lng: 109.1 }, description: `奖励测试 ${n}`,
    ...(opts.reporter ? { anonymous: false, reporter: { name: '实名领奖人', phone: '13700001234' } } : {}) };
  const r = await submitted(t, body, opts.reporter);
  const id = await caseOf(r);
  await t.http.post(`/api/v1/tipoffs/${id}/accept`).set(inspector.auth).expect(200);
  const closed = await t.http.post(`/api/v1/tipoffs/${id}/close`).set(inspector.auth)
    .send({ result: 'confirmed', publicReason: '查实', blackWorkshop: { name: `黑作坊${n}`, address: `某路${n}号`, categories: [] } }).expect(200);
  const reportId = closed.body.data.reports[0].id;
  const res = await t.http.post(`/api/v1/tipoffs/${id}/rewards`).set(inspector.auth).send({ reportId, level: opts.level ?? 3, reason: '线索准确，查实无证生产' });
  if (res.status !== 201) throw new Error(`propose failed ${res.status} ${JSON.stringify(res.body)}`);
  return { r, caseId: id, reportId, rewardId: res.body.data.id as string };
}

const reward = (id: string) => TipoffRewardModel.findById(id).lean();
const settled = (id: string) => waitFor(() => reward(id), (x) => !!x && ['paid', 'failed'].includes(x.status));

describe('POST /api/v1/tipoffs/:id/rewards', () => {
  it('401 → 400 → 403 → 422 for an unfounded case → 201 with the level amount', async () => {
    const r = await submitted(t, { location: { lat: 24.9, lng: 109.9 }, description: '未查实的举报' });
    const id = await caseOf(r);
    const citizen = await loginAs(t, 'citizen', { name: '旁观者' });
    const rewardsOf = (caseId: string) => () => TipoffRewardModel.find({ caseId }).lean();
    await expectUnchanged(rewardsOf(id), async () => {
      expect((await t.http.post(`/api/v1/tipoffs/${id}/rewards`).send({})).status).toBe(401);
      expect((await t.http.post(`/api/v1/tipoffs/${id}/rewards`).set(inspector.auth).send({ reportId: id, level: 7, reason: 'x' })).status).toBe(400);
      expect((await t.http.post(`/api/v1/tipoffs/${id}/rewards`).set(citizen.auth).send({ reportId: id, level: 1, reason: 'x' })).status).toBe(403);
    });
    await t.http.post(`/api/v1/tipoffs/${id}/accept`).set(inspector.auth).expect(200);
    const closed = await t.http.post(`/api/v1/tipoffs/${id}/close`).set(inspector.auth).send({ result: 'unfounded', publicReason: '未发现' }).expect(200);
    await expectUnchanged(rewardsOf(id), async () => {
      const res = await t.http.post(`/api/v1/tipoffs/${id}/rewards`).set(inspector.auth).send({ reportId: closed.body.data.reports[0].id, level: 1, reason: 'x' });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('tipoff.reward_not_allowed');
    });

    const ok = await proposed({ level: 2 });
    const view = await t.http.get(`/api/v1/tipoffs/${ok.caseId}`).set(inspector.auth);
    expect(view.body.data.rewards[0]).toMatchObject({ status: 'proposed', amountFen: 50_000, levelLabel: '二级奖励', proposedBy: { name: '承办人' }, payeeBound: false });
    // Not promised to the reporter until approved.
    expect((await track(t, ok.r)).body.reward).toBeNull();
    await expectUnchanged(rewardsOf(ok.caseId), async () => {
      const again = await t.http.post(`/api/v1/tipoffs/${ok.caseId}/rewards`).set(inspector.auth).send({ reportId: ok.reportId, level: 1, reason: '再提一次' });
      expect(again.status).toBe(409);
    });
  });
});

describe('approval by a second person', () => {
  it('not by an inspector, not by the proposer, not out of region; two admins at once: one approval', async () => {
    const { rewardId } = await proposed();
    const guilin = await loginAs(t, 'admin', { region: '4503', name: '桂林市局' });
    await expectUnchanged(() => reward(rewardId), async () => {
      expect((await t.http.post(`/api/v1/tipoff-rewards/${rewardId}/approve`)).status).toBe(401);
      expect((await t.http.post('/api/v1/tipoff-rewards/xyz/approve').set(admin.auth)).status).toBe(400);
      expect((await t.http.post(`/api/v1/tipoff-rewards/${rewardId}/approve`).set(inspector.auth)).status).toBe(403);
      expect((await t.http.post(`/api/v1/tipoff-rewards/${rewardId}/approve`).set(guilin.auth)).status).toBe(403);
      expect((await t.http.post(`/api/v1/tipoff-rewards/${rewardId}/reject`).set(guilin.auth).send({ reason: '越权' })).status).toBe(403);
    });

    const both = await Promise.all([admin, admin2].map((a) => t.http.post(`/api/v1/tipoff-rewards/${rewardId}/approve`).set(a.auth)));
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await AuditEventModel.countDocuments({ action: 'tipoff.reward_approved', subjectId: rewardId })).toBe(1);
  });

  it('an admin who proposed cannot approve their own proposal', async () => {
    const { caseId, reportId } = await proposed().then(async (p) => {
      // a second report on a new case, proposed by the admin this time
      const r = await submitted(t, { location: { lat: 25.5, lng: 109.5 }, description: '管理员自己提出奖励' });
      const id = await caseOf(r);
      await t.http.post(`/api/v1/tipoffs/${id}/accept`).set(admin.auth).expect(200);
      const c = await t.http.post(`/api/v1/tipoffs/${id}/close`).set(admin.auth).send({ result: 'confirmed', publicReason: '查实', blackWorkshop: { name: '自提案黑作坊', address: '某处', categories: [] } }).expect(200);
      void p;
      return { caseId: id, reportId: c.body.data.reports[0].id as string };
    });
    const prop = await t.http.post(`/api/v1/tipoffs/${caseId}/rewards`).set(admin.auth).send({ reportId, level: 4, reason: '自己提出' }).expect(201);
    await expectUnchanged(() => reward(prop.body.data.id), async () => {
      const own = await t.http.post(`/api/v1/tipoff-rewards/${prop.body.data.id}/approve`).set(admin.auth);
      expect(own.status).toBe(403);
      expect(own.body.error.code).toBe('tipoff.reward_second_person');
    });
    expect((await t.http.post(`/api/v1/tipoff-rewards/${prop.body.data.id}/approve`).set(admin2.auth)).status).toBe(200);
  });
});

describe('payout through WeChat Pay (fake)', () => {
  it('an anonymous reporter claims with code + token after logging in; paid once to their openid, signatures checked', async () => {
    const { r, rewardId } = await proposed({ level: 3 });
    const approved = await t.http.post(`/api/v1/tipoff-rewards/${rewardId}/approve`).set(admin.auth);
    expect(approved.status).toBe(200);
    expect(approved.body.data).toMatchObject({ status: 'approved', payeeBound: false, approvedBy: { name: '柳州市局审批人' } });
    expect((await track(t, r)).body.reward).toMatchObject({ status: 'approved', needsClaim: true, amountFen: 20_000 });

    expect((await t.http.post('/api/v1/tipoffs/claim-reward').send({ code: r.receiptCode, token: r.token })).status).toBe(401);
    const me = await loginAs(t, 'citizen', { name: '匿名举报人本人' });
    expect((await t.http.post('/api/v1/tipoffs/claim-reward').set(me.auth).send({ code: r.receiptCode, token: 'C'.repeat(24) })).status).toBe(404);
    const claim = await t.http.post('/api/v1/tipoffs/claim-reward').set(me.auth).send({ code: r.receiptCode, token: r.token });
    expect(claim.status).toBe(200);
    const done = await settled(rewardId);
    expect(done!.status).toBe('paid');
    const batch = pay.batches.get(`TR${rewardId}A1`)!;
    expect(batch.details[0]).toMatchObject({ openid: 'dev:citizen:-:匿名举报人本人', transfer_amount: 20_000, detail_status: 'SUCCESS' });
    expect(pay.requests.filter((q) => q.path === '/v3/transfer/batches').every((q) => q.signatureOk)).toBe(true);
    // We mark the reward paid before our 204 reaches the fake: wait for the fake to record the answer.
    const delivered = await waitFor(async () => pay.notifications.find((x) => x.outBatchNo === `TR${rewardId}A1`)?.status, (s) => s != null);
    expect(delivered).toBe(204);
    expect((await track(t, r)).body.reward).toMatchObject({ status: 'paid', statusLabel: '已发放', needsClaim: false });
    // The handler sees that a payee is bound, never who.
    const staffView = await t.http.get(`/api/v1/tipoffs/${done!.caseId}`).set(inspector.auth);
    expect(staffView.body.data.rewards[0]).toMatchObject({ status: 'paid', payeeBound: true });
    expect(JSON.stringify(staffView.body)).not.toContain('匿名举报人本人');

    // Someone else with the same code + token cannot redirect it; the same user again is fine.
    const thief = await loginAs(t, 'citizen', { name: '冒领者' });
    expect((await t.http.post('/api/v1/tipoffs/claim-reward').set(thief.auth).send({ code: r.receiptCode, token: r.token })).status).toBe(409);
    expect((await t.http.post('/api/v1/tipoffs/claim-reward').set(me.auth).send({ code: r.receiptCode, token: r.token })).status).toBe(200);

    // Retried requests and reconciliation never pay twice.
    const again = await t.services.pay!.transfer({ outBatchNo: `TR${rewardId}A1`, outDetailNo: `TD${rewardId}A1`, openid: 'dev:citizen:-:匿名举报人本人', amountFen: 20_000, remark: '有奖举报奖励' });
    expect(again).toEqual({ outcome: 'accepted', batchId: batch.batch_id });
    const changed = await t.services.pay!.transfer({ outBatchNo: `TR${rewardId}A1`, outDetailNo: `TD${rewardId}A1`, openid: 'dev:citizen:-:冒领者', amountFen: 20_000, remark: '有奖举报奖励' });
    expect(changed).toMatchObject({ outcome: 'rejected', code: 'INVALID_REQUEST' });
    await TipoffRewardModel.updateOne({ _id: rewardId }, { $set: { updatedAt: new Date(0) } });
    await reconcilePayouts(t.services, 0);
    expect((await t.http.post(`/api/v1/tipoff-rewards/${rewardId}/retry`).set(inspector.auth)).status).toBe(409);
    expect((await t.http.post(`/api/v1/tipoff-rewards/${rewardId}/approve`).set(admin2.auth)).status).toBe(409);
    expect([...pay.batches.keys()].filter((k) => k.startsWith(`TR${rewardId}`))).toEqual([`TR${rewardId}A1`]);
    expect((await reward(rewardId))!.attempts).toHaveLength(1);
  });

  it('a failed payout is recorded; a retry makes a new attempt (new out_batch_no) and succeeds; paid exactly once', async () => {
    const named = await loginAs(t, 'citizen', { name: '实名举报人乙' });
    const { r, rewardId, caseId } = await proposed({ reporter: named, level: 4 });
    pay.failNextTransfer('ACCOUNT_FROZEN');
    await t.http.post(`/api/v1/tipoff-rewards/${rewardId}/approve`).set(admin.auth).expect(200); // named: payee known, pays at once
    const failed = await settled(rewardId);
    expect(failed!.status).toBe('failed');
    expect(failed!.attempts).toEqual([expect.objectContaining({ n: 1, outBatchNo: `TR${rewardId}A1`, status: 'failed' })]);
    expect((await track(t, r)).body.reward).toMatchObject({ status: 'failed', statusLabel: '发放失败，待重试' });

    const citizen = await loginAs(t, 'citizen', { name: '无关公众' });
    expect((await t.http.post(`/api/v1/tipoff-rewards/${rewardId}/retry`).set(citizen.auth)).status).toBe(403);
    const retries = await Promise.all([1, 2].map(() => t.http.post(`/api/v1/tipoff-rewards/${rewardId}/retry`).set(inspector.auth)));
    expect(retries.map((x) => x.status).sort()).toEqual([200, 409]);
    const paid = await waitFor(() => reward(rewardId), (x) => x!.status === 'paid');
    expect(paid!.status).toBe('paid');
    expect(paid!.attempts.map((a) => [a.outBatchNo, a.status])).toEqual([[`TR${rewardId}A1`, 'failed'], [`TR${rewardId}A2`, 'paid']]);
    // Staff read each attempt in words, with who proposed and approved it.
    const view = (await t.http.get(`/api/v1/tipoffs/${caseId}`).set(inspector.auth)).body.data.rewards.find((x: { id: string }) => x.id === rewardId);
    expect(view.attempts.map((a: { statusLabel: string }) => a.statusLabel)).toEqual(['发放失败', '已到账']);
    expect(view).toMatchObject({ statusLabel: '已发放', proposedBy: { name: '承办人' }, approvedBy: { name: expect.any(String) } });
    const successes = [...pay.batches.values()].filter((b) => b.out_batch_no.startsWith(`TR${rewardId}`) && b.details[0].detail_status === 'SUCCESS');
    expect(successes).toHaveLength(1);
    expect(successes[0].details[0].openid).toBe('dev:citizen:-:实名举报人乙');
  });

  it('the fake refuses a request signed with another key (401 SIGN_ERROR); nothing is paid', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const other = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const forger = new WechatPayClient({ ...t.config.wechatPay!, privateKey: other.privateKey });
    const before = pay.batches.size;
    const res = await forger.transfer({ outBatchNo: 'TRforged0001', outDetailNo: 'TDforged0001', openid: 'oForged', amountFen: 100, remark: 'x' });
    expect(res).toMatchObject({ outcome: 'rejected', code: 'SIGN_ERROR' });
    expect(pay.batches.size).toBe(before);
    expect(pay.requests.at(-1)).toMatchObject({ signatureOk: false, status: 401 });
  });
});

describe('POST /api/v1/pay/notify/transfer', () => {
  const url = '/api/v1/pay/notify/transfer';
  const resource = { mchid: '1900000109', out_batch_no: 'TRnothing0001', batch_id: '1', batch_status: 'FINISHED', success_num: 1, fail_num: 0 };
  const post = (n: { headers: Record<string, string>; body: string }) => t.http.post(url).set(n.headers).send(n.body);

  it('accepts a signed, fresh, intact notification once; rejects a replayed nonce', async () => {
    const note = pay.signedNotification(resource);
    expect((await post(note)).status).toBe(204);
    const replay = await post(note);
    expect(replay.status).toBe(401);
    expect(replay.body).toEqual({ code: 'FAIL', message: '验签失败' });
  });

  it('rejects an old timestamp, a changed body, a foreign signature and a bad GCM tag under a valid signature', async () => {
    expect((await post(pay.signedNotification(resource, { timestamp: Math.floor(Date.now() / 1000) - 301 }))).status).toBe(401);

    const changed = pay.signedNotification(resource);
    expect((await post({ headers: changed.headers, body: changed.body.replace('"FINISHED"', '"CLOSED"').replace('encrypt-resource', 'encrypt-resourcE') })).status).toBe(401);

    const { generateKeyPairSync } = await import('node:crypto');
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const foreign = pay.signedNotification(resource);
    const ts = foreign.headers['Wechatpay-Timestamp'];
    const nonce = 'foreign-nonce-1';
    const sig = createSign('RSA-SHA256').update(`${ts}\n${nonce}\n${foreign.body}\n`).sign(stranger, 'base64');
    expect((await post({ headers: { ...foreign.headers, 'Wechatpay-Nonce': nonce, 'Wechatpay-Signature': sig }, body: foreign.body })).status).toBe(401);

    // The platform really signed it, but the ciphertext's GCM tag is wrong: the SDK's decipher would accept it.
    const good = JSON.parse(pay.signedNotification(resource).body);
    const bytes = Buffer.from(good.resource.ciphertext, 'base64');
    bytes[bytes.length - 1] ^= 0xff;
    good.resource.ciphertext = bytes.toString('base64');
    const body = JSON.stringify(good);
    const ts2 = String(Math.floor(Date.now() / 1000));
    const nonce2 = 'tag-tamper-nonce';
    const sig2 = createSign('RSA-SHA256').update(`${ts2}\n${nonce2}\n${body}\n`).sign(pay.platform.privateKey, 'base64');
    const res = await post({ headers: { 'content-type': 'application/json', 'Wechatpay-Timestamp': ts2, 'Wechatpay-Nonce': nonce2, 'Wechatpay-Serial': pay.platform.serial, 'Wechatpay-Signature': sig2 }, body });
    expect(res.status).toBe(401);
    expect(() => decryptResource(good.resource, pay.apiV3Key)).toThrow(NotificationRejected);
  });
});

describe('GET /api/v1/tipoff-rewards', () => {
  it('401, 400, 403, then the rewards waiting in my region only', async () => {
    const { rewardId, caseId } = await proposed();
    expect((await t.http.get('/api/v1/tipoff-rewards')).status).toBe(401);
    expect((await t.http.get('/api/v1/tipoff-rewards?status=lost').set(admin.auth)).status).toBe(400);
    const citizen = await loginAs(t, 'citizen', { name: '路人' });
    expect((await t.http.get('/api/v1/tipoff-rewards').set(citizen.auth)).status).toBe(403);

    const queue = await t.http.get('/api/v1/tipoff-rewards').set(admin.auth);
    expect(queue.status).toBe(200);
    const row = queue.body.data.find((x: { reward: { id: string } }) => x.reward.id === rewardId);
    expect(row).toMatchObject({ caseId, reward: { status: 'proposed', proposedBy: { name: '承办人' } } });
    expect(JSON.stringify(queue.body)).not.toMatch(/13700001234|实名领奖人/);

    const elsewhere = await loginAs(t, 'admin', { region: '4503', name: '桂林市局' });
    expect((await t.http.get('/api/v1/tipoff-rewards').set(elsewhere.auth)).body.data).toEqual([]);
  });
});
