import '../zod';
import { z } from 'zod';
import { FILE_KINDS, FILE_PURPOSE_CODES } from '../domain/files';
import { ObjectId } from './common';

export const FilePurposeEnum = z.enum(FILE_PURPOSE_CODES).meta({ description: '用途，决定允许的文件类型与可查看的人' });

/** The multipart form of an upload; `file` is validated by the server from its bytes. */
export const UploadFileBody = z
  .strictObject({
    purpose: FilePurposeEnum,
    file: z.unknown().meta({ override: { type: 'string', format: 'binary', description: '文件本身（图片、PDF 或 MP4，按用途；不能为空文件，大小与图片尺寸上限见 413）' } }),
  })
  .meta({ id: 'UploadFileBody' });

export const FileView = z
  .object({
    id: z.string(),
    purpose: FilePurposeEnum,
    kind: z.enum(FILE_KINDS),
    contentType: z.string().meta({ example: 'image/jpeg' }),
    size: z.number().int().meta({ description: '字节数（图片为去除位置等信息、重新编码后的大小）' }),
    sha256: z.string(),
    public: z.boolean(),
    originalName: z.string().nullable(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    url: z.string(),
    thumbnailUrl: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'File' });
export type FileView = z.infer<typeof FileView>;

export const FileResponse = z.object({ data: FileView }).meta({ id: 'FileResponse' });
export const FileParams = z.strictObject({ id: ObjectId });
