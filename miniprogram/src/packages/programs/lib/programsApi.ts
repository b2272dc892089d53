// Typed calls of the programs API for the owner and public pages (品牌与非遗项目). Type-only imports of the
// shared schemas: exact response types without bundling zod.
import type { z } from 'zod';
import type { ProgramKind } from '@shared/domain/programs';
import type {
  ApplicationResponse, ApplyBody, AwardPage, AwardResponse, EligibilityResponse, MyApplicationList, NoticeResponse, ObjectionBody, ObjectionResponse,
  ProgramList, ProgramResponse, ProgramsForMeResponse, StoryBody, SubsidyResponse, TeachingBody,
} from '@shared/schemas/programs';
import { api } from '@/services/request';

export type Program = z.infer<typeof ProgramResponse>['data'];
export type ForMe = z.infer<typeof ProgramsForMeResponse>['data'];
export type ForMeItem = ForMe['programs'][number];
export type RuleResult = ForMeItem['rules'][number];
export type Eligibility = z.infer<typeof EligibilityResponse>['data'];
export type Application = z.infer<typeof ApplicationResponse>['data'];
export type Notice = z.infer<typeof NoticeResponse>['data'];
export type Award = z.infer<typeof AwardResponse>['data'];
export type AwardList = z.infer<typeof AwardPage>;
export type Subsidy = z.infer<typeof SubsidyResponse>['data'];
export type ObjectionReceipt = z.infer<typeof ObjectionResponse>;
export type ObjectionInput = z.input<typeof ObjectionBody>;
/** One row of GET /workshops/mine (only what these pages need). */
export interface MyWorkshopRow { workshop: { id: string; name: string } }

// Pages show their own state for a failed load; the toast is for actions.
const quiet = { toast: false } as const;

export const programsApi = {
  programs: (q: { region?: string; kind?: ProgramKind } = {}) => api.get<z.infer<typeof ProgramList>>('/programs', q, quiet).then((r) => r.data ?? []),
  program: (id: string) => api.get<z.infer<typeof ProgramResponse>>(`/programs/${id}`, undefined, quiet).then((r) => r.data),
  notice: (id: string) => api.get<z.infer<typeof NoticeResponse>>(`/programs/${id}/notice`, undefined, quiet).then((r) => r.data),
  awards: (q: { page: number; region?: string; kind?: ProgramKind; heritage?: '1'; programId?: string }) =>
    api.get<AwardList>('/awards', { pageSize: 20, ...q }, quiet),
  award: (id: string) => api.get<z.infer<typeof AwardResponse>>(`/awards/${id}`, undefined, quiet).then((r) => r.data),
  object: (applicationId: string, body: ObjectionInput, deviceId: string) =>
    api.post<ObjectionReceipt>(`/applications/${applicationId}/objections`, body, { loading: '提交中', toast: false, headers: { 'X-Device-Id': deviceId } }),
  // owner
  forMe: (workshopId?: string) => api.get<z.infer<typeof ProgramsForMeResponse>>('/programs/for-me', { workshopId }, quiet).then((r) => r.data),
  eligibility: (id: string, workshopId?: string) =>
    api.get<z.infer<typeof EligibilityResponse>>(`/programs/${id}/eligibility`, { workshopId }, quiet).then((r) => r.data),
  myWorkshops: () => api.get<{ data: MyWorkshopRow[] }>('/workshops/mine', undefined, quiet).then((r) => r.data ?? []),
  apply: (id: string, body: z.input<typeof ApplyBody>) =>
    api.post<z.infer<typeof ApplicationResponse>>(`/programs/${id}/applications`, body, { loading: '提交中', toast: false }).then((r) => r.data),
  mine: () => api.get<z.infer<typeof MyApplicationList>>('/applications/mine', undefined, quiet).then((r) => r.data ?? []),
  withdraw: (id: string) => api.post<z.infer<typeof ApplicationResponse>>(`/applications/${id}/withdraw`, undefined, { loading: '提交中' }).then((r) => r.data),
  answer: (id: string, body: { questionId: string; answer: string; materials?: string[] }) =>
    api.post<z.infer<typeof ApplicationResponse>>(`/applications/${id}/answer`, body, { loading: '提交中' }).then((r) => r.data),
  teaching: (awardId: string) => api.get<z.infer<typeof SubsidyResponse>>(`/awards/${awardId}/teaching`, undefined, quiet).then((r) => r.data),
  recordTeaching: (awardId: string, body: z.input<typeof TeachingBody>) =>
    api.post<z.infer<typeof SubsidyResponse>>(`/awards/${awardId}/teaching`, body, { loading: '提交中' }).then((r) => r.data),
  writeStory: (awardId: string, body: z.input<typeof StoryBody>) =>
    api.put<z.infer<typeof AwardResponse>>(`/awards/${awardId}/story`, body, { loading: '保存中' }).then((r) => r.data),
};
