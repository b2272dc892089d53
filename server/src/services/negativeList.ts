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

export function seedNegativeList() {
  return NEGATIVE_LIST_SEED.map((s) => ({ item: s.item, keywords: SEED_KEYWORDS[s.item] ?? [s.item], reason: s.reason }));
}

/** The region's list and every list above it, national ("") first. */
export async function negativeListFor(region: string | null): Promise<NegativeEntry[]> {
  const chain = [''];
  if (region) for (const len of [2, 4, 6, 9]) if (region.length >= len) chain.push(region.slice(0, len));
  const docs = await NegativeListModel.find({ region: { $in: chain } }).lean();
  const national = docs.find((d) => d.region === '');
  const lists = national ? docs : [{ region: '', items: seedNegativeList() }, ...docs];
  return lists.flatMap((d) => d.items.map((i) => ({ item: i.item!, keywords: i.keywords ?? [], reason: i.reason!, region: d.region })));
}

