// 双随机 draw tasks (admin) and credit-repair review calls. Type-only schema imports.
import type { z } from 'zod';
import type { DrawDetail, DrawSummary } from '@shared/schemas/draws';
import type { PenaltyView, SelfCheckView } from '@shared/schemas/supervision';
import { api } from '@/services/request';

export type Draw = z.infer<typeof DrawDetail>;
export type DrawRow = z.infer<typeof DrawSummary>;
export type Penalty = z.infer<typeof PenaltyView>;
export type SelfCheck = z.infer<typeof SelfCheckView>;
export interface NewDraw { title: string; region: string; categories: string[]; sharePercent: number; periodStart: string; periodEnd: string }

export const drawAdminApi = {
  list: (region: string | undefined, page: number) =>
    api.get<{ data: DrawRow[]; total: number; page: number; pageSize: number }>('/draws', { region, page, pageSize: 20 }, { revalidate: true }),
  get: (id: string) => api.get<{ data: Draw }>(`/draws/${id}`, undefined, { revalidate: true }).then((r) => r.data),
  create: (body: NewDraw) => api.post<{ data: Draw }>('/draws', body, { loading: '提交中' }).then((r) => r.data),
  draw: (id: string) => api.post<{ data: Draw }>(`/draws/${id}/draw`, {}, { loading: '正在抽取' }).then((r) => r.data),
};

export const repairApi = {
  queue: (page: number) => api.get<{ data: Penalty[]; total: number; page: number; pageSize: number }>('/penalties', { repair: 'requested', page, pageSize: 50 }),
  review: (id: string, approved: boolean, note?: string) =>
    api.post<{ data: Penalty }>(`/penalties/${id}/repair-review`, { approved, ...(note ? { note } : {}) }, { loading: '提交中' }).then((r) => r.data),
};

export const selfCheckApi = {
  list: (workshopId: string) => api.get<{ data: SelfCheck[] }>(`/workshops/${workshopId}/self-checks`).then((r) => r.data),
};
