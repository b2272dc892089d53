import QRCode from 'qrcode';
import type { Context } from 'koa';

/**
 * Answers with a QR code (PNG) of `url`: the look of every printed code (error correction M, a quiet zone
 * of 2 modules, 480 px), cached for a day since a verify link never changes.
 */
export async function sendQrPng(ctx: Context, url: string): Promise<void> {
  ctx.type = 'image/png';
  ctx.set('Cache-Control', 'public, max-age=86400');
  ctx.body = await QRCode.toBuffer(url, { errorCorrectionLevel: 'M', margin: 2, width: 480 });
}
