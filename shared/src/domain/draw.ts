// 双随机 draw, as a pure function anyone can re-run (一公开). No Node crypto: the same code runs in the
// mini-program, the H5 portal and the server, and the algorithm is short enough to read.
//
// Algorithm (version "sha256-ctr-v1"):
// 1. Commitment: before the draw the server publishes sha256(seed), where seed is 64 hex characters
//    (32 random bytes) hashed as ASCII text. After the draw it publishes the seed; anyone checks the hash.
// 2. Random stream: the i-th number (i = 0, 1, 2, …) is the first 8 hex digits of sha256(`${seed}:${i}`)
//    read as an unsigned 32-bit integer u. A pick among a total weight W is floor(u × W / 2^32) (exact in
//    double precision while W < 2^21).
// 3. Candidates are sorted by id (ascending string order). Weight 1, ×2 when the workshop makes a key
//    category (CATEGORIES[].key), ×2 when it lies in a key area (Workshop.keyArea). `count` workshops are
//    drawn one after another without replacement: each pick walks the remaining candidates in order,
//    summing weights, and takes the first whose running sum exceeds the picked number.
// 4. Inspectors: sorted by id. For each drawn workshop, in draw order, two distinct inspectors are drawn
//    uniformly from those whose jurisdiction contains the workshop's region (fewer if fewer exist),
//    continuing the same random stream.

export const DRAW_ALGORITHM = 'sha256-ctr-v1';

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

function utf8(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    let c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else { out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)); c = 0; }
  }
  return out;
}

/** SHA-256 of a string's UTF-8 bytes, as 64 lower-case hex characters (FIPS 180-4). */
export function sha256Hex(text: string): string {
  const bytes = utf8(text);
  const bitLen = bytes.length * 8;
  bytes.push(0x80);
  while (bytes.length % 64 !== 56) bytes.push(0);
  const hi = Math.floor(bitLen / 2 ** 32);
  for (const v of [hi, bitLen >>> 0]) bytes.push((v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let off = 0; off < bytes.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = (bytes[off + 4 * i] << 24) | (bytes[off + 4 * i + 1] << 16) | (bytes[off + 4 * i + 2] << 8) | bytes[off + 4 * i + 3];
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      hh = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
  return Array.from(h, (x) => x.toString(16).padStart(8, '0')).join('');
}

export interface DrawCandidate { id: string; region: string; keyCategory: boolean; keyArea: boolean }
export interface DrawInspector { id: string; region: string }
export interface DrawInput { seed: string; candidates: DrawCandidate[]; inspectors: DrawInspector[]; count: number }
export interface DrawPick { workshopId: string; weight: number; inspectorIds: string[] }

export const drawWeight = (c: Pick<DrawCandidate, 'keyCategory' | 'keyArea'>) => (c.keyCategory ? 2 : 1) * (c.keyArea ? 2 : 1);
/** How many workshops a share (percent) of `total` means: rounded up, at least one when there are any. */
export const drawCount = (total: number, sharePercent: number) => Math.min(total, Math.ceil((total * sharePercent) / 100));

/** The random stream of step 2. */
export function randomStream(seed: string): () => number {
  let i = 0;
  return () => parseInt(sha256Hex(`${seed}:${i++}`).slice(0, 8), 16);
}

const pickIndex = (u: number, total: number) => Math.floor((u * total) / 2 ** 32);

/** Runs the draw. The same input always gives the same list. */
export function runDraw(input: DrawInput): DrawPick[] {
  const next = randomStream(input.seed);
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const pool = [...input.candidates].sort(byId).map((c) => ({ c, w: drawWeight(c) }));
  const inspectors = [...input.inspectors].sort(byId);
  let total = pool.reduce((s, p) => s + p.w, 0);
  const picks: DrawPick[] = [];
  for (let k = 0; k < input.count && pool.length; k++) {
    const target = pickIndex(next(), total);
    let sum = 0;
    let idx = 0;
    for (; idx < pool.length - 1; idx++) {
      sum += pool[idx].w;
      if (sum > target) break;
    }
    const [chosen] = pool.splice(idx, 1);
    total -= chosen.w;
    const eligible = inspectors.filter((i) => chosen.c.region.startsWith(i.region));
    const pair: string[] = [];
    while (pair.length < 2 && eligible.length) pair.push(eligible.splice(pickIndex(next(), eligible.length), 1)[0].id);
    picks.push({ workshopId: chosen.c.id, weight: chosen.w, inspectorIds: pair });
  }
  return picks;
}
