// WeChat Pay v3 for reward payouts (商家转账到零钱, POST /v3/transfer/batches), on wechatpay-node-v3 2.2.1.
//
// What the SDK does for us: request signing (Authorization: WECHATPAY2-SHA256-RSA2048 …) and the API calls.
// What it does not, so we do it here (see /work/shared/LIBRARIES.md):
// - no base-URL option: every URL is https://api.mch.weixin.qq.com. We replace its HTTP layer (createHttp)
//   and rewrite the host to config.apiBase. Only the path is signed, so signatures stay valid.
// - its verifySign uses a static certificate map shared by every instance and checks no timestamp, and its
//   decipher_gcm never checks the GCM tag. So platform certificates are kept per client, notifications
//   are verified here (signature, ±300 s, nonce once) and decrypted with node:crypto checking the tag.
import { createDecipheriv, createVerify, randomBytes, X509Certificate, createPublicKey, type KeyObject } from 'node:crypto';
import Pay from 'wechatpay-node-v3';
import type { Config } from '../config';
import { isDuplicateKey } from '../db/sequence';
import { PayNonceModel } from '../models/PayNonce';

type PayConfig = NonNullable<Config['wechatPay']>;
const OFFICIAL = 'https://api.mch.weixin.qq.com';
export const NOTIFY_MAX_AGE_S = 300;

interface HttpOutput { status: number; data?: any; error?: any; errRaw?: any; headers?: Record<string, string>; raw?: string }

/** The SDK with its protected signer reachable (used for GET /v3/certificates, fetched by us). */
class Sdk extends Pay {
  authorization(method: string, url: string, body?: Record<string, unknown>): string {
    return this.buildAuthorization(method, url, body);
  }
}

export type TransferResult =
  | { outcome: 'accepted'; batchId: string }
  | { outcome: 'rejected'; code: string; message: string }
  | { outcome: 'unknown'; message: string };

export type BatchState =
  | { state: 'paid' }
  | { state: 'failed'; reason: string }
  | { state: 'processing' }
  | { state: 'not_found' }
  | { state: 'unknown'; message: string };

export interface TransferNotice {
  out_batch_no: string;
  batch_id: string;
  batch_status: string;
  success_num?: number;
  fail_num?: number;
  close_reason?: string;
  [k: string]: unknown;
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
  readonly serial: string;

  constructor(readonly config: PayConfig) {
    this.serial = (config.serial ?? new X509Certificate(config.cert).serialNumber).toUpperCase();
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
    const key = await this.platformKey(serial).catch(() => null);
    if (!key) return false;
    return createVerify('RSA-SHA256').update(`${h['wechatpay-timestamp']}\n${h['wechatpay-nonce']}\n${body}\n`).verify(key, h['wechatpay-signature'], 'base64');
  }

  /** Platform certificate public key by serial: GET /v3/certificates, decrypted with the APIv3 key (tag checked). */
  async platformKey(serial: string): Promise<KeyObject | null> {
    const known = this.platform.get(serial);
    if (known) return known;
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

  /**
   * A transfer-result notification: signature by the platform certificate over the raw body first,
   * then its age (≤ 300 s) and nonce (once), then the resource decrypted with the tag checked.
   */
  async verifyNotification(headers: Record<string, string | string[] | undefined>, rawBody: string, now = Date.now()): Promise<{ eventType: string; resource: TransferNotice }> {
    const h = (k: string) => { const v = headers[k]; return Array.isArray(v) ? v[0] : v; };
    const ts = h('wechatpay-timestamp');
    const nonce = h('wechatpay-nonce');
    const signature = h('wechatpay-signature');
    const serial = h('wechatpay-serial');
    if (!ts || !nonce || !signature || !serial) throw new NotificationRejected('missing Wechatpay-* headers');
    const key = await this.platformKey(serial).catch(() => null);
    if (!key) throw new NotificationRejected('unknown platform certificate');
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
    return { eventType: String(body.event_type ?? ''), resource: JSON.parse(plain) as TransferNotice };
  }
}

export const newNonce = () => randomBytes(16).toString('hex');
