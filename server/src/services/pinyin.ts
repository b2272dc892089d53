import { pinyin } from 'pinyin-pro';

/** "柳州螺蛳粉" → { full: "liuzhouluosifen", initials: "lzlsf" }: stored for indexed prefix search. */
export function nameKeys(name: string): { full: string; initials: string } {
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  return {
    full: clean(pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('')),
    initials: clean(pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('')),
  };
}
