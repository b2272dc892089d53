// Public credit API (信用公示, no login). Type-only schema imports: zod stays out of the main package,
// which holds the 查询 tab.
import type { CreditEventView, WorkshopDetail, WorkshopSummary } from '@shared/schemas/workshops';
import type { RiskGrade } from '@shared/domain/risk';
import type { CategoryCode } from '@shared/domain/categories';
import { api } from './request';

export type { CreditEventView, WorkshopDetail, WorkshopSummary };
export interface BlackWorkshop { id: string; name: string; region: { code: string; name: string }; confirmedAt: string; categories: string[] }
export interface Region { code: string; name: string; level: 'province' | 'city' | 'county' | 'township'; hasChildren: boolean }
export type SearchSort = 'relevance' | 'name' | 'inspected';

export interface SearchParams {
  q?: string;
  region?: string;
  category?: CategoryCode;
  grade?: RiskGrade;
  sort: SearchSort;
  page: number;
  pageSize?: number;
}
export interface Paged<T> { data: T[]; page: number; pageSize: number; total: number }

// Public pages never send a visitor to the login page, and they show their own error state.
const quiet = { authRedirect: false, toast: false } as const;

export const creditApi = {
  search: (p: SearchParams) => api.get<Paged<WorkshopSummary>>('/workshops', { ...p, pageSize: p.pageSize ?? 20 }, quiet),
  // The credit file must show the current record (public JSON is cacheable for 60 s).
  workshop: (id: string) => api.get<WorkshopDetail>(`/workshops/${id}`, undefined, { ...quiet, revalidate: true }),
  timeline: (id: string) => api.get<{ data: CreditEventView[] }>(`/workshops/${id}/timeline`, undefined, { ...quiet, revalidate: true }).then((r) => r.data),
  black: (p: { region?: string; page: number }) => api.get<Paged<BlackWorkshop>>('/black-workshops', { ...p, pageSize: 20 }, quiet),
  regions: (parent?: string) => api.get<{ data: Region[] }>('/regions', parent ? { parent } : undefined, quiet).then((r) => r.data),
};

/** Certificate state in words, as a row shows it. */
export function certificateText(w: Pick<WorkshopSummary, 'status' | 'statusLabel' | 'certificateStatus'>): string {
  if (w.status !== 'registered') return w.statusLabel;
  switch (w.certificateStatus) {
    case 'valid': return '登记证有效';
    case 'expired': return '登记证已过期';
    case 'revoked': return '登记证已撤销';
    case 'cancelled': return '登记证已注销';
    default: return '暂无登记证';
  }
}
