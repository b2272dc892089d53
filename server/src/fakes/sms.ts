// A local stand-in for Tencent Cloud SMS API 3.0 (sms.tencentcloudapi.com) for the demo and the tests.
// It checks what the real endpoint checks before sending: the TC3-HMAC-SHA256 signature over the body as
// received, the credential's SecretId and date, a timestamp within five minutes, the action and version,
// the SDK app id; then it records the message (an outbox tests read) and, in the demo, prints it.
import { tc3Authorization } from '../services/tc3';
import { listenLoopback, readBody, sendJson, type FakeServer } from './http';

export interface SmsMessage { phone: string; templateId: string; params: string[]; signName: string; at: string }

export interface SmsFake extends FakeServer {
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  outbox: SmsMessage[];
  /** Requests refused, with the error code answered (tests assert a tampered request is among them). */
  refused: string[];
  /** The last code sent to a phone (the first template parameter). */
  lastCode(phone: string): string | null;
  /** Environment for loadConfig. */
  env(): Record<string, string>;
}

const err = (code: string, message: string) => ({ Response: { Error: { Code: code, Message: message }, RequestId: crypto.randomUUID() } });

export async function startSmsFake(opts: { print?: boolean } = {}): Promise<SmsFake> {
  const secretId = 'AKIDfake0000000000000000000000000000';
  const secretKey = 'fake-secret-key-0000000000000000';
  const sdkAppId = '1400000000';
  const outbox: SmsMessage[] = [];
  const refused: string[] = [];
  const refuse = (res: Parameters<typeof sendJson>[0], code: string, message: string) => { refused.push(code); sendJson(res, 200, err(code, message)); };

  const server = await listenLoopback(async (req, res) => {
    if (req.method !== 'POST' || (req.url ?? '/') !== '/') return sendJson(res, 404, err('InvalidAction', 'not found'));
    const raw = (await readBody(req)).toString('utf8');
    const auth = req.headers.authorization ?? '';
    const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/sms\/tc3_request, SignedHeaders=content-type;host, Signature=([0-9a-f]{64})$/.exec(auth);
    if (!m) return refuse(res, 'AuthFailure.SignatureFailure', 'The provided credentials could not be validated.');
    if (m[1] !== secretId) return refuse(res, 'AuthFailure.SecretIdNotFound', 'The SecretId is not found.');
    const timestamp = Number(req.headers['x-tc-timestamp']);
    if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 300) return refuse(res, 'AuthFailure.SignatureExpire', 'Signature expired.');
    const expected = tc3Authorization({
      secretId, secretKey, service: 'sms', host: req.headers.host ?? '', payload: raw, timestamp, contentType: req.headers['content-type'] ?? '',
    });
    if (expected !== auth) return refuse(res, 'AuthFailure.SignatureFailure', 'The provided credentials could not be validated.');
    if (req.headers['x-tc-action'] !== 'SendSms' || req.headers['x-tc-version'] !== '2021-01-11') return refuse(res, 'InvalidAction', 'The action or version is not supported.');
    let body: { PhoneNumberSet?: string[]; SmsSdkAppId?: string; SignName?: string; TemplateId?: string; TemplateParamSet?: string[] };
    try { body = JSON.parse(raw); } catch { return refuse(res, 'InvalidParameter', 'body is not JSON'); }
    if (body.SmsSdkAppId !== sdkAppId) return refuse(res, 'FailedOperation.SmsSdkAppIdVerifyFail', 'SmsSdkAppId verify fail.');
    if (!body.SignName || !body.TemplateId) return refuse(res, 'MissingParameter', 'SignName and TemplateId are required.');
    const phones = body.PhoneNumberSet ?? [];
    if (!phones.length || phones.some((p) => !/^\+861\d{10}$/.test(p))) return refuse(res, 'InvalidParameterValue.IncorrectPhoneNumber', 'incorrect phone number');
    const params = body.TemplateParamSet ?? [];
    const set = phones.map((p) => {
      const msg = { phone: p.slice(3), templateId: body.TemplateId!, params, signName: body.SignName!, at: new Date().toISOString() };
      outbox.push(msg);
      // eslint-disable-next-line no-console
      if (opts.print) console.log(`[短信模拟] 【${msg.signName}】发往 ${msg.phone}：验证码 ${params[0] ?? ''}，${params[1] ?? '5'} 分钟内有效`);
      return { SerialNo: `fake-${outbox.length}`, PhoneNumber: p, Fee: 1, SessionContext: '', Code: 'Ok', Message: 'send success', IsoCode: 'CN' };
    });
    return sendJson(res, 200, { Response: { SendStatusSet: set, RequestId: crypto.randomUUID() } });
  });

  return {
    ...server,
    secretId, secretKey, sdkAppId, outbox, refused,
    lastCode(phone: string) {
      for (let i = outbox.length - 1; i >= 0; i--) if (outbox[i].phone === phone) return outbox[i].params[0] ?? null;
      return null;
    },
    env: () => ({ SMS_API_BASE: server.url, SMS_SECRET_ID: secretId, SMS_SECRET_KEY: secretKey, SMS_SDK_APP_ID: sdkAppId }),
  };
}
