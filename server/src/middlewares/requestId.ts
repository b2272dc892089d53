import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';

// Accepts a caller's id only when it looks like one, so logs cannot be forged with arbitrary text.
const SAFE_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function requestId(): Middleware {
  return async (ctx, next) => {
    const given = ctx.get('X-Request-Id');
    ctx.state.requestId = SAFE_ID.test(given) ? given : randomUUID();
    ctx.set('X-Request-Id', ctx.state.requestId);
    await next();
  };
}
