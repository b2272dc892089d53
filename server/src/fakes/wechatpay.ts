// A local stand-in for the WeChat Pay v3 API (api.mch.weixin.qq.com) used by the demo and the tests, with the
// real request/response fields of both payout APIs:
// - transfer bills (商家转账, POST /v3/fund-app/mch-transfer/transfer-bills): a bill waits in WAIT_USER_CONFIRM
//   with a package_info until the payee confirms in the mini-program (wx.requestMerchantTransfer); the fake
//   plays that step at POST /fake/transfer-bills/confirm. Query by out_bill_no, cancel (撤销), closing after
//   the confirmation window (FAIL, OVERDUE_CLOSE), MCHTRANSFER.BILL.FINISHED notifications.
// - batch transfers (商家转账到零钱, POST /v3/transfer/batches), paid at once, MCHTRANSFER.BATCH.* notifications.
// It checks every request's Authorization signature with the merchant certificate and signs every response
// and notification with the WeChat Pay key of its mode: a platform certificate (served encrypted with the
// APIv3 key at /v3/certificates) or the WeChat Pay public key (Wechatpay-Serial PUB_KEY_ID_…, no
// certificates). Notifications are encrypted (AEAD_AES_256_GCM) as WeChat Pay does. Keys are made at start.
import { createCipheriv, createSign, createVerify, generateKeyPairSync, randomBytes, randomInt, randomUUID, X509Certificate } from 'node:crypto';
import { listenLoopback, readBody, type FakeServer } from './http';
import type http from 'node:http';

export interface KeyAndCert { privateKey: string; cert: string; serial: string }
export type FakeSigning = 'platform_cert' | 'public_key';

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

export type BillState = 'ACCEPTED' | 'PROCESSING' | 'WAIT_USER_CONFIRM' | 'TRANSFERING' | 'SUCCESS' | 'FAIL' | 'CANCELING' | 'CANCELLED';

export interface FakeBill {
  mchid: string;
  appid: string;
  out_bill_no: string;
  transfer_bill_no: string;
  transfer_scene_id: string;
  openid: string;
  transfer_amount: number;
  transfer_remark: string;
  user_recv_perception: string | null;
  transfer_scene_report_infos: { info_type: string; info_content: string }[];
  notify_url: string | null;
  state: BillState;
  fail_reason?: string;
  package_info: string;
  create_time: string;
  update_time: string;
  createdAt: number;
  content: string;
}

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
  signedNotification(resource: Record<string, unknown>, opts?: { timestamp?: number; nonce?: string }): { headers: Record<string, string>; body: string };
  /** The payee confirms in wx.requestMerchantTransfer, with what the mini-program passes to it. */
  confirmTransfer(args: { mchId: string; appId: string; package: string; openId?: string }): Promise<{ status: number; errMsg: string }>;
  /** WeChat Pay closes a bill nobody confirmed within the window (FAIL, OVERDUE_CLOSE). */
  expireBill(outBillNo: string): Promise<void>;
  /** Environment for loadConfig pointing the server at this fake in its mode. */
  env(): Record<string, string>;
}

