import { categoryName } from '@shared/domain/categories';
import { CERTIFICATE_STATUS_LABELS, RISK_GRADE_INFO, WORKSHOP_STATUS_LABELS, type RiskGrade } from '@shared/domain/risk';
import type { CreditEventView, WorkshopDetail, WorkshopSummary } from '@shared/schemas/workshops';
import type { Workshop } from '../models/Workshop';
import type { CreditEvent } from '../models/CreditEvent';

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

export function presentWorkshopDetail(w: Doc<Workshop>, regionName: (code: string) => string | null): WorkshopDetail {
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
    risk: grade ? { grade, label: RISK_GRADE_INFO[grade].label, meaning: RISK_GRADE_INFO[grade].meaning } : null,
  };
}

export function presentCreditEvent(e: Doc<CreditEvent>): CreditEventView {
  return {
    id: String(e._id),
    type: e.type as CreditEventView['type'],
    at: new Date(e.at).toISOString(),
    title: e.title,
    detail: e.detail ?? null,
    result: e.result ?? null,
    source: e.source,
  };
}
