import type { WorkshopSearchQuery } from '@shared/schemas/workshops';
import type { IndexedWorkshop, WorkshopIndex } from '../../services/workshopIndex';

const CERT_NUMBER = /^JY\d{6,}$/i;

/**
 * Public search over the in-memory index. The text is only compared as text (includes/startsWith),
 * so ".*" or {"$ne":1} are searched for literally and can never reach a database query.
 */
export async function searchWorkshops(index: WorkshopIndex, q: WorkshopSearchQuery): Promise<{ items: IndexedWorkshop[]; total: number }> {
  const text = q.q?.trim() ?? '';
  const lower = text.toLowerCase();
  const latin = /^[a-z]+$/i.test(text);
  const cert = CERT_NUMBER.test(text) ? text.toUpperCase() : null;
  const matches = (await index.all()).filter((w) => {
    if (w.status === 'unlicensed') return false;
    if (q.region && !w.region.startsWith(q.region)) return false;
    if (q.category && !w.categories.includes(q.category)) return false;
    if (q.grade && w.riskGrade !== q.grade) return false;
    if (q.badge && !w.badges.includes(q.badge)) return false;
    if (!text) return true;
    if (cert) return w.certificate?.number === cert;
    if (latin) return w.nameInitials.includes(lower) || w.namePinyin.includes(lower);
    return w.name.includes(text);
  });
  // Every order ends on the pinyin/id order of the index, so paging never repeats or skips a row.
  let ordered = matches;
  if (text && q.sort === 'relevance') {
    const scored = matches.map((w, i) => ({ w, i, s: score(w, text) }));
    ordered = scored.sort((a, b) => b.s - a.s || a.i - b.i).map((x) => x.w);
  } else if (q.sort === 'inspected') {
    const t = (w: IndexedWorkshop) => (w.lastInspectionAt ? new Date(w.lastInspectionAt).getTime() : 0);
    ordered = matches.map((w, i) => ({ w, i })).sort((a, b) => t(b.w) - t(a.w) || a.i - b.i).map((x) => x.w);
  }
  const skip = (q.page - 1) * q.pageSize;
  return { items: ordered.slice(skip, skip + q.pageSize), total: matches.length };
}

function score(w: IndexedWorkshop, text: string): number {
  const t = text.toLowerCase();
  if (w.name === text || w.certificate?.number === text.toUpperCase()) return 100;
  if (w.name.startsWith(text)) return 80;
  if (w.nameInitials.startsWith(t) || w.namePinyin.startsWith(t)) return 70;
  if (w.name.includes(text)) return 50 - w.name.indexOf(text);
  if (w.nameInitials.includes(t)) return 40 - w.nameInitials.indexOf(t);
  return 10;
}

/** Confirmed black workshops, newest first. */
export async function blackWorkshops(index: WorkshopIndex, region: string | undefined) {
  const list = (await index.all()).filter((w) => w.status === 'unlicensed' && (!region || w.region.startsWith(region)));
  return list.sort((a, b) => new Date(b.updatedAt ?? 0).getTime() - new Date(a.updatedAt ?? 0).getTime() || String(a._id).localeCompare(String(b._id)));
}
