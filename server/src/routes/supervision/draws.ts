// 双随机 tasks as the public reads them: one task with its picked workshops, or a page of tasks.
import type { z } from 'zod';
import type { DrawQuery } from '@shared/schemas/draws';
import { DrawTaskModel, type DrawTask } from '../../models/DrawTask';
import type { Lean } from '../../models/lean';
import { WorkshopModel } from '../../models/Workshop';
import { insideRegion } from '../../policies/jurisdiction';
import { presentDraw, presentDrawSummary } from '../../presenters/draw';
import type { Services } from '../../services';

/** A task with its picked workshops' names (one query). */
export async function drawView(services: Pick<Services, 'regions'>, t: Lean<DrawTask>) {
  const ids = t.picks.map((p) => p.workshopId!);
  const ws = new Map((await WorkshopModel.find({ _id: { $in: ids } }, { name: 1, regionName: 1 }).lean()).map((w) => [String(w._id), w]));
  return presentDraw(t, ws, services.regions);
}

export async function drawsPage(services: Pick<Services, 'regions'>, q: z.infer<typeof DrawQuery>) {
  const filter = q.region ? { region: insideRegion(q.region) } : {};
  const [items, total] = await Promise.all([
    DrawTaskModel.find(filter, { candidates: 0, picks: 0, inspectors: 0 }).sort({ createdAt: -1, _id: -1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean(),
    DrawTaskModel.countDocuments(filter),
  ]);
  return { data: items.map((t) => presentDrawSummary(t, services.regions)), page: q.page, pageSize: q.pageSize, total };
}
