// The admin review desk (issue 14): what an admin reviews, with counts and quota use per program; one
// application with the applicant's facts, its eligibility then and now and every score; keeping a flagged
// award after review (revoking is awards.ts).
import { isWithinRegion } from '@shared/domain/region';
import { APPLICATION_STATUSES, canDoApplication, QUOTA_SCOPE_LABELS, type ApplicationStatus, type QuotaScope } from '@shared/domain/programs';
import type { RuleResult } from '@shared/schemas/programs';
import type { DeskProgram, QuotaUse } from '@shared/schemas/programsDesk';
import { conflict, notFound } from '../../errors';
import type { AppContext } from '../../http/types';
import { AwardModel, type AwardDoc } from '../../models/Award';
import type { Lean } from '../../models/lean';
import { ProgramModel, type Program } from '../../models/Program';
import { ProgramApplicationModel, type ProgramApplicationDoc } from '../../models/ProgramApplication';
import { ProgramQuotaModel } from '../../models/ProgramQuota';
import { WorkshopModel } from '../../models/Workshop';
import { authorize, can } from '../../policies';
import { insideRegion, regionScope } from '../../policies/jurisdiction';
import { presentApplication, presentProgram } from '../../presenters/programs';
import { audit } from '../../services/audit';
import { shanghaiDate } from '../../services/calendar';
import type { RegionService } from '../../services/regions';
import { monthsBefore } from '../../services/trainingHours';
import { eligibilityOf } from './applications';
import { readFacts } from './eligibility';
import { quotaKey } from './quota';

type Regions = Pick<RegionService, 'list' | 'name' | 'fullName'>;
const named = (regions: Regions, code: string) => ({ code, name: regions.fullName(code) ?? regions.name(code) ?? code });
const yearOf = (now: Date) => Number(shanghaiDate(now).slice(0, 4));
/** A region and the regions above it. */
const covering = (code: string) => [2, 4, 6].filter((n) => n <= code.length).map((n) => code.slice(0, n));

/** The counties (6 digits) inside a region code of 2, 4 or 6+ digits. */
export function countiesIn(regions: Pick<RegionService, 'list'>, code: string): string[] {
  if (code.length >= 6) return [code.slice(0, 6)];
  const out: string[] = [];
  for (const child of regions.list(code) ?? []) {
    if (child.code.length >= 6) out.push(child.code.slice(0, 6));
    else out.push(...countiesIn(regions, child.code));
  }
  return out;
}

/** The part of a program an admin reviews: the deeper of the two regions, or null when they do not meet. */
export function reviewScope(programRegion: string, adminRegion: string): string | null {
  if (isWithinRegion(programRegion, adminRegion)) return programRegion;
  if (isWithinRegion(adminRegion, programRegion)) return adminRegion;
  return null;
}

/** This year's places of a program as seen from `scope` (a per-county quota: the counties of the scope). */
export async function quotaUse(regions: Regions, p: Lean<Program>, scope: string, now = new Date(), extraCounties: string[] = []): Promise<QuotaUse> {
  const year = yearOf(now);
  const perYear = p.quota?.perYear ?? 0;
  const scopeKind = (p.quota?.scope ?? 'program') as QuotaScope;
  const base = { year, perYear, scopeLabel: QUOTA_SCOPE_LABELS[scopeKind] };
  if (scopeKind !== 'county') {
    const q = await ProgramQuotaModel.findById(quotaKey(p, { year, region: p.region })).lean();
    const used = q?.used ?? 0;
    return { ...base, used, capacity: perYear, left: Math.max(0, perYear - used), byCounty: null };
  }
  const counties = countiesIn(regions, scope);
  const keys = counties.map((c) => `${String(p._id)}:${year}:${c}`);
  const docs = keys.length ? await ProgramQuotaModel.find(keys.length === 1 ? { _id: keys[0] } : { _id: { $in: keys } }).lean() : [];
  const usedOf = new Map(docs.map((d) => [String(d._id).split(':')[2], d.used ?? 0]));
  const used = [...usedOf.values()].reduce((t, n) => t + n, 0);
  const shown = counties.filter((c) => (usedOf.get(c) ?? 0) > 0 || extraCounties.includes(c) || counties.length === 1);
  return {
    ...base, used, capacity: perYear * counties.length, left: Math.max(0, perYear * counties.length - used),
    byCounty: shown.map((c) => ({ region: named(regions, c), used: usedOf.get(c) ?? 0, left: Math.max(0, perYear - (usedOf.get(c) ?? 0)) })),
  };
}

