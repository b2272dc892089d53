// Tencent Cloud API 3.0 request signing (TC3-HMAC-SHA256), as documented for every product's API 3.0
// (SMS: https://cloud.tencent.com/document/api/382/52071). Written here rather than taking
// tencentcloud-sdk-nodejs-sms: one call (SendSms) needs this function, not the SDK and its dependencies.
// The SMS fake (fakes/sms.ts) checks signatures with the same function.
import { createHash, createHmac } from 'node:crypto';

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const hmac = (key: string | Buffer, s: string) => createHmac('sha256', key).update(s).digest();

export interface Tc3Input {
  secretId: string;
  secretKey: string;
  service: string; // "sms"
  host: string; // the Host header as sent
  payload: string; // the JSON body, byte for byte
  timestamp: number; // seconds
  contentType?: string;
}

/** The Authorization header of a POST / request with a JSON body (signed headers: content-type;host). */
export function tc3Authorization(i: Tc3Input): string {
  const contentType = i.contentType ?? 'application/json; charset=utf-8';
  const date = new Date(i.timestamp * 1000).toISOString().slice(0, 10);
  const signedHeaders = 'content-type;host';
  const canonical = ['POST', '/', '', `content-type:${contentType}\nhost:${i.host}\n`, signedHeaders, sha256(i.payload)].join('\n');
  const scope = `${date}/${i.service}/tc3_request`;
  const toSign = ['TC3-HMAC-SHA256', String(i.timestamp), scope, sha256(canonical)].join('\n');
  const kDate = hmac(`TC3${i.secretKey}`, date);
  const kService = hmac(kDate, i.service);
  const kSigning = hmac(kService, 'tc3_request');
  const signature = createHmac('sha256', kSigning).update(toSign).digest('hex');
  return `TC3-HMAC-SHA256 Credential=${i.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}