const AUTH_TYPE = 'WECHATPAY2-SHA256-RSA2048';
/** RFC 3339 in Beijing time, as WeChat Pay writes times. */
const now = () => `${new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
const BILLS = '/v3/fund-app/mch-transfer/transfer-bills';
/** 用户收款感知 allowed per scene (the fake knows 1000 现金营销 and 1005 佣金报酬), as WeChat Pay checks them. */
const PERCEPTIONS: Record<string, string[]> = { 1000: ['活动奖励', '现金奖励'], 1005: ['劳务报酬', '报酬收入'] };
/** Report fields each scene requires (转账场景报备信息). */
const REPORT_TYPES: Record<string, string[]> = { 1000: ['活动名称', '奖励说明'], 1005: ['岗位类型', '报酬说明'] };

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
  const batches = new Map<string, FakeBatch>();
  const bills = new Map<string, FakeBill>();
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
    const body = JSON.stringify({
      id: randomUUID(), create_time: now(), resource_type: 'encrypt-resource',
      event_type: bill ? 'MCHTRANSFER.BILL.FINISHED' : resource.batch_status === 'CLOSED' ? 'MCHTRANSFER.BATCH.CLOSED' : 'MCHTRANSFER.BATCH.FINISHED',
      summary: bill ? '商家转账单据终态通知' : '商家转账批次处理完成',
      resource: { original_type: 'mch_payment', ...aesGcm(JSON.stringify(resource), apiV3Key, 'mch_payment') },
    });
    return { headers: { 'content-type': 'application/json', ...signedHeaders(body, o.timestamp, o.nonce) }, body };
  };

  const deliver = async (notifyUrl: string | null, outNo: string, resource: Record<string, unknown>) => {
    if (!notifyUrl) return;
    const { headers, body } = signedNotification(resource);
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

  const notifyBatch = (b: FakeBatch) => {
    const d = b.details[0];
    return deliver(b.notify_url, b.out_batch_no, {
      mchid: b.mchid, out_batch_no: b.out_batch_no, batch_id: b.batch_id, batch_status: b.batch_status,
      total_num: b.total_num, total_amount: b.total_amount,
      success_amount: d.detail_status === 'SUCCESS' ? d.transfer_amount : 0, success_num: d.detail_status === 'SUCCESS' ? 1 : 0,
      fail_amount: d.detail_status === 'FAIL' ? d.transfer_amount : 0, fail_num: d.detail_status === 'FAIL' ? 1 : 0,
      update_time: b.update_time,
    });
  };

  // MCHTRANSFER.BILL.FINISHED: sent when a bill reaches SUCCESS, FAIL or CANCELLED.
  const notifyBill = (b: FakeBill) => deliver(b.notify_url, b.out_bill_no, {
    mchid: b.mchid, out_bill_no: b.out_bill_no, transfer_bill_no: b.transfer_bill_no, state: b.state,
    transfer_amount: b.transfer_amount, openid: b.openid, ...(b.fail_reason ? { fail_reason: b.fail_reason } : {}),
    create_time: b.create_time, update_time: b.update_time,
  });

  const finishBill = (b: FakeBill, state: 'SUCCESS' | 'FAIL' | 'CANCELLED', reason?: string) => {
    b.state = state;
    if (reason) b.fail_reason = reason;
    b.update_time = now();
    return notifyBill(b);
  };

  /** A bill past the confirmation window is closed when next looked at (WeChat Pay closes it on its own). */
  const age = (b: FakeBill) => {
    if (b.state === 'WAIT_USER_CONFIRM' && Date.now() - b.createdAt > confirmWindowMs) void finishBill(b, 'FAIL', 'OVERDUE_CLOSE');
  };

  const processBatch = (b: FakeBatch) => {
    setTimeout(() => {
      const fault = faults.shift();
      for (const d of b.details) {
        d.detail_status = fault ? 'FAIL' : 'SUCCESS';
        if (fault) d.fail_reason = fault;
      }
      b.batch_status = 'FINISHED';
      b.update_time = now();
      void notifyBatch(b);
    }, delay);
  };

  const confirmTransfer: WechatPayFake['confirmTransfer'] = async (a) => {
    const b = [...bills.values()].find((x) => x.package_info === a.package);
    if (!b || a.mchId !== mchid || a.appId !== b.appid) return { status: 400, errMsg: 'requestMerchantTransfer:fail package信息有误' };
    age(b);
    if (b.state !== 'WAIT_USER_CONFIRM') return { status: 400, errMsg: 'requestMerchantTransfer:fail 该笔转账已失效' };
    if (a.openId && a.openId !== b.openid) return { status: 400, errMsg: 'requestMerchantTransfer:fail 你的微信号与商家指定的微信号不一致' };
    b.state = 'TRANSFERING';
    b.update_time = now();
    setTimeout(() => {
      const fault = faults.shift();
      void finishBill(b, fault ? 'FAIL' : 'SUCCESS', fault);
    }, delay);
    return { status: 200, errMsg: 'requestMerchantTransfer:ok' };
  };

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

    // Authorization: WECHATPAY2-SHA256-RSA2048 mchid, nonce_str, timestamp, serial_no, signature over
    // "METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n" (URL = path and query), checked with the merchant certificate.
    const auth = parseAuthorization(req.headers.authorization);
    const message = auth && `${req.method}\n${url.pathname}${url.search}\n${auth.timestamp}\n${auth.nonce_str}\n${raw}\n`;
    const fresh = auth && Math.abs(Date.now() / 1000 - Number(auth.timestamp)) <= 300;
    const signatureOk = !!(auth && message && fresh && auth.mchid === mchid && auth.serial_no?.toUpperCase() === merchant.serial
      && createVerify('RSA-SHA256').update(message).verify(merchantKey, auth.signature ?? '', 'base64'));
    const wechatpaySerial = (req.headers['wechatpay-serial'] as string | undefined) ?? null;
    const reply = (status: number, body: unknown) => { requests.push({ method: req.method ?? '', path: url.pathname, signatureOk, status, wechatpaySerial }); answer(res, status, body); };
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

    // --- transfer bills ---
    if (req.method === 'POST' && url.pathname === BILLS) {
      let body: Record<string, any>;
      try { body = JSON.parse(raw); } catch { return reply(400, { code: 'PARAM_ERROR', message: '请求体不是合法的JSON' }); }
      const infos = Array.isArray(body.transfer_scene_report_infos) ? body.transfer_scene_report_infos as { info_type?: unknown; info_content?: unknown }[] : [];
      const scene = String(body.transfer_scene_id ?? '');
      const problem =
        wechatpaySerial !== signer.serial ? 'Wechatpay-Serial 应为商户的微信支付公钥ID或平台证书序列号'
          : body.appid !== appid ? 'appid与商户号不匹配'
            : !/^[A-Za-z0-9]{5,32}$/.test(body.out_bill_no ?? '') ? 'out_bill_no格式错误'
              : !PERCEPTIONS[scene] ? '转账场景ID不存在或未开通'
                : typeof body.openid !== 'string' || !body.openid ? 'openid不能为空'
                  : !Number.isInteger(body.transfer_amount) || body.transfer_amount < 10 ? '转账金额不合法'
                    : typeof body.transfer_remark !== 'string' || !body.transfer_remark || [...body.transfer_remark].length > 32 ? '转账备注不合法'
                      : REPORT_TYPES[scene].some((t) => !infos.some((i) => i.info_type === t && typeof i.info_content === 'string' && i.info_content)) ? '需传入转账场景报备信息,请检查'
                        : null;
      if (problem) return reply(400, { code: 'PARAM_ERROR', message: problem });
      if (body.user_recv_perception != null && !PERCEPTIONS[scene].includes(body.user_recv_perception)) {
        return reply(400, { code: 'INVALID_REQUEST', message: '暂不支持展示当前传入的用户收款感知' });
      }
      const shape = (b: FakeBill) => ({
        out_bill_no: b.out_bill_no, transfer_bill_no: b.transfer_bill_no, create_time: b.create_time, state: b.state,
        ...(b.state === 'WAIT_USER_CONFIRM' ? { package_info: b.package_info } : {}), ...(b.fail_reason ? { fail_reason: b.fail_reason } : {}),
      });
      const existing = bills.get(body.out_bill_no);
      if (existing) {
        if (existing.content !== raw) return reply(400, { code: 'INVALID_REQUEST', message: '商户单号已存在，但请求内容不一致' });
        age(existing);
        return reply(200, shape(existing));
      }
      seq += 1;
      const b: FakeBill = {
        mchid, appid, out_bill_no: body.out_bill_no, transfer_bill_no: `1330000${Date.now()}${seq}`, transfer_scene_id: scene,
        openid: body.openid, transfer_amount: body.transfer_amount, transfer_remark: body.transfer_remark,
        user_recv_perception: body.user_recv_perception ?? null, transfer_scene_report_infos: infos as FakeBill['transfer_scene_report_infos'],
        notify_url: body.notify_url ?? null, state: 'WAIT_USER_CONFIRM', package_info: randomBytes(48).toString('base64'),
        create_time: now(), update_time: now(), createdAt: Date.now(), content: raw,
      };
      bills.set(b.out_bill_no, b);
      return reply(200, shape(b));
    }

    const bq = /^\/v3\/fund-app\/mch-transfer\/transfer-bills\/out-bill-no\/([^/]+)(\/cancel)?$/.exec(url.pathname);
    if (bq && ((req.method === 'GET' && !bq[2]) || (req.method === 'POST' && bq[2]))) {
      const b = bills.get(decodeURIComponent(bq[1]));
      if (!b) return reply(404, { code: 'NOT_FOUND', message: '记录不存在' });
      age(b);
      if (bq[2]) {
        if (!['ACCEPTED', 'PROCESSING', 'WAIT_USER_CONFIRM', 'TRANSFERING'].includes(b.state)) {
          return reply(400, { code: 'INVALID_REQUEST', message: '当前单据状态不允许撤销' });
        }
        b.state = 'CANCELING';
        b.update_time = now();
        setTimeout(() => { void finishBill(b, 'CANCELLED', 'MCH_CANCEL'); }, delay);
        return reply(200, { out_bill_no: b.out_bill_no, transfer_bill_no: b.transfer_bill_no, state: b.state, update_time: b.update_time });
      }
      return reply(200, {
        mch_id: mchid, out_bill_no: b.out_bill_no, transfer_bill_no: b.transfer_bill_no, appid: b.appid, state: b.state,
        transfer_amount: b.transfer_amount, transfer_remark: b.transfer_remark, ...(b.fail_reason ? { fail_reason: b.fail_reason } : {}),
        openid: b.openid, create_time: b.create_time, update_time: b.update_time,
      });
    }

    // --- batch transfers ---
    if (req.method === 'POST' && url.pathname === '/v3/transfer/batches') {
      if (opts.batchesClosed) return reply(403, { code: 'NO_AUTH', message: '当前商户号接入升级版本功能，暂不支持使用升级前功能，请在产品中心-商家转账-前往功能查看接口文档' });
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
      processBatch(b);
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
    mchid, appid, apiV3Key, signing, merchant, platform, publicKey, signer, batches, bills, requests, notifications,
    failNextTransfer: (reason = 'ACCOUNT_FROZEN') => { faults.push(reason); },
    deliverNotificationsTo: (u) => { deliverTo = u; },
    dropNotifications: (d) => { drop = d; },
    signedNotification,
    confirmTransfer,
    expireBill: async (no) => {
      const b = bills.get(no);
      if (b && b.state === 'WAIT_USER_CONFIRM') await finishBill(b, 'FAIL', 'OVERDUE_CLOSE');
    },
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
