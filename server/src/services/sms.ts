// SMS through Tencent Cloud SMS API 3.0 (SendSms, version 2021-01-11). The base URL is configurable so the
// demo and the tests talk to the local fake (fakes/sms.ts), which checks the signature.
import { serviceUnavailable } from '../errors';
import { tc3Authorization } from './tc3';

export interface SmsConfig {
  apiBase: string; secretId: string; secretKey: string; region: string;
  sdkAppId: string; signName: string; templateId: string;
  /** Template of the urgent-deadline reminder ("{1}须在{2}前完成，请及时处理"); defaults to templateId's deployment value. */
  deadlineTemplateId?: string;
}

export class SmsClient {
  constructor(private readonly cfg: SmsConfig) {}

  /** Sends one template message (the sign-in code's unless `templateId`) to a mainland phone (11 digits). Throws 503 when the provider refuses. */
  async send(phone: string, params: string[], templateId = this.cfg.templateId): Promise<{ serialNo: string }> {
    const url = new URL(this.cfg.apiBase);
    const payload = JSON.stringify({
      PhoneNumberSet: [`+86${phone}`], SmsSdkAppId: this.cfg.sdkAppId, SignName: this.cfg.signName,
      TemplateId: templateId, TemplateParamSet: params,
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const contentType = 'application/json; charset=utf-8';
    const authorization = tc3Authorization({ secretId: this.cfg.secretId, secretKey: this.cfg.secretKey, service: 'sms', host: url.host, payload, timestamp, contentType });
    let body: { Response?: { Error?: { Code: string; Message: string }; SendStatusSet?: { Code: string; SerialNo?: string }[] } };
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          Authorization: authorization, 'Content-Type': contentType, Host: url.host,
          'X-TC-Action': 'SendSms', 'X-TC-Version': '2021-01-11', 'X-TC-Timestamp': String(timestamp), 'X-TC-Region': this.cfg.region,
        },
        body: payload,
        signal: AbortSignal.timeout(5000),
      });
      body = await res.json() as typeof body;
    } catch {
      throw serviceUnavailable('auth.sms_unavailable');
    }
    const status = body.Response?.SendStatusSet?.[0];
    if (body.Response?.Error || !status || status.Code !== 'Ok') throw serviceUnavailable('auth.sms_unavailable');
    return { serialNo: status.SerialNo ?? '' };
  }
}
