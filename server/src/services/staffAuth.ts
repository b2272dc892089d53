// Staff web sign-in: argon2id passwords (@node-rs/argon2) and TOTP codes (RFC 6238, otpauth), with the
// lockout of services/lockout.ts on the account ("staff:<account>").
import { hash, verify, Algorithm } from '@node-rs/argon2';
import { Secret, TOTP } from 'otpauth';
import type { DataCipher } from './crypto';
import { UserModel, type UserDoc } from '../models/User';

// OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane); ~25 ms here.
const ARGON = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
const PERIOD = 30;
/** A code of the step before or after is accepted too (clock drift of a phone). */
const WINDOW = 1;

export const hashPassword = (password: string) => hash(password, ARGON);

// Verifying against this when the account does not exist costs the same time as a real check.
let dummyHash: Promise<string> | null = null;
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hashPassword('no-such-account-0');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(secret: string, label: string): string {
  return new TOTP({ issuer: '食品小作坊服务平台', label, secret: Secret.fromBase32(secret), period: PERIOD, digits: 6, algorithm: 'SHA1' }).toString();
}

/** The time step a code belongs to, or null when it matches none in the window. */
export function totpStep(secret: string, code: string, now = Date.now()): number | null {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), period: PERIOD, digits: 6, algorithm: 'SHA1' });
  const delta = totp.validate({ token: code, timestamp: now, window: WINDOW });
  if (delta === null) return null;
  return Math.floor(now / 1000 / PERIOD) + delta;
}

/**
 * Checks a code against the user's current secret and uses it up: one conditional update raises the last
 * accepted step, so the same code (or an older one) is refused afterwards, even by a second request at once.
 */
export async function consumeTotp(user: UserDoc, cipher: DataCipher, code: string, now = Date.now()): Promise<boolean> {
  if (!user.totpSecretEnc) return false;
  const step = totpStep(cipher.decrypt(user.totpSecretEnc), code, now);
  if (step === null) return false;
  const res = await UserModel.updateOne({ _id: user._id, totpLastStep: { $lt: step } }, { $set: { totpLastStep: step } });
  return res.modifiedCount === 1;
}
