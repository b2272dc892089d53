// Lockout after repeated wrong secrets: `maxFailures` within `windowMs` lock the key for `lockMs`; a success
// clears it. Counters live in the database (AuthFailure), so every instance and a restart see them.
import { AppError } from '../errors';
import { isDuplicateKey } from '../db/sequence';
import { AuthFailureModel } from '../models/AuthFailure';

export interface LockoutPolicy { maxFailures: number; windowMs: number; lockMs: number }

/** HH:MM in China time (the portal's users read times in Asia/Shanghai). */
export function clockTime(ms: number): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(ms));
}

function locked(untilMs: number, now: number, what: string): AppError {
  const seconds = Math.max(1, Math.ceil((untilMs - now) / 1000));
  const minutes = Math.ceil(seconds / 60);
  return new AppError(429, 'rate.limited', `${what}错误次数过多，已暂时锁定，请 ${minutes} 分钟后（${clockTime(untilMs)} 以后）再试`,
    { retryAfterSeconds: seconds, locked: true, lockedUntil: new Date(untilMs).toISOString() }, { 'Retry-After': String(seconds) });
}

/** Throws 429 (with Retry-After) while the key is locked. */
export async function assertNotLocked(key: string, what: string, now = Date.now()): Promise<void> {
  const doc = await AuthFailureModel.findById(key).lean();
  const until = doc?.lockedUntil?.getTime() ?? 0;
  if (until > now) throw locked(until, now, what);
}

/** Counts a failure; returns the 429 to answer when this one locked the key, else null. */
export async function recordFailure(key: string, policy: LockoutPolicy, what: string, now = Date.now()): Promise<AppError | null> {
  const inWindow = { _id: key, windowStart: { $gt: new Date(now - policy.windowMs) } };
  let doc = await AuthFailureModel.findOneAndUpdate(inWindow, { $inc: { count: 1 } }, { returnDocument: 'after' }).lean();
  if (!doc) {
    // The first failure, or the last window has passed: a new window (the unique _id makes two starts one).
    const start = { $set: { count: 1, windowStart: new Date(now), lockedUntil: null } };
    try {
      doc = await AuthFailureModel.findOneAndUpdate({ _id: key }, start, { upsert: true, returnDocument: 'after' }).lean();
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      doc = await AuthFailureModel.findOneAndUpdate(inWindow, { $inc: { count: 1 } }, { returnDocument: 'after' }).lean();
    }
  }
  if (!doc || doc.count < policy.maxFailures) return null;
  const until = now + policy.lockMs;
  await AuthFailureModel.updateOne({ _id: key }, { $set: { lockedUntil: new Date(until), count: 0, windowStart: new Date(now) } });
  return locked(until, now, what);
}

/** A success forgets the failures. */
export async function clearFailures(key: string): Promise<void> {
  await AuthFailureModel.deleteOne({ _id: key });
}
