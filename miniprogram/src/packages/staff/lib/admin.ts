// Admin screens (issue 15 point 4): negative list, staff accounts and invites, holiday calendar, audit
// trail. Type-only schema imports, so no zod reaches the page bundles.
import type { z } from 'zod';
import type { AuditList, StaffAccountList, StaffAccountResponse, StaffAccountView, AuditEventView } from '@shared/schemas/admin';
import type { StaffAccountStateResponse, StaffInviteResponse } from '@shared/schemas/auth';
import type { CalendarYearResponse, CalendarYearsResponse, CalendarYearView } from '@shared/schemas/calendar';
import type { NegativeListResponse } from '@shared/schemas/registration';
import { api } from '@/services/request';

export type StaffAccount = StaffAccountView;
export type AuditEvent = AuditEventView;
export type CalendarYear = z.infer<typeof CalendarYearView>;
export type NegativeList = z.infer<typeof NegativeListResponse>;
export interface NegativeItem { item: string; keywords: string[]; reason: string }
export type StaffInvite = z.infer<typeof StaffInviteResponse>;

// Pages show their own state for a failed load; actions toast the server's reason unless told otherwise.
const quiet = { toast: false, revalidate: true } as const;

export const negativeListApi = {
  get: (region: string) => api.get<NegativeList>('/negative-list', { region }, quiet),
  save: (region: string, items: NegativeItem[]) => api.put<NegativeList>('/negative-list', { region, items }, { toast: false, loading: '保存中' }),
};

export const accountsApi = {
  list: (page: number, filter: { role?: string; region?: string }) =>
    api.get<z.infer<typeof StaffAccountList>>('/staff/accounts', { ...filter, page, pageSize: 20 }, quiet),
  setDisabled: (id: string, disabled: boolean) =>
    api.post<z.infer<typeof StaffAccountStateResponse>>(`/staff/accounts/${id}/${disabled ? 'disable' : 'enable'}`, {}, { loading: '提交中' }),
  moveTo: (id: string, region: string) =>
    api.put<z.infer<typeof StaffAccountResponse>>(`/staff/accounts/${id}/region`, { region }, { loading: '提交中' }).then((r) => r.data),
  invite: (body: { name: string; role: 'trainer' | 'inspector' | 'admin'; region: string }) =>
    api.post<StaffInvite>('/staff/invites', body, { toast: false, loading: '生成中' }),
};

export const calendarApi = {
  years: () => api.get<z.infer<typeof CalendarYearsResponse>>('/calendar/years', undefined, quiet).then((r) => r.data),
  save: (year: number, body: { holidays: string[]; workdays: string[]; source: string }) =>
    api.put<z.infer<typeof CalendarYearResponse>>(`/calendar/years/${year}`, body, { toast: false, loading: '保存中' }).then((r) => r.data),
};

export const auditApi = {
  list: (page: number, filter: { kind?: string; from?: string; to?: string }) =>
    api.get<z.infer<typeof AuditList>>('/audit-events', { ...filter, page, pageSize: 20 }, quiet),
};

// --- the working-day effect of a year's holidays (same rule as the server's calendar) -------------

const weekday = (iso: string) => new Date(`${iso}T00:00:00Z`).getUTCDay();
const isWeekend = (iso: string) => weekday(iso) === 0 || weekday(iso) === 6;

export interface YearEffect {
  /** Working days in the year. */
  working: number;
  /** Monday to Friday. */
  weekdays: number;
  /** Holidays falling on Monday–Friday (working days lost). */
  holidaysOnWeekdays: number;
  /** Saturdays and Sundays worked (调休上班). */
  workdays: number;
  /** Working days per month (index 0 = January). */
  months: number[];
}

/** Working days of `year` with these holidays and adjusted workdays: Mon–Fri, less holidays, plus workdays. */
export function yearEffect(year: number, holidays: readonly string[], workdays: readonly string[]): YearEffect {
  const off = new Set(holidays);
  const on = new Set(workdays);
  const months = Array(12).fill(0) as number[];
  let weekdays = 0;
  let holidaysOnWeekdays = 0;
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
    const iso = new Date(t).toISOString().slice(0, 10);
    const weekend = isWeekend(iso);
    if (!weekend) weekdays++;
    if (!weekend && off.has(iso)) holidaysOnWeekdays++;
    const working = on.has(iso) || (!weekend && !off.has(iso));
    if (working) months[new Date(t).getUTCMonth()]++;
  }
  const working = months.reduce((a, b) => a + b, 0);
  return { working, weekdays, holidaysOnWeekdays, workdays: [...on].filter(isWeekend).length, months };
}

/** "2027-02-06 周六". */
const WEEK = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
export const dayWithWeek = (iso: string) => `${iso} ${WEEK[weekday(iso)]}`;
export { isWeekend };
