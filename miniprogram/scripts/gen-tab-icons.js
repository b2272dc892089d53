#!/usr/bin/env node
// Draws the four tab bar icons as small PNGs (no image tools needed, a few hundred bytes each).
// Run once after changing a shape: node scripts/gen-tab-icons.js
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const SIZE = 81; // WeChat recommends 81×81 for tab icons
const SS = 4; // supersampling per axis, for smooth edges
const COLORS = { off: [0x4b, 0x55, 0x63], on: [0x1a, 0x56, 0xdb] };

const dist = (x, y, cx, cy) => Math.hypot(x - cx, y - cy);
const inRect = (x, y, x0, y0, x1, y1) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
// Distance from point to segment, for strokes.
function segDist(x, y, ax, ay, bx, by) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - ax - t * dx, y - ay - t * dy);
}
const W = 0.075; // stroke width in unit coordinates

// Each shape: (x, y) in [0,1]² → inside?
const SHAPES = {
  home(x, y) {
    const roof = [[0.12, 0.5, 0.5, 0.14], [0.5, 0.14, 0.88, 0.5]].some((s) => segDist(x, y, ...s) < W / 2 + 0.01);
    const walls =
      segDist(x, y, 0.24, 0.42, 0.24, 0.86) < W / 2 ||
      segDist(x, y, 0.76, 0.42, 0.76, 0.86) < W / 2 ||
      segDist(x, y, 0.24, 0.86, 0.76, 0.86) < W / 2;
    const door = inRect(x, y, 0.42, 0.6, 0.58, 0.86);
    return roof || walls || door;
  },
  search(x, y) {
    const r = dist(x, y, 0.43, 0.43);
    return Math.abs(r - 0.25) < W / 2 || segDist(x, y, 0.62, 0.62, 0.86, 0.86) < W * 0.65;
  },
  report(x, y) {
    // Warning triangle with an exclamation mark.
    const tri = [[0.5, 0.12, 0.1, 0.86], [0.1, 0.86, 0.9, 0.86], [0.9, 0.86, 0.5, 0.12]].some(
      (s) => segDist(x, y, ...s) < W / 2,
    );
    const bar = segDist(x, y, 0.5, 0.38, 0.5, 0.6) < W / 2;
    const dot = dist(x, y, 0.5, 0.73) < W * 0.6;
    return tri || bar || dot;
  },
  mine(x, y) {
    const head = Math.abs(dist(x, y, 0.5, 0.33) - 0.17) < W / 2;
    // Shoulders: upper half of an ellipse outline.
    const ex = (x - 0.5) / 0.34, ey = (y - 0.9) / 0.34;
    const e = Math.hypot(ex, ey);
    const shoulders = y <= 0.9 && Math.abs(e - 1) * 0.34 < W / 2;
    const base = segDist(x, y, 0.16, 0.9, 0.84, 0.9) < W / 2;
    return head || shoulders || base;
  },
};

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function png(shape, [r, g, b]) {
  const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
  for (let py = 0; py < SIZE; py++) {
    raw[py * (SIZE * 4 + 1)] = 0; // filter: none
    for (let px = 0; px < SIZE; px++) {
      let hits = 0;
      for (let sy = 0; sy < SS; sy++)
        for (let sx = 0; sx < SS; sx++) if (shape((px + (sx + 0.5) / SS) / SIZE, (py + (sy + 0.5) / SS) / SIZE)) hits++;
      const o = py * (SIZE * 4 + 1) + 1 + px * 4;
      raw[o] = r; raw[o + 1] = g; raw[o + 2] = b;
      raw[o + 3] = Math.round((255 * hits) / (SS * SS));
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0; // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const outDir = path.join(__dirname, '..', 'src', 'assets', 'tab');
fs.mkdirSync(outDir, { recursive: true });
for (const [name, shape] of Object.entries(SHAPES)) {
  fs.writeFileSync(path.join(outDir, `${name}.png`), png(shape, COLORS.off));
  fs.writeFileSync(path.join(outDir, `${name}-on.png`), png(shape, COLORS.on));
}
console.log(`tab icons written to ${path.relative(process.cwd(), outDir)}`);
