// Payments (services/payments.ts) against the WeChat Pay fake in one signature mode (the *.test.ts files):
// orders are made through the service (the booking code calls it), paid on the fake's payer side, and the
// fake's signed, encrypted notifications reach the app over HTTP. Forged, tampered, stale, replayed and
// mismatched notifications are posted to the app and must change nothing.
import { createSign, generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createTestApp, type TestApp } from '../../support/app';
import { startWechatPayFake, type FakeSigning, type WechatPayFake } from '../../../server/src/fakes/wechatpay';
import { closeOrder, createOrder, onPaid, onRefunded, reconcilePayments, refund, type RequestPaymentParams } from '../../../server/src/services/payments';
import { PayOrderModel } from '../../../server/src/models/PayOrder';
import { waitFor } from '../tipoff/support';

export function paymentSuite(signing: FakeSigning) {
  let t: TestApp;
  let pay: WechatPayFake;
  let listener: Server;
  const purpose = `test-${signing}`;
  const paidCalls: string[] = [];
  const refundCalls: { outTradeNo: string; outRefundNo: string; amountFen: number }[] = [];

  beforeAll(async () => {
    pay = await startWechatPayFake({ signing, notifyDelayMs: 10 });
    t = await createTestApp(pay.env());
    listener = t.app.listen(0, '127.0.0.1');
    await new Promise((r) => listener.once('listening', r));
    pay.deliverNotificationsTo(`http://127.0.0.1:${(listener.address() as AddressInfo).port}`);
    // The purpose's handlers, as the booking code registers its own.
    onPaid(purpose, async (order) => { paidCalls.push(order.outTradeNo); });
    onRefunded(purpose, async (order, r) => { refundCalls.push({ outTradeNo: order.outTradeNo, outRefundNo: r.outRefundNo, amountFen: r.amountFen }); });
  });
  afterAll(async () => {
    listener.closeAllConnections();
    await new Promise((r) => listener.close(r));
    await t.close();
    await pay.close();
  });
  afterEach(() => pay.dropNotifications(false));

  let n = 0;
  const order = (no: string) => PayOrderModel.findOne({ outTradeNo: no }).lean();
  const jsapi = (amountFen = 9900) => createOrder(t.services, {
    purpose, refId: `S${Date.now()}N${++n}`, description: '食品安全培训（测试）', amountFen, channel: 'jsapi', payerOpenid: `openid-${n}`,
  });
  const payJsapi = async (p: RequestPaymentParams, openId?: string) => {
    const res = await fetch(`${pay.url}/fake/transactions/pay`, { method: 'POST', body: JSON.stringify({ ...p, openId }) });
    return (await res.json()) as { errMsg: string };
  };
  const post = (path: string, note: { headers: Record<string, string>; body: string }) => t.http.post(`/api/v1${path}`).set(note.headers).send(note.body);
  const signedBy = (body: string, key: string, serial: string, nonce: string, ts = Math.floor(Date.now() / 1000)) => ({
    'content-type': 'application/json', 'Wechatpay-Timestamp': String(ts), 'Wechatpay-Nonce': nonce, 'Wechatpay-Serial': serial,
    'Wechatpay-Signature': createSign('RSA-SHA256').update(`${ts}\n${nonce}\n${body}\n`).sign(key, 'base64'), 'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
  });
  const TX = { type: 'TRANSACTION.SUCCESS', summary: '支付成功', originalType: 'transaction' };

  it(`a JSAPI order is created once, paid through wx.requestPayment, and its handler runs once (${signing})`, async () => {
    const { order: o, start } = await jsapi();
    expect(o).toMatchObject({ status: 'created', amountFen: 9900, channel: 'jsapi', purpose });
    if (!('requestPayment' in start)) throw new Error('no requestPayment');
    expect(start.requestPayment).toMatchObject({ appId: pay.appid, signType: 'RSA', package: `prepay_id=${pay.orders.get(o.outTradeNo)!.prepay_id}` });
    expect(pay.orders.get(o.outTradeNo)).toMatchObject({ total: 9900, trade_type: 'JSAPI', payer_openid: o.payerOpenid, trade_state: 'NOTPAY' });
    expect(pay.orders.get(o.outTradeNo)!.notify_url).toMatch(/\/api\/v1\/pay\/notify$/);
    // The same attempt again is the same order (one at WeChat Pay, one stored); another amount is refused.
    const again = await createOrder(t.services, { purpose, refId: o.refId, description: o.description, amountFen: 9900, channel: 'jsapi', payerOpenid: o.payerOpenid });
    expect(again.order.outTradeNo).toBe(o.outTradeNo);
    expect(await PayOrderModel.countDocuments({ purpose, refId: o.refId })).toBe(1);
    await expect(createOrder(t.services, { purpose, refId: o.refId, description: 'x', amountFen: 1, channel: 'jsapi', payerOpenid: o.payerOpenid })).rejects.toMatchObject({ status: 409 });
    // A paySign not made with the merchant key does not pay.
    expect((await payJsapi({ ...start.requestPayment, paySign: start.requestPayment.paySign.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) })).errMsg).toMatch(/fail/);

    expect((await payJsapi(start.requestPayment, o.payerOpenid!)).errMsg).toBe('requestPayment:ok');
    const paid = await waitFor(() => order(o.outTradeNo), (x) => x!.status === 'paid' && !x!.owedSince);
    expect(paid).toMatchObject({ status: 'paid', transactionId: pay.orders.get(o.outTradeNo)!.transaction_id, owed: [], owedSince: null });
    expect(paid!.paidAt).toBeTruthy();
    await waitFor(async () => pay.notifications.find((x) => x.outBatchNo === o.outTradeNo)?.status, (s) => s != null);
    expect(pay.notifications.find((x) => x.outBatchNo === o.outTradeNo)).toMatchObject({ event: 'TRANSACTION.SUCCESS', status: 204 });
    expect(paidCalls.filter((x) => x === o.outTradeNo)).toHaveLength(1);

    // WeChat Pay sends it again (new nonce): acknowledged, applied once.
    const dup = pay.signedNotification(pay.transactionResource(pay.orders.get(o.outTradeNo)!), { event: TX });
    expect((await post('/pay/notify', dup)).status).toBe(204);
    expect(paidCalls.filter((x) => x === o.outTradeNo)).toHaveLength(1);
    expect(await order(o.outTradeNo)).toEqual(paid);
    expect(pay.requests.every((q) => q.signatureOk)).toBe(true);
    expect(pay.requests.some((q) => q.path === '/v3/certificates')).toBe(signing === 'platform_cert');
  });

  it(`forged, tampered, stale, replayed and mismatched notifications are refused and change nothing (${signing})`, async () => {
    pay.dropNotifications(true); // the real notification is lost: the posts below are the only news
    const { order: o, start } = await jsapi(12_000);
    if (!('requestPayment' in start)) throw new Error('no requestPayment');
    expect((await payJsapi(start.requestPayment)).errMsg).toBe('requestPayment:ok');
    await waitFor(async () => pay.notifications.find((x) => x.outBatchNo === o.outTradeNo), (x) => !!x);
    const before = await order(o.outTradeNo);
    expect(before!.status).toBe('created');
    const resource = pay.transactionResource(pay.orders.get(o.outTradeNo)!);
    const unchanged = async (res: { status: number; body: unknown }, status = 401) => {
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ code: 'FAIL' });
      const now = await order(o.outTradeNo);
      expect({ ...now, anomalies: [] }).toEqual({ ...before, anomalies: [] });
      expect(paidCalls).not.toContain(o.outTradeNo);
    };

    // Forged: signed by a key that is not WeChat Pay's, under WeChat Pay's serial.
    const good = pay.signedNotification(resource, { event: TX });
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    await unchanged(await post('/pay/notify', { headers: signedBy(good.body, stranger.privateKey, pay.signer.serial, 'forged-nonce-1'), body: good.body }));
    // Unknown serial.
    await unchanged(await post('/pay/notify', { headers: signedBy(good.body, pay.signer.privateKey, 'PUB_KEY_ID_0000NOPE', 'nonce-serial-1'), body: good.body }));
    // Tampered body under the original signature.
    const parsed = JSON.parse(good.body);
    const flip = (s: string) => s.slice(0, 10) + (s[10] === 'A' ? 'B' : 'A') + s.slice(11);
    const tampered = JSON.stringify({ ...parsed, resource: { ...parsed.resource, ciphertext: flip(parsed.resource.ciphertext) } });
    await unchanged(await post('/pay/notify', { headers: good.headers, body: tampered }));
    // Tampered ciphertext, even signed by WeChat Pay's key: the GCM tag refuses it.
    await unchanged(await post('/pay/notify', { headers: signedBy(tampered, pay.signer.privateKey, pay.signer.serial, 'tampered-nonce-1'), body: tampered }));
    // Stale: correctly signed, 6 minutes old.
    const stale = pay.signedNotification(resource, { event: TX, timestamp: Math.floor(Date.now() / 1000) - 360 });
    await unchanged(await post('/pay/notify', stale));
    // Amount mismatch: correctly signed and encrypted, another amount: refused and recorded, not applied.
    const wrong = pay.signedNotification({ ...resource, amount: { ...(resource.amount as object), total: 1, payer_total: 1 } }, { event: TX });
    await unchanged(await post('/pay/notify', wrong), 400);
    expect((await order(o.outTradeNo))!.anomalies).toEqual([expect.objectContaining({ kind: 'transaction_mismatch', detail: expect.stringContaining('12000') })]);
    // Replayed: a good notification, then the same one again is a replay (nonce once) — the first applies.
    const real = pay.signedNotification(resource, { event: TX, nonce: `replay-${o.outTradeNo}` });
    expect((await post('/pay/notify', real)).status).toBe(204);
    const paid = await order(o.outTradeNo);
    expect(paid!.status).toBe('paid');
    expect((await post('/pay/notify', real)).status).toBe(401);
    expect(await order(o.outTradeNo)).toEqual(paid);
    expect(paidCalls.filter((x) => x === o.outTradeNo)).toHaveLength(1);
  });

  it(`a refund is sent, REFUND.SUCCESS marks it refunded and its handler runs once (${signing})`, async () => {
    const { order: o, start } = await jsapi(8_800);
    if (!('requestPayment' in start)) throw new Error('no requestPayment');
    await payJsapi(start.requestPayment);
    await waitFor(() => order(o.outTradeNo), (x) => x!.status === 'paid');
    // Not paid → not refundable; more than paid → refused.
    await expect(refund(t.services, { outTradeNo: o.outTradeNo, key: 'X1', amountFen: 8_801, reason: '取消报名' })).rejects.toMatchObject({ status: 409 });
    const r = await refund(t.services, { outTradeNo: o.outTradeNo, key: 'C1', amountFen: 8_800, reason: '取消报名' });
    expect(r.status === 'refunding' || r.status === 'refunded').toBe(true);
    const no = `${o.outTradeNo}RC1`;
    expect(pay.refunds.get(no)).toMatchObject({ refund: 8_800, total: 8_800 });
    expect(pay.refunds.get(no)!.notify_url).toMatch(/\/api\/v1\/pay\/refund-notify$/);
    const done = await waitFor(() => order(o.outTradeNo), (x) => x!.status === 'refunded' && !x!.owedSince);
    expect(done).toMatchObject({ status: 'refunded', refundedFen: 8_800, pendingRefundNo: null, owed: [], refunds: [expect.objectContaining({ outRefundNo: no, status: 'success', refundId: pay.refunds.get(no)!.refund_id })] });
    await waitFor(async () => pay.notifications.find((x) => x.outBatchNo === no)?.status, (s) => s != null);
    expect(pay.notifications.find((x) => x.outBatchNo === no)).toMatchObject({ event: 'REFUND.SUCCESS', status: 204 });
    expect(refundCalls.filter((x) => x.outRefundNo === no)).toEqual([{ outTradeNo: o.outTradeNo, outRefundNo: no, amountFen: 8_800 }]);
    // The same refund again changes nothing; a duplicate notification is acknowledged, applied once; nothing is left to refund.
    expect((await refund(t.services, { outTradeNo: o.outTradeNo, key: 'C1', amountFen: 8_800, reason: '取消报名' })).refundedFen).toBe(8_800);
    const RF = { type: 'REFUND.SUCCESS', summary: '退款成功', originalType: 'refund' };
    expect((await post('/pay/refund-notify', pay.signedNotification(pay.refundResource(pay.refunds.get(no)!), { event: RF }))).status).toBe(204);
    expect(refundCalls.filter((x) => x.outRefundNo === no)).toHaveLength(1);
    expect(await order(o.outTradeNo)).toEqual(done);
    await expect(refund(t.services, { outTradeNo: o.outTradeNo, key: 'C2', amountFen: 1, reason: '再退' })).rejects.toMatchObject({ status: 409 });
    // A transaction notification at the refund URL is not a refund.
    expect((await post('/pay/refund-notify', pay.signedNotification(pay.transactionResource(pay.orders.get(o.outTradeNo)!), { event: TX }))).status).toBe(400);
  });

  it(`reconciliation settles an order whose notification was lost, and closes an unpaid one (${signing})`, async () => {
    pay.dropNotifications(true);
    const lost = await createOrder(t.services, { purpose, refId: `R${Date.now()}N${++n}`, description: '扫码支付', amountFen: 5_000, channel: 'native' });
    expect(lost.start).toMatchObject({ channel: 'native', codeUrl: expect.stringMatching(/^weixin:\/\/wxpay\//) });
    const unpaid = await createOrder(t.services, { purpose, refId: `R${Date.now()}N${++n}`, description: 'H5支付', amountFen: 3_000, channel: 'h5', payerClientIp: '203.0.113.7' });
    expect(unpaid.start).toMatchObject({ channel: 'h5', h5Url: expect.stringContaining('prepay_id=') });
    const res = await fetch(`${pay.url}/fake/transactions/pay`, { method: 'POST', body: JSON.stringify({ out_trade_no: lost.order.outTradeNo }) });
    expect(await res.json()).toEqual({ errMsg: 'requestPayment:ok' });
    await waitFor(async () => pay.notifications.find((x) => x.outBatchNo === lost.order.outTradeNo), (x) => !!x);
    expect((await order(lost.order.outTradeNo))!.status).toBe('created');

    // Not yet old enough: nothing asked.
    await reconcilePayments(t.services);
    expect((await order(lost.order.outTradeNo))!.status).toBe('created');
    await reconcilePayments(t.services, { olderThanMs: 0 });
    expect(await order(lost.order.outTradeNo)).toMatchObject({ status: 'paid', transactionId: pay.orders.get(lost.order.outTradeNo)!.transaction_id });
    expect(paidCalls.filter((x) => x === lost.order.outTradeNo)).toHaveLength(1);
    expect((await order(unpaid.order.outTradeNo))!.status).toBe('created');
    // Again: nothing more happens to the paid one; the unpaid one past its time is closed at WeChat Pay and here.
    await reconcilePayments(t.services, { olderThanMs: 0, closeAfterMs: 0 });
    expect(paidCalls.filter((x) => x === lost.order.outTradeNo)).toHaveLength(1);
    expect((await order(unpaid.order.outTradeNo))!.status).toBe('closed');
    expect(pay.orders.get(unpaid.order.outTradeNo)!.trade_state).toBe('CLOSED');
    // A closed order cannot be paid any more; closing again is harmless.
    expect((await (await fetch(`${pay.url}/fake/transactions/pay`, { method: 'POST', body: JSON.stringify({ out_trade_no: unpaid.order.outTradeNo }) })).json()).errMsg).toMatch(/fail/);
    expect((await closeOrder(t.services, unpaid.order.outTradeNo)).status).toBe('closed');
  });

  it(`a handler that fails stays owed and the reconciliation job runs it again (${signing})`, async () => {
    const flaky = `${purpose}-flaky`;
    const calls: string[] = [];
    onPaid(flaky, async (o) => { calls.push(o.outTradeNo); if (calls.length === 1) throw new Error('booking store down'); });
    const { order: o, start } = await createOrder(t.services, { purpose: flaky, refId: `F${Date.now()}N${++n}`, description: '失败重试', amountFen: 100, channel: 'jsapi', payerOpenid: 'openid-flaky' });
    if (!('requestPayment' in start)) throw new Error('no requestPayment');
    await payJsapi(start.requestPayment);
    const owing = await waitFor(() => order(o.outTradeNo), (x) => x!.status === 'paid' && calls.length === 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(await order(o.outTradeNo)).toMatchObject({ status: 'paid', owed: ['paid'] });
    expect(owing!.owedSince).toBeTruthy();
    await reconcilePayments(t.services, { olderThanMs: 0 });
    expect(calls).toEqual([o.outTradeNo, o.outTradeNo]);
    expect(await order(o.outTradeNo)).toMatchObject({ status: 'paid', owed: [], owedSince: null });
    await reconcilePayments(t.services, { olderThanMs: 0 });
    expect(calls).toHaveLength(2);
  });

  it(`amounts must be whole fen above zero, at our side and at the fake (${signing})`, async () => {
    await expect(jsapi(0)).rejects.toMatchObject({ status: 400 });
    await expect(jsapi(12.5)).rejects.toMatchObject({ status: 400 });
    const unsigned = await fetch(`${pay.url}/v3/pay/transactions/native`, { method: 'POST', body: '{}' });
    expect(unsigned.status).toBe(401);
    const r = await t.services.pay!.call('POST', '/v3/pay/transactions/native', { appid: pay.appid, mchid: pay.mchid, description: 'x', out_trade_no: 'BADAMOUNT1', notify_url: 'https://example.com/n', amount: { total: 1.5 } });
    expect(r).toMatchObject({ status: 400, error: { code: 'PARAM_ERROR' } });
  });
}
