// A local stand-in for the WeChat Pay v3 API (api.mch.weixin.qq.com) used by the demo and the tests, with the
// real request/response fields of both payout APIs:
// - transfer bills (商家转账, wechatpayBills.ts): a bill waits for the payee's confirmation in the mini-program
//   (wx.requestMerchantTransfer); the fake plays that step at POST /fake/transfer-bills/confirm;
// - batch transfers (商家转账到零钱, wechatpayBatches.ts), paid at once.
// This file holds what both share: keys, request signature checks, signed answers, notifications.
// It checks every request's Authorization signature with the merchant certificate and signs every response
// and notification with the WeChat Pay key of its mode: a platform certificate (served encrypted with the
// APIv3 key at /v3/certificates) or the WeChat Pay public key (Wechatpay-Serial PUB_KEY_ID_…, no
// certificates). Notifications are encrypted (AEAD_AES_256_GCM) as WeChat Pay does. Keys are made at start.
import { createCipheriv, createSign, createVerify, generateKeyPairSync, randomBytes, randomInt, randomUUID, X509Certificate } from 'node:crypto';
import { listenLoopback, readBody, type FakeServer } from './http';
import { batchTransfersApi, type FakeBatch } from './wechatpayBatches';
import { transferBillsApi, type ConfirmTransfer, type FakeBill } from './wechatpayBills';
import { paymentOrdersApi, type FakeOrder, type FakeRefund, type PayOrderArgs } from './wechatpayOrders';
import type http from 'node:http';

export interface KeyAndCert { privateKey: string; cert: string; serial: string }
export type FakeSigning = 'platform_cert' | 'public_key';

export type { FakeBatch } from './wechatpayBatches';
export type { BillState, FakeBill } from './wechatpayBills';
export type { FakeOrder, FakeRefund, PayOrderArgs } from './wechatpayOrders';
/** A notification's event (default: the transfer event its resource implies). */
export interface FakeEvent { type: string; summary: string; originalType: string }

/** What the fake's two transfer APIs share: the merchant, the clock, notification delivery and faults. */
export interface FakeApiContext {
  mchid: string;
  appid: string;
  /** RFC 3339 in Beijing time, as WeChat Pay writes times. */
  now(): string;
  /** A fresh number for the ids WeChat Pay assigns. */
  nextSeq(): number;
  /** Signs, encrypts and posts a notification to notify_url (recorded in `notifications`). */
  deliver(notifyUrl: string | null, outNo: string, resource: Record<string, unknown>, event?: FakeEvent): Promise<void>;
  /** The queued fault for the next transfer, if any (failNextTransfer). */
  takeFault(): string | undefined;
  /** How long a transfer takes before its result. */
  delay: number;
}
/** Records the request and answers it signed; true, so a handler can `return reply(...)`. */
export type FakeReply = (status: number, body: unknown) => true;

