// Programs, applications and awards as each reader sees them. Reviewers' scores and objections (which name
// a tip-off) reach staff only; the public sees awards and the notice list, never an applicant's materials.
import { categoryName } from '@shared/domain/categories';
import {
  APPLICATION_STATUS_LABELS, AWARD_STATUS_LABELS, canDoApplication, fenToYuanText, HERITAGE_KINDS, OBJECTION_STATUS_LABELS, PROGRAM_KIND_LABELS, PROGRAM_LEVEL_LABELS,
  QUOTA_SCOPE_LABELS, RULE_KIND_LABELS, ruleSummary, type ApplicationStatus, type AwardStatus, type ObjectionStatus, type ProgramKind, type ProgramLevel,
  type ProgramRule, type QuotaScope,
} from '@shared/domain/programs';
import type { ApplicationView, AwardView, ProgramView } from '@shared/schemas/programs';
import type { Award } from '../models/Award';
import type { Lean } from '../models/lean';
import type { Program } from '../models/Program';
import type { ProgramApplication } from '../models/ProgramApplication';
import { shanghaiDate } from '../services/calendar';
import type { RegionService } from '../services/regions';

type Regions = Pick<RegionService, 'name' | 'fullName'>;
const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
const named = (regions: Regions, code: string) => ({ code, name: regions.fullName(code) ?? regions.name(code) ?? code });

export function presentProgram(p: Lean<Program>, regions: Regions, now = new Date()): ProgramView {
  const today = shanghaiDate(now);
  const rules = (p.rules ?? []) as unknown as ProgramRule[];
  return {
    id: String(p._id), name: p.name, kind: p.kind as ProgramKind, kindLabel: PROGRAM_KIND_LABELS[p.kind as ProgramKind], description: p.description ?? '', badge: p.badge,
    region: named(regions, p.region), level: p.level as ProgramLevel, levelLabel: PROGRAM_LEVEL_LABELS[p.level as ProgramLevel], issuer: p.issuer,
    quota: { perYear: p.quota?.perYear ?? 0, scope: (p.quota?.scope ?? 'program') as QuotaScope, scopeLabel: QUOTA_SCOPE_LABELS[(p.quota?.scope ?? 'program') as QuotaScope] },
    applyFrom: p.applyFrom, applyUntil: p.applyUntil, open: p.active && today >= p.applyFrom && today <= p.applyUntil,
    materials: (p.materials ?? []).map((m) => ({ code: m.code!, label: m.label!, required: !!m.required })),
    rules: rules.map((r) => ({
      kind: r.kind, label: RULE_KIND_LABELS[r.kind], summary: ruleSummary(r, categoryName),
      params: Object.fromEntries(Object.entries({ months: r.months, grades: r.grades, hours: r.hours, categories: r.categories, years: r.years, days: r.days }).filter(([, v]) => v != null)),
    })),
    reviewSteps: p.reviewSteps ?? [], minScores: p.minScores, noticeDays: p.noticeDays, validityYears: p.validityYears,
    subsidy: p.subsidy ? { fenPerYear: p.subsidy.fenPerYear, requiredHours: p.subsidy.requiredHours, label: `${fenToYuanText(p.subsidy.fenPerYear)}/年（授徒${p.subsidy.requiredHours}学时全额）` } : null,
    revokeOn: { penaltyMinFineFen: p.revokeOn?.penaltyMinFineFen ?? null, failedSampleItems: p.revokeOn?.failedSampleItems ? [...p.revokeOn.failedSampleItems] : null },
    active: p.active,
  };
}

