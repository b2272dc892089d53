import http from 'node:http';
import type { Duplex } from 'node:stream';
import type Koa from 'koa';

const STATUS: Record<string, [number, string, string]> = {
  // A request line or headers past Node's limit (16 KB): a 1 MB query string, 10,000 levels of `a[b][c]`.
  HPE_HEADER_OVERFLOW: [431, 'request.too_large', '请求的网址或请求头过长，请缩短查询内容后再试'],
  HPE_REQUEST_TIMEOUT: [408, 'request.invalid', '请求超时，请重试'],
};

/**
 * The HTTP server of the app. Requests Node refuses before Koa sees them (a header over the limit, a broken
 * request line) are answered in the API's error format with a Chinese message, not with Node's bare status line.
 */
export function createHttpServer(app: Koa): http.Server {
  const server = http.createServer(app.callback());
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) { socket.destroy(); return; }
    const [status, code, message] = STATUS[err.code ?? ''] ?? [400, 'request.invalid', '请求格式错误'];
    const body = JSON.stringify({ error: { code, message } });
    socket.end([
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}`,
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'X-Content-Type-Options: nosniff',
      'Connection: close',
      '', body,
    ].join('\r\n'));
  });
  return server;
}
