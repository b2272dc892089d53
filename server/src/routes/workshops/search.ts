import type { WorkshopSearchQuery } from '@shared/schemas/workshops';
import { matchPinyin, normalizeLatin, normalizeText, type SearchKey } from '../../services/pinyin';
import type { IndexedWorkshop, WorkshopIndex } from '../../services/workshopIndex';

const CERT_NUMBER = /^jy\d{6,}$/;
const HAN = /\p{Script=Han}/u;
/** Letters (with tone marks or ü), digits and the separators people type in pinyin: "lü cha", "xi'an". */
const PINYIN_QUERY = /^[\p{L}\p{M}0-9'’:·-]+$/u;

/**
 * Public search over the in-memory index. The text is only compared as text (includes/startsWith),
 * so ".*" or {"$ne":1} are searched for literally and can never reach a database query.
 */
export async function searchWorkshops(index: WorkshopIndex, q: WorkshopSearchQuery): Promise<{ items: IndexedWorkshop[]; total: number }> {
  // One normalisation for queries and names (services/pinyin.ts): NFKC, lower case, no spaces; ü as v or u.
  const text = normalizeText(q.q ?? '');
  const cert = CERT_NUMBER.test(text) ? text.toUpperCase() : null;
  const latin = !cert && !HAN.test(text) && PINYIN_QUERY.test(text) ? normalizeLatin(text) : '';
  const pinyinAt = new Map<IndexedWorkshop, number>();
  const matches = (await index.all()).filter((w) => {
    if (w.status === 'unlicensed') return false;
    if (q.region && !w.region.startsWith(q.region)) return false;
    if (q.category && !w.categories.includes(q.category)) return false;
    if (q.grade && w.riskGrade !== q.grade) return false;
    if (q.badge && !w.badges.includes(q.badge)) return false;
    if (!text) return true;
    if (cert) return w.certificate?.number === cert;
    const key = index.keyOf(w);
    if (key.text.includes(text)) return true;
    if (!latin) return false;
    const at = matchPinyin(key, latin);
    if (at >= 0) pinyinAt.set(w, at);
    return at >= 0;
  });
  // Every order ends on the pinyin/id order of the index, so paging never repeats or skips a row.
  let ordered = matches;
  if (text && q.sort === 'relevance') {
    const scored = matches.map((w, i) => ({ w, i, s: score(w, index.keyOf(w), text, cert, pinyinAt.get(w)) }));
    ordered = scored.sort((a, b) => b.s - a.s || a.i - b.i).map((x) => x.w);
  } else if (q.sort === 'inspected') {
    const t = (w: IndexedWorkshop) => (w.lastInspectionAt ? new Date(w.lastInspectionAt).getTime() : 0);
    ordered = matches.map((w, i) => ({ w, i })).sort((a, b) => t(b.w) - t(a.w) || a.i - b.i).map((x) => x.w);
  }
  const skip = (q.page - 1) * q.pageSize;
  return { items: ordered.slice(skip, skip + q.pageSize), total: matches.length };
}

/** Exact name or certificate first, then a name or pinyin match at the start, then inside the name. */
function score(w: IndexedWorkshop, key: SearchKey, text: string, cert: string | null, pinyinAt: number | undefined): number {
  if (key.text === text || (cert && w.certificate?.number === cert)) return 100;
  if (key.text.startsWith(text)) return 80;
  if (pinyinAt === 0) return 70;
  if (key.text.includes(text)) return 50 - key.text.indexOf(text);
  if (pinyinAt !== undefined) return 40 - pinyinAt;
  return 10;
}

/** Confirmed black workshops, newest first. */
export async function blackWorkshops(index: WorkshopIndex, region: string | undefined) {
  const list = (await index.all()).filter((w) => w.status === 'unlicensed' && (!region || w.region.startsWith(region)));
  return list.sort((a, b) => new Date(b.updatedAt ?? 0).getTime() - new Date(a.updatedAt ?? 0).getTime() || String(a._id).localeCompare(String(b._id)));
}
