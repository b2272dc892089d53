import { createHash } from 'node:crypto';
import { categoryName } from '@shared/domain/categories';
import { CERTIFICATE_STATUS_LABELS, RISK_GRADE_INFO, WORKSHOP_STATUS_LABELS, type RiskGrade } from '@shared/domain/risk';
import type { CreditEventView, WorkshopDetail, WorkshopSummary } from '@shared/schemas/workshops';
import type { Workshop } from '../models/Workshop';
import { expandChecks, type EmbeddedEvent, type LatestInspection } from '../services/publicFile';
import { INSPECTION_RESULT_LABELS, type InspectionResult } from '@shared/domain/supervision';
import { publicChecklist, publicRectification } from './supervision';

type Doc<T> = T & { _id: unknown };
const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

// Public presenters: nothing personal leaves here except the masked operator name.
export function presentWorkshopSummary(w: Doc<Pick<Workshop, 'name' | 'region' | 'regionName' | 'categories' | 'status' | 'certificate' | 'riskGrade' | 'badges' | 'lastInspectionAt'>>, regionName: (code: string) => string | null): WorkshopSummary {
  return {
    id: String(w._id),
    name: w.name,
    region: { code: w.region, name: regionName(w.region) ?? w.regionName },
    categories: w.categories.map((code) => ({ code, name: categoryName(code) })),
    status: w.status as WorkshopSummary['status'],
    statusLabel: WORKSHOP_STATUS_LABELS[w.status as keyof typeof WORKSHOP_STATUS_LABELS],
    certificateStatus: (w.certificate?.status ?? null) as WorkshopSummary['certificateStatus'],
    riskGrade: (w.riskGrade ?? null) as WorkshopSummary['riskGrade'],
    badges: w.badges,
    lastInspectionAt: iso(w.lastInspectionAt),
  };
}

/** `latest`: the workshop's latest inspection, when the caller read it (the public credit file does). */
export function presentWorkshopDetail(w: Doc<Workshop>, regionName: (code: string) => string | null, latest?: LatestInspection | null): WorkshopDetail {
  const cert = w.certificate?.number ? w.certificate : null;
  const grade = (w.riskGrade ?? null) as RiskGrade | null;
  return {
    ...presentWorkshopSummary(w, regionName),
    region: { code: w.region, name: w.regionName },
    ownerName: w.ownerNameMasked ?? null,
    address: w.address,
    products: w.products,
    certificate: cert
      ? {
          number: cert.number!,
          status: cert.status ?? 'valid',
          statusLabel: CERTIFICATE_STATUS_LABELS[(cert.status ?? 'valid') as keyof typeof CERTIFICATE_STATUS_LABELS],
          issuedAt: iso(cert.issuedAt),
          expiresAt: iso(cert.expiresAt),
        }
      : null,
    risk: grade
      ? { grade, label: RISK_GRADE_INFO[grade].label, meaning: RISK_GRADE_INFO[grade].meaning, reasons: w.riskReasons ?? [], inspectionsPerYear: RISK_GRADE_INFO[grade].inspectionsPerYear }
      : null,
    ...(latest !== undefined
      ? {
          latestInspection: latest
            ? {
                date: latest.date,
                result: latest.result,
                resultLabel: INSPECTION_RESULT_LABELS[latest.result as InspectionResult],
                office: latest.office,
                checklist: publicChecklist({ items: latest.items.map((i) => ({ code: i.code!, result: i.result! })) }),
                rectification: publicRectification(latest.rectification),
              }
            : null,
        }
      : {}),
  };
}

/** An event of the public file; its id is derived from its source record's ref, which is not shown. */
export function presentCreditEvent(e: EmbeddedEvent): CreditEventView {
  return {
    id: createHash('sha256').update(e.ref).digest('hex').slice(0, 16),
    type: e.type as CreditEventView['type'],
    at: new Date(e.at).toISOString(),
    title: e.title,
    detail: e.detail ?? null,
    result: e.result ?? null,
    source: e.source,
    ...(e.type === 'inspection' ? inspectionFacts(e.data as InspectionFacts | null) : {}),
    ...(e.type === 'training' ? { hours: (e.data as { hours?: number } | null)?.hours ?? null } : {}),
  };
}

interface InspectionFacts {
  checklist?: { items: { code: string; result: string }[] };
  /** The compact form the public file embeds (services/publicFile.ts): one letter per item. */
  checks?: string;
  rectification?: { status: string; deadline: string | null };
}
function inspectionFacts(d: InspectionFacts | null) {
  const items = d?.checks ? expandChecks(d.checks) : d?.checklist?.items;
  return {
    checklist: items ? publicChecklist({ items }) : null,
    rectification: publicRectification(d?.rectification),
  };
}
