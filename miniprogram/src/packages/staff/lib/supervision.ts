// Supervision calls of the staff pages (inspectors and admins). Type-only schema imports.
import type { z } from 'zod';
import type { InspectionResponse, InspectionView, PenaltyResponse, SampleResponse, SampleView, PenaltyView, TaskList, TaskView } from '@shared/schemas/supervision';
import type { DashboardAwardsResponse, DashboardResponse, DashboardRow, DashboardTrendsResponse } from '@shared/schemas/dashboard';
import { api } from '@/services/request';

export type Task = z.infer<typeof TaskView>;
export type Sample = z.infer<typeof SampleView>;
export type Penalty = z.infer<typeof PenaltyView>;
export type { DashboardAwardsResponse, DashboardResponse, DashboardRow, DashboardTrendsResponse, InspectionView };
export type CheckResult = 'pass' | 'basic' | 'fail';
export interface InspectionDraft {
  clientId: string;
  workshopId: string;
  workshopName: string;
  taskId?: string;
  items: Record<string, { result?: CheckResult; note?: string; photos?: string[] }>;
  result?: 'none' | 'rectify' | 'case';
  rectificationDeadline?: string;
  note?: string;
}

// Pages show their own state for a failed load; the toast is for actions.
const quiet = { toast: false } as const;

export const supervisionApi = {
  tasks: () => api.get<z.infer<typeof TaskList>>('/inspections/tasks', undefined, quiet).then((r) => r.data ?? []),
  inspection: (id: string) => api.get<z.infer<typeof InspectionResponse>>(`/inspections/${id}`, undefined, quiet).then((r) => r.data),
  review: (id: string, body: { passed: boolean; note?: string; newDeadline?: string }) =>
    api.post<z.infer<typeof InspectionResponse>>(`/inspections/${id}/review`, body, { loading: '提交中' }).then((r) => r.data),
  sample: (id: string) => api.get<z.infer<typeof SampleResponse>>(`/samples/${id}`, undefined, quiet).then((r) => r.data),
  closeFollowUp: (id: string, disposal: string) =>
    api.post<z.infer<typeof SampleResponse>>(`/samples/${id}/close-follow-up`, { disposal }, { loading: '提交中' }).then((r) => r.data),
  recordSample: (body: unknown) => api.post<z.infer<typeof SampleResponse>>('/samples', body, { loading: '提交中' }).then((r) => r.data),
  recordPenalty: (body: unknown) => api.post<z.infer<typeof PenaltyResponse>>('/penalties', body, { loading: '提交中' }).then((r) => r.data),
  dashboard: (region?: string) => api.get<DashboardResponse>('/dashboard', region ? { region } : undefined, quiet),
  dashboardTrends: (region?: string) => api.get<DashboardTrendsResponse>('/dashboard/trends', region ? { region } : undefined, quiet),
  dashboardAwards: (region?: string) => api.get<DashboardAwardsResponse>('/dashboard/awards', region ? { region } : undefined, quiet),
};