/** The programs an admin reviews: those issued inside their region and those issued above it. */
export async function deskPrograms(ctx: AppContext, now = new Date()): Promise<{ data: DeskProgram[]; flagged: number }> {
  const user = ctx.state.user!;
  const mine = regionScope(user);
  const above = covering(mine.code).filter((c) => c !== mine.code);
  const [own, upper, flagged] = await Promise.all([
    ProgramModel.find({ region: mine.filter }).limit(300).lean(),
    above.length ? ProgramModel.find({ region: { $in: above } }).limit(300).lean() : Promise.resolve([]),
    AwardModel.countDocuments({ status: 'flagged', region: mine.filter }),
  ]);
  const year = yearOf(now);
  const today = shanghaiDate(now);
  const list = [...own, ...upper.filter((p) => p.active)];
  const data: DeskProgram[] = [];
  for (const p of list) {
    const scope = reviewScope(p.region, mine.code)!;
    const apps = await ProgramApplicationModel.find({ programId: String(p._id), region: insideRegion(scope) }, { status: 1, year: 1, noticeUntil: 1, openObjections: 1, region: 1 }).limit(5000).lean();
    const counts = Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, 0])) as Record<ApplicationStatus, number>;
    const notice = { running: 0, until: null as string | null, openObjections: 0 };
    for (const a of apps) {
      if (a.status === 'in_notice') {
        notice.running++;
        notice.openObjections += a.openObjections ?? 0;
        if (a.noticeUntil && (!notice.until || a.noticeUntil > notice.until)) notice.until = a.noticeUntil;
      }
      if (a.year === year || a.status === 'in_notice') counts[a.status as ApplicationStatus]++;
    }
    const applicantCounties = [...new Set(apps.filter((a) => a.year === year).map((a) => a.region.slice(0, 6)))];
    data.push({
      program: presentProgram(p, ctx.services.regions, now), canEdit: can(user, 'program.manage', p),
      counts, quota: await quotaUse(ctx.services.regions, p, scope, now, applicantCounties), notice,
    });
  }
  // Work first: programs with applications waiting, then those open now, then by name.
  const waiting = (d: DeskProgram) => d.counts.submitted + d.counts.under_review + d.notice.openObjections;
  data.sort((a, b) => Number(waiting(b) > 0) - Number(waiting(a) > 0)
    || Number(b.program.applyFrom <= today && today <= b.program.applyUntil) - Number(a.program.applyFrom <= today && today <= a.program.applyUntil)
    || a.program.name.localeCompare(b.program.name));
  return { data, flagged };
}

/** One application with what a reviewer needs beside it. */
export async function applicationReview(ctx: AppContext, a: ProgramApplicationDoc, now = new Date()) {
  const user = ctx.state.user!;
  authorize(user, 'program.review', a);
  const [p, w] = await Promise.all([ProgramModel.findById(a.programId), WorkshopModel.findById(a.workshopId)]);
  if (!p) throw notFound('program.not_found');
  if (!w) throw notFound('resource.not_found', '未找到申报作坊');
  const facts = await readFacts(w, now);
  const current = await eligibilityOf(p, w, now, facts);
  const lean = a.toObject() as never;
  const pl = p.toObject() as Lean<Program>;
  const q = await ProgramQuotaModel.findById(quotaKey(pl, a)).lean();
  const used = q?.used ?? 0;
  const since = [w.certificate?.issuedAt, w.createdAt].filter((d): d is Date => !!d).map((d) => new Date(d).getTime());
  const snap = a.eligibility as unknown as { at?: Date; eligible?: boolean; rules?: RuleResult[] } | null;
  const regions = ctx.services.regions;
  return {
    application: presentApplication(lean, pl, regions, true),
    program: presentProgram(pl, regions, now),
    workshop: {
      id: String(w._id), name: w.name, region: named(regions, w.region), address: w.address,
      categories: [...(w.categories ?? [])], products: [...(w.products ?? [])], status: w.status,
      certificate: { number: w.certificate?.number ?? null, status: w.certificate?.status ?? null, expiresAt: w.certificate?.expiresAt ? shanghaiDate(w.certificate.expiresAt) : null },
      riskGrade: w.riskGrade ?? null,
      since: since.length ? shanghaiDate(new Date(Math.min(...since))) : null,
      trainingHours: facts.trainingHours,
      penalties24m: facts.penaltyDates.filter((d) => d >= monthsBefore(now, 24)).length,
      lastSelfCheck: facts.lastSelfCheckAt ? shanghaiDate(facts.lastSelfCheckAt) : null,
    },
    eligibility: {
      submitted: snap?.at ? { at: new Date(snap.at).toISOString(), eligible: !!snap.eligible, rules: snap.rules ?? [] } : null,
      current: { eligible: current.eligible, rules: current.rules },
    },
    scores: (a.scores ?? []).map((s) => ({
      reviewerName: s.reviewerName ?? '评审人员', mine: s.reviewerId === String(user._id), score: s.score ?? 0, comment: s.comment ?? null, at: new Date(s.at!).toISOString(),
      items: s.items?.length ? s.items.map((i) => ({ name: i.name ?? '', score: i.score ?? 0, max: i.max ?? 0 })) : null,
    })),
    objectionCases: (a.objections ?? []).map((o) => ({ id: o.tipoffId ?? '', caseId: o.caseId ?? null })),
    quota: {
      year: a.year, perYear: pl.quota?.perYear ?? 0, scopeLabel: QUOTA_SCOPE_LABELS[(pl.quota?.scope ?? 'program') as QuotaScope],
      used, capacity: pl.quota?.perYear ?? 0, left: Math.max(0, (pl.quota?.perYear ?? 0) - used),
      byCounty: pl.quota?.scope === 'county' ? [{ region: named(regions, a.region.slice(0, 6)), used, left: Math.max(0, (pl.quota?.perYear ?? 0) - used) }] : null,
    },
    can: {
      score: canDoApplication('score', a.status), decide: canDoApplication('approve', a.status),
      resolve: a.status === 'in_notice' && (a.openObjections ?? 0) > 0,
    },
  };
}

const entry = (title: string, by: string | null = null, at = new Date()) => ({ at, title, by });

/** A flagged award reviewed and kept: active again; the flag stays in its record and history. */
export async function keepAward(ctx: AppContext, aw: AwardDoc, note: string): Promise<AwardDoc> {
  const user = ctx.state.user!;
  authorize(user, 'award.revoke', aw);
  const updated = await AwardModel.findOneAndUpdate(
    { _id: aw._id, status: 'flagged' },
    { $set: { status: 'active' }, $push: { history: entry(`复核后保留：${note}`, String(user._id)) } },
    { returnDocument: 'after' },
  );
  if (!updated) throw conflict('award.state', '该称号不在待复核状态');
  await audit(ctx, { action: 'award.kept', subjectType: 'Award', subjectId: String(aw._id), before: { status: aw.status }, after: { status: 'active' }, reason: note });
  return updated;
}
