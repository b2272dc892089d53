// What may be uploaded for what. The server decides the type from the file's bytes, never from its name.
import type { Role } from './roles';

export const FILE_KINDS = ['image', 'pdf', 'video'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export const FILE_KIND_LABELS: Record<FileKind, string> = { image: '图片（JPG/PNG/WebP/GIF）', pdf: 'PDF 文档', video: 'MP4 视频' };

/** The types a stored file is served as: images are re-encoded (a GIF is kept as a PNG still), others as sniffed. */
export const SERVED_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf', 'video/mp4'] as const;

export interface FilePurposeRule {
  label: string;
  kinds: readonly FileKind[];
  /** Who may upload; undefined: any logged-in user. */
  uploaders?: readonly Role[];
  /** Besides the uploader, who may read a private file of this purpose. */
  readers: readonly Role[];
  /** Public files are readable by anyone who has the link (e.g. a course cover). */
  public: boolean;
}

export const FILE_PURPOSES = {
  registration: { label: '登记材料（场所照片、健康证、承诺书等）', kinds: ['image', 'pdf'], readers: ['inspector', 'admin'], public: false },
  tipoff: { label: '举报证据', kinds: ['image', 'video'], readers: ['inspector', 'admin'], public: false },
  inspection: { label: '检查、抽检记录', kinds: ['image', 'pdf', 'video'], uploaders: ['inspector', 'admin'], readers: ['inspector', 'admin'], public: false },
  rectification: { label: '整改材料（业主上传）', kinds: ['image', 'pdf'], readers: ['inspector', 'admin'], public: false },
  program: { label: '品牌、非遗项目申报材料', kinds: ['image', 'pdf', 'video'], readers: ['inspector', 'admin'], public: false },
  story: { label: '非遗故事照片（公开展示）', kinds: ['image'], uploaders: ['owner', 'admin'], readers: ['inspector', 'admin'], public: true },
  training: { label: '培训封面与资料', kinds: ['image', 'pdf'], uploaders: ['trainer', 'admin'], readers: ['trainer', 'inspector', 'admin'], public: true },
} as const satisfies Record<string, FilePurposeRule>;

export type FilePurpose = keyof typeof FILE_PURPOSES;
export const FILE_PURPOSE_CODES = Object.keys(FILE_PURPOSES) as [FilePurpose, ...FilePurpose[]];