export interface WechatPayFake extends FakeServer {
  mchid: string;
  appid: string;
  apiV3Key: string;
  signing: FakeSigning;
  merchant: KeyAndCert;
  /** The platform certificate (served and used only in platform_cert mode). */
  platform: KeyAndCert;
  /** The WeChat Pay public key and its id (used only in public_key mode). */
  publicKey: { id: string; privateKey: string; pem: string };
  /** What signs responses and notifications in this mode: Wechatpay-Serial and the private key. */
  signer: { serial: string; privateKey: string };
  batches: Map<string, FakeBatch>;
  bills: Map<string, FakeBill>;
  /** Payment orders by out_trade_no, refunds by out_refund_no (wechatpayOrders.ts). */
  orders: Map<string, FakeOrder>;
  refunds: Map<string, FakeRefund>;
  /** The payer pays (what POST /fake/transactions/pay does). */
  payOrder(args: PayOrderArgs): Promise<{ status: number; errMsg: string }>;
  /** What TRANSACTION.SUCCESS / REFUND.SUCCESS would carry for this order / refund now. */
  transactionResource(o: FakeOrder): Record<string, unknown>;
  refundResource(r: FakeRefund): Record<string, unknown>;
  /** Every request with whether its signature checked out. */
  requests: { method: string; path: string; signatureOk: boolean; status: number; wechatpaySerial: string | null }[];
  /** Notifications sent: where, what and the answer. `outBatchNo` is the out_bill_no for bills. */
  notifications: { url: string; outBatchNo: string; event: string; status: number | null }[];
  /** The next transfer fails (e.g. the user's wallet is restricted); the one after succeeds. */
  failNextTransfer(reason?: string): void;
  /** Tests: notify_url points at a public host; deliver to this base URL instead (path kept). */
  deliverNotificationsTo(baseUrl: string | null): void;
  /** Notifications are made and recorded but not delivered (lost), e.g. to leave the result to a query. */
  dropNotifications(drop: boolean): void;
  /** Builds signed headers + body for a transfer notification (tests craft tampered ones from it). */
  signedNotification(resource: Record<string, unknown>, opts?: { timestamp?: number; nonce?: string; event?: FakeEvent }): { headers: Record<string, string>; body: string };
  /** The payee confirms in wx.requestMerchantTransfer, with what the mini-program passes to it. */
  confirmTransfer: ConfirmTransfer;
  /** WeChat Pay closes a bill nobody confirmed within the window (FAIL, OVERDUE_CLOSE). */
  expireBill(outBillNo: string): Promise<void>;
  /** Environment for loadConfig pointing the server at this fake in its mode. */
  env(): Record<string, string>;
}

