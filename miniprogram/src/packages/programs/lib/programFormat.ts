// Pure helpers of the owner and public program pages: grouping, dates to the day, the link for a failed rule,
// why the 申报 button is not there, the failing rules of a 422.
import { PROGRAM_KINDS, PROGRAM_KIND_LABELS, type ApplicationStatus, type ProgramKind, type RuleAction } from '@shared/domain/programs';
import { ROUTES } from '@/constants/routes';
import { CREDIT_ROUTES } from '@/constants/credit';
import { ApiError } from '@/services/request';
import type { Program, RuleResult } from './programsApi';

/** Programs grouped by kind, in the order of PROGRAM_KINDS; empty groups left out. */
export function groupByKind<T>(items: T[], kindOf: (t: T) => ProgramKind): Array<{ kind: ProgramKind; label: string; items: T[] }> {
  return PROGRAM_KINDS.map((kind) => ({ kind, label: PROGRAM_KIND_LABELS[kind], items: items.filter((t) => kindOf(t) === kind) })).filter((g) => g.items.length);
}

export const windowText = (p: Pick<Program, 'applyFrom' | 'applyUntil'>) => `${p.applyFrom} 至 ${p.applyUntil}`;
export const issuerText = (p: Pick<Program, 'issuer' | 'levelLabel'>) => `${p.levelLabel} · ${p.issuer}`;

/** Whole days from `today` to `until` (both YYYY-MM-DD, Beijing dates); the last day counts: until = today → 1. */
export function daysLeft(until: string, today: string): number {
  const ms = Date.parse(`${until}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`);
  return Math.floor(ms / 86_400_000) + 1;
}

export function daysLeftText(until: string, today: string): string {
  const n = daysLeft(until, today);
  if (n <= 0) return '已截止';
  if (n === 1) return '今天截止';
  return `还剩 ${n} 天`;
}

/** Where the owner can do something about a failed rule. */
export function ruleLink(action: RuleAction): { label: string; url: string } | null {
  switch (action) {
    case 'training': return { label: '去报名培训', url: ROUTES.training };
    case 'registration': return { label: '去办理登记', url: ROUTES.registration };
    case 'credit': return { label: '查看处罚与信用修复', url: CREDIT_ROUTES.mine };
    case 'selfCheck': return { label: '去做自查', url: CREDIT_ROUTES.mine };
    default: return null;
  }
}

const STATUS_REASONS: Partial<Record<ApplicationStatus, string>> = {
  submitted: '本年度已申报，正在等待评审',
  under_review: '本年度已申报，正在评审中',
  in_notice: '本年度申报已通过评审，正在公示',
  awarded: '本年度已获得该称号',
  rejected: '本年度申报未通过，请明年再申报',
};

/**
 * Whether the 申报 button shows, and otherwise why not, in words. `eligible` null: not known (not signed in,
 * no workshop).
 */
export function applyState(o: { open: boolean; eligible: boolean | null; applicationStatus: ApplicationStatus | null; signedIn: boolean; hasWorkshop: boolean }):
  { canApply: boolean; reason: string | null } {
  if (!o.open) return { canApply: false, reason: '不在申报时间内' };
  if (!o.signedIn) return { canApply: false, reason: '登录后查看是否符合条件并申报' };
  if (!o.hasWorkshop) return { canApply: false, reason: '您名下还没有登记的作坊，请先办理登记' };
  if (o.applicationStatus && STATUS_REASONS[o.applicationStatus]) return { canApply: false, reason: STATUS_REASONS[o.applicationStatus]! };
  if (o.eligible === false) return { canApply: false, reason: '暂不符合申报条件，请先按下列提示办理' };
  if (o.eligible === null) return { canApply: false, reason: '正在核对申报条件' };
  return { canApply: true, reason: null };
}

/** The failing rules a 422 program.not_eligible carries (details.failed); [] for another error. */
export function failedRulesOf(e: unknown): RuleResult[] {
  if (!(e instanceof ApiError) || e.code !== 'program.not_eligible') return [];
  const failed = (e.details as { failed?: RuleResult[] } | undefined)?.failed;
  return Array.isArray(failed) ? failed : [];
}

/** The file id at the end of a public file address (/api/v1/files/<id>). */
export const fileIdOfUrl = (url: string) => url.split('?')[0].split('/').filter(Boolean).pop() ?? '';

/** A public file address from the server (/api/v1/files/…) as the app can load it (absolute in the mini-program). */
export const fileUrl = (u: string, base: string) => (u.startsWith('/api/v1/') ? `${base}${u.slice('/api/v1'.length)}` : u);
