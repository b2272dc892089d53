import { RATABLE_STATUSES, SERVICE_RATING_LABELS, type ServiceRatingScore } from '@shared/domain/rating';
import { CHECKLIST_ITEMS } from '@shared/domain/categories';
import { CORRECTABLE_FIELDS, DEADLINE_STEP_LABELS, REGISTRATION_KIND_LABELS, REGISTRATION_STATUS_LABELS, isEditable, type CorrectableField, type DeadlineStep, type RegistrationKind, type RegistrationStatus } from '@shared/domain/registration';
import { CHECK_RESULT_LABELS, type RegistrationView } from '@shared/schemas/registration';
import type { Lean } from '../models/lean';
import type { Registration } from '../models/Registration';
import { shanghaiDate } from '../services/calendar';
import { missingMaterials, type Checks } from '../commands/registration/checks';
import { officeOf, type RegionService } from '../services/regions';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

/** What the view needs beyond the application itself; the route reads it (routes/registrations/views.ts). */
export interface RegistrationFacts {
  /** Names of the site-check inspectors, by id. */
  names: ReadonlyMap<string, string>;
  /** Negative-list hits and same-place duplicates (drafts and corrections: the owner's form warns). */
  checks: Checks;
  /** Working days from now to the running deadline's due date, as the calendar counts them. */
  workingDaysLeft: number | null;
}

// The same view for applicant and reviewers: personal numbers are masked for both (the full values
// stay encrypted; nothing in the review needs them on screen).
interface StoredRating { score: number; comment: string | null; at: Date; bad: boolean; replyDue: string | null; reply: { answer: string; at: Date; byName?: string } | null }

function ratingView(r: StoredRating | null): RegistrationView['rating'] {
  if (!r) return null;
  return {
    score: r.score, label: SERVICE_RATING_LABELS[r.score as ServiceRatingScore] ?? String(r.score), comment: r.comment ?? null,
    at: new Date(r.at).toISOString(), bad: !!r.bad, replyDue: r.replyDue ?? null,
    reply: r.reply ? { answer: r.reply.answer, at: new Date(r.reply.at).toISOString(), by: r.reply.byName ?? '承办机关' } : null,
  };
}

export function presentRegistration(r: Lean<Registration>, facts: RegistrationFacts, regions: Pick<RegionService, 'name' | 'fullName'>, now = new Date()): RegistrationView {
  const open = isEditable(r.status);
  const d = r.deadline;
  const paused = r.status === 'correction';
  const result = r.siteCheck?.result as { passed: boolean; note: string | null; items: { code: string; result: keyof typeof CHECK_RESULT_LABELS; note?: string }[]; at: Date } | null;
  const decision = r.decision as { result: 'approved' | 'rejected'; reason: string | null; appealNotice: string | null; at: Date } | null;
  return {
    id: String(r._id),
    kind: r.kind as RegistrationKind,
    kindLabel: REGISTRATION_KIND_LABELS[r.kind as RegistrationKind],
    status: r.status as RegistrationStatus,
    statusLabel: REGISTRATION_STATUS_LABELS[r.status as RegistrationStatus],
    applicant: { name: r.applicant?.name ?? null, phone: r.applicant?.phoneMasked ?? null, idNumber: r.applicant?.idNumberMasked ?? null },
    workshop: {
      id: r.workshopId ?? null,
      name: r.workshop?.name ?? null,
      region: r.workshop?.region ?? null,
      regionName: r.workshop?.region ? regions.fullName(r.workshop.region) : null,
      address: r.workshop?.address ?? null,
      location: r.workshop?.location?.lat != null && r.workshop.location.lng != null ? { lat: r.workshop.location.lat, lng: r.workshop.location.lng } : null,
      categories: r.workshop?.categories ?? [],
    },
    products: r.products ?? [],
    premises: { photos: r.premises?.photos ?? [], floorPlan: r.premises?.floorPlan ?? null, area: r.premises?.area ?? null, water: r.premises?.water ?? null },
    equipment: (r.equipment ?? []).map((e) => ({ name: e.name!, quantity: e.quantity! })),
    staff: (r.staff ?? []).map((s) => ({ name: s.name!, healthCertNo: s.healthCertNo!, healthCertExpiry: s.healthCertExpiry! })),
    commitment: { signed: !!r.commitment?.signed, signatureName: r.commitment?.signatureName ?? null, signedAt: iso(r.commitment?.signedAt) },
    licence: { businessName: r.licence?.businessName ?? null, operatorName: r.licence?.operatorName ?? null, form: r.licence?.form ?? null, scope: r.licence?.scope ?? null },
    change: (r.change as Record<string, unknown>) ?? null,
    reason: r.reason ?? null,
    corrections: (r.corrections ?? []).map((c) => ({ field: c.field!, fieldLabel: CORRECTABLE_FIELDS[c.field as CorrectableField] ?? c.field!, reason: c.reason! })),
    deadline: d?.step && d.due
      ? {
          step: d.step as DeadlineStep,
          stepLabel: DEADLINE_STEP_LABELS[d.step as DeadlineStep],
          due: d.due,
          estimated: !!d.estimated,
          overdue: !paused && !!d.dueAt && d.dueAt < now,
          paused,
          remainingWorkingDays: paused ? (d.pausedRemaining ?? null) : d.due >= shanghaiDate(now) ? facts.workingDaysLeft : 0,
        }
      : null,
    office: officeOf({ regions }, r.region),
    siteCheck: r.siteCheck?.date || result
      ? {
          date: r.siteCheck?.date ?? null,
          // In the order the reviewer picked them.
          inspectors: (r.siteCheck?.inspectorIds ?? []).filter((id) => facts.names.has(id)).map((id) => ({ id, name: facts.names.get(id)! })),
          result: result
            ? {
                passed: result.passed,
                note: result.note ?? null,
                at: new Date(result.at).toISOString(),
                items: result.items.map((i) => ({ code: i.code, name: CHECKLIST_ITEMS.find((c) => c.code === i.code)?.name ?? i.code, result: i.result, resultLabel: CHECK_RESULT_LABELS[i.result], note: i.note ?? null })),
              }
            : null,
        }
      : null,
    decision: decision ? { result: decision.result, reason: decision.reason ?? null, appealNotice: decision.appealNotice ?? null, at: new Date(decision.at).toISOString() } : null,
    certificateNumber: r.certificateNumber ?? null,
    // An approval's follow-up steps not finished yet (db/owed.ts): pending, not an error.
    certificatePending: r.status === 'approved' && (r.owed ?? []).some((s) => s === 'number' || s === 'workshop' || s === 'certificate'),
    timeline: (r.timeline ?? []).map((t) => ({ at: new Date(t.at!).toISOString(), status: t.status!, statusLabel: REGISTRATION_STATUS_LABELS[t.status as RegistrationStatus] ?? t.status!, title: t.title!, note: t.note ?? null, by: t.by! })),
    checks: { missing: open ? missingMaterials(r) : [], negativeList: open ? facts.checks.negativeList : [], duplicates: open ? facts.checks.duplicates : [] },
    escalated: !!r.escalated,
    rating: ratingView(r.rating as StoredRating | null),
    canRate: (RATABLE_STATUSES as readonly string[]).includes(r.status) && !r.rating,
    submittedAt: iso(r.submittedAt),
    updatedAt: iso(r.updatedAt) ?? new Date().toISOString(),
  };
}
