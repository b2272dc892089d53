import { NEGATIVE_LIST_SEED } from '@shared/domain/categories';
import { NegativeListModel } from '../models/NegativeList';

export interface NegativeEntry { item: string; keywords: string[]; reason: string; region: string }

/** Default keywords for the seeded national items, so "花生调和油" or "奶粉" are caught too. */
const SEED_KEYWORDS: Record<string, string[]> = {
  食用调和油: ['调和油'],
  食盐: ['食盐', '精盐', '加碘盐'],
  婴幼儿配方食品: ['婴幼儿', '婴儿', '奶粉'],
  特殊医学用途配方食品: ['特医', '特殊医学'],
  保健食品: ['保健'],
  罐头: ['罐头'],
  乳制品: ['乳制品', '奶酪', '酸奶', '牛奶', '乳粉'],
};

function seedNegativeList() {
  return NEGATIVE_LIST_SEED.map((s) => ({ item: s.item, keywords: SEED_KEYWORDS[s.item] ?? [s.item], reason: s.reason }));
}

const chainOf = (region: string | null) => ['', ...(region ? [2, 4, 6, 9].filter((n) => region.length >= n).map((n) => region.slice(0, n)) : [])];

/**
 * The lists that apply to each of `regions` (a region's own and every one above it, national "" first), read
 * in one query; returns a lookup by region.
 */
export async function negativeListsFor(regions: readonly (string | null)[]): Promise<(region: string | null) => NegativeEntry[]> {
  const codes = [...new Set(regions.flatMap(chainOf))];
  // Sorted by region: "" < "45" < "4502" …, so the national list comes first, then each level down.
  const docs = await NegativeListModel.find({ region: { $in: codes } }).sort({ region: 1 }).lean();
  const byRegion = new Map(docs.map((d) => [d.region, d.items.map((i) => ({ item: i.item!, keywords: [...(i.keywords ?? [])], reason: i.reason! }))]));
  if (!byRegion.has('')) byRegion.set('', seedNegativeList());
  return (region) => chainOf(region).flatMap((code) => (byRegion.get(code) ?? []).map((i) => ({ ...i, region: code })));
}

/** The region's list and every list above it, national ("") first. */
export async function negativeListFor(region: string | null): Promise<NegativeEntry[]> {
  return (await negativeListsFor([region]))(region);
}
