import { CHECKLIST_ITEMS } from '@shared/domain/categories';
import { CORRECTABLE_FIELDS, DEADLINE_STEP_LABELS, REGISTRATION_KIND_LABELS, REGISTRATION_STATUS_LABELS, type CorrectableField, type DeadlineStep, type RegistrationKind, type RegistrationStatus } from '@shared/domain/registration';
import { CHECK_RESULT_LABELS, type RegistrationView } from '@shared/schemas/registration';
import { Types } from 'mongoose';
import type { Registration } from '../models/Registration';
import { UserModel } from '../models/User';
import type { Services } from '../services';
import { shanghaiDate } from '../services/calendar';
import { duplicatesAt, missingMaterials, negativeHits } from '../commands/registration/checks';
import { officeOf } from '../commands/registration';

type Doc = Registration & { _id: unknown; updatedAt?: Date };
const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

// The same view for applicant and reviewers: personal numbers are masked for both (the full values
// stay encrypted; nothing in the review needs them on screen).
export async function presentRegistration(r: Doc, services: Pick<Services, 'regions' | 'calendar'>, now = new Date()): Promise<RegistrationView> {
  const open = ['draft', 'correction'].includes(r.status);
  const [negative, duplicates] = open ? await Promise.all([negativeHits(r), duplicatesAt(r, services.regions)]) : [[], []];
  const inspectorIds = r.siteCheck?.inspectorIds ?? [];
  const inspectors = inspectorIds.length
    ? await UserModel.find({ _id: { $in: inspectorIds.filter((i) => Types.ObjectId.isValid(i)).map((i) => new Types.ObjectId(i)) } }).lean()
    : [];
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
      regionName: r.workshop?.region ? services.regions.fullName(r.workshop.region) : null,
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
          remainingWorkingDays: paused ? (d.pausedRemaining ?? null) : d.due >= shanghaiDate(now) ? (await services.calendar.workingDaysBetween(now, d.due)).days : 0,
        }
      : null,
    office: officeOf(services, r.region),
    siteCheck: r.siteCheck?.date || result
      ? {
          date: r.siteCheck?.date ?? null,
          inspectors: inspectors.map((u) => ({ id: String(u._id), name: u.name })),
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
    certificatePending: r.status === 'approved' && (r.owed ?? []).some((s) => s === 'workshop' || s === 'certificate'),
    timeline: (r.timeline ?? []).map((t) => ({ at: new Date(t.at!).toISOString(), status: t.status!, statusLabel: REGISTRATION_STATUS_LABELS[t.status as RegistrationStatus] ?? t.status!, title: t.title!, note: t.note ?? null, by: t.by! })),
    checks: { missing: open ? missingMaterials(r) : [], negativeList: negative, duplicates },
    escalated: !!r.escalated,
    submittedAt: iso(r.submittedAt),
    updatedAt: iso(r.updatedAt) ?? new Date().toISOString(),
  };
}
