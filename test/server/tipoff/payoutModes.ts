// One suite for each payout API × signature verification mode (the four *.payout.test.ts files): the app is
// configured for the mode (loadConfig through the fake's env), the WeChat Pay fake signs in that mode with
// keys made at test time, and everything goes through HTTP: the reporter's claim and confirmation, the fake's
// notifications to the app's listener, forged and replayed notifications.
import { createSign, generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createTestApp, type TestApp } from '../../support/app';
import { loginAs, type LoggedIn } from '../../support/factories';
import { startWechatPayFake, type FakeSigning, type WechatPayFake } from '../../../server/src/fakes/wechatpay';
import { reconcilePayouts } from '../../../server/src/commands/tipoff/reward';
import { TipoffRewardModel } from '../../../server/src/models/TipoffReward';
import { AuditEventModel } from '../../../server/src/models/AuditEvent';
import { caseOf, submitted, track, waitFor } from './support';

export function payoutSuite(api: 'bills' | 'batches', signing: FakeSigning) {
  let t: TestApp;
  let pay: WechatPayFake;
  let listener: Server;
  let inspector: LoggedIn;
  let admin: LoggedIn;

  beforeAll(async () => {
    // A merchant on the upgraded 商家转账 cannot use the batch API at all.
    pay = await startWechatPayFake({ signing, transferApi: api, batchesClosed: api === 'bills' });
    t = await createTestApp({ ...pay.env(), TIPOFF_SUBMITS_PER_HOUR: '1000' });
    listener = t.app.listen(0, '127.0.0.1');
    await new Promise((r) => listener.once('listening', r));
    pay.deliverNotificationsTo(`http://127.0.0.1:${(listener.address() as AddressInfo).port}`);
    inspector = await loginAs(t, 'inspector', { name: '承办人' });
    admin = await loginAs(t, 'admin', { name: '审批人' });
  });
  afterAll(async () => {
    listener.closeAllConnections();
    await new Promise((r) => listener.close(r));
    await t.close();
    await pay.close();
  });
  afterEach(() => pay.dropNotifications(false));

  const reward = (id: string) => TipoffRewardModel.findById(id).lean();
  const auditsOf = (id: string) => AuditEventModel.find({ subjectId: id }).lean().then((a) => a.map((x) => x.action).sort());

  let n = 0;
  /** A confirmed case, its reward proposed and approved, claimed by a logged-in reporter. */
  async function claimed() {
    const r = await submitted(t, { location: { lat: 24.1 + (++n) * 0.01, lng: 109.2 }, description: `支付模式 ${api}/${signing} ${n}` });
    const caseId = await caseOf(r);
    await t.http.post(`/api/v1/tipoffs/${caseId}/accept`).set(inspector.auth).expect(200);
    const closed = await t.http.post(`/api/v1/tipoffs/${caseId}/close`).set(inspector.auth)
      .send({ result: 'confirmed', publicReason: '查实', blackWorkshop: { name: `黑作坊M${n}`, address: `某路${n}号`, categories: [] } }).expect(200);
    const prop = await t.http.post(`/api/v1/tipoffs/${caseId}/rewards`).set(inspector.auth)
      .send({ reportId: closed.body.data.reports[0].id, level: 3, reason: '线索准确' }).expect(201);
    const rewardId = prop.body.data.id as string;
    await t.http.post(`/api/v1/tipoff-rewards/${rewardId}/approve`).set(admin.auth).expect(200);
    const me = await loginAs(t, 'citizen', { name: `举报人${n}` });
    const claim = await t.http.post('/api/v1/tipoffs/claim-reward').set(me.auth).send({ code: r.receiptCode, token: r.token });
    expect(claim.status).toBe(200);
    return { r, me, rewardId, outNo: `TR${rewardId}A1`, openid: `dev:citizen:-:举报人${n}` };
  }

  /** The reporter's confirmation in the mini-program: what our API gives, passed to the fake's requestMerchantTransfer. */
  async function confirm(c: Awaited<ReturnType<typeof claimed>>) {
    const conf = await t.http.post('/api/v1/tipoffs/claim-reward/confirmation').set(c.me.auth).send({ code: c.r.receiptCode, token: c.r.token });
    expect(conf.status).toBe(200);
    expect(conf.body).toEqual({ mchId: pay.mchid, appId: pay.appid, package: pay.bills.get(c.outNo)!.package_info });
    const res = await fetch(`${pay.url}/fake/transfer-bills/confirm`, { method: 'POST', body: JSON.stringify({ ...conf.body, openId: c.openid }) });
    expect(await res.json()).toEqual({ errMsg: 'requestMerchantTransfer:ok' });
  }

  /** What WeChat Pay would notify for this payout now (from the fake's record of it). */
  function resourceOf(outNo: string): Record<string, unknown> {
    if (api === 'bills') {
      const b = pay.bills.get(outNo)!;
      return { mchid: b.mchid, out_bill_no: b.out_bill_no, transfer_bill_no: b.transfer_bill_no, state: b.state, transfer_amount: b.transfer_amount, openid: b.openid, create_time: b.create_time, update_time: b.update_time };
    }
    const b = pay.batches.get(outNo)!;
    return { mchid: b.mchid, out_batch_no: b.out_batch_no, batch_id: b.batch_id, batch_status: b.batch_status, total_num: 1, total_amount: b.total_amount, success_num: 1, fail_num: 0, update_time: b.update_time };
  }

  const notifyUrl = '/api/v1/pay/notify/transfer';
  const post = (note: { headers: Record<string, string>; body: string }) => t.http.post(notifyUrl).set(note.headers).send(note.body);
  /** Headers for `body` signed with `key` under `serial`. */
  const signed = (body: string, key: string, serial: string, nonce: string, ts = Math.floor(Date.now() / 1000)) => ({
    'content-type': 'application/json', 'Wechatpay-Timestamp': String(ts), 'Wechatpay-Nonce': nonce, 'Wechatpay-Serial': serial,
    'Wechatpay-Signature': createSign('RSA-SHA256').update(`${ts}\n${nonce}\n${body}\n`).sign(key, 'base64'), 'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
  });

  it(`a payout completes (${api}, ${signing}): every request signed, responses verified in this mode`, async () => {
    const c = await claimed();
    if (api === 'bills') {
      // The bill waits for the reporter: 待确认收款, with what wx.requestMerchantTransfer needs.
      const waiting = await reward(c.rewardId);
      expect(waiting).toMatchObject({ status: 'confirming', attempts: [expect.objectContaining({ api: 'bills', status: 'waiting', outBatchNo: c.outNo })] });
      expect((await track(t, c.r)).body.reward).toMatchObject({ status: 'confirming', statusLabel: '待确认收款', needsClaim: false });
      const bill = pay.bills.get(c.outNo)!;
      expect(bill).toMatchObject({
        state: 'WAIT_USER_CONFIRM', openid: c.openid, transfer_amount: 20_000, transfer_scene_id: '1000', transfer_remark: '有奖举报奖励',
        user_recv_perception: '现金奖励', transfer_scene_report_infos: [{ info_type: '活动名称', info_content: '有奖举报' }, { info_type: '奖励说明', info_content: '举报查实奖励' }],
      });
      expect(bill.notify_url).toMatch(/\/api\/v1\/pay\/notify\/transfer$/);
      // Only the account the reward is bound to gets the package; nobody anonymously.
      expect((await t.http.post('/api/v1/tipoffs/claim-reward/confirmation').send({ code: c.r.receiptCode, token: c.r.token })).status).toBe(401);
      const other = await loginAs(t, 'citizen', { name: '别人' });
      const stolen = await t.http.post('/api/v1/tipoffs/claim-reward/confirmation').set(other.auth).send({ code: c.r.receiptCode, token: c.r.token });
      expect(stolen.status).toBe(409);
      expect(JSON.stringify(stolen.body)).not.toContain(bill.package_info);
      await confirm(c);
    }
    const done = await waitFor(() => reward(c.rewardId), (x) => x!.status === 'paid');
    expect(done).toMatchObject({ status: 'paid', attempts: [expect.objectContaining({ api, status: 'paid', outBatchNo: c.outNo })] });
    expect(done!.paidAt).toBeTruthy();
    expect((await track(t, c.r)).body.reward).toMatchObject({ status: 'paid', statusLabel: '已发放' });
    if (api === 'bills') expect(pay.bills.get(c.outNo)!.state).toBe('SUCCESS');
    else expect(pay.batches.get(c.outNo)!.details[0]).toMatchObject({ openid: c.openid, detail_status: 'SUCCESS' });
    const delivered = await waitFor(async () => pay.notifications.find((x) => x.outBatchNo === c.outNo)?.status, (s) => s != null);
    expect(delivered).toBe(204);
    expect(pay.notifications.find((x) => x.outBatchNo === c.outNo)!.event).toBe(api === 'bills' ? 'MCHTRANSFER.BILL.FINISHED' : 'MCHTRANSFER.BATCH.FINISHED');

    expect(pay.requests.length).toBeGreaterThan(0);
    expect(pay.requests.every((q) => q.signatureOk)).toBe(true);
    if (api === 'bills') {
      // Wechatpay-Serial names WeChat Pay's key of this mode; the batch API is never called.
      expect(pay.requests.filter((q) => q.path.startsWith('/v3/fund-app/')).every((q) => q.wechatpaySerial === pay.signer.serial)).toBe(true);
      expect(pay.requests.some((q) => q.path.startsWith('/v3/transfer/batches'))).toBe(false);
    }
    // Public-key merchants have no platform certificate: it is never asked for.
    expect(pay.requests.some((q) => q.path === '/v3/certificates')).toBe(signing === 'platform_cert');
    expect(await auditsOf(c.rewardId)).toEqual([
      'tipoff.payout_paid', 'tipoff.payout_started', 'tipoff.reward_approved', 'tipoff.reward_proposed',
      ...(api === 'bills' ? ['tipoff.payout_awaiting_confirmation'] : []),
    ].sort());
  });

  it(`forged signature, tampered ciphertext, stale timestamp, replayed nonce and unknown serial are refused and change nothing; duplicates apply once (${api}, ${signing})`, async () => {
    // The result of this payout reaches WeChat Pay's side but its notification is lost: the notifications
    // below are the only news the app gets.
    pay.dropNotifications(true);
    const c = await claimed();
    if (api === 'bills') await confirm(c);
    await waitFor(async () => (api === 'bills' ? pay.bills.get(c.outNo)?.state : pay.batches.get(c.outNo)?.batch_status), (s) => s === 'SUCCESS' || s === 'FINISHED');
    const before = await reward(c.rewardId);
    expect(before!.status).toBe(api === 'bills' ? 'confirming' : 'paying');
    const auditsBefore = await auditsOf(c.rewardId);
    const resource = resourceOf(c.outNo);
    const unchanged = async (res: { status: number; body: unknown }) => {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ code: 'FAIL', message: '验签失败' });
      const now = await reward(c.rewardId);
      expect({ status: now!.status, version: now!.version, paidAt: now!.paidAt }).toEqual({ status: before!.status, version: before!.version, paidAt: before!.paidAt });
      expect(await auditsOf(c.rewardId)).toEqual(auditsBefore);
    };

    // Forged: the right serial, a stranger's key.
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const genuine = pay.signedNotification(resource);
    await unchanged(await post({ headers: signed(genuine.body, stranger.privateKey, pay.signer.serial, 'forged-nonce-0001'), body: genuine.body }));

    // Tampered ciphertext under a valid signature: the GCM tag check refuses it.
    const env = JSON.parse(pay.signedNotification(resource).body);
    const bytes = Buffer.from(env.resource.ciphertext, 'base64');
    bytes[3] ^= 0x01;
    env.resource.ciphertext = bytes.toString('base64');
    const tampered = JSON.stringify(env);
    await unchanged(await post({ headers: signed(tampered, pay.signer.privateKey, pay.signer.serial, 'tampered-nonce-0001'), body: tampered }));

    // Stale: properly signed 301 s ago.
    await unchanged(await post(pay.signedNotification(resource, { timestamp: Math.floor(Date.now() / 1000) - 301 })));

    // Replayed nonce: a nonce already used by an accepted notification, on a new, validly signed body.
    const first = pay.signedNotification({ ...resource, ...(api === 'bills' ? { out_bill_no: 'TRunrelated0001' } : { out_batch_no: 'TRunrelated0001' }) });
    expect((await post(first)).status).toBe(204);
    await unchanged(await post(pay.signedNotification(resource, { nonce: first.headers['Wechatpay-Nonce'] })));

    // Unknown serial: signed by the WeChat Pay key of the other mode, which this merchant is not configured for.
    // In certificate mode this is the PUB_KEY_ID_… notification a public-key merchant gets.
    const other = signing === 'public_key' ? { key: pay.platform.privateKey, serial: pay.platform.serial } : { key: pay.publicKey.privateKey, serial: pay.publicKey.id };
    const foreign = pay.signedNotification(resource).body;
    await unchanged(await post({ headers: signed(foreign, other.key, other.serial, 'other-mode-nonce-1'), body: foreign }));
    // And a serial nobody issued.
    await unchanged(await post({ headers: signed(foreign, pay.signer.privateKey, signing === 'public_key' ? 'PUB_KEY_ID_0000000000000000000000000000' : '1234ABCD', 'unknown-serial-nonce'), body: foreign }));

    // The genuine notification, delivered five times at once (WeChat Pay repeats notifications; each is signed
    // anew): all acknowledged, applied once.
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => post(pay.signedNotification(resource))));
    expect(answers.map((a) => a.status)).toEqual([204, 204, 204, 204, 204]);
    const paid = await reward(c.rewardId);
    expect(paid).toMatchObject({ status: 'paid', version: before!.version + 1 });
    expect(await AuditEventModel.countDocuments({ subjectId: c.rewardId, action: 'tipoff.payout_paid' })).toBe(1);
    // Later repeats change nothing either.
    expect((await post(pay.signedNotification(resource))).status).toBe(204);
    expect(await reward(c.rewardId)).toMatchObject({ status: 'paid', version: paid!.version, paidAt: paid!.paidAt });
  });

  it(`a lost notification: the reconcile job asks WeChat Pay and settles the payout (${api}, ${signing})`, async () => {
    pay.dropNotifications(true);
    const c = await claimed();
    if (api === 'bills') await confirm(c);
    await waitFor(async () => (api === 'bills' ? pay.bills.get(c.outNo)?.state : pay.batches.get(c.outNo)?.batch_status), (s) => s === 'SUCCESS' || s === 'FINISHED');
    expect((await reward(c.rewardId))!.status).not.toBe('paid');
    await reconcilePayouts(t.services, 0);
    expect(await reward(c.rewardId)).toMatchObject({ status: 'paid', attempts: [expect.objectContaining({ status: 'paid' })] });
    await reconcilePayouts(t.services, 0);
    expect(await AuditEventModel.countDocuments({ subjectId: c.rewardId, action: 'tipoff.payout_paid' })).toBe(1);
  });

  if (api === 'bills') {
    it(`a bill the reporter never confirms: closed by WeChat Pay after 24 h, settled as failed by the reconcile job; a retry makes a new bill (${signing})`, async () => {
      pay.dropNotifications(true);
      const c = await claimed();
      expect((await reward(c.rewardId))!.status).toBe('confirming');
      await pay.expireBill(c.outNo); // FAIL, OVERDUE_CLOSE; its notification is lost
      expect(pay.bills.get(c.outNo)!.state).toBe('FAIL');
      expect((await reward(c.rewardId))!.status).toBe('confirming');
      await reconcilePayouts(t.services, 0);
      const failed = await reward(c.rewardId);
      expect(failed).toMatchObject({ status: 'failed', attempts: [expect.objectContaining({ outBatchNo: c.outNo, status: 'failed', reason: 'OVERDUE_CLOSE' })] });
      expect((await track(t, c.r)).body.reward).toMatchObject({ status: 'failed', statusLabel: '发放失败，待重试' });
      // The stale package is not handed out any more.
      expect((await t.http.post('/api/v1/tipoffs/claim-reward/confirmation').set(c.me.auth).send({ code: c.r.receiptCode, token: c.r.token })).status).toBe(409);

      pay.dropNotifications(false);
      const retried = await t.http.post(`/api/v1/tipoff-rewards/${c.rewardId}/retry`).set(inspector.auth);
      expect(retried.status).toBe(200);
      expect(retried.body.data).toMatchObject({ status: 'confirming', attempts: [expect.objectContaining({ status: 'failed' }), expect.objectContaining({ outBatchNo: `TR${c.rewardId}A2` })] });
      expect(pay.bills.get(`TR${c.rewardId}A2`)!.state).toBe('WAIT_USER_CONFIRM');
      await confirm({ ...c, outNo: `TR${c.rewardId}A2` });
      expect(await waitFor(() => reward(c.rewardId), (x) => x!.status === 'paid')).toMatchObject({ status: 'paid' });
      expect([...pay.bills.values()].filter((b) => b.out_bill_no.startsWith(`TR${c.rewardId}`) && b.state === 'SUCCESS')).toHaveLength(1);
    });

    it(`a bill still waiting past the confirmation timeout is cancelled by the reconcile job and settled as cancelled (${signing})`, async () => {
      pay.dropNotifications(true);
      const c = await claimed();
      await reconcilePayouts(t.services, 0); // within the timeout: left waiting
      expect(pay.bills.get(c.outNo)!.state).toBe('WAIT_USER_CONFIRM');
      expect((await reward(c.rewardId))!.status).toBe('confirming');
      // 26 hours later (WECHATPAY_CONFIRM_TIMEOUT_HOURS is 25) WeChat Pay still shows it waiting.
      await TipoffRewardModel.updateOne({ _id: c.rewardId }, { $set: { 'attempts.0.at': new Date(Date.now() - 26 * 3600_000) } });
      await reconcilePayouts(t.services, 0);
      expect(pay.requests.some((q) => q.path === `/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/${c.outNo}/cancel` && q.status === 200)).toBe(true);
      await waitFor(async () => pay.bills.get(c.outNo)!.state, (s) => s === 'CANCELLED');
      await reconcilePayouts(t.services, 0); // its notification is lost too: the next run finds it cancelled
      expect(await reward(c.rewardId)).toMatchObject({ status: 'failed', attempts: [expect.objectContaining({ status: 'failed', reason: 'MCH_CANCEL' })] });
      // The reporter can no longer confirm the cancelled bill.
      const late = await fetch(`${pay.url}/fake/transfer-bills/confirm`, { method: 'POST', body: JSON.stringify({ mchId: pay.mchid, appId: pay.appid, package: pay.bills.get(c.outNo)!.package_info }) });
      expect(late.status).toBe(400);
    });
  }
}
