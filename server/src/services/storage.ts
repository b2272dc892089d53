// Uploaded files: type decided from the bytes, images re-encoded so EXIF (GPS, camera, owner) is gone,
// a JPEG thumbnail for images, bytes in GridFS. GridFS works on FerretDB 1.24 (upload, ranged download,
// delete, its indexes), so the same code serves the embedded database and MongoDB.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import mongoose from 'mongoose';
import sharp, { type Metadata } from 'sharp';
import { FILE_KIND_LABELS, FILE_PURPOSES, type FilePurpose } from '@shared/domain/files';
import type { Db } from '../db/connection';
import { AppError, badRequest } from '../errors';
import { StoredFileModel, type StoredFileDoc } from '../models/StoredFile';
import { sniff, type Sniffed } from './sniff';

const BUCKET = 'blobs';
const MAX_IMAGE_SIDE = 4096; // larger photos are scaled down: nobody needs 50 MP evidence on a phone
const THUMB_SIDE = 320;
/**
 * Decoding budget per image, read from the header before any pixel is decoded (a 70 KB GIF can claim
 * 10000×10000 = 400 MB of pixels). JPEG decodes straight to a fraction of its size when scaled down
 * (shrink-on-load), so a large camera photo costs far less than its pixel count; PNG, GIF and WebP
 * decode every pixel, 4 bytes each, so 25 MP is 100 MB.
 */
const MAX_PIXELS: Record<string, number> = {
  'image/jpeg': 100_000_000,
  'image/png': 25_000_000,
  'image/gif': 25_000_000,
  'image/webp': 25_000_000,
};
/** libvips' own name for each format we accept: the decoder must agree with the sniffed bytes. */
const VIPS_FORMAT: Record<string, string> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp' };
/** A decode that runs longer than this is abandoned (400), whatever the input. */
const IMAGE_TIMEOUT_SECONDS = 20;
/** Images decoded at the same time: a burst of uploads waits its turn instead of multiplying the memory. */
const IMAGE_SLOTS = 2;

// Uploads are processed once: libvips' operation cache would only keep their pixels in memory.
sharp.cache(false);

export interface SaveInput {
  buffer: Buffer;
  purpose: FilePurpose;
  ownerId: string;
  originalName?: string | null;
}

interface Cleaned {
  data: Buffer;
  contentType: string;
  width: number | null;
  height: number | null;
  thumb: Buffer | null;
}

export function tooLarge(limitBytes: number): AppError {
  const mb = limitBytes / 1024 / 1024;
  const text = mb >= 1 ? `${Number(mb.toFixed(1))} MB` : `${Math.round(limitBytes / 1024)} KB`;
  return new AppError(413, 'file.too_large', `文件过大，不能超过 ${text}`, { limitBytes });
}

export class FileStorage {
  constructor(private readonly db: Db, readonly limitBytes: number) {}

  private bucket() {
    return new mongoose.mongo.GridFSBucket(this.db.connection.db!, { bucketName: BUCKET });
  }

  /** Checks, cleans and stores one upload; throws 400/413 AppErrors a user can act on. */
  async save(input: SaveInput): Promise<StoredFileDoc> {
    const rule = FILE_PURPOSES[input.purpose];
    if (input.buffer.length === 0) throw badRequest('file.missing');
    if (input.buffer.length > this.limitBytes) throw tooLarge(this.limitBytes);
    const type = sniff(input.buffer);
    if (!type || !(rule.kinds as readonly string[]).includes(type.kind)) {
      const allowed = rule.kinds.map((k) => FILE_KIND_LABELS[k]).join('、');
      throw badRequest('file.type_not_allowed', `文件类型不支持，${rule.label}只能上传${allowed}`, { allowed: rule.kinds });
    }
    const cleaned = type.kind === 'image' ? await cleanImage(input.buffer, type) : { data: input.buffer, contentType: type.contentType, width: null, height: null, thumb: null };

    const blobIds: mongoose.Types.ObjectId[] = [];
    try {
      const blobId = await this.upload(cleaned.data, cleaned.contentType);
      blobIds.push(blobId);
      const thumbBlobId = cleaned.thumb ? await this.upload(cleaned.thumb, 'image/jpeg') : null;
      if (thumbBlobId) blobIds.push(thumbBlobId);
      return await StoredFileModel.create({
        purpose: input.purpose,
        kind: type.kind,
        contentType: cleaned.contentType,
        size: cleaned.data.length,
        sha256: createHash('sha256').update(cleaned.data).digest('hex'),
        ownerId: input.ownerId,
        public: rule.public,
        originalName: cleanName(input.originalName),
        width: cleaned.width,
        height: cleaned.height,
        blobId,
        thumbBlobId,
        thumbSize: cleaned.thumb?.length ?? null,
      });
    } catch (e) {
      // No transactions on FerretDB: undo the blobs ourselves so a failed save leaves no orphan bytes.
      await Promise.all(blobIds.map((id) => this.bucket().delete(id).catch(() => undefined)));
      throw e;
    }
  }

  async find(id: string): Promise<StoredFileDoc | null> {
    if (!mongoose.isValidObjectId(id)) return null;
    return StoredFileModel.findById(id);
  }

