import type { Middleware } from 'koa';
import type { Logger } from 'pino';

export function requestLogger(log: Logger): Middleware {
  return async (ctx, next) => {
    const start = process.hrtime.bigint();
    ctx.state.log = log.child({ reqId: ctx.state.requestId });
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const level = ctx.status >= 500 ? 'error' : 'info';
      // The query string may carry tracking tokens: log the path only.
      ctx.state.log[level]({ method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(ms), user: ctx.state.user?.id }, 'request');
    }
  };
}
