import jwt from 'jsonwebtoken';
import type { Config } from '../config';

// Short-lived signed session tokens. The user is loaded on every request, so a disabled
// account or a changed role takes effect at once; `v` lets a format change invalidate old tokens.
const TOKEN_VERSION = 1;

export function issueToken(config: Config, userId: string): { token: string; expiresAt: Date } {
  const expiresAt = new Date(Date.now() + config.sessionTtlMs);
  const token = jwt.sign({ v: TOKEN_VERSION }, config.sessionSecret, {
    algorithm: 'HS256',
    subject: userId,
    expiresIn: Math.floor(config.sessionTtlMs / 1000),
  });
  return { token, expiresAt };
}

export type TokenCheck = { ok: true; userId: string } | { ok: false; reason: 'invalid' | 'expired' };

export function verifyToken(config: Config, token: string): TokenCheck {
  try {
    const p = jwt.verify(token, config.sessionSecret, { algorithms: ['HS256'] }) as jwt.JwtPayload;
    if (p.v !== TOKEN_VERSION || typeof p.sub !== 'string') return { ok: false, reason: 'invalid' };
    return { ok: true, userId: p.sub };
  } catch (e) {
    return { ok: false, reason: (e as Error).name === 'TokenExpiredError' ? 'expired' : 'invalid' };
  }
}
