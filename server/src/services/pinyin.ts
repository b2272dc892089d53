// Search keys for workshop names, and the one normalisation that both the keys and a query go through:
// NFKC (full-width ｌｓｆ → lsf, as a Chinese IME types it), lower case, ü written `v` (stored) and matched
// as `v` or `u`, tone marks dropped. A name keeps several readings per character: the reading pinyin-pro
// gives in context, the two commonest readings of a polyphone (the name alone cannot decide 长乐 or 重庆),
// and for the first character its surname reading (单记 shan, 曾记 zeng, 区记 ou).
import { pinyin } from 'pinyin-pro';

const HAN = /\p{Script=Han}/u;

/** NFKC, lower case, no whitespace: how names and Chinese queries are compared. */
export function normalizeText(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/**
 * A Latin query or reading as pinyin letters: NFKC, lower case, ü (also u: and tone-marked ǖǘǚǜ) as v,
 * other tone marks dropped, then only a–z and digits kept ("Lǜ chá" → "lvcha", "xi'an" → "xian").
 */
export function normalizeLatin(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/u:/g, 'v')
    .normalize('NFD')
    .replace(/u\u0308/g, 'v') // ü, with or without a tone mark, decomposes to u + U+0308
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]/g, '');
}

/** "柳州螺蛳粉" → { full: "liuzhouluosifen", initials: "lzlsf" }: the stored keys (sort order, e.g. "lvcha"). */
export function nameKeys(name: string): { full: string; initials: string } {
  const text = name.normalize('NFKC');
  return {
    full: normalizeLatin(pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }).join('')),
    initials: normalizeLatin(pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('')),
  };
}

/** What the search compares a query with: the normalised name and, per character, its readings. */
export interface SearchKey {
  text: string;
  /** Readings per character, in `v` and in `u` spelling; Latin letters and digits are their own reading. */
  readings: string[][];
}

const spellings = (reading: string): string[] => {
  const v = normalizeLatin(reading);
  return v.includes('v') ? [v, v.replace(/v/g, 'u')] : [v];
};

/** Builds the key of one name (~70 µs; the index caches keys per name). */
export function searchKey(name: string): SearchKey {
  const text = normalizeText(name);
  // One pass gives each character's reading in context and its dictionary readings (commonest first).
  const items = pinyin(text, { toneType: 'none', type: 'all', multiple: true, nonZh: 'spaced' });
  const surname = HAN.test(text[0] ?? '') ? pinyin(text.slice(0, 2), { toneType: 'none', type: 'array', surname: 'head' })[0] : null;
  const readings: string[][] = [];
  items.forEach((item, i) => {
    if (!item.isZh) {
      for (const ch of item.origin) { const latin = normalizeLatin(ch); if (latin) readings.push([latin]); }
      return;
    }
    const [context, ...dictionary] = item.polyphonic.length ? item.polyphonic : [item.pinyin];
    const candidates = [item.pinyin, context, ...(i === 0 && surname ? [surname] : []), ...dictionary.slice(0, 2)];
    const set = new Set(candidates.flatMap(spellings).filter(Boolean));
    if (set.size) readings.push([...set]);
  });
  return { text, readings };
}

/**
 * Where a Latin query matches a name, as the index of the character it starts at, or -1. The query
 * matches either the initials of consecutive characters ("lsf") or their full readings, the last one
 * possibly cut short ("luosi", "lvc"). Bounded: at most characters × query length states per name.
 */
export function matchPinyin(key: SearchKey, q: string): number {
  const n = key.readings.length;
  if (!q) return -1;
  for (let start = 0; start < n; start++) {
    if (matchInitials(key.readings, start, q) || matchFull(key.readings, start, q, new Map())) return start;
  }
  return -1;
}

function matchInitials(readings: string[][], start: number, q: string): boolean {
  if (start + q.length > readings.length) return false;
  for (let k = 0; k < q.length; k++) {
    if (!readings[start + k].some((r) => r[0] === q[k])) return false;
  }
  return true;
}

function matchFull(readings: string[][], i: number, q: string, memo: Map<number, boolean>, pos = 0): boolean {
  if (pos === q.length) return true;
  if (i === readings.length) return false;
  const at = i * (q.length + 1) + pos;
  const seen = memo.get(at);
  if (seen !== undefined) return seen;
  let ok = false;
  for (const r of readings[i]) {
    const rest = q.length - pos;
    if (rest <= r.length) ok = r.startsWith(q.slice(pos)); // the query ends inside this reading
    else ok = q.startsWith(r, pos) && matchFull(readings, i + 1, q, memo, pos + r.length);
    if (ok) break;
  }
  memo.set(at, ok);
  return ok;
}
