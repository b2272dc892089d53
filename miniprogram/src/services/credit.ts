// Public credit API (信用公示, no login). Type-only schema imports: zod stays out of the main package,
// which holds the 查询 tab.
import type { z } from 'zod';
import type { BlackWorkshopPage, BlackWorkshopView, CreditEventView, TimelineResponse, WorkshopDetail, WorkshopPage, WorkshopSearchQuery, WorkshopSummary } from '@shared/schemas/workshops';
import type { RegionView, RegionsResponse } from '@shared/schemas/regions';
import type { TrainingHoursResponse } from '@shared/schemas/trainingQuiz';
import type { RiskGrade } from '@shared/domain/risk';
import type { CategoryCode } from '@shared/domain/categories';
import { api } from './request';

export type { CreditEventView, WorkshopDetail, WorkshopSummary };
export type BlackWorkshop = z.infer<typeof BlackWorkshopView>;
export type Region = z.infer<typeof RegionView>;
export type SearchSort = WorkshopSearchQuery['sort'];

export interface SearchParams {
  q?: string;
  region?: string;
  category?: CategoryCode;
  grade?: RiskGrade;
  /** A badge the workshop holds (荣誉称号, e.g. 阳光作坊). */
  badge?: string;
  sort: SearchSort;
  page: number;
  pageSize?: number;
}

// Public pages never send a visitor to the login page, and they show their own error state.
const quiet = { authRedirect: false, toast: false } as const;

export const creditApi = {
  search: (p: SearchParams) => api.get<z.infer<typeof WorkshopPage>>('/workshops', { ...p, pageSize: p.pageSize ?? 20 }, quiet),
  // The credit file must show the current record (public JSON is cacheable for 60 s).
  workshop: (id: string) => api.get<WorkshopDetail>(`/workshops/${id}`, undefined, { ...quiet, revalidate: true }),
  timeline: (id: string) => api.get<z.infer<typeof TimelineResponse>>(`/workshops/${id}/timeline`, undefined, { ...quiet, revalidate: true }).then((r) => r.data),
  trainingHours: (id: string, months = 12) => api.get<TrainingHoursResponse>(`/workshops/${id}/training-hours`, { months }, { ...quiet, revalidate: true }),
  black: (p: { region?: string; page: number }) => api.get<z.infer<typeof BlackWorkshopPage>>('/black-workshops', { ...p, pageSize: 20 }, quiet),
  regions: (parent?: string) => api.get<z.infer<typeof RegionsResponse>>('/regions', parent ? { parent } : undefined, quiet).then((r) => r.data),
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
