// Citizen calls of the tip-off API. Type-only schema imports: zod stays in the pages that validate.
import type { z } from 'zod';
import type { MyTipoffList, SubmitTipoffBody, SubmitTipoffResponse, TrackView } from '@shared/schemas/tipoff';
import type { WorkshopPage } from '@shared/schemas/workshops';
import { api } from '@/services/request';
import { deviceId } from './storage';

export type Track = TrackView;
export type Receipt = z.infer<typeof SubmitTipoffResponse>;
export type MyTipoff = z.infer<typeof MyTipoffList>['data'][number];
export type WorkshopHit = z.infer<typeof WorkshopPage>['data'][number];

export const tipoffApi = {
  submit: (body: z.input<typeof SubmitTipoffBody>) =>
    api.post<Receipt>('/tipoffs', body, { loading: '提交中', headers: { 'X-Device-Id': deviceId() } }),
  // 404 means "wrong code or token" without saying which: the page shows its own message, no toast.
  track: (code: string, token: string) => api.get<Track>('/tipoffs/track', { code, token }, { toast: false, retries: 1 }),
  rate: (code: string, token: string, score: number, comment?: string) =>
    api.post<Track>('/tipoffs/track/rating', { code, token, score, ...(comment ? { comment } : {}) }, { loading: '提交中' }),
  claim: (code: string, token: string) => api.post<Track>('/tipoffs/claim-reward', { code, token }, { loading: '领取中' }),
  mine: () => api.get<z.infer<typeof MyTipoffList>>('/tipoffs/mine', undefined, { authRedirect: false, toast: false }).then((r) => r.data ?? []),
  workshops: (q: string) => api.get<z.infer<typeof WorkshopPage>>('/workshops', { q, pageSize: 10 }, { toast: false }).then((r) => r.data ?? []),
};
