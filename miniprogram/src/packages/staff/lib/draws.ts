// 双随机 draw tasks (admin) and credit-repair review calls. Type-only schema imports.
import type { z } from 'zod';
import type { DrawDetail, DrawList, DrawResponse, DrawSummary } from '@shared/schemas/draws';
import type { PenaltyList, PenaltyResponse, PenaltyView, SelfCheckList, SelfCheckView } from '@shared/schemas/supervision';
import { api } from '@/services/request';

export type Draw = z.infer<typeof DrawDetail>;
export type DrawRow = z.infer<typeof DrawSummary>;
export type Penalty = z.infer<typeof PenaltyView>;
export type SelfCheck = z.infer<typeof SelfCheckView>;
export interface NewDraw { title: string; region: string; categories: string[]; sharePercent: number; periodStart: string; periodEnd: string }

type One = z.infer<typeof DrawResponse>;
// Pages show their own state for a failed load; the toast is for actions.
const quiet = { toast: false } as const;

export const drawAdminApi = {
  list: (region: string | undefined, page: number) =>
    api.get<z.infer<typeof DrawList>>('/draws', { region, page, pageSize: 20 }, { ...quiet, revalidate: true }),
  get: (id: string) => api.get<One>(`/draws/${id}`, undefined, { ...quiet, revalidate: true }).then((r) => r.data),
  create: (body: NewDraw) => api.post<One>('/draws', body, { loading: '提交中' }).then((r) => r.data),
  draw: (id: string) => api.post<One>(`/draws/${id}/draw`, {}, { loading: '正在抽取' }).then((r) => r.data),
};

export const repairApi = {
  queue: (page: number) => api.get<z.infer<typeof PenaltyList>>('/penalties', { repair: 'requested', page, pageSize: 20 }, quiet),
  review: (id: string, approved: boolean, note?: string) =>
    api.post<z.infer<typeof PenaltyResponse>>(`/penalties/${id}/repair-review`, { approved, ...(note ? { note } : {}) }, { loading: '提交中' }).then((r) => r.data),
};

export const selfCheckApi = {
  list: (workshopId: string) => api.get<z.infer<typeof SelfCheckList>>(`/workshops/${workshopId}/self-checks`, undefined, quiet).then((r) => r.data ?? []),
};