export function presentApplication(a: Lean<ProgramApplication>, p: Lean<Program> | null, regions: Regions, staff: boolean): ApplicationView {
  const labels = new Map((p?.materials ?? []).map((m) => [m.code, m.label]));
  const scores = a.scores ?? [];
  return {
    id: String(a._id),
    program: p
      ? { id: String(p._id), name: p.name, kind: p.kind as ProgramKind, kindLabel: PROGRAM_KIND_LABELS[p.kind as ProgramKind] }
      : { id: a.programId, name: '（项目已删除）', kind: 'model_unit', kindLabel: PROGRAM_KIND_LABELS.model_unit },
    workshop: { id: a.workshopId, name: a.workshopName, region: named(regions, a.region) },
    year: a.year,
    status: a.status as ApplicationStatus, statusLabel: APPLICATION_STATUS_LABELS[a.status as ApplicationStatus],
    statement: a.statement,
    materials: (a.materials ?? []).map((m) => ({ code: m.code!, label: labels.get(m.code) ?? m.code!, fileId: m.fileId!, url: `/api/v1/files/${m.fileId}` })),
    submittedAt: iso(a.submittedAt)!,
    scores: staff ? scores.map((s) => ({ reviewerName: s.reviewerName ?? '评审人员', score: s.score ?? 0, comment: s.comment ?? null, at: iso(s.at)! })) : null,
    averageScore: staff && scores.length ? Math.round((scores.reduce((t, s) => t + (s.score ?? 0), 0) / scores.length) * 10) / 10 : null,
    questions: (a.questions ?? []).map((q) => ({ id: q.id!, question: q.question!, askedAt: iso(q.askedAt)!, answer: q.answer ?? null, answeredAt: iso(q.answeredAt), materials: [...(q.materials ?? [])] })),
    objections: staff
      ? (a.objections ?? []).map((o) => ({ id: o.tipoffId!, receiptCode: o.receiptCode!, status: o.status as ObjectionStatus, statusLabel: OBJECTION_STATUS_LABELS[o.status as ObjectionStatus], at: iso(o.at)!, note: o.note ?? null }))
      : null,
    openObjections: a.openObjections ?? 0,
    noticeFrom: a.noticeFrom ?? null, noticeUntil: a.noticeUntil ?? null,
    decisionNote: a.decisionNote ?? null, decidedAt: iso(a.decidedAt),
    awardId: a.status === 'awarded' ? a.awardId ?? null : null,
    canWithdraw: canDoApplication('withdraw', a.status),
    canAnswer: canDoApplication('answer', a.status) && (a.questions ?? []).some((q) => !q.answer),
  };
}

export function presentAward(aw: Lean<Award>, regions: Regions): AwardView {
  return {
    id: String(aw._id),
    program: { id: aw.programId, name: aw.programName, kind: aw.kind as ProgramKind, kindLabel: PROGRAM_KIND_LABELS[aw.kind as ProgramKind] },
    badge: aw.badge,
    workshop: { id: aw.workshopId, name: aw.workshopName, region: named(regions, aw.region) },
    issuer: aw.issuer,
    grantedAt: iso(aw.grantedAt)!, validUntil: iso(aw.validUntil)!,
    // The public is not told of a review in progress: a flagged award shows as valid until decided.
    status: (aw.status === 'flagged' ? 'active' : aw.status) as AwardStatus, statusLabel: AWARD_STATUS_LABELS[(aw.status === 'flagged' ? 'active' : aw.status) as AwardStatus],
    story: aw.story ? { technique: aw.story.technique ?? '', inheritor: aw.story.inheritor ?? '', history: aw.story.history ?? '', photos: (aw.story.photos ?? []).map((id) => `/api/v1/files/${id}`) } : null,
  };
}

/** A badge on the public credit file: what, when, by whom; heritage ones link to their story page. */
export function presentPublicAward(aw: Lean<Award>) {
  return {
    id: String(aw._id), badge: aw.badge, programId: aw.programId, programName: aw.programName, kind: aw.kind, kindLabel: PROGRAM_KIND_LABELS[aw.kind as ProgramKind] ?? aw.kind,
    issuer: aw.issuer, grantedAt: iso(aw.grantedAt)!, validUntil: iso(aw.validUntil)!, heritage: HERITAGE_KINDS.includes(aw.kind as ProgramKind),
  };
}

export function presentAwardReview(aw: Lean<Award>, regions: Regions) {
  return {
    ...presentAward(aw, regions),
    status: aw.status as AwardStatus, statusLabel: AWARD_STATUS_LABELS[aw.status as AwardStatus],
    flags: (aw.flags ?? []).map((f) => ({ at: iso(f.at)!, reason: f.reason ?? '' })),
    history: (aw.history ?? []).map((h) => ({ at: iso(h.at)!, title: h.title ?? '' })),
    revokedAt: iso(aw.revokedAt), revokeReason: aw.revokeReason ?? null,
  };
}
