// Uploaded files: type decided from the bytes, images re-encoded so EXIF (GPS, camera, owner) is gone,
// a JPEG thumbnail for images, bytes in GridFS. GridFS works on FerretDB 1.24 (upload, ranged download,
// delete, its indexes), so the same code serves the embedded database and MongoDB.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import mongoose from 'mongoose';
import sharp from 'sharp';
import { FILE_KIND_LABELS, FILE_PURPOSES, type FilePurpose } from '@shared/domain/files';
import type { Db } from '../db/connection';
import { AppError, badRequest } from '../errors';
import { StoredFileModel, type StoredFileDoc } from '../models/StoredFile';
import { sniff, type Sniffed } from './sniff';

const BUCKET = 'blobs';
const MAX_IMAGE_SIDE = 4096; // larger photos are scaled down: nobody needs 50 MP evidence on a phone
const THUMB_SIDE = 320;
const MAX_INPUT_PIXELS = 100_000_000; // refuses decompression bombs before decoding

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

// Decoding and re-encoding drops every metadata block (EXIF with GPS, XMP, IPTC, comments): sharp writes
// metadata only when asked (withMetadata/keepExif), and we never ask. rotate() first applies the EXIF
// orientation to the pixels, so the photo still stands upright once the tag is gone.
async function cleanImage(input: Buffer, type: Sniffed): Promise<Cleaned> {
  try {
    const animated = type.contentType === 'image/gif';
    let img = sharp(input, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS, animated });
    if (!animated) img = img.rotate().resize({ width: MAX_IMAGE_SIDE, height: MAX_IMAGE_SIDE, fit: 'inside', withoutEnlargement: true });
    switch (type.contentType) {
      case 'image/png': img = img.png(); break;
      case 'image/webp': img = img.webp({ quality: 85 }); break;
      case 'image/gif': img = img.gif(); break;
      default: img = img.jpeg({ quality: 85, mozjpeg: true });
    }
    const { data, info } = await img.toBuffer({ resolveWithObject: true });
    const thumb = await sharp(data, { failOn: 'error' })
      .resize({ width: THUMB_SIDE, height: THUMB_SIDE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 75 })
      .toBuffer();
    // For an animated GIF, info.height is the height of all frames stacked.
    const height = info.pageHeight ?? info.height;
    return { data, contentType: type.contentType, width: info.width, height, thumb };
  } catch {
    throw badRequest('file.unreadable');
  }
}

/** A display name only (never a path): strip directories and control characters, keep it short. */
function cleanName(name: string | null | undefined): string | null {
  if (!name) return null;
  // eslint-disable-next-line no-control-regex
  const base = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 120);
  return base || null;
}
