import fs from 'node:fs';
import path from 'node:path';
import type { Middleware } from 'koa';
import serve from 'koa-static';
import { refuseMethod } from '../http/api';
import { cspNonce } from './security';

/**
 * Serves the built H5 portal. Unknown non-API paths get index.html so history-mode routes
 * (/pages/mine/index, /packages/credit/...) survive a reload. Assets go out as the build precompressed them
 * (name.br / name.gz beside each, miniprogram/scripts/build.js) when the browser accepts that encoding.
 */
export function h5Portal(dist: string): Middleware {
  const index = path.join(dist, 'index.html');
  const files = serve(dist, { index: false, maxage: 0, brotli: true, gzip: true });
  const entry = entryPage(index);
  return async (ctx, next) => {
    if (ctx.path.startsWith('/api/')) return next();
    const isPage = ctx.path === '/' || ctx.path === '/index.html' || !path.extname(ctx.path);
    if (ctx.path !== '/index.html' && ctx.path !== '/') {
      await files(ctx, async () => {});
      if (ctx.body !== undefined || ctx.status !== 404) {
        // Hashed assets may be cached for long; index.html must stay fresh to pick up new builds.
        if (/\.[0-9a-f]{8}\.(js|css)$/.test(ctx.path)) ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
        return;
      }
    }
    if (isPage) {
      const html = entry();
      if (html !== null) {
        if (refuseMethod(ctx)) return; // POST / or TRACE /: 405 with Allow, as on the API
        // Every <script> of the entry carries this response's nonce, the only inline scripts the CSP allows.
        const nonce = cspNonce(ctx.res);
        ctx.type = 'html';
        ctx.set('Cache-Control', 'no-store'); // the nonce is new each time
        ctx.body = nonce ? html.replace(/<script\b/gi, `<script nonce="${nonce}"`) : html;
        return;
      }
    }
    await next();
  };
}

/** index.html as text, read again only when the build replaced it. */
function entryPage(file: string): () => string | null {
  let cached: { mtimeMs: number; size: number; html: string } | null = null;
  return () => {
    let stat: fs.Stats;
    try { stat = fs.statSync(file); } catch { return null; }
    if (!cached || cached.mtimeMs !== stat.mtimeMs || cached.size !== stat.size) {
      cached = { mtimeMs: stat.mtimeMs, size: stat.size, html: fs.readFileSync(file, 'utf8') };
    }
    return cached.html;
  };
}
