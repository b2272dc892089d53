// WeChat Pay v3 for reward payouts (商家转账), on wechatpay-node-v3 2.2.1. Two payout APIs, chosen by
// configuration (WECHATPAY_TRANSFER_API):
// - transfer bills, POST /v3/fund-app/mch-transfer/transfer-bills: the bill waits (WAIT_USER_CONFIRM) until the
//   payee confirms in the mini-program with wx.requestMerchantTransfer and the bill's package_info; the result
//   comes as MCHTRANSFER.BILL.FINISHED (SUCCESS / FAIL / CANCELLED). The only API for merchants who opened
//   商家转账 after 2025-01-15. The SDK has no method for it: requests are signed with its authorization helper.
// - batch transfers, POST /v3/transfer/batches (older merchants): paid at once, MCHTRANSFER.BATCH.FINISHED / CLOSED.
// And two ways to verify WeChat Pay's signatures (WECHATPAY_VERIFY): platform certificates fetched from
// /v3/certificates, or the WeChat Pay public key (Wechatpay-Serial PUB_KEY_ID_…) configured as a PEM.
//
// What the SDK does for us: request signing (Authorization: WECHATPAY2-SHA256-RSA2048 …) and the batch calls.
// What it does not, so we do it here (see /work/shared/LIBRARIES.md):
// - no base-URL option: every URL is https://api.mch.weixin.qq.com. We replace its HTTP layer (createHttp)
//   and rewrite the host to config.apiBase. Only the path is signed, so signatures stay valid.
// - its verifySign uses a static certificate map shared by every instance and checks no timestamp, and its
//   decipher_gcm never checks the GCM tag. So verification keys are kept per client, notifications
//   are verified here (signature, ±300 s, nonce once) and decrypted with node:crypto checking the tag.
import { createDecipheriv, createVerify, randomBytes, X509Certificate, createPublicKey, type KeyObject } from 'node:crypto';
import Pay from 'wechatpay-node-v3';
import type { Config } from '../config';
import { isDuplicateKey } from '../db/sequence';
import { PayNonceModel } from '../models/PayNonce';

type PayConfig = NonNullable<Config['wechatPay']>;
const OFFICIAL = 'https://api.mch.weixin.qq.com';
const BILLS = '/v3/fund-app/mch-transfer/transfer-bills';
const NOTIFY_MAX_AGE_S = 300;
/** A serial we do not know makes us fetch /v3/certificates at most this often (forged serials cost nothing). */
const CERT_REFETCH_MS = 60_000;

export interface HttpOutput { status: number; data?: any; error?: any; errRaw?: any; headers?: Record<string, string>; raw?: string }

/** The SDK with its protected signer reachable (for the paths it has no method for). */
class Sdk extends Pay {
  authorization(method: string, url: string, body?: Record<string, unknown>): string {
    // The SDK's signing string drops the (empty) body line of a POST without body; WeChat Pay signs it.
    if (method === 'POST' && body === undefined) {
      const nonce = randomBytes(16).toString('hex');
      const ts = String(Math.floor(Date.now() / 1000));
      return this.getAuthorization(nonce, ts, this.sha256WithRsa(`POST\n${url.replace(OFFICIAL, '')}\n${ts}\n${nonce}\n\n`));
    }
    return this.buildAuthorization(method, url, body);
  }
}

export type TransferApi = 'bills' | 'batches';

export type TransferResult =
  | { outcome: 'accepted'; batchId: string }
  | { outcome: 'rejected'; code: string; message: string }
  | { outcome: 'unknown'; message: string };

/** Where a payout stands at WeChat Pay, whichever API made it. */
export type PayoutState =
  | { state: 'paid' }
  | { state: 'failed'; reason: string }
  /** Transfer bills only: waiting for the payee's confirmation; package_info when WeChat Pay gave it. */
  | { state: 'waiting_user'; packageInfo: string | null }
  | { state: 'processing' }
  | { state: 'not_found' }
  | { state: 'unknown'; message: string };
export type BatchState = PayoutState;

export type BillResult =
  | { outcome: 'accepted'; billNo: string; state: PayoutState }
  | { outcome: 'rejected'; code: string; message: string }
  | { outcome: 'unknown'; message: string };