const AUTH_TYPE = 'WECHATPAY2-SHA256-RSA2048';
/** RFC 3339 in Beijing time, as WeChat Pay writes times. */
const now = () => `${new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;

async function keyAndCert(cn: string): Promise<KeyAndCert> {
  const { generate } = await import('selfsigned'); // dev dependency: only the demo and tests load the fake
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const made = await generate([{ name: 'commonName', value: cn }, { name: 'organizationName', value: 'Tenpay.com' }], {
    keyPair: { privateKey: pair.privateKey, publicKey: pair.publicKey }, algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - 86400_000), notAfterDate: new Date(Date.now() + 5 * 365 * 86400_000),
  });
  return { privateKey: pair.privateKey, cert: made.cert, serial: new X509Certificate(made.cert).serialNumber.toUpperCase() };
}

function aesGcm(plain: string, key: string, aad: string) {
  const nonce = randomBytes(6).toString('hex'); // 12 characters, as WeChat Pay sends
  const c = createCipheriv('aes-256-gcm', Buffer.from(key, 'utf8'), Buffer.from(nonce, 'utf8'));
  c.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([c.update(plain, 'utf8'), c.final(), c.getAuthTag()]);
  return { algorithm: 'AEAD_AES_256_GCM', nonce, associated_data: aad, ciphertext: data.toString('base64') };
}

function parseAuthorization(header: string | undefined): Record<string, string> | null {
  if (!header?.startsWith(`${AUTH_TYPE} `)) return null;
  const out: Record<string, string> = {};
  for (const m of header.slice(AUTH_TYPE.length + 1).matchAll(/(\w+)="([^"]*)"/g)) out[m[1]] = m[2];
  return out;
}

const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');

export async function startWechatPayFake(opts: {
  mchid?: string; appid?: string; notifyDelayMs?: number;
  /** How WeChat Pay signs for this merchant: platform certificates (older) or the public key (new merchants). */
  signing?: FakeSigning;
  /** The API env() configures the server to use (the fake serves both). */
  transferApi?: 'bills' | 'batches';
  /** A merchant on the upgraded 商家转账 (opened after 2025-01-15): /v3/transfer/batches is refused. */
  batchesClosed?: boolean;
  /** How long a bill waits for the payee before WeChat Pay closes it (24 h). */
  confirmWindowMs?: number;
} = {}): Promise<WechatPayFake> {
  const mchid = opts.mchid ?? '1900000109';
  const appid = opts.appid ?? 'wx0000000000000000';
  const signing = opts.signing ?? 'platform_cert';
  const apiV3Key = randomBytes(16).toString('hex'); // 32 characters
  const [merchant, platform] = await Promise.all([keyAndCert(`${mchid}_merchant`), keyAndCert('Tenpay.com platform')]);
  const pub = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const publicKey = { id: `PUB_KEY_ID_01${mchid}${digits(26 - mchid.length)}`, privateKey: pub.privateKey, pem: pub.publicKey };
  const signer = signing === 'public_key' ? { serial: publicKey.id, privateKey: publicKey.privateKey } : { serial: platform.serial, privateKey: platform.privateKey };
  const merchantKey = new X509Certificate(merchant.cert).publicKey;
  const requests: WechatPayFake['requests'] = [];
  const notifications: WechatPayFake['notifications'] = [];
  const faults: string[] = [];
  const delay = opts.notifyDelayMs ?? 30;
  const confirmWindowMs = opts.confirmWindowMs ?? 24 * 3600_000;
  let deliverTo: string | null = null;
  let drop = false;
  let seq = 1000;

  const sign = (message: string) => createSign('RSA-SHA256').update(message).sign(signer.privateKey, 'base64');
  const signedHeaders = (body: string, ts = Math.floor(Date.now() / 1000), nonce = randomBytes(16).toString('hex')) => ({
    'Wechatpay-Timestamp': String(ts),
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Serial': signer.serial,
    'Wechatpay-Signature': sign(`${ts}\n${nonce}\n${body}\n`),
    'Wechatpay-Signature-Type': AUTH_TYPE,
  });
  const answer = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = body === null ? '' : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'Request-ID': randomUUID(), ...signedHeaders(text) });
    res.end(text);
  };

  const signedNotification: WechatPayFake['signedNotification'] = (resource, o = {}) => {
    const bill = 'out_bill_no' in resource;
    const ev = o.event;
    const body = JSON.stringify({
      id: randomUUID(), create_time: now(), resource_type: 'encrypt-resource',
      event_type: ev?.type ?? (bill ? 'MCHTRANSFER.BILL.FINISHED' : resource.batch_status === 'CLOSED' ? 'MCHTRANSFER.BATCH.CLOSED' : 'MCHTRANSFER.BATCH.FINISHED'),
      summary: ev?.summary ?? (bill ? '商家转账单据终态通知' : '商家转账批次处理完成'),
      resource: { original_type: ev?.originalType ?? 'mch_payment', ...aesGcm(JSON.stringify(resource), apiV3Key, ev?.originalType ?? 'mch_payment') },
    });
    return { headers: { 'content-type': 'application/json', ...signedHeaders(body, o.timestamp, o.nonce) }, body };
  };

  const deliver = async (notifyUrl: string | null, outNo: string, resource: Record<string, unknown>, event?: FakeEvent) => {
    if (!notifyUrl) return;
    const { headers, body } = signedNotification(resource, { event });
    const target = deliverTo ? deliverTo.replace(/\/$/, '') + new URL(notifyUrl).pathname : notifyUrl;
    const record: WechatPayFake['notifications'][number] = { url: target, outBatchNo: outNo, event: JSON.parse(body).event_type, status: null };
    notifications.push(record);
    if (drop) { record.status = 0; return; }
    try {
      const r = await fetch(target, { method: 'POST', headers, body, signal: AbortSignal.timeout(5000) });
      record.status = r.status;
    } catch {
      record.status = 0;
    }
  };

  const ctx: FakeApiContext = {
    mchid, appid, now, delay, deliver,
    nextSeq: () => { seq += 1; return seq; },
    takeFault: () => faults.shift(),
  };
  const billsApi = transferBillsApi(ctx, { confirmWindowMs, signerSerial: signer.serial });
  const batchesApi = batchTransfersApi(ctx, { batchesClosed: opts.batchesClosed });
  const { bills, confirmTransfer, expireBill } = billsApi;
  const { batches } = batchesApi;
  const ordersApi = paymentOrdersApi(ctx, { merchantCert: merchant.cert });

  const server = await listenLoopback(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = req.method === 'POST' ? (await readBody(req)).toString('utf8') : '';

    // Not WeChat Pay's API: the payee's side of wx.requestMerchantTransfer, for the demo and the tests.
    if (req.method === 'POST' && url.pathname === '/fake/transfer-bills/confirm') {
      let a: Record<string, string> = {};
      try { a = JSON.parse(raw); } catch { /* answered below */ }
      const r = await confirmTransfer({ mchId: String(a.mchId ?? ''), appId: String(a.appId ?? ''), package: String(a.package ?? ''), openId: a.openId });
      res.writeHead(r.status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ errMsg: r.errMsg }));
      return;
    }

    // Not WeChat Pay's API: the payer's side of wx.requestPayment (or a scan of a Native / H5 order).
    if (req.method === 'POST' && url.pathname === '/fake/transactions/pay') {
      let a: Record<string, string> = {};
      try { a = JSON.parse(raw); } catch { /* answered below */ }
      const r = await ordersApi.payOrder(a as unknown as PayOrderArgs);
      res.writeHead(r.status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ errMsg: r.errMsg }));
      return;
    }

    // Authorization: WECHATPAY2-SHA256-RSA2048 mchid, nonce_str, timestamp, serial_no, signature over
    // "METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n" (URL = path and query), checked with the merchant certificate.
    const auth = parseAuthorization(req.headers.authorization);
    const message = auth && `${req.method}\n${url.pathname}${url.search}\n${auth.timestamp}\n${auth.nonce_str}\n${raw}\n`;
    const fresh = auth && Math.abs(Date.now() / 1000 - Number(auth.timestamp)) <= 300;
    const signatureOk = !!(auth && message && fresh && auth.mchid === mchid && auth.serial_no?.toUpperCase() === merchant.serial
      && createVerify('RSA-SHA256').update(message).verify(merchantKey, auth.signature ?? '', 'base64'));
    const wechatpaySerial = (req.headers['wechatpay-serial'] as string | undefined) ?? null;
    const reply: FakeReply = (status, body) => { requests.push({ method: req.method ?? '', path: url.pathname, signatureOk, status, wechatpaySerial }); answer(res, status, body); return true; };
    if (!signatureOk) return reply(401, { code: 'SIGN_ERROR', message: '签名错误，请检查后再试' });

    if (req.method === 'GET' && url.pathname === '/v3/certificates') {
      // A merchant on the WeChat Pay public key has no platform certificate to download.
      if (signing === 'public_key') return reply(404, { code: 'NOT_FOUND', message: '商户未申请平台证书，请使用微信支付公钥验签' });
      return reply(200, {
        data: [{
          serial_no: platform.serial, effective_time: now(), expire_time: now(),
          encrypt_certificate: aesGcm(platform.cert, apiV3Key, 'certificate'),
        }],
      });
    }

    const method = req.method ?? '';
    if (billsApi.handle(method, url, raw, wechatpaySerial, reply) || batchesApi.handle(method, url, raw, reply) || ordersApi.handle(method, url, raw, reply)) return;
    return reply(404, { code: 'NOT_FOUND', message: '接口不存在' });
  });

  return {
    ...server,
    mchid, appid, apiV3Key, signing, merchant, platform, publicKey, signer, batches, bills, requests, notifications,
    orders: ordersApi.orders, refunds: ordersApi.refunds, payOrder: ordersApi.payOrder,
    transactionResource: ordersApi.transactionResource, refundResource: ordersApi.refundResource,
    failNextTransfer: (reason = 'ACCOUNT_FROZEN') => { faults.push(reason); },
    deliverNotificationsTo: (u) => { deliverTo = u; },
    dropNotifications: (d) => { drop = d; },
    signedNotification,
    confirmTransfer,
    expireBill,
    env: () => ({
      WECHATPAY_MCHID: mchid, WECHATPAY_APPID: appid, WECHATPAY_API_BASE: server.url,
      WECHATPAY_PRIVATE_KEY: merchant.privateKey, WECHATPAY_CERT: merchant.cert, WECHATPAY_SERIAL: merchant.serial, WECHATPAY_APIV3_KEY: apiV3Key,
      WECHATPAY_TRANSFER_API: opts.transferApi ?? 'bills',
      ...(signing === 'public_key'
        ? { WECHATPAY_VERIFY: 'public_key', WECHATPAY_PUBLIC_KEY_ID: publicKey.id, WECHATPAY_PUBLIC_KEY: publicKey.pem }
        : { WECHATPAY_VERIFY: 'platform_cert' }),
    }),
  };
}
