// Staff calls of the tip-off API (handling, identity views, rewards). Type-only schema imports.
import type { z } from 'zod';
import type { CaseList, CaseResponse, CaseView, CloseBody, ReporterResponse, RewardQueue, RewardResponse } from '@shared/schemas/tipoff';
import type { WorkshopPage } from '@shared/schemas/workshops';
import type { TipoffStatus } from '@shared/domain/tipoff';
import { api } from '@/services/request';

export type { CaseView };
export type RewardItem = CaseView['rewards'][number];
export type Reporter = z.infer<typeof ReporterResponse>['data'][number];
export type WorkshopHit = z.infer<typeof WorkshopPage>['data'][number];
export type RewardQueueRow = z.infer<typeof RewardQueue>['data'][number];

type One = z.infer<typeof CaseResponse>;
// Pages show their own state for a failed load; the toast is for actions.
const quiet = { toast: false } as const;
const act = (id: string, path: string, body?: unknown) => api.post<One>(`/tipoffs/${id}/${path}`, body ?? {}, { loading: '提交中' }).then((r) => r.data);
const rewardAct = (id: string, path: string, body?: unknown) =>
  api.post<z.infer<typeof RewardResponse>>(`/tipoff-rewards/${id}/${path}`, body ?? {}, { loading: '提交中' }).then((r) => r.data);

export const tipoffStaffApi = {
  inbox: (q: { status?: TipoffStatus; overdue?: '1'; page?: number; pageSize?: number }) =>
    api.get<z.infer<typeof CaseList>>('/tipoffs', { pageSize: 20, ...q }, quiet),
  get: (id: string) => api.get<One>(`/tipoffs/${id}`, undefined, quiet).then((r) => r.data),
  accept: (id: string) => act(id, 'accept'),
  decline: (id: string, reason: string) => act(id, 'decline', { reason }),
  extend: (id: string, reason: string) => act(id, 'extend', { reason }),
  close: (id: string, body: z.input<typeof CloseBody>) => act(id, 'close', body),
  reporters: (id: string, reason: string) => api.post<z.infer<typeof ReporterResponse>>(`/tipoffs/${id}/reporter`, { reason }, { loading: '查询中' }).then((r) => r.data),
  propose: (id: string, reportId: string, level: number, reason: string) =>
    api.post<z.infer<typeof RewardResponse>>(`/tipoffs/${id}/rewards`, { reportId, level, reason }, { loading: '提交中' }).then((r) => r.data),
  /** Proposed and failed rewards of my region (the server decides by each reward's case). */
  rewardQueue: () => api.get<z.infer<typeof RewardQueue>>('/tipoff-rewards', undefined, quiet).then((r) => r.data ?? []),
  approve: (rewardId: string) => rewardAct(rewardId, 'approve'),
  reject: (rewardId: string, reason: string) => rewardAct(rewardId, 'reject', { reason }),
  retry: (rewardId: string) => rewardAct(rewardId, 'retry'),
  workshops: (q: string) => api.get<z.infer<typeof WorkshopPage>>('/workshops', { q, pageSize: 10 }).then((r) => r.data),
};

/** "受理期限 2026-11-30 · 剩3个工作日" for lists and the case header. */
export function deadlineLine(c: CaseView): string {
  if (!c.deadline) return c.outcome ? `已办结：${c.outcome.resultLabel}` : c.statusLabel;
  const step = c.deadline.step === 'accept' ? '受理期限' : '办结期限';
  const left = c.deadline.overdue ? `已超期${-c.deadline.remainingWorkingDays || ''}${c.deadline.remainingWorkingDays ? '个工作日' : ''}` : `剩${c.deadline.remainingWorkingDays}个工作日`;
  return `${step} ${c.deadline.due}${c.deadline.estimated ? '（预计）' : ''} · ${left}`;
}
