// Addresses compared as places, not as strings: "广西壮族自治区柳州市鱼峰区某某路８号", "柳州市鱼峰区 某某路8号"
// and "某某路8号" (with the region code 450203) are one address. The region code already says the
// province, city, county and township, so the prefix naming them is dropped before comparing.

// Suffixes whose removal leaves the short form people write ("广西壮族自治区" → "广西", "柳州市" → "柳州").
const SHORT_FORM = /(?:省|市|特别行政区|壮族自治区|回族自治区|维吾尔自治区|自治区|地区|自治州|盟|自治县|自治旗|区|县|旗|街道|镇|乡)$/;

const shortOf = (name: string): string | null => {
  const s = name.replace(SHORT_FORM, '');
  return s.length >= 2 && s !== name ? s : null;
};

/** NFKC (full-width digits and letters → half-width), lower case, no spaces, one kind of dash, no quotes or brackets. */
export function normalizeAddressText(address: string): string {
  return address
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212\u30fc\ufe58\ufe63]/g, '-')
    .replace(/[\s,，、.。·'"“”‘’()（）[\]【】<>《》]/g, '');
}

/**
 * The comparable form of an address in the region named by `regionNames` (province first, down to the
 * county or township). Each level's name is dropped from the front when present, in full or short
 * form; a short form only when the next level's name follows it, so "城中路" in 城中区 stays. Then a
 * township of the county (`townships`, full names) is dropped too, for a region given only to the county.
 */
export function addressKey(address: string, regionNames: readonly string[], townships: readonly string[] = []): string {
  let rest = normalizeAddressText(address);
  const names = regionNames.map(normalizeAddressText).filter((n) => n && n !== '市辖区' && n !== '县');
  names.forEach((full, i) => {
    if (rest.startsWith(full)) { rest = rest.slice(full.length); return; }
    const short = shortOf(full);
    if (!short || !rest.startsWith(short)) return;
    const after = rest.slice(short.length);
    const below = names.slice(i + 1);
    if (below.some((n) => after.startsWith(n) || (shortOf(n) !== null && after.startsWith(shortOf(n)!)))) rest = after;
  });
  const township = townships.map(normalizeAddressText).find((n) => n && rest.startsWith(n) && rest.length > n.length);
  return township ? rest.slice(township.length) : rest;
}
