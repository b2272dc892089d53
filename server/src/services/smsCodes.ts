// SMS codes for phone sign-in: 6 digits, stored as a keyed hash, valid 5 minutes and 5 tries, one a minute
// per phone. One document per phone (SmsCode, _id = keyed hash of the number).
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Services } from './index';
import { AppError, badRequest, serviceUnavailable } from '../errors';
import { isDuplicateKey } from '../db/sequence';
import { SmsCodeModel } from '../models/SmsCode';
import { SmsClient } from './sms';

export const SMS_TTL_MS = 5 * 60_000;
export const SMS_RESEND_MS = 60_000;
export const SMS_MAX_TRIES = 5;

/** The key of a phone in the database (codes, identities): an HMAC, so a dump does not list numbers. */
export function phoneKey(services: Services, phone: string): string {
  return createHmac('sha256', `phone:${services.config.dataKey}`).update(phone).digest('hex');
}

function codeHash(services: Services, phone: string, code: string): string {
  return createHmac('sha256', `sms:${services.config.sessionSecret}`).update(`${phone}:${code}`).digest('hex');
}

const tooSoon = (waitMs: number) => {
  const s = Math.max(1, Math.ceil(waitMs / 1000));
  return new AppError(429, 'auth.sms_too_soon', `验证码发送过于频繁，请 ${s} 秒后再试`, { retryAfterSeconds: s }, { 'Retry-After': String(s) });
};

/** Makes and sends a code. The minute between two codes of a phone is one conditional upsert. */
export async function sendSmsCode(services: Services, phone: string, now = Date.now()): Promise<{ expiresInSeconds: number; resendAfterSeconds: number }> {
  const sms = services.config.sms;
  if (!sms) throw serviceUnavailable('auth.sms_off');
  const _id = phoneKey(services, phone);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const set = { codeHash: codeHash(services, phone, code), sentAt: new Date(now), expiresAt: new Date(now + SMS_TTL_MS), tries: 0 };
  try {
    const doc = await SmsCodeModel.findOneAndUpdate({ _id, sentAt: { $lte: new Date(now - SMS_RESEND_MS) } }, { $set: set }, { upsert: true, returnDocument: 'after' }).lean();
    if (!doc) throw tooSoon(SMS_RESEND_MS);
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    const last = await SmsCodeModel.findById(_id).lean();
    throw tooSoon(last ? last.sentAt.getTime() + SMS_RESEND_MS - now : SMS_RESEND_MS);
  }
  try {
    await new SmsClient(sms).send(phone, [code, String(SMS_TTL_MS / 60_000)]);
  } catch (e) {
    // Not sent: the phone may ask again at once.
    await SmsCodeModel.deleteOne({ _id, codeHash: set.codeHash });
    throw e;
  }
  return { expiresInSeconds: SMS_TTL_MS / 1000, resendAfterSeconds: SMS_RESEND_MS / 1000 };
}

/** Checks a code and uses it up. Each check spends a try first ($inc), so guesses in parallel count too. */
export async function checkSmsCode(services: Services, phone: string, code: string, now = Date.now()): Promise<void> {
  const _id = phoneKey(services, phone);
  const doc = await SmsCodeModel.findOneAndUpdate({ _id, expiresAt: { $gt: new Date(now) } }, { $inc: { tries: 1 } }, { returnDocument: 'after' }).lean();
  if (!doc) throw badRequest('auth.sms_code_expired');
  if (doc.tries > SMS_MAX_TRIES) throw new AppError(429, 'auth.sms_code_exhausted');
  const given = Buffer.from(codeHash(services, phone, code), 'hex');
  if (!timingSafeEqual(given, Buffer.from(doc.codeHash, 'hex'))) {
    const left = SMS_MAX_TRIES - doc.tries;
    if (left <= 0) throw new AppError(429, 'auth.sms_code_exhausted');
    throw badRequest('auth.sms_code_invalid', `验证码错误，还可尝试 ${left} 次`);
  }
  // Single use: whoever deletes it signed in; a second request with the same code finds it gone.
  const used = await SmsCodeModel.deleteOne({ _id, codeHash: doc.codeHash });
  if (used.deletedCount !== 1) throw badRequest('auth.sms_code_expired');
}
