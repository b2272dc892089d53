import fs from 'node:fs';
import path from 'node:path';
import type { Middleware } from 'koa';
import { createDocument, type ZodOpenApiPathsObject } from 'zod-openapi';
import { refuseMethod } from '../../http/api';
import { APP_NAME, APP_VERSION } from './index';

export function buildOpenApi(paths: ZodOpenApiPathsObject) {
  return createDocument({
    openapi: '3.1.0',
    info: { title: `${APP_NAME} API`, version: APP_VERSION, description: '食品小作坊登记、监管、举报、培训与信用公示接口。错误统一为 { error: { code, message, details } }。' },
    servers: [{ url: '/' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    security: [{ bearer: [] }],
    paths,
  });
}

/** /api/docs: Swagger UI from the swagger-ui-dist package (no CDN: the portal must work offline). */
export function apiDocs(): Middleware {
  const dir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  const page = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${APP_NAME} API 文档</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css"></head><body><div id="ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script><script src="/api/docs/init.js"></script></body></html>`;
  const init = "window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#ui' });";
  return async (ctx, next) => {
    if (ctx.path === '/api/docs') return ctx.redirect('/api/docs/');
    if (!ctx.path.startsWith('/api/docs/')) return next();
    if (refuseMethod(ctx)) return;
    const file = ctx.path.slice('/api/docs/'.length);
    if (file === '' || file === 'index.html') { ctx.type = 'html'; ctx.body = page; return; }
    if (file === 'init.js') { ctx.type = 'js'; ctx.body = init; return; }
    if (!/^[a-z0-9_.-]+\.(js|css|png)$/i.test(file)) return next();
    const full = path.join(dir, file);
    if (!fs.existsSync(full)) return next();
    ctx.type = path.extname(file);
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = fs.createReadStream(full);
  };
}
