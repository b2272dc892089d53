import fs from 'node:fs';
import path from 'node:path';
import type { Middleware } from 'koa';
import serve from 'koa-static';

/**
 * Serves the built H5 portal. Unknown non-API paths get index.html so history-mode routes
 * (/pages/mine/index, /packages/credit/...) survive a reload.
 */
export function h5Portal(dist: string): Middleware {
  const index = path.join(dist, 'index.html');
  const files = serve(dist, { index: 'index.html', maxage: 0, gzip: false });
  return async (ctx, next) => {
    if (ctx.path.startsWith('/api/')) return next();
    await files(ctx, async () => {});
    if (ctx.body !== undefined || ctx.status !== 404) {
      // Hashed assets may be cached for long; index.html must stay fresh to pick up new builds.
      if (/\.[0-9a-f]{8}\.(js|css)$/.test(ctx.path)) ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
      return;
    }
    if ((ctx.method === 'GET' || ctx.method === 'HEAD') && !path.extname(ctx.path) && fs.existsSync(index)) {
      ctx.type = 'html';
      ctx.set('Cache-Control', 'no-cache');
      ctx.body = fs.createReadStream(index);
      return;
    }
    await next();
  };
}
