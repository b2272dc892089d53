// Review calls of the registration API (inspectors and admins). Type-only schema imports.
import type { z } from 'zod';
import type { RegistrationList, RegistrationResponse, RegistrationView, SiteCheckResultBody } from '@shared/schemas/registration';
import { api } from '@/services/request';

export type { RegistrationView };
/** One row of GET /staff/inspectors (the server's InspectorList schema). */
export interface Inspector { id: string; name: string; region: { code: string; name: string } }
export type ChecklistEntry = z.input<typeof SiteCheckResultBody>['items'][number];

type One = z.infer<typeof RegistrationResponse>;
// Pages show their own state for a failed load; the toast is for actions.
const quiet = { toast: false } as const;
const act = (id: string, path: string, body?: unknown) => api.post<One>(`/registrations/${id}/${path}`, body ?? {}, { loading: '提交中' }).then((r) => r.data);

export const reviewApi = {
  queue: (q: { status?: string; overdue?: '1'; page?: number }) =>
    api.get<z.infer<typeof RegistrationList>>('/registrations', { ...q, pageSize: 50 }, quiet),
  get: (id: string) => api.get<One>(`/registrations/${id}`, undefined, quiet).then((r) => r.data),
  replyRating: (id: string, answer: string) => api.post<One>(`/registrations/${id}/rating/reply`, { answer }, { loading: '提交中' }).then((r) => r.data),
  inspectors: (covers?: string) => api.get<{ data: Inspector[] }>('/staff/inspectors', covers ? { covers } : undefined).then((r) => r.data),
  accept: (id: string) => act(id, 'accept'),
  requestCorrection: (id: string, items: { field: string; reason: string }[]) => act(id, 'request-correction', { items }),
  scheduleSiteCheck: (id: string, inspectorIds: string[], date: string) => act(id, 'schedule-site-check', { inspectorIds, date }),
  recordSiteCheck: (id: string, items: ChecklistEntry[], passed: boolean, note?: string) => act(id, 'site-check-result', { items, passed, ...(note ? { note } : {}) }),
  approve: (id: string, note?: string) => act(id, 'approve', note ? { note } : {}),
  reject: (id: string, reason: string) => act(id, 'reject', { reason }),
};
