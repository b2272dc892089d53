// Supervision calls of the staff pages (inspectors and admins). Type-only schema imports.
import type { z } from 'zod';
import type { InspectionView, SampleView, PenaltyView, TaskView } from '@shared/schemas/supervision';
import type { DashboardResponse, DashboardRow } from '@shared/schemas/dashboard';
import { api } from '@/services/request';

export type Task = z.infer<typeof TaskView>;
export type Sample = z.infer<typeof SampleView>;
export type Penalty = z.infer<typeof PenaltyView>;
export type { DashboardResponse, DashboardRow, InspectionView };
export type CheckResult = 'pass' | 'basic' | 'fail';
export interface ChecklistEntry { code: string; result: CheckResult; note?: string; photos?: string[] }
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

export const supervisionApi = {
  tasks: () => api.get<{ data: Task[] }>('/inspections/tasks').then((r) => r.data),
  inspection: (id: string) => api.get<{ data: InspectionView }>(`/inspections/${id}`).then((r) => r.data),
  review: (id: string, body: { passed: boolean; note?: string; newDeadline?: string }) =>
    api.post<{ data: InspectionView }>(`/inspections/${id}/review`, body, { loading: '提交中' }).then((r) => r.data),
  recordSample: (body: unknown) => api.post<{ data: Sample }>('/samples', body, { loading: '提交中' }).then((r) => r.data),
  recordPenalty: (body: unknown) => api.post<{ data: Penalty }>('/penalties', body, { loading: '提交中' }).then((r) => r.data),
  dashboard: (region?: string) => api.get<DashboardResponse>('/dashboard', region ? { region } : undefined),
};
