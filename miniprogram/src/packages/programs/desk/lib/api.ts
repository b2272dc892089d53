// Typed calls of the review desk (type-only schema imports: no zod in the pages that only read).
import type {
  ApplicationList, ApplicationResponse, AwardReviewList, AwardReviewResponse, CreateProgramBody, ProgramResponse, UpdateProgramBody,
} from '@shared/schemas/programs';
import type { ApplicationReviewResponse, DeskProgramsResponse } from '@shared/schemas/programsDesk';
import type { ApplicationStatus } from '@shared/domain/programs';
import type { z } from 'zod';
import { api } from '@/services/request';

export type DeskPrograms = z.infer<typeof DeskProgramsResponse>;
export type DeskProgram = DeskPrograms['data'][number];
export type ProgramView = z.infer<typeof ProgramResponse>['data'];
export type ApplicationView = z.infer<typeof ApplicationResponse>['data'];
export type ApplicationReview = z.infer<typeof ApplicationReviewResponse>['data'];
export type AwardReview = z.infer<typeof AwardReviewList>['data'][number];
export interface ScoreItem { name: string; score: number; max: number }

// Pages show their own state for a failed load; actions toast (and pages may say more).
const quiet = { toast: false } as const;

export const deskApi = {
  programs: () => api.get<DeskPrograms>('/programs/desk', undefined, quiet),
  program: (id: string) => api.get<z.infer<typeof ProgramResponse>>(`/programs/${id}`, undefined, quiet).then((r) => r.data),
  createProgram: (body: CreateProgramBody) => api.post<z.infer<typeof ProgramResponse>>('/programs', body, { loading: '保存中', toast: false }).then((r) => r.data),
  updateProgram: (id: string, body: UpdateProgramBody) => api.patch<z.infer<typeof ProgramResponse>>(`/programs/${id}`, body, { loading: '保存中', toast: false }).then((r) => r.data),
  applications: (id: string, q: { page: number; status?: ApplicationStatus }) =>
    api.get<z.infer<typeof ApplicationList>>(`/programs/${id}/applications`, { ...q, pageSize: 20 }, quiet),
  review: (id: string) => api.get<z.infer<typeof ApplicationReviewResponse>>(`/applications/${id}/review`, undefined, quiet).then((r) => r.data),
  score: (id: string, body: { score: number; comment?: string; items?: ScoreItem[] }) =>
    api.post<z.infer<typeof ApplicationResponse>>(`/applications/${id}/score`, body, { loading: '提交中' }).then((r) => r.data),
  ask: (id: string, question: string) => api.post<z.infer<typeof ApplicationResponse>>(`/applications/${id}/question`, { question }, { loading: '提交中' }).then((r) => r.data),
  /** Not toasted: the page says a full quota in words. */
  approve: (id: string, note?: string) => api.post<z.infer<typeof ApplicationResponse>>(`/applications/${id}/approve`, note ? { note } : {}, { loading: '提交中', toast: false }).then((r) => r.data),
  reject: (id: string, reason: string) => api.post<z.infer<typeof ApplicationResponse>>(`/applications/${id}/reject`, { reason }, { loading: '提交中' }).then((r) => r.data),
  resolve: (id: string, body: { objectionId: string; upheld: boolean; note: string }) =>
    api.post<z.infer<typeof ApplicationResponse>>(`/applications/${id}/objections/resolve`, body, { loading: '提交中' }).then((r) => r.data),
  flagged: () => api.get<z.infer<typeof AwardReviewList>>('/awards/flagged', undefined, quiet).then((r) => r.data),
  revoke: (id: string, reason: string) => api.post<z.infer<typeof AwardReviewResponse>>(`/awards/${id}/revoke`, { reason }, { loading: '提交中' }).then((r) => r.data),
  keep: (id: string, note: string) => api.post<z.infer<typeof AwardReviewResponse>>(`/awards/${id}/keep`, { note }, { loading: '提交中' }).then((r) => r.data),
};
