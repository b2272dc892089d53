// GB/T 2260 codes: province 2 digits, city 4, county 6, township 9 (stored without trailing zeros
// as a prefix, so "inside my region" is a string prefix test).
export type RegionLevel = 'province' | 'city' | 'county' | 'township';

export const REGION_CODE_PATTERN = /^(\d{2}|\d{4}|\d{6}|\d{9})$/;

export function regionLevel(code: string): RegionLevel {
  switch (code.length) {
    case 2: return 'province';
    case 4: return 'city';
    case 6: return 'county';
    default: return 'township';
  }
}

/** Parent code of a region, or null for a province. */
export function parentRegion(code: string): string | null {
  if (code.length <= 2) return null;
  if (code.length === 9) return code.slice(0, 6);
  return code.slice(0, code.length - 2);
}

/** True when `code` lies inside `jurisdiction` (same region or below it). */
export function isWithinRegion(code: string | null | undefined, jurisdiction: string | null | undefined): boolean {
  if (!code || !jurisdiction) return false;
  return code.startsWith(jurisdiction);
}
