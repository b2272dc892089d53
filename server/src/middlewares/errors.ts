import type { Middleware } from 'koa';
import { ZodError } from 'zod';
import { ERROR_MESSAGES } from '@shared/domain/errors';
import { AppError } from '../errors';

/** Writes every failure as { error: { code, message, details, requestId } }; never a stack or a driver message. */
export function errorHandler(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new AppError(404, 'route.not_found');
    } catch (raw) {
      const err = normalize(raw);
      if (err.status >= 500) ctx.state.log?.error({ err: raw }, 'unhandled error');
      ctx.status = err.status;
      if (err.headers) ctx.set(err.headers);
      ctx.body = { error: { code: err.code, message: err.message, details: err.details, requestId: ctx.state.requestId } };
    }
  };
}

function normalize(raw: unknown): AppError {
  if (raw instanceof AppError) return raw;
  if (raw instanceof ZodError) return new AppError(400, 'request.invalid', undefined, raw.issues);
  const e = raw as { status?: number; type?: string; name?: string; code?: number | string; expose?: boolean };
  // Errors thrown by body parsing and koa's own ctx.throw.
  if (e?.type === 'entity.parse.failed' || (e?.name === 'SyntaxError' && e.status === 400)) return new AppError(400, 'request.malformed_json');
  if (e?.type === 'entity.too.large' || e?.status === 413) return new AppError(413, 'request.too_large');
  if (e?.status === 415) return new AppError(415, 'request.unsupported_media_type');
  if (e?.name === 'CastError' || e?.name === 'BSONError') return new AppError(400, 'request.invalid');
  if (e?.name === 'ValidationError') return new AppError(400, 'request.invalid');
  if (e?.code === 11000) return new AppError(409, 'state.conflict');
  if (e?.status && e.status >= 400 && e.status < 500 && e.expose) {
    return new AppError(e.status, e.status === 404 ? 'route.not_found' : 'request.invalid');
  }
  return new AppError(500, 'server.error', ERROR_MESSAGES['server.error']);
}
