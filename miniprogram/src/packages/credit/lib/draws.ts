// 双随机、一公开: the public draw records and the in-browser re-check. Type-only schema imports; the
// draw function itself is the same pure code the server ran (shared/src/domain/draw.ts).
import type { z } from 'zod';
import type { DrawDetail, DrawList, DrawResponse, DrawSummary } from '@shared/schemas/draws';
import { drawCount, runDraw, sha256Hex } from '@shared/domain/draw';
import { api } from '@/services/request';

export type Draw = z.infer<typeof DrawDetail>;
export type DrawRow = z.infer<typeof DrawSummary>;
export type DrawPage = z.infer<typeof DrawList>;

// Public pages never send a visitor to the login page and show their own error state.
const quiet = { authRedirect: false, toast: false } as const;

export const drawsApi = {
  list: (p: { region?: string; page: number }) => api.get<DrawPage>('/draws', { ...p, pageSize: 20 }, { ...quiet, revalidate: true }),
  get: (id: string) => api.get<z.infer<typeof DrawResponse>>(`/draws/${id}`, undefined, { ...quiet, revalidate: true }).then((r) => r.data),
};

export interface VerifyReport {
  ok: boolean;
  hashOk: boolean;
  /** What differs, in words; empty when everything matches. */
  differences: string[];
  recomputed: number;
}

/**
 * Re-runs the draw from what was published: the seed must hash to the commitment made before the
 * draw, and the candidate list + seed must give exactly the published workshops and inspector pairs.
 */
export function verifyDraw(d: Draw): VerifyReport {
  if (!d.seed) return { ok: false, hashOk: false, differences: ['尚未抽取，种子未公开'], recomputed: 0 };
  const differences: string[] = [];
  const hashOk = sha256Hex(d.seed) === d.seedHash;
  if (!hashOk) differences.push('公开的种子与抽取前公布的种子哈希不一致');
  const count = drawCount(d.candidates.length, d.sharePercent);
  if (d.count !== null && d.count !== count) differences.push(`按 ${d.sharePercent}% 比例应抽取 ${count} 户，公布为 ${d.count} 户`);
  const picks = runDraw({ seed: d.seed, candidates: d.candidates, inspectors: d.inspectors, count });
  const name = new Map(d.results.map((r) => [r.workshop.id, r.workshop.name]));
  const person = new Map(d.inspectors.map((i) => [i.id, i.name]));
  const label = (id: string) => name.get(id) ?? `候选作坊 ${id.slice(-6)}`;
  const n = Math.max(picks.length, d.results.length);
  for (let k = 0; k < n; k++) {
    const mine = picks[k];
    const theirs = d.results[k];
    if (!mine || !theirs) {
      differences.push(`第 ${k + 1} 位：${mine ? `复算为 ${label(mine.workshopId)}，公布结果中没有` : `公布为 ${theirs!.workshop.name}，复算没有此位`}`);
      continue;
    }
    if (mine.workshopId !== theirs.workshop.id) {
      differences.push(`第 ${k + 1} 位：公布为 ${theirs.workshop.name}，复算为 ${label(mine.workshopId)}`);
    } else if (mine.inspectorIds.join() !== theirs.inspectors.map((i) => i.id).join()) {
      differences.push(`第 ${k + 1} 位（${theirs.workshop.name}）执法人员：公布为 ${theirs.inspectors.map((i) => i.name).join('、') || '无'}，复算为 ${mine.inspectorIds.map((id) => person.get(id) ?? id).join('、') || '无'}`);
    }
  }
  return { ok: !differences.length, hashOk, differences, recomputed: picks.length };
}