export interface TransferNotice {
  out_batch_no: string;
  batch_id: string;
  batch_status: string;
  success_num?: number;
  fail_num?: number;
  close_reason?: string;
  [k: string]: unknown;
}

/** MCHTRANSFER.BILL.FINISHED, decrypted. */
export interface BillNotice {
  mchid?: string;
  out_bill_no: string;
  transfer_bill_no?: string;
  state: string;
  transfer_amount?: number;
  fail_reason?: string;
  [k: string]: unknown;
}

/** A transfer bill's state as ours: WAIT_USER_CONFIRM waits for the payee; SUCCESS, FAIL, CANCELLED are final. */
export function billState(state: string, failReason?: unknown, packageInfo?: unknown): PayoutState {
  switch (state) {
    case 'SUCCESS': return { state: 'paid' };
    case 'FAIL': return { state: 'failed', reason: String(failReason ?? 'FAIL') };
    case 'CANCELLED': return { state: 'failed', reason: String(failReason ?? 'CANCELLED') };
    case 'WAIT_USER_CONFIRM': return { state: 'waiting_user', packageInfo: typeof packageInfo === 'string' && packageInfo ? packageInfo : null };
    // ACCEPTED, PROCESSING (funds being locked), TRANSFERING (confirmed, paying), CANCELING
    default: return { state: 'processing' };
  }
}

export class NotificationRejected extends Error {}

/** AEAD_AES_256_GCM as WeChat Pay uses it: base64(ciphertext ‖ 16-byte tag), the tag is checked. */
export function decryptResource(r: { ciphertext: string; nonce: string; associated_data?: string }, apiV3Key: string): string {
  const buf = Buffer.from(r.ciphertext, 'base64');
  if (buf.length < 17) throw new NotificationRejected('ciphertext too short');
  const d = createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(r.nonce, 'utf8'));
  d.setAuthTag(buf.subarray(buf.length - 16));
  if (r.associated_data) d.setAAD(Buffer.from(r.associated_data, 'utf8'));
  try {
    return Buffer.concat([d.update(buf.subarray(0, buf.length - 16)), d.final()]).toString('utf8');
  } catch {
    throw new NotificationRejected('GCM tag check failed');
  }
}

export class WechatPayClient {
  private readonly sdk: Sdk;
  private readonly platform = new Map<string, KeyObject>();
  private certsFetchedAt = 0;
  /** The WeChat Pay public key (public-key verification), or null (platform certificates). */
  private readonly wechatpayKey: KeyObject | null;
  readonly serial: string;

  constructor(readonly config: PayConfig) {
    this.serial = (config.serial ?? new X509Certificate(config.cert).serialNumber).toUpperCase();
    this.wechatpayKey = config.verify.mode === 'public_key' ? createPublicKey(config.verify.publicKey) : null;
    this.sdk = new Sdk({
      appid: config.appId, mchid: config.mchid, serial_no: this.serial,
      publicKey: Buffer.from(config.cert), privateKey: Buffer.from(config.privateKey), key: config.apiV3Key,
    });
    this.sdk.createHttp({
      post: (url, params, headers) => this.send('POST', url, headers, JSON.stringify(params)),
      get: (url, headers) => this.send('GET', url, headers),
      upload: async () => ({ status: 501, error: 'upload not used' }),
    });
  }

  get notifyUrl(): string { return this.config.notifyUrl; }
  get transferApi(): TransferApi { return this.config.transferApi; }
  get mchid(): string { return this.config.mchid; }
  get appId(): string { return this.config.appId ?? ''; }

  /**
   * The key that verifies a WeChat Pay signature with this Wechatpay-Serial, or null. Public-key mode: only the
   * configured PUB_KEY_ID_…. Certificate mode: a platform certificate; a PUB_KEY_ID_… serial is unknown.
   */
  async verifierFor(serial: string): Promise<KeyObject | null> {
    const v = this.config.verify;
    if (v.mode === 'public_key') return serial === v.keyId ? this.wechatpayKey : null;
    if (serial.startsWith('PUB_KEY_ID_')) return null;
    return this.platformKey(serial).catch(() => null);
  }

