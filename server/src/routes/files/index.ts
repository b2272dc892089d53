import { createHmac } from 'node:crypto';
import type { Middleware } from 'koa';
import multer from 'multer';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { SERVED_CONTENT_TYPES } from '@shared/domain/files';
import { FileParams, FileResponse, UploadFileBody } from '@shared/schemas/files';
import type { ApiRouter } from '../../http/api';
import { NOT_MODIFIED } from '../../http/cache';
import type { AppContext } from '../../http/types';
import { AppError, badRequest, notFound, tooManyRequests, unauthorized } from '../../errors';
import type { Config } from '../../config';
import { makeLimiter } from '../../middlewares/rateLimit';
import type { StoredFileDoc } from '../../models/StoredFile';
import { authorize } from '../../policies';
import { tooLarge } from '../../services/storage';

type UploadedFile = Express.Multer.File;

/**
 * Parses one multipart upload into memory (field `file`, plus small text fields) and hands the ApiRouter a
 * body `{ ...fields, file }` to validate. Every parser failure becomes a 400/413 with a Chinese message.
 */
function multipartUpload(): Middleware {
  return async (ctx, next) => {
    const limit = (ctx as unknown as AppContext).services.config.uploadLimitBytes;
    if (!ctx.is('multipart/form-data')) throw badRequest('file.missing', '请以 multipart/form-data 方式上传文件');
    const parse = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: limit, files: 1, fields: 5, fieldSize: 1024, parts: 6, headerPairs: 50 },
      defParamCharset: 'utf8', // Chinese file names arrive as UTF-8, not latin1
    }).single('file');
    // multer is typed for Express; it reads the request and never writes to the response it is given.
    const req = ctx.req as unknown as Parameters<typeof parse>[0] & { file?: UploadedFile; body?: Record<string, unknown> };
    const res = ctx.res as unknown as Parameters<typeof parse>[1];
    try {
      await new Promise<void>((resolve, reject) => parse(req, res, (err: unknown) => (err ? reject(err) : resolve())));
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'LIMIT_FILE_SIZE') throw tooLarge(limit);
      if (code === 'LIMIT_UNEXPECTED_FILE' || code === 'LIMIT_FILE_COUNT') throw badRequest('request.invalid', '一次只能上传一个文件，字段名为 file');
      throw badRequest('request.invalid', '上传的内容不完整或格式有误');
    }
    (ctx.request as { body?: unknown }).body = { ...(req.body ?? {}), file: req.file };
    await next();
  };
}

// Anonymous uploads exist for tip-off evidence only (举报无需登录), counted per IP before the body is read.
const anonLimiters = new WeakMap<Config, RateLimiterAbstract>();
function anonymousUploadLimit(): Middleware {
  return async (ctx, next) => {
    if (!ctx.state.user) {
      const config = (ctx as unknown as AppContext).services.config;
      let l = anonLimiters.get(config);
      if (!l) { l = makeLimiter(config.rateLimit.store, 'upload-anon', config.tipoff.uploadsPerHour, 3600); anonLimiters.set(config, l); }
      try { await l.consume(ctx.ip); } catch (e) {
        if (e instanceof RateLimiterRes) throw tooManyRequests(Math.max(1, Math.ceil(e.msBeforeNext / 1000)));
        throw e;
      }
    }
    await next();
  };
}

function presentFile(f: StoredFileDoc) {
  const url = `/api/v1/files/${f._id}`;
  return {
    id: String(f._id),
    purpose: f.purpose,
    kind: f.kind,
    contentType: f.contentType,
    size: f.size,
    sha256: f.sha256,
    public: f.public,
    originalName: f.originalName ?? null,
    width: f.width ?? null,
    height: f.height ?? null,
    url,
    thumbnailUrl: f.thumbBlobId ? `${url}/thumbnail` : null,
    createdAt: f.createdAt.toISOString(),
  };
}

/** Single byte range (what video players send); anything else is served whole, as HTTP allows. */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const m = header && /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') { start = Math.max(0, size - Number(m[2])); end = size - 1; } // suffix: last N bytes
  else { start = Number(m[1]); end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1); }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

