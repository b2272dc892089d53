import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Middleware } from 'koa';
import helmet from 'koa-helmet';

const NONCE = Symbol('cspNonce');
type WithNonce = ServerResponse & { [NONCE]?: string };

/** The nonce this response's Content-Security-Policy allows inline scripts with (portal pages only). */
export function cspNonce(res: ServerResponse): string | undefined {
  return (res as WithNonce)[NONCE];
}

/**
 * Security headers (helmet). Scripts run only from this origin, or inline in the H5 entry page when they
 * carry the nonce of that one response (middlewares/static.ts writes it into the page): no 'unsafe-inline',
 * so an injected <script> or onerror= attribute does not run. Styles keep 'unsafe-inline': Taro and
 * Swagger UI set style attributes.
 */
export function securityHeaders(): Middleware {
  const headers = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_req, res) => (cspNonce(res as ServerResponse) ? `'nonce-${cspNonce(res as ServerResponse)}'` : '')],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        // blob: lets the H5 build's Taro.uploadFile read the photo the user just picked (an object URL).
        connectSrc: ["'self'", 'blob:'],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  return async (ctx, next) => {
    // Only pages can carry inline scripts; API answers get no nonce.
    if (!ctx.path.startsWith('/api/')) (ctx.res as WithNonce)[NONCE] = randomBytes(18).toString('base64');
    await headers(ctx, next);
  };
}
