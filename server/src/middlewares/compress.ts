import zlib from 'node:zlib';
import compress from 'koa-compress';
import type { Middleware } from 'koa';

/**
 * Compresses text responses of 1 KB or more (API JSON, the portal's index.html, the OpenAPI document):
 * brotli at quality 4 — most of brotli's gain at a small cost per request — else gzip. Assets the build
 * precompressed already carry Content-Encoding and pass through untouched; images, PDFs and Excel files
 * are not compressible types and go out as they are.
 */
export function compression(): Middleware {
  return compress({
    threshold: 1024,
    br: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } },
    gzip: { level: 6 },
    deflate: false,
  }) as Middleware;
}
