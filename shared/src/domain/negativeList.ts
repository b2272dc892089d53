// Matching products against the negative list (禁止生产食品目录). One function for the server's
// check at submit and the app's warning while the owner types, so both always agree.
export interface NegativeListEntry { item: string; keywords: string[]; reason: string }
export interface NegativeHit { product: string; item: string; reason: string }

/** A product hits an entry when it contains the item or a keyword ("花生调和油" ⊃ "调和油"), or is part of one. */
export function negativeHits(products: string[], list: NegativeListEntry[]): NegativeHit[] {
  const hits: NegativeHit[] = [];
  for (const product of products) {
    const p = product.trim();
    if (!p) continue;
    const entry = list.find((e) => [e.item, ...e.keywords].some((k) => k && (p.includes(k) || (k.includes(p) && p.length >= 2))));
    if (entry) hits.push({ product: p, item: entry.item, reason: entry.reason });
  }
  return hits;
}
