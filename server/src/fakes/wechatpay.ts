// A local stand-in for the WeChat Pay v3 API (api.mch.weixin.qq.com) used by the demo and the tests:
// merchant transfers (商家转账到零钱) with the real request/response fields. It checks every request's
// Authorization signature with the merchant certificate, signs every response with the platform key
// (Wechatpay-* headers), serves the platform certificate encrypted with the APIv3 key, and posts transfer
// results to notify_url signed and encrypted as WeChat Pay does. Keys and certificates are made at start.
import { createCipheriv, createSign, createVerify, generateKeyPairSync, randomBytes, randomUUID, X509Certificate } from 'node:crypto';
import { listenLoopback, readBody, type FakeServer } from './http';
import type http from 'node:http';

export interface KeyAndCert { privateKey: string; cert: string; serial: string }

export interface FakeBatch {
  mchid: string;
  appid: string;
  out_batch_no: string;
  batch_id: string;
  batch_name: string;
  batch_remark: string;
  total_amount: number;
  total_num: number;
  notify_url: string | null;
  create_time: string;
  update_time: string;
  batch_status: 'ACCEPTED' | 'PROCESSING' | 'FINISHED' | 'CLOSED';
  details: { out_detail_no: string; detail_id: string; openid: string; transfer_amount: number; detail_status: 'PROCESSING' | 'SUCCESS' | 'FAIL'; fail_reason?: string }[];
  /** The request body as sent, to tell a repeat from a different batch with the same out_batch_no. */
  content: string;
}

