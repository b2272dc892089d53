// Public presentation of 双随机 tasks (一公开): the seed appears only once the draw has run.
import { categoryName } from '@shared/domain/categories';
import { DRAW_STATUS_LABELS } from '@shared/domain/supervision';
import type { z } from 'zod';
import type { DrawDetail } from '@shared/schemas/draws';
import type { DrawTask } from '../models/DrawTask';
import type { Lean } from '../models/lean';
import type { RegionService } from '../services/regions';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
type Regions = Pick<RegionService, 'fullName'>;

export function presentDrawSummary(t: Lean<Omit<DrawTask, 'candidates' | 'picks' | 'inspectors'>>, regions: Regions) {
  const drawn = t.status === 'drawn';
  return {
    id: String(t._id),
    title: t.title,
    region: { code: t.region, name: regions.fullName(t.region) ?? t.region },
    categories: t.categories.map((code) => ({ code, name: categoryName(code) })),
    sharePercent: t.sharePercent,
    periodStart: t.periodStart,
    periodEnd: t.periodEnd,
    office: t.office,
    status: t.status as 'committed' | 'drawn',
    statusLabel: DRAW_STATUS_LABELS[t.status as 'committed' | 'drawn'],
    algorithm: t.algorithm,
    seedHash: t.seedHash,
    seed: drawn ? t.revealedSeed ?? null : null,
    createdAt: iso(t.createdAt) ?? '',
    drawableAt: iso(t.drawableAt ?? t.createdAt) ?? '',
    drawnAt: iso(t.drawnAt),
    count: t.count ?? null,
  };
}

/** `workshops`: the picked workshops' names and regions by id (the route reads them in one query). */
export function presentDraw(t: Lean<DrawTask>, workshops: ReadonlyMap<string, { name: string; regionName: string }>, regions: Regions): z.infer<typeof DrawDetail> {
  const names = new Map(t.inspectors.map((i) => [i.id!, i.name ?? '执法人员']));
  return {
    ...presentDrawSummary(t, regions),
    candidates: t.candidates.map((c) => ({ id: c.id!, region: c.region!, keyCategory: !!c.keyCategory, keyArea: !!c.keyArea })),
    inspectors: t.inspectors.map((i) => ({ id: i.id!, region: i.region!, name: i.name ?? '执法人员' })),
    results: t.picks.map((p) => {
      const w = workshops.get(p.workshopId!);
      return {
        workshop: { id: p.workshopId!, name: w?.name ?? '', regionName: w?.regionName ?? '' },
        weight: p.weight ?? 1,
        inspectors: p.inspectorIds.map((id) => ({ id, name: names.get(id) ?? '执法人员' })),
      };
    }),
  };
}
