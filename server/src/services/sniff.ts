// File type from the first bytes (magic numbers). The declared MIME type and the file name come from the
// client and are not trusted; only these signatures decide what a file is.
import type { FileKind } from '@shared/domain/files';

export interface Sniffed {
  kind: FileKind;
  contentType: string;
  ext: string;
}

const startsWith = (b: Buffer, sig: number[], at = 0) => b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (b: Buffer, at: number, len: number) => (b.length >= at + len ? b.toString('latin1', at, at + len) : '');

// ISO base media brands that are MP4 (not QuickTime 'qt  ', not 3GP, not HEIF images).
const MP4_BRANDS = new Set(['isom', 'iso2', 'iso3', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'M4V ', 'mmp4', 'MSNV', 'dash']);

export function sniff(b: Buffer): Sniffed | null {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return { kind: 'image', contentType: 'image/jpeg', ext: 'jpg' };
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'image', contentType: 'image/png', ext: 'png' };
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return { kind: 'image', contentType: 'image/gif', ext: 'gif' };
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return { kind: 'image', contentType: 'image/webp', ext: 'webp' };
  if (ascii(b, 0, 5) === '%PDF-') return { kind: 'pdf', contentType: 'application/pdf', ext: 'pdf' };
  // MP4: the first box is 'ftyp' (size, 'ftyp', major brand); accept a known major brand.
  if (ascii(b, 4, 4) === 'ftyp' && b.readUInt32BE(0) >= 16 && MP4_BRANDS.has(ascii(b, 8, 4))) {
    return { kind: 'video', contentType: 'video/mp4', ext: 'mp4' };
  }
  return null;
}