  /** The stored bytes; `range` is inclusive [start, end] as in HTTP Range. */
  open(file: StoredFileDoc, variant: 'original' | 'thumbnail', range?: { start: number; end: number }): Readable {
    const blobId = variant === 'thumbnail' ? file.thumbBlobId : file.blobId;
    if (!blobId) throw new Error('no blob for this variant');
    return this.bucket().openDownloadStream(blobId, range ? { start: range.start, end: range.end + 1 } : undefined);
  }

  /** For domain code that publishes a file later (e.g. a photo on an approved workshop's public page). */
  async setPublic(id: string, isPublic: boolean): Promise<void> {
    await StoredFileModel.updateOne({ _id: id }, { $set: { public: isPublic } });
  }

  async remove(id: string): Promise<void> {
    const file = await this.find(id);
    if (!file) return;
    await StoredFileModel.deleteOne({ _id: file._id });
    for (const blobId of [file.blobId, file.thumbBlobId]) {
      if (blobId) await this.bucket().delete(blobId).catch(() => undefined);
    }
  }

  private upload(data: Buffer, contentType: string): Promise<mongoose.Types.ObjectId> {
    return new Promise((resolve, reject) => {
      const stream = this.bucket().openUploadStream('blob', { metadata: { contentType } });
      stream.once('error', reject);
      stream.once('finish', () => resolve(stream.id as mongoose.Types.ObjectId));
      stream.end(data);
    });
  }
}

let busySlots = 0;
const waitingForSlot: (() => void)[] = [];
async function inImageSlot<T>(work: () => Promise<T>): Promise<T> {
  if (busySlots < IMAGE_SLOTS) busySlots++;
  else await new Promise<void>((resolve) => waitingForSlot.push(resolve)); // the slot is handed over below
  try {
    return await work();
  } finally {
    const next = waitingForSlot.shift();
    if (next) next();
    else busySlots--;
  }
}

function imageTooLarge(width: number, height: number, maxPixels: number): AppError {
  return new AppError(413, 'file.image_too_large', `图片尺寸过大（${width}×${height} 像素），请缩小到 ${maxPixels / 10_000} 万像素以内再上传`, { width, height, maxPixels });
}

// Decoding and re-encoding drops every metadata block (EXIF with GPS, XMP, IPTC, comments): sharp writes
// metadata only when asked (withMetadata/keepExif), and we never ask. rotate() first applies the EXIF
// orientation to the pixels, so the photo still stands upright once the tag is gone.
// Every image is bounded before decoding (header pixel budget), decodes one frame only (an animated GIF or
// WebP is kept as a still of its first frame; a GIF is stored as PNG) and is stored at most 4096 px a side.
async function cleanImage(input: Buffer, type: Sniffed): Promise<Cleaned> {
  const maxPixels = MAX_PIXELS[type.contentType] ?? 25_000_000;
  let header: Metadata;
  try {
    header = await sharp(input, { limitInputPixels: false }).metadata(); // the header only, no pixels
  } catch {
    throw badRequest('file.unreadable');
  }
  if (header.format !== VIPS_FORMAT[type.contentType] || !header.width || !header.height) throw badRequest('file.unreadable');
  if (header.width * header.height > maxPixels) throw imageTooLarge(header.width, header.height, maxPixels);

  return inImageSlot(async () => {
    try {
      const contentType = type.contentType === 'image/gif' ? 'image/png' : type.contentType;
      let img = sharp(input, { failOn: 'error', limitInputPixels: maxPixels, pages: 1, page: 0 })
        .timeout({ seconds: IMAGE_TIMEOUT_SECONDS })
        .rotate()
        .resize({ width: MAX_IMAGE_SIDE, height: MAX_IMAGE_SIDE, fit: 'inside', withoutEnlargement: true });
      switch (contentType) {
        case 'image/png': img = img.png(); break;
        case 'image/webp': img = img.webp({ quality: 85 }); break;
        default: img = img.jpeg({ quality: 85, mozjpeg: true });
      }
      const { data, info } = await img.toBuffer({ resolveWithObject: true });
      const thumb = await sharp(data, { failOn: 'error', limitInputPixels: MAX_IMAGE_SIDE * MAX_IMAGE_SIDE })
        .timeout({ seconds: IMAGE_TIMEOUT_SECONDS })
        .resize({ width: THUMB_SIDE, height: THUMB_SIDE, fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 75 })
        .toBuffer();
      return { data, contentType, width: info.width, height: info.height, thumb };
    } catch {
      throw badRequest('file.unreadable');
    }
  });
}

/**
 * A display name only (never a path, never markup): the last path segment, without control and bidi
 * characters, damaged text (U+FFFD, lone surrogates), angle brackets, quotes and backticks; spaces collapsed,
 * at most 120 characters. Chinese and other letters stay: `<img src=x onerror=alert(1)>.jpg` becomes
 * `img src=x onerror=alert(1).jpg`.
 */
function cleanName(name: string | null | undefined): string | null {
  if (!name) return null;
  const base = name.split(/[\\/]/).pop()!
    .normalize('NFC')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffd\ufffe\uffff<>"'`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const short = Array.from(base).slice(0, 120).join('').trim(); // by code points: never half an emoji
  return short || null;
}
