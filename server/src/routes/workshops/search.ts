import type { QueryFilter } from 'mongoose';
import type { WorkshopSearchQuery } from '@shared/schemas/workshops';
import { WorkshopModel, type Workshop } from '../../models/Workshop';

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const CERT_NUMBER = /^JY\d{6,}$/i;
// Relevance needs every match scored; beyond this many matches the query is too broad to rank.
const MAX_RANKED = 1000;

type Lean = Workshop & { _id: unknown };

/**
 * Public search. The text is only ever used as an escaped regex or an equality value, so
 * "{"$ne":1}" or ".*" is searched for literally (the zod schema has already made it a string).
 */
export async function searchWorkshops(q: WorkshopSearchQuery): Promise<{ items: Lean[]; total: number }> {
  const filter: QueryFilter<Workshop> = { status: { $in: ['registered', 'cancelled'] } };
  if (q.region) filter.region = { $regex: `^${q.region}` };
  if (q.category) filter.categories = q.category;
  if (q.grade) filter.riskGrade = q.grade;
  if (q.badge) filter.badges = q.badge;

  const text = q.q?.trim();
  if (text) {
    if (CERT_NUMBER.test(text)) filter['certificate.number'] = text.toUpperCase();
    else if (/^[a-z]+$/i.test(text)) {
      const re = escapeRegex(text.toLowerCase());
      filter.$or = [{ nameInitials: { $regex: re } }, { namePinyin: { $regex: re } }];
    } else filter.name = { $regex: escapeRegex(text) };
  }

  const skip = (q.page - 1) * q.pageSize;
  if (text && q.sort === 'relevance') {
    const matches = await WorkshopModel.find(filter).sort({ namePinyin: 1, _id: 1 }).limit(MAX_RANKED).lean<Lean[]>();
    const ranked = matches
      .map((w) => ({ w, score: score(w, text) }))
      .sort((a, b) => b.score - a.score || a.w.namePinyin.localeCompare(b.w.namePinyin) || String(a.w._id).localeCompare(String(b.w._id)));
    return { items: ranked.slice(skip, skip + q.pageSize).map((r) => r.w), total: matches.length };
  }
  // Stable order: every sort ends on _id, so paging never repeats or skips a row.
  const sort: Record<string, 1 | -1> = q.sort === 'inspected' ? { lastInspectionAt: -1, _id: 1 } : { namePinyin: 1, _id: 1 };
  const [items, total] = await Promise.all([
    WorkshopModel.find(filter).sort(sort).skip(skip).limit(q.pageSize).lean<Lean[]>(),
    WorkshopModel.countDocuments(filter),
  ]);
  return { items, total };
}

function score(w: Lean, text: string): number {
  const t = text.toLowerCase();
  if (w.name === text || w.certificate?.number === text.toUpperCase()) return 100;
  if (w.name.startsWith(text)) return 80;
  if (w.nameInitials.startsWith(t) || w.namePinyin.startsWith(t)) return 70;
  if (w.name.includes(text)) return 50 - w.name.indexOf(text);
  if (w.nameInitials.includes(t)) return 40 - w.nameInitials.indexOf(t);
  return 10;
}