  /** Wechatpay-Serial of our requests: the public key id, or a platform certificate's serial. */
  private async wechatpaySerial(): Promise<string | null> {
    const v = this.config.verify;
    if (v.mode === 'public_key') return v.keyId;
    if (!this.platform.size) await this.platformKey('').catch(() => null);
    return this.platform.keys().next().value ?? null;
  }

  /** The HTTP layer handed to the SDK: same path and headers, our host, responses verified. */
  private async send(method: 'GET' | 'POST', url: string, headers: Record<string, string>, body?: string): Promise<HttpOutput> {
    const target = url.startsWith(OFFICIAL) ? this.config.apiBase + url.slice(OFFICIAL.length) : url;
    const { 'Accept-Encoding': _ae, ...rest } = headers; void _ae;
    let res: Response;
    try {
      res = await fetch(target, { method, headers: rest, body, signal: AbortSignal.timeout(10_000) });
    } catch (e) {
      return { status: 0, error: `network: ${(e as Error).message}` };
    }
    const text = await res.text();
    const h: Record<string, string> = {};
    res.headers.forEach((v, k) => { h[k] = v; });
    let data: unknown = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = text; }
    if (res.status >= 200 && res.status < 300 && !new URL(target).pathname.endsWith('/v3/certificates')) {
      // A success that is not signed by the platform is not a success we can rely on.
      if (!(await this.verifyResponse(h, text))) return { status: 0, error: 'response signature invalid', headers: h };
    }
    return res.status >= 200 && res.status < 300 ? { status: res.status, data, headers: h, raw: text } : { status: res.status, error: data, headers: h, raw: text };
  }

  private async verifyResponse(h: Record<string, string>, body: string): Promise<boolean> {
    const serial = h['wechatpay-serial'];
    if (!serial || !h['wechatpay-signature'] || !h['wechatpay-timestamp'] || !h['wechatpay-nonce']) return false;
    const key = await this.verifierFor(serial);
    if (!key) return false;
    return createVerify('RSA-SHA256').update(`${h['wechatpay-timestamp']}\n${h['wechatpay-nonce']}\n${body}\n`).verify(key, h['wechatpay-signature'], 'base64');
  }

  /** Platform certificate public key by serial: GET /v3/certificates, decrypted with the APIv3 key (tag checked). */
  async platformKey(serial: string): Promise<KeyObject | null> {
    const known = this.platform.get(serial);
    if (known) return known;
    if (this.config.verify.mode !== 'platform_cert') return null;
    if (this.platform.size && Date.now() - this.certsFetchedAt < CERT_REFETCH_MS) return null;
    this.certsFetchedAt = Date.now();
    const url = `${OFFICIAL}/v3/certificates`;
    const res = await this.send('GET', url, { Accept: 'application/json', Authorization: this.sdk.authorization('GET', url) });
    if (res.status !== 200) throw new Error(`platform certificates: HTTP ${res.status}`);
    const fresh = new Map<string, KeyObject>();
    for (const item of (res.data as { data?: { serial_no: string; encrypt_certificate: { ciphertext: string; nonce: string; associated_data: string } }[] })?.data ?? []) {
      const pem = decryptResource(item.encrypt_certificate, this.config.apiV3Key);
      fresh.set(item.serial_no, createPublicKey(new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'pem' })));
    }
    // The certificate list itself must be signed by one of the certificates it carries.
    const h = res.headers ?? {};
    const signer = fresh.get(h['wechatpay-serial'] ?? '');
    const text = res.raw ?? '';
    if (!signer || !createVerify('RSA-SHA256').update(`${h['wechatpay-timestamp']}\n${h['wechatpay-nonce']}\n${text}\n`).verify(signer, h['wechatpay-signature'] ?? '', 'base64')) {
      throw new Error('platform certificate list not signed by the platform');
    }
    for (const [k, v] of fresh) this.platform.set(k, v);
    return this.platform.get(serial) ?? null;
  }

  /** One transfer of `amountFen` to `openid`. Same out_batch_no again = the same batch (idempotent). */
  async transfer(input: { outBatchNo: string; outDetailNo: string; openid: string; amountFen: number; remark: string }): Promise<TransferResult> {
    const res = (await this.sdk.batches_transfer({
      out_batch_no: input.outBatchNo,
      batch_name: '有奖举报奖励',
      batch_remark: input.remark,
      total_amount: input.amountFen,
      total_num: 1,
      transfer_detail_list: [{ out_detail_no: input.outDetailNo, transfer_amount: input.amountFen, transfer_remark: input.remark, openid: input.openid }],
      notify_url: this.config.notifyUrl,
      wx_serial_no: (await this.wechatpaySerial()) ?? undefined,
    } as Parameters<Sdk['batches_transfer']>[0])) as HttpOutput;
    if (res.status === 200 && res.data?.batch_id) return { outcome: 'accepted', batchId: String(res.data.batch_id) };
    // 4xx except 429: WeChat refused it and no batch exists. Anything else: we do not know yet.
    if (res.status >= 400 && res.status < 500 && res.status !== 429) {
      return { outcome: 'rejected', code: String(res.error?.code ?? res.status), message: String(res.error?.message ?? '') };
    }
    return { outcome: 'unknown', message: String(res.error ?? `HTTP ${res.status}`) };
  }

  async queryBatch(outBatchNo: string): Promise<BatchState> {
    const res = (await this.sdk.query_batches_transfer_list({ out_batch_no: outBatchNo, need_query_detail: true, detail_status: 'ALL' })) as HttpOutput;
    if (res.status === 404) return { state: 'not_found' };
    if (res.status !== 200) return { state: 'unknown', message: String(res.error?.message ?? res.error ?? res.status) };
    const b = res.data?.transfer_batch ?? {};
    const detail = (res.data?.transfer_detail_list ?? [])[0];
    if (b.batch_status === 'CLOSED') return { state: 'failed', reason: String(b.close_reason ?? 'CLOSED') };
    if (b.batch_status !== 'FINISHED') return { state: 'processing' };
    if (detail?.detail_status === 'SUCCESS' || (b.success_num ?? 0) > 0) return { state: 'paid' };
    return { state: 'failed', reason: String(detail?.fail_reason ?? 'FAIL') };
  }

  /** A signed call of a path the SDK has no method for (transfer bills, payments in services/payments.ts). */
  async call(method: 'GET' | 'POST', path: string, body?: Record<string, unknown>): Promise<HttpOutput> {
    const url = `${OFFICIAL}${path}`;
    const serial = await this.wechatpaySerial();
    const headers: Record<string, string> = {
      Accept: 'application/json', 'User-Agent': 'xiaozuofang wechatpay-node-v3',
      Authorization: this.sdk.authorization(method, url, body),
      ...(method === 'POST' ? { 'Content-Type': 'application/json' } : {}),
      ...(serial ? { 'Wechatpay-Serial': serial } : {}),
    };
    return this.send(method, url, headers, body ? JSON.stringify(body) : undefined);
  }

  /**
   * One transfer bill of `amountFen` to `openid`; it waits for the payee's confirmation. The same out_bill_no
   * with the same content again is the same bill (and gives its package_info again while it waits).
   */
  async createBill(input: { outBillNo: string; openid: string; amountFen: number; remark: string }): Promise<BillResult> {
    const b = this.config.bill;
    const res = await this.call('POST', BILLS, {
      appid: this.config.appId,
      out_bill_no: input.outBillNo,
      transfer_scene_id: b.sceneId,
      openid: input.openid,
      transfer_amount: input.amountFen,
      transfer_remark: input.remark,
      notify_url: this.config.notifyUrl,
      user_recv_perception: b.perception,
      transfer_scene_report_infos: b.reportInfos,
    });
    if (res.status === 200 && res.data?.out_bill_no === input.outBillNo) {
      return { outcome: 'accepted', billNo: String(res.data.transfer_bill_no ?? ''), state: billState(String(res.data.state), res.data.fail_reason, res.data.package_info) };
    }
    // WeChat Pay: after a non-200 answer, do not take a new out_bill_no before a query shows the bill failed
    // or absent. So a refusal is only believed when the query finds no bill.
    if (res.status >= 400 && res.status < 500 && res.status !== 429) {
      const q = await this.queryBill(input.outBillNo);
      if (q.state === 'not_found') return { outcome: 'rejected', code: String(res.error?.code ?? res.status), message: String(res.error?.message ?? '') };
      if (q.state !== 'unknown') return { outcome: 'accepted', billNo: '', state: q };
    }
    return { outcome: 'unknown', message: String(res.error?.message ?? res.error ?? `HTTP ${res.status}`) };
  }

  async queryBill(outBillNo: string): Promise<PayoutState> {
    const res = await this.call('GET', `${BILLS}/out-bill-no/${encodeURIComponent(outBillNo)}`);
    if (res.status === 404) return { state: 'not_found' };
    if (res.status !== 200) return { state: 'unknown', message: String(res.error?.message ?? res.error ?? res.status) };
    return billState(String(res.data?.state), res.data?.fail_reason, res.data?.package_info);
  }

  /** Cancels a bill the payee has not confirmed (撤销转账); the final CANCELLED comes by notification or query. */
  async cancelBill(outBillNo: string): Promise<{ ok: boolean; message: string }> {
    const res = await this.call('POST', `${BILLS}/out-bill-no/${encodeURIComponent(outBillNo)}/cancel`);
    return { ok: res.status === 200, message: res.status === 200 ? String(res.data?.state ?? '') : String(res.error?.message ?? res.error ?? res.status) };
  }

  /** Where the payout `outNo` made with `api` stands. */
  async queryPayout(api: TransferApi, outNo: string): Promise<PayoutState> {
    return api === 'bills' ? this.queryBill(outNo) : this.queryBatch(outNo);
  }

  /**
   * A transfer-result notification (batch or bill): the signature over the raw body first, by the key its
   * Wechatpay-Serial names in the configured mode; then its age (≤ 300 s) and nonce (once); then the resource
   * decrypted with the tag checked, and it must be about our merchant.
   */
  async verifyNotification(headers: Record<string, string | string[] | undefined>, rawBody: string, now = Date.now()): Promise<{ eventType: string; resource: Record<string, unknown> }> {
    const h = (k: string) => { const v = headers[k]; return Array.isArray(v) ? v[0] : v; };
    const ts = h('wechatpay-timestamp');
    const nonce = h('wechatpay-nonce');
    const signature = h('wechatpay-signature');
    const serial = h('wechatpay-serial');
    if (!ts || !nonce || !signature || !serial) throw new NotificationRejected('missing Wechatpay-* headers');
    const key = await this.verifierFor(serial);
    if (!key) throw new NotificationRejected(`unknown Wechatpay-Serial (${this.config.verify.mode})`);
    if (!createVerify('RSA-SHA256').update(`${ts}\n${nonce}\n${rawBody}\n`).verify(key, signature, 'base64')) throw new NotificationRejected('bad signature');
    if (!/^\d{1,12}$/.test(ts) || Math.abs(now / 1000 - Number(ts)) > NOTIFY_MAX_AGE_S) throw new NotificationRejected('stale timestamp');
    try {
      await PayNonceModel.create({ _id: nonce.slice(0, 64) });
    } catch (e) {
      if (isDuplicateKey(e)) throw new NotificationRejected('replayed nonce');
      throw e;
    }
    let body: { event_type?: string; resource?: { algorithm?: string; ciphertext: string; nonce: string; associated_data?: string } };
    try { body = JSON.parse(rawBody); } catch { throw new NotificationRejected('body is not JSON'); }
    if (!body.resource || body.resource.algorithm !== 'AEAD_AES_256_GCM') throw new NotificationRejected('unsupported resource');
    const plain = decryptResource(body.resource, this.config.apiV3Key);
    let resource: Record<string, unknown>;
    try { resource = JSON.parse(plain); } catch { throw new NotificationRejected('resource is not JSON'); }
    const mchid = resource.mchid ?? resource.mch_id;
    if (mchid !== undefined && String(mchid) !== this.config.mchid) throw new NotificationRejected('another merchant');
    return { eventType: String(body.event_type ?? ''), resource };
  }
}

