// Small files that decode to huge images (decompression bombs), written byte by byte so that making them
// costs the test nothing: a GIF whose LZW stream is one colour, a 1-bit PNG of zeros, a JPEG with a rewritten frame header.
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** GIF LZW codes for `pixels` pixels of colour index 0 (runs 1, 2, 3 … as an encoder emits them). */
function lzwOneColour(pixels: number, minCodeSize = 2): Buffer {
  const clear = 1 << minCodeSize;
  const eoi = clear + 1;
  const bytes: number[] = [];
  let cur = 0;
  let shift = 0;
  let size = minCodeSize + 1;
  let next = eoi + 1;
  const emit = (code: number) => {
    cur |= code << shift;
    shift += size;
    while (shift >= 8) { bytes.push(cur & 0xff); cur >>>= 8; shift -= 8; }
  };
  const codeOf = (run: number) => (run === 1 ? 0 : eoi + run - 1); // run 2 is the first table entry
  emit(clear);
  let longest = 1; // the longest run the table holds
  let left = pixels;
  while (left > longest) {
    emit(codeOf(longest));
    left -= longest;
    if (next === 4096) { emit(clear); next = eoi + 1; size = minCodeSize + 1; longest = 1; }
    else { if (next >= 1 << size) size++; next++; longest++; }
  }
  emit(codeOf(left));
  emit(eoi);
  if (shift > 0) bytes.push(cur & 0xff);
  return Buffer.from(bytes);
}

function subBlocks(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += 255) {
    const chunk = data.subarray(i, i + 255);
    parts.push(Buffer.from([chunk.length]), chunk);
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

const u16 = (n: number) => Buffer.from([n & 0xff, n >> 8]);

/**
 * A GIF of `frames` frames, each `width`×`height` of one colour (frame i uses palette entry i % 4):
 * 10000×10000 is about 70 KB and decodes to 400 MB per frame.
 */
export function oneColourGif(width: number, height: number, frames = 1): Buffer {
  const palette = Buffer.from([0xc0, 0x30, 0x20, 0x20, 0x80, 0x30, 0x20, 0x40, 0xc0, 0xf0, 0xf0, 0xf0]);
  const parts: Buffer[] = [
    Buffer.from('GIF89a', 'latin1'), u16(width), u16(height),
    Buffer.from([0xf1, 0, 0]), // global colour table of 4 entries
    palette,
  ];
  if (frames > 1) parts.push(Buffer.from([0x21, 0xff, 11]), Buffer.from('NETSCAPE2.0', 'latin1'), Buffer.from([3, 1, 0, 0, 0]));
  const lzw = subBlocks(lzwOneColour(width * height));
  for (let f = 0; f < frames; f++) {
    parts.push(Buffer.from([0x21, 0xf9, 4, 0x04]), u16(10), Buffer.from([0, 0])); // 100 ms, keep the frame
    // Each frame has its own 4-entry table, rotated so that index 0 is colour f % 4.
    const rot = Buffer.concat([palette.subarray((f % 4) * 3), palette.subarray(0, (f % 4) * 3)]);
    parts.push(Buffer.from([0x2c]), u16(0), u16(0), u16(width), u16(height), Buffer.from([0x81]), rot, Buffer.from([2]), lzw);
  }
  parts.push(Buffer.from([0x3b]));
  return Buffer.concat(parts);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

let table: Uint32Array | null = null;
function crc32(b: Buffer): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; table[n] = c >>> 0; }
  }
  let c = 0xffffffff;
  for (const x of b) c = table[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A black 1-bit greyscale PNG: 10000×10000 is about 15 KB and decodes to 100 MB or more. */
export function blackPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale
  const raw = Buffer.alloc(height * (1 + Math.ceil(width / 8))); // filter byte 0 and zero pixels per row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A real 16×16 baseline JPEG whose frame header (SOF0) is rewritten to claim `width`×`height`. */
export async function jpegClaiming(width: number, height: number): Promise<Buffer> {
  const jpeg = Buffer.from(await sharp({ create: { width: 16, height: 16, channels: 3, background: '#808080' } }).jpeg().toBuffer());
  const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
  if (sof < 0) throw new Error('no SOF0 marker');
  jpeg.writeUInt16BE(height, sof + 5);
  jpeg.writeUInt16BE(width, sof + 7);
  return jpeg;
}
