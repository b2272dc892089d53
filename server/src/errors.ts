import { ERROR_MESSAGES, type ErrorCode } from '@shared/domain/errors';

/** An error meant for the client: stable code, HTTP status, Chinese message. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | string,
    message?: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message ?? ERROR_MESSAGES[code as ErrorCode] ?? ERROR_MESSAGES['server.error']);
  }
}

type Msg = string | undefined;
export const badRequest = (code: ErrorCode = 'request.invalid', message?: Msg, details?: unknown) => new AppError(400, code, message, details);
export const unauthorized = (code: ErrorCode = 'auth.required', message?: Msg) => new AppError(401, code, message);
export const forbidden = (code: ErrorCode = 'auth.forbidden', message?: Msg) => new AppError(403, code, message);
export const notFound = (code: ErrorCode = 'resource.not_found', message?: Msg) => new AppError(404, code, message);
export const conflict = (code: ErrorCode | string = 'state.conflict', message?: Msg, details?: unknown) => new AppError(409, code, message, details);
export const unprocessable = (code: ErrorCode | string, message?: Msg, details?: unknown) => new AppError(422, code, message, details);
export const tooManyRequests = (retryAfterSec: number) =>
  new AppError(429, 'rate.limited', undefined, { retryAfterSeconds: retryAfterSec }, { 'Retry-After': String(retryAfterSec) });
export const serviceUnavailable = (code: ErrorCode, message?: Msg) => new AppError(503, code, message);
