import jwt from 'jsonwebtoken';
import type { Config } from '../config';

// Short-lived signed session tokens. The user is loaded on every request, so a disabled
// account or a changed role takes effect at once; `v` lets a format change invalidate old tokens.
// `se` is the user's session epoch when the token was issued: logging out raises the epoch, and every
// token issued before is refused from then on (all devices).
const TOKEN_VERSION = 1;

export function issueToken(config: Config, userId: string, sessionEpoch = 0): { token: string; expiresAt: Date } {
  // `exp` has whole seconds: the answer's expiresAt is that very instant, not a later one.
  const exp = Math.floor((Date.now() + config.sessionTtlMs) / 1000);
  const token = jwt.sign({ v: TOKEN_VERSION, se: sessionEpoch, exp }, config.sessionSecret, { algorithm: 'HS256', subject: userId });
  return { token, expiresAt: new Date(exp * 1000) };
}

export type TokenCheck = { ok: true; userId: string; sessionEpoch: number } | { ok: false; reason: 'invalid' | 'expired' };

export function verifyToken(config: Config, token: string): TokenCheck {
  try {
    const p = jwt.verify(token, config.sessionSecret, { algorithms: ['HS256'] }) as jwt.JwtPayload;
    if (p.v !== TOKEN_VERSION || typeof p.sub !== 'string') return { ok: false, reason: 'invalid' };
    // Tokens issued before epochs existed carry none: epoch 0.
    return { ok: true, userId: p.sub, sessionEpoch: typeof p.se === 'number' ? p.se : 0 };
  } catch (e) {
    return { ok: false, reason: (e as Error).name === 'TokenExpiredError' ? 'expired' : 'invalid' };
  }
}
