// Typed calls of the registration API. Type-only imports of the shared schemas: the response types stay
// exact without bundling zod here (only the form's validation imports schemas at runtime).
import type { CertificateView, NegativeListResponse, RegistrationDraftBody, RegistrationList, RegistrationResponse, RegistrationView } from '@shared/schemas/registration';
import type { WorkshopDetail } from '@shared/schemas/workshops';
import type { z } from 'zod';
import { api } from '@/services/request';

export type { CertificateView, RegistrationView };
export type Workshop = z.infer<typeof WorkshopDetail>;
/** One row of GET /workshops/mine (the server's MyWorkshops schema, built from these two shared ones). */
export interface MyWorkshop { workshop: Workshop; certificate: CertificateView | null }
export type NegativeEntry = z.infer<typeof NegativeListResponse>['items'][number];

type One = z.infer<typeof RegistrationResponse>;
// Pages show their own state for a failed load; the toast is for actions.
const quiet = { toast: false } as const;

export const registrationApi = {
  create: (body: RegistrationDraftBody) => api.post<One>('/registrations', body, { loading: '保存中' }).then((r) => r.data),
  save: (id: string, body: RegistrationDraftBody) => api.patch<One>(`/registrations/${id}`, body, { loading: '保存中' }).then((r) => r.data),
  submit: (id: string) => api.post<One>(`/registrations/${id}/submit`, undefined, { loading: '提交中', toast: false }).then((r) => r.data),
  withdraw: (id: string, reason?: string) => api.post<One>(`/registrations/${id}/withdraw`, reason ? { reason } : {}, { loading: '撤回中' }).then((r) => r.data),
  rate: (id: string, score: number, comment?: string) => api.post<One>(`/registrations/${id}/rating`, comment ? { score, comment } : { score }, { loading: '提交中' }).then((r) => r.data),
  replyRating: (id: string, answer: string) => api.post<One>(`/registrations/${id}/rating/reply`, { answer }, { loading: '提交中' }).then((r) => r.data),
  deleteDraft: (id: string) => api.delete<null>(`/registrations/${id}`, { loading: '删除中' }),
  get: (id: string) => api.get<One>(`/registrations/${id}`, undefined, quiet).then((r) => r.data),
  mine: () => api.get<z.infer<typeof RegistrationList>>('/registrations/mine', undefined, quiet).then((r) => r.data ?? []),
  myWorkshops: () => api.get<{ data: MyWorkshop[] }>('/workshops/mine', undefined, quiet).then((r) => r.data ?? []),
  renew: (workshopId: string, note?: string) => api.post<One>(`/workshops/${workshopId}/renewal`, note ? { note } : {}, { loading: '提交中' }).then((r) => r.data),
  change: (workshopId: string, body: { reason: string; address?: string; products?: string[] }) =>
    api.post<One>(`/workshops/${workshopId}/change`, body, { loading: '提交中' }).then((r) => r.data),
  cancel: (workshopId: string, reason: string) => api.post<One>(`/workshops/${workshopId}/cancellation`, { reason }, { loading: '提交中' }).then((r) => r.data),
  negativeList: (region?: string) =>
    api.get<z.infer<typeof NegativeListResponse>>('/negative-list', region ? { region } : undefined, quiet).then((r) => r.items ?? []),
};
