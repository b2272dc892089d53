// 双随机: an admin defines a task; the server commits to sha256(seed) at once and keeps the seed secret;
// the draw (shared/src/domain/draw.ts) runs on the candidates of that moment, then the seed, the
// candidate list and the result are published so anyone can re-run it. Drawn visits become planned tasks.
import { createHash, randomBytes } from 'node:crypto';
import { CATEGORIES } from '@shared/domain/categories';
import { DRAW_ALGORITHM, drawCount, runDraw } from '@shared/domain/draw';
import { isWithinRegion } from '@shared/domain/region';
import type { z } from 'zod';
import type { CreateDrawBody } from '@shared/schemas/draws';
import { defineOwed, finishOwed, withOwed } from '../../db/owed';
import { isDuplicateKey } from '../../db/sequence';
import { conflict, unprocessable } from '../../errors';
import type { AppContext } from '../../http/types';
import { DrawTaskModel, type DrawTaskDoc } from '../../models/DrawTask';
import { InspectionTaskModel } from '../../models/InspectionTask';
import { UserModel } from '../../models/User';
import { WorkshopModel } from '../../models/Workshop';
import { audit } from '../../services/audit';
import { notifyUser } from '../../services/notify';
import type { Services } from '../../services';
import { officeOf } from '../../services/regions';
import { authorize } from '../../policies';
import { insideRegion } from '../../policies/jurisdiction';

const KEY_CATEGORIES = new Set<string>(CATEGORIES.filter((c) => c.key).map((c) => c.code));

export function newSeed(): { seed: string; seedHash: string } {
  const seed = randomBytes(32).toString('hex');
  return { seed, seedHash: createHash('sha256').update(seed, 'ascii').digest('hex') };
}

function drawOffice(services: Pick<Services, 'regions'>, region: string): string {
  if (region.length >= 6) return officeOf(services, region) ?? '市场监督管理局';
  return `${services.regions.name(region) ?? ''}市场监督管理局`;
}

export async function createDraw(ctx: AppContext, body: z.output<typeof CreateDrawBody>): Promise<DrawTaskDoc> {
  const user = ctx.state.user!;
  authorize(user, 'supervision.draw', body);
  if (!ctx.services.regions.exists(body.region)) throw unprocessable('region.not_found');
  const { seed, seedHash } = newSeed();
  const now = new Date();
  const doc = await DrawTaskModel.create({
    ...body, seed, seedHash, algorithm: DRAW_ALGORITHM, createdBy: String(user._id), office: drawOffice(ctx.services, body.region),
    createdAt: now, drawableAt: new Date(now.getTime() + ctx.services.config.drawCommitHours * 3600_000),
  });
  await audit(ctx, { action: 'draw.created', subjectType: 'DrawTask', subjectId: String(doc._id), after: { ...body, seedHash } });
  return doc;
}

const OWED = 'DrawTask';

// What a draw owes: the planned visits (one task per pick, unique key) and the inspectors' notices.
defineOwed<DrawTaskDoc>(OWED, DrawTaskModel, {
  async tasks(_services, task) {
    const tasks = task.picks.map((p) => ({
      key: `${String(task._id)}:${p.workshopId}`, workshopId: p.workshopId!, region: task.candidates.find((c) => c.id === p.workshopId)?.region ?? task.region,
      inspectorIds: p.inspectorIds, drawId: String(task._id), title: `双随机抽查：${task.title}`, due: task.periodEnd, status: 'planned', demo: task.demo,
    }));
    await InspectionTaskModel.insertMany(tasks, { ordered: false }).catch((e) => { if (!isDuplicateKey(e)) throw e; });
  },
  async notify(services, task) {
    if (task.demo) return;
    const perInspector = new Map<string, number>();
    for (const p of task.picks) for (const id of p.inspectorIds) perInspector.set(id, (perInspector.get(id) ?? 0) + 1);
    for (const [id, n] of perInspector) {
      await notifyUser(services, id, { title: '双随机抽查任务', body: `${task.title}：分配给您${n}户，${task.periodEnd}前完成`, page: 'packages/staff/tasks/index', key: `DrawTask:${String(task._id)}:${id}` });
    }
  },
});

/** China time to the second, as the public notice shows it: 2026-12-01 21:55:03. */
const chinaTime = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

/**
 * Candidates and inspector pool as of now, then the draw; stores everything needed to re-run it.
 * Errors: 409 draw.state (drawn already), 409 draw.too_early (before drawableAt: the commitment must have
 * been public DRAW_COMMIT_HOURS first), 422 draw.no_candidates.
 */
export async function performDraw(services: Services, task: DrawTaskDoc, ctx: AppContext | null, now = new Date()): Promise<DrawTaskDoc> {
  if (task.status !== 'committed') throw conflict('draw.state');
  if (task.drawableAt && now < task.drawableAt) {
    throw conflict('draw.too_early', `种子承诺值须公示满规定时间后才能抽取，最早可于 ${chinaTime(task.drawableAt)}（北京时间）抽取`);
  }
  const filter: Record<string, unknown> = { region: insideRegion(task.region), status: 'registered' };
  if (task.categories.length) filter.categories = { $in: task.categories };
  const workshops = await WorkshopModel.find(filter, { _id: 1, region: 1, categories: 1, keyArea: 1, name: 1, regionName: 1 }).lean();
  if (!workshops.length) throw unprocessable('draw.no_candidates');
  const candidates = workshops.map((w) => ({ id: String(w._id), region: w.region, keyCategory: w.categories.some((c) => KEY_CATEGORIES.has(c)), keyArea: !!w.keyArea }));
  // Inspectors whose jurisdiction overlaps the task's region (a county task may use city inspectors).
  const staff = await UserModel.find({ roles: 'inspector', disabled: { $ne: true }, region: insideRegion(task.region.slice(0, 2)) }, { _id: 1, region: 1, name: 1 }).lean();
  const inspectors = staff
    .filter((u) => u.region && (isWithinRegion(u.region, task.region) || isWithinRegion(task.region, u.region)))
    .map((u) => ({ id: String(u._id), region: u.region!, name: u.name }));
  const seed = (await DrawTaskModel.findById(task._id).select('+seed').lean())!.seed;
  const count = drawCount(candidates.length, task.sharePercent);
  const picks = runDraw({ seed, candidates, inspectors, count });
  // One conditional update: of two "draw now" at once, one moves the task from committed to drawn.
  // updateOne + read, not findOneAndUpdate: the schema's `select: false` on the seed becomes a
  // projection, and FerretDB 1.24 answers findAndModify with "fields" as NotImplemented.
  const r = await DrawTaskModel.updateOne({ _id: task._id, status: 'committed' }, withOwed({
    $set: { status: 'drawn', drawnAt: new Date(), revealedSeed: seed, count: picks.length, candidates, inspectors, picks },
  }, ['tasks', 'notify']));
  if (!r.modifiedCount) throw conflict('draw.state');
  await audit(ctx, { action: 'draw.drawn', subjectType: 'DrawTask', subjectId: String(task._id), after: { count: picks.length, candidates: candidates.length, seed } });
  return finishOwed(services, OWED, (await DrawTaskModel.findById(task._id))!);
}