export interface WechatPayFake extends FakeServer {
  mchid: string;
  appid: string;
  apiV3Key: string;
  merchant: KeyAndCert;
  platform: KeyAndCert;
  batches: Map<string, FakeBatch>;
  /** Every request with whether its signature checked out. */
  requests: { method: string; path: string; signatureOk: boolean; status: number }[];
  /** Notifications sent: where, what and the answer. */
  notifications: { url: string; outBatchNo: string; status: number | null }[];
  /** The next transfer detail fails (e.g. the user's wallet is restricted); the one after succeeds. */
  failNextTransfer(reason?: string): void;
  /** Tests: notify_url points at a public host; deliver to this base URL instead (path kept). */
  deliverNotificationsTo(baseUrl: string | null): void;
  /** Builds signed headers + body for a transfer notification (tests craft tampered ones from it). */
  signedNotification(resource: Record<string, unknown>, opts?: { timestamp?: number; nonce?: string }): { headers: Record<string, string>; body: string };
  /** Environment for loadConfig pointing the server at this fake. */
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

export async function startWechatPayFake(opts: { mchid?: string; appid?: string; notifyDelayMs?: number } = {}): Promise<WechatPayFake> {
  const mchid = opts.mchid ?? '1900000109';
  const appid = opts.appid ?? 'wx0000000000000000';
  const apiV3Key = randomBytes(16).toString('hex'); // 32 characters
  const [merchant, platform] = await Promise.all([keyAndCert(`${mchid}_merchant`), keyAndCert('Tenpay.com platform')]);
  const merchantKey = new X509Certificate(merchant.cert).publicKey;
  const batches = new Map<string, FakeBatch>();
  const requests: WechatPayFake['requests'] = [];
  const notifications: WechatPayFake['notifications'] = [];
  const faults: string[] = [];
  let deliverTo: string | null = null;
  let seq = 1000;

  const sign = (message: string) => createSign('RSA-SHA256').update(message).sign(platform.privateKey, 'base64');
  const signedHeaders = (body: string, ts = Math.floor(Date.now() / 1000), nonce = randomBytes(16).toString('hex')) => ({
    'Wechatpay-Timestamp': String(ts),
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Serial': platform.serial,
    'Wechatpay-Signature': sign(`${ts}\n${nonce}\n${body}\n`),
    'Wechatpay-Signature-Type': AUTH_TYPE,
  });
  const answer = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = body === null ? '' : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'Request-ID': randomUUID(), ...signedHeaders(text) });
    res.end(text);
  };

  const signedNotification: WechatPayFake['signedNotification'] = (resource, o = {}) => {
    const body = JSON.stringify({
      id: randomUUID(), create_time: now(), resource_type: 'encrypt-resource',
      event_type: resource.batch_status === 'CLOSED' ? 'MCHTRANSFER.BATCH.CLOSED' : 'MCHTRANSFER.BATCH.FINISHED',
      summary: '商家转账批次处理完成',
      resource: { original_type: 'mch_payment', ...aesGcm(JSON.stringify(resource), apiV3Key, 'mch_payment') },
    });
    return { headers: { 'content-type': 'application/json', ...signedHeaders(body, o.timestamp, o.nonce) }, body };
  };

  const notify = async (b: FakeBatch) => {
    if (!b.notify_url) return;
    const d = b.details[0];
    const resource = {
      mchid: b.mchid, out_batch_no: b.out_batch_no, batch_id: b.batch_id, batch_status: b.batch_status,
      total_num: b.total_num, total_amount: b.total_amount,
      success_amount: d.detail_status === 'SUCCESS' ? d.transfer_amount : 0, success_num: d.detail_status === 'SUCCESS' ? 1 : 0,
      fail_amount: d.detail_status === 'FAIL' ? d.transfer_amount : 0, fail_num: d.detail_status === 'FAIL' ? 1 : 0,
      update_time: b.update_time,
    };
    const { headers, body } = signedNotification(resource);
    const target = deliverTo ? deliverTo.replace(/\/$/, '') + new URL(b.notify_url).pathname : b.notify_url;
    const record: WechatPayFake['notifications'][number] = { url: target, outBatchNo: b.out_batch_no, status: null };
    notifications.push(record);
    try {
      const r = await fetch(target, { method: 'POST', headers, body, signal: AbortSignal.timeout(5000) });
      record.status = r.status;
    } catch {
      record.status = 0;
    }
  };

  const process = (b: FakeBatch) => {
    setTimeout(() => {
      const fault = faults.shift();
      for (const d of b.details) {
        d.detail_status = fault ? 'FAIL' : 'SUCCESS';
        if (fault) d.fail_reason = fault;
      }
      b.batch_status = 'FINISHED';
      b.update_time = now();
      void notify(b);
    }, opts.notifyDelayMs ?? 30);
  };

  const server = await listenLoopback(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = req.method === 'POST' ? (await readBody(req)).toString('utf8') : '';
    // Authorization: WECHATPAY2-SHA256-RSA2048 mchid, nonce_str, timestamp, serial_no, signature over
    // "METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n" (URL = path and query), checked with the merchant certificate.
    const auth = parseAuthorization(req.headers.authorization);
    const message = auth && `${req.method}\n${url.pathname}${url.search}\n${auth.timestamp}\n${auth.nonce_str}\n${raw}\n`;
    const fresh = auth && Math.abs(Date.now() / 1000 - Number(auth.timestamp)) <= 300;
    const signatureOk = !!(auth && message && fresh && auth.mchid === mchid && auth.serial_no?.toUpperCase() === merchant.serial
      && createVerify('RSA-SHA256').update(message).verify(merchantKey, auth.signature ?? '', 'base64'));
    const reply = (status: number, body: unknown) => { requests.push({ method: req.method ?? '', path: url.pathname, signatureOk, status }); answer(res, status, body); };
    if (!signatureOk) return reply(401, { code: 'SIGN_ERROR', message: '签名错误，请检查后再试' });

    if (req.method === 'GET' && url.pathname === '/v3/certificates') {
      return reply(200, {
        data: [{
          serial_no: platform.serial, effective_time: now(), expire_time: now(),
          encrypt_certificate: aesGcm(platform.cert, apiV3Key, 'certificate'),
        }],
      });
    }

    if (req.method === 'POST' && url.pathname === '/v3/transfer/batches') {
      let body: Record<string, any>;
      try { body = JSON.parse(raw); } catch { return reply(400, { code: 'PARAM_ERROR', message: '请求体不是合法的JSON' }); }
      const details = Array.isArray(body.transfer_detail_list) ? body.transfer_detail_list : [];
      const problem =
        body.appid !== appid ? 'appid与商户号不匹配'
          : !/^[A-Za-z0-9]{5,32}$/.test(body.out_batch_no ?? '') ? 'out_batch_no格式错误'
            : !body.batch_name || !body.batch_remark ? '批次名称或备注不能为空'
              : !details.length || details.length !== body.total_num ? 'total_num与明细笔数不一致'
                : details.reduce((s: number, d: { transfer_amount: number }) => s + d.transfer_amount, 0) !== body.total_amount ? 'total_amount与明细金额之和不一致'
                  : details.some((d: Record<string, unknown>) => !d.openid || !/^[A-Za-z0-9]{5,32}$/.test(String(d.out_detail_no ?? '')) || !Number.isInteger(d.transfer_amount) || (d.transfer_amount as number) < 10)
                    ? '转账明细不合法' : null;
      if (problem) return reply(400, { code: 'PARAM_ERROR', message: problem });
      const existing = batches.get(body.out_batch_no);
      if (existing) {
        // The same out_batch_no: a repeat of the same request gets the same answer; other content is refused.
        if (existing.content !== raw) return reply(400, { code: 'INVALID_REQUEST', message: '商家批次单号已存在，但请求内容不一致' });
        return reply(200, { out_batch_no: existing.out_batch_no, batch_id: existing.batch_id, create_time: existing.create_time, batch_status: existing.batch_status });
      }
      seq += 1;
      const b: FakeBatch = {
        mchid, appid, out_batch_no: body.out_batch_no, batch_id: `131000${Date.now()}${seq}`, batch_name: body.batch_name, batch_remark: body.batch_remark,
        total_amount: body.total_amount, total_num: body.total_num, notify_url: body.notify_url ?? null, create_time: now(), update_time: now(),
        batch_status: 'ACCEPTED', content: raw,
        details: details.map((d: Record<string, any>, i: number) => ({ out_detail_no: d.out_detail_no, detail_id: `${seq}${i}`, openid: d.openid, transfer_amount: d.transfer_amount, detail_status: 'PROCESSING' })),
      };
      batches.set(b.out_batch_no, b);
      process(b);
      return reply(200, { out_batch_no: b.out_batch_no, batch_id: b.batch_id, create_time: b.create_time, batch_status: 'ACCEPTED' });
    }

    const q = /^\/v3\/transfer\/batches\/out-batch-no\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && q) {
      const b = batches.get(decodeURIComponent(q[1]));
      if (!b) return reply(404, { code: 'NOT_FOUND', message: '记录不存在' });
      const ok = b.details.filter((d) => d.detail_status === 'SUCCESS');
      const bad = b.details.filter((d) => d.detail_status === 'FAIL');
      const withDetail = url.searchParams.get('need_query_detail') === 'true' && b.batch_status === 'FINISHED';
      return reply(200, {
        limit: 20, offset: 0,
        transfer_batch: {
          mchid, out_batch_no: b.out_batch_no, batch_id: b.batch_id, appid, batch_status: b.batch_status, batch_type: 'API',
          batch_name: b.batch_name, batch_remark: b.batch_remark, total_amount: b.total_amount, total_num: b.total_num,
          success_amount: ok.reduce((s, d) => s + d.transfer_amount, 0), success_num: ok.length,
          fail_amount: bad.reduce((s, d) => s + d.transfer_amount, 0), fail_num: bad.length,
          create_time: b.create_time, update_time: b.update_time,
        },
        transfer_detail_list: withDetail ? b.details.map((d) => ({ detail_id: d.detail_id, out_detail_no: d.out_detail_no, detail_status: d.detail_status, ...(d.fail_reason ? { fail_reason: d.fail_reason } : {}) })) : [],
      });
    }
    return reply(404, { code: 'NOT_FOUND', message: '接口不存在' });
  });

  return {
    ...server,
    mchid, appid, apiV3Key, merchant, platform, batches, requests, notifications,
    failNextTransfer: (reason = 'ACCOUNT_FROZEN') => { faults.push(reason); },
    deliverNotificationsTo: (u) => { deliverTo = u; },
    signedNotification,
    env: () => ({
      WECHATPAY_MCHID: mchid, WECHATPAY_APPID: appid, WECHATPAY_API_BASE: server.url,
      WECHATPAY_PRIVATE_KEY: merchant.privateKey, WECHATPAY_CERT: merchant.cert, WECHATPAY_SERIAL: merchant.serial, WECHATPAY_APIV3_KEY: apiV3Key,
    }),
  };
}