async function sendFile(ctx: AppContext, id: string, variant: 'original' | 'thumbnail') {
  const { storage } = ctx.services;
  const user = ctx.state.user;
  const file = await storage.find(id);
  // Not found, not allowed and no thumbnail all look the same: a private file's existence does not leak.
  if (!file) throw notFound('file.not_found');
  authorize(user, 'file.read', file);
  if (variant === 'thumbnail' && !file.thumbBlobId) throw notFound('file.not_found');
  const size = variant === 'thumbnail' ? file.thumbSize! : file.size;
  ctx.set('Cache-Control', file.public ? 'public, max-age=31536000, immutable' : 'private, no-store');
  ctx.set('ETag', `"${file.sha256}${variant === 'thumbnail' ? '-t' : ''}"`);
  ctx.set('Accept-Ranges', 'bytes');
  ctx.type = variant === 'thumbnail' ? 'image/jpeg' : file.contentType;
  if (variant === 'original' && file.originalName) {
    ctx.set('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.originalName)}`);
  }
  ctx.status = 200;
  if (ctx.fresh) { ctx.status = 304; return; }
  const range = variant === 'original' ? parseRange(ctx.get('Range') || undefined, size) : null;
  if (range === 'unsatisfiable') {
    throw new AppError(416, 'request.invalid', '请求的文件范围无效', undefined, { 'Content-Range': `bytes */${size}` });
  }
  if (range) {
    ctx.status = 206;
    ctx.set('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
    ctx.length = range.end - range.start + 1;
  } else {
    ctx.length = size;
  }
  ctx.body = storage.open(file, variant, range ?? undefined);
}

export function fileRoutes(api: ApiRouter) {
  api.route('post', '/files', {
    summary: '上传文件（图片、PDF、MP4）', tags: ['文件'], auth: 'optional', bodyType: 'multipart',
    description: 'multipart/form-data：字段 purpose（用途）与 file（文件）。类型按文件内容识别，与扩展名无关；'
      + '图片会去除拍摄位置等 EXIF 信息并重新编码，同时生成缩略图。大小上限见 413 错误的 details.limitBytes。'
      + '需登录；仅举报证据（purpose=tipoff）可匿名上传，按 IP 严格限流（429）。',
    body: UploadFileBody, response: FileResponse, status: 201, errors: [401, 403, 413],
  }, async (ctx) => {
    const { purpose, file } = ctx.input.body;
    const user = ctx.state.user;
    if (!user && purpose !== 'tipoff') throw unauthorized(ctx.state.authError ? 'auth.token_invalid' : 'auth.required');
    const upload = file as UploadedFile | undefined;
    if (!upload || !Buffer.isBuffer(upload.buffer)) throw badRequest('file.missing');
    if (user) authorize(user, 'file.upload', { purpose });
    // An anonymous uploader is known only by a keyed hash of their IP (the tip-off links the file later).
    const ownerId = user ? String(user._id) : `anon:${createHmac('sha256', ctx.services.config.dataKey).update(`upload:${ctx.ip}`).digest('base64url').slice(0, 22)}`;
    const saved = await ctx.services.storage.save({ buffer: upload.buffer, purpose, ownerId, originalName: upload.originalname });
    ctx.body = { data: presentFile(saved) };
  }, anonymousUploadLimit(), multipartUpload());

  api.route('get', '/files/:id', {
    summary: '下载文件', tags: ['文件'], auth: 'optional',
    description: '公开文件任何人可看；非公开文件仅上传者、所属记录的当事人（如作坊业主、申请人）和该记录所在辖区的监管人员、管理员可看，'
      + '尚未附到任何记录上的文件仅上传者可看；其他人一律返回 404。支持单段 Range 请求（视频拖动播放）。',
    params: FileParams, response: { description: '文件内容：Content-Type 为按内容识别出的实际类型（图片为重新编码后的 JPEG、PNG 或 WebP）', contentType: [...SERVED_CONTENT_TYPES] },
    also: { 206: '部分内容（单段 Range 请求，Content-Range 说明范围）', ...NOT_MODIFIED }, errors: [404, 416],
  }, (ctx) => sendFile(ctx, ctx.input.params.id, 'original'));

  api.route('get', '/files/:id/thumbnail', {
    summary: '图片缩略图（320px JPEG）', tags: ['文件'], auth: 'optional',
    description: '仅图片有缩略图；权限与下载文件相同。',
    params: FileParams, response: { description: '缩略图', contentType: 'image/jpeg' }, also: NOT_MODIFIED, errors: [404],
  }, (ctx) => sendFile(ctx, ctx.input.params.id, 'thumbnail'));
}
