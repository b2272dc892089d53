import { createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { Middleware } from 'koa';
import { AppError } from '../errors';

const PARSED_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Parses JSON request bodies into `ctx.request.body` (and the text into `ctx.request.rawBody`, which payment
 * notifications verify signatures over). Unlike a parser that decodes leniently, bytes that are not valid
 * UTF-8 are refused (400) instead of becoming U+FFFD in stored text. Other content types get `{}` (a
 * multipart upload's parser fills the body later). Also refused: bodies over `limitBytes` (413, after
 * decompression), content encodings other than gzip/deflate (415), and malformed JSON or prototype keys (400).
 */
export function jsonBody(opts: { limitBytes: number }): Middleware {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return async (ctx, next) => {
    const request = ctx.request as typeof ctx.request & { body?: unknown; rawBody?: string };
    if (!PARSED_METHODS.has(ctx.method) || request.body !== undefined) return next();
    const type = ctx.get('Content-Type').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json' && !type.endsWith('+json')) {
      request.body = {};
      return next();
    }
    // JSON is UTF-8 (RFC 8259), whatever charset the header names.
    const bytes = await readBody(ctx.req, ctx.get('Content-Encoding').toLowerCase() || 'identity', ctx.request.length, opts.limitBytes);
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      throw new AppError(400, 'request.invalid_encoding');
    }
    request.rawBody = text;
    request.body = parseJson(text);
    await next();
  };
}

/** The body's bytes after decompression; stops reading (and leaves the socket to answer) at the limit. */
function readBody(req: Readable, encoding: string, declared: number | undefined, limit: number): Promise<Buffer> {
  let stream: Readable;
  if (encoding === 'identity') {
    if (declared !== undefined && declared > limit) { req.pause(); return Promise.reject(new AppError(413, 'request.too_large')); }
    stream = req;
  } else if (encoding === 'gzip' || encoding === 'deflate') {
    stream = req.pipe(encoding === 'gzip' ? createGunzip() : createInflate());
  } else {
    return Promise.reject(new AppError(415, 'request.unsupported_media_type', `不支持的内容编码：${encoding}`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (err: AppError | null) => {
      if (settled) return;
      settled = true;
      stream.off('data', onData);
      if (err) {
        req.unpipe();
        req.pause();
        if (stream !== req) stream.destroy();
        reject(err);
      } else {
        resolve(Buffer.concat(chunks, size));
      }
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) settle(new AppError(413, 'request.too_large'));
      else chunks.push(chunk);
    };
    // A broken gzip stream, or a client that went away mid-body.
    const onBroken = () => settle(new AppError(400, 'request.malformed_json'));
    stream.on('data', onData);
    stream.once('end', () => settle(null));
    stream.once('error', onBroken);
    if (stream !== req) req.once('error', onBroken);
    req.once('close', () => { if (!req.readableEnded) onBroken(); });
  });
}

// A JSON object or array (not a bare string or number), without keys that would reach an object's prototype
// once merged somewhere (`__proto__`, `constructor.prototype`), however they are escaped.
const STARTS_AS_OBJECT = /^[\x20\x09\x0a\x0d]*[[{]/;
function parseJson(text: string): unknown {
  if (text.trim() === '') return {};
  if (!STARTS_AS_OBJECT.test(text)) throw new AppError(400, 'request.malformed_json');
  try {
    return JSON.parse(text, (key, value) => {
      if (key === '__proto__' || (key === 'constructor' && value !== null && typeof value === 'object' && Object.hasOwn(value, 'prototype'))) {
        throw new SyntaxError('prototype key');
      }
      return value;
    });
  } catch {
    throw new AppError(400, 'request.malformed_json');
  }
}
