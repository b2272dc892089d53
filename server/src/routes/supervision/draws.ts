// Public presentation of 双随机 tasks (一公开): the seed appears only once the draw has run.
import { categoryName } from '@shared/domain/categories';
import { DRAW_STATUS_LABELS } from '@shared/domain/supervision';
import type { z } from 'zod';
import type { DrawDetail, DrawQuery } from '@shared/schemas/draws';
import { DrawTaskModel, type DrawTask } from '../../models/DrawTask';
import { WorkshopModel } from '../../models/Workshop';
import type { Services } from '../../services';
import { regionPrefix } from '../../commands/supervision/common';

type Doc = DrawTask & { _id: unknown; createdAt?: Date };
const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

function summary(services: Pick<Services, 'regions'>, t: Doc) {
  const drawn = t.status === 'drawn';
  return {
    id: String(t._id),
    title: t.title,
    region: { code: t.region, name: services.regions.fullName(t.region) ?? t.region },
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
    drawnAt: iso(t.drawnAt),
    count: t.count ?? null,
  };
}

export async function presentDraw(services: Pick<Services, 'regions'>, t: Doc): Promise<z.infer<typeof DrawDetail>> {
  const ids = t.picks.map((p) => p.workshopId!);
  const ws = new Map((await WorkshopModel.find({ _id: { $in: ids } }, { name: 1, regionName: 1 }).lean()).map((w) => [String(w._id), w]));
  const names = new Map(t.inspectors.map((i) => [i.id!, i.name ?? '执法人员']));
  return {
    ...summary(services, t),
    candidates: t.candidates.map((c) => ({ id: c.id!, region: c.region!, keyCategory: !!c.keyCategory, keyArea: !!c.keyArea })),
    inspectors: t.inspectors.map((i) => ({ id: i.id!, region: i.region!, name: i.name ?? '执法人员' })),
    results: t.picks.map((p) => {
      const w = ws.get(p.workshopId!);
      return {
        workshop: { id: p.workshopId!, name: w?.name ?? '', regionName: w?.regionName ?? '' },
        weight: p.weight ?? 1,
        inspectors: p.inspectorIds.map((id) => ({ id, name: names.get(id) ?? '执法人员' })),
      };
    }),
  };
}

export async function drawsPage(services: Pick<Services, 'regions'>, q: z.infer<typeof DrawQuery>) {
  const filter = q.region ? { region: regionPrefix(q.region) } : {};
  const [items, total] = await Promise.all([
    DrawTaskModel.find(filter, { candidates: 0, picks: 0, inspectors: 0 }).sort({ createdAt: -1, _id: -1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean(),
    DrawTaskModel.countDocuments(filter),
  ]);
  return { data: items.map((t) => summary(services, t as unknown as Doc)), page: q.page, pageSize: q.pageSize, total };
}
