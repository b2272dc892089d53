import { createHash } from 'node:crypto';
import type { ParameterizedContext } from 'koa';

/**
 * Public, cacheable JSON: a strong ETag over the body, 304 when the client already has it.
 * Cheap for open-data clients that poll, and for the H5 portal going back and forth.
 */
export function sendCacheable(ctx: ParameterizedContext, body: unknown, maxAgeSec = 60): void {
  const json = JSON.stringify(body);
  ctx.set('Cache-Control', `public, max-age=${maxAgeSec}`);
  ctx.etag = createHash('sha1').update(json).digest('base64url');
  ctx.status = 200;
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  ctx.type = 'json';
  ctx.body = json;
}

/** The extra answer of a route that uses sendCacheable or an ETag, for its declaration (http/api.ts `also`). */
export const NOT_MODIFIED = { 304: '未修改（If-None-Match 与 ETag 相同）' } as const;
