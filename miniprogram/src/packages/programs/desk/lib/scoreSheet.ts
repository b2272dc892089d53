// The reviewer's score sheet: one line per criterion of the program (its review steps), each with its share
// of 100 points; the total is their sum and is what POST /applications/:id/score records with the items.
import type { ScoreItem } from './api';

export interface Criterion { name: string; max: number }
export interface SheetForm { values: string[]; comment: string }

const MAX_ITEMS = 10;

/** The program's review steps as criteria sharing 100 points (the first ones take the remainder). */
export function criteriaOf(reviewSteps: readonly string[]): Criterion[] {
  const names = [...new Set(reviewSteps.map((s) => s.trim()).filter(Boolean))].slice(0, MAX_ITEMS);
  if (!names.length) return [{ name: '综合评价', max: 100 }];
  const base = Math.floor(100 / names.length);
  const extra = 100 - base * names.length;
  return names.map((name, i) => ({ name, max: base + (i < extra ? 1 : 0) }));
}

/** The sheet as I left it: my items where they match the criteria, else empty lines. */
export function sheetFrom(criteria: readonly Criterion[], mine?: { score: number; comment: string | null; items: ScoreItem[] | null } | null): SheetForm {
  const byName = new Map((mine?.items ?? []).map((i) => [i.name, i]));
  const values = criteria.map((c) => {
    const i = byName.get(c.name);
    return i && i.max === c.max ? String(i.score) : '';
  });
  return { values, comment: mine?.comment ?? '' };
}

/** The running total of the lines filled in so far (null while none is a number). */
export function sheetTotal(form: SheetForm): number | null {
  const nums = form.values.map((v) => v.trim()).filter((v) => /^\d+$/.test(v)).map(Number);
  return nums.length ? nums.reduce((t, n) => t + n, 0) : null;
}

/** What the sheet sends, or the problems in Chinese (every line scored, an integer 0–its points). */
export function sheetBody(criteria: readonly Criterion[], form: SheetForm): { body: { score: number; comment?: string; items: ScoreItem[] } | null; errors: string[] } {
  const errors: string[] = [];
  const items: ScoreItem[] = [];
  criteria.forEach((c, i) => {
    const v = (form.values[i] ?? '').trim();
    if (!v) { errors.push(`请为“${c.name}”打分（0–${c.max}分）`); return; }
    if (!/^\d+$/.test(v) || Number(v) > c.max) { errors.push(`“${c.name}”须为 0–${c.max} 的整数`); return; }
    items.push({ name: c.name, score: Number(v), max: c.max });
  });
  const comment = form.comment.trim();
  if (comment.length > 500) errors.push('评审意见最多500字');
  if (errors.length) return { body: null, errors };
  const score = items.reduce((t, i) => t + i.score, 0);
  return { body: { score, items, ...(comment ? { comment } : {}) }, errors: [] };
}
