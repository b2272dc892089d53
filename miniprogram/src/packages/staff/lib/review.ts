// The review screen's checks of a form before sending. Which actions a status allows (reviewActions) and
// the site-check rule (siteCheckProblem) are the server's own, in shared/src/domain/registration.ts.
import { CHECKLIST_ITEMS } from '@shared/domain/categories';
import { MIN_SITE_INSPECTORS, siteCheckProblem } from '@shared/domain/registration';
import type { ChecklistEntry, RegistrationView } from './api';

/** Problems with a site-check entry before it is sent; empty when it can go. */
export function siteCheckProblems(items: Record<string, ChecklistEntry['result'] | undefined>, passed: boolean | null): string[] {
  const problems: string[] = [];
  const missing = CHECKLIST_ITEMS.filter((i) => !items[i.code]).map((i) => i.name);
  if (missing.length) problems.push(`请为每一项选择结果，尚未选择：${missing.join('、')}`);
  if (passed === null) problems.push('请选择核查结论（通过或不通过）');
  const rule = passed ? siteCheckProblem(Object.entries(items).map(([code, result]) => ({ code, result: result ?? '' })), passed) : null;
  if (rule) problems.push(rule);
  return problems;
}

export function scheduleProblems(inspectorIds: string[], date: string, due: string | null | undefined, today: string): string[] {
  const problems: string[] = [];
  if (new Set(inspectorIds).size < MIN_SITE_INSPECTORS) problems.push(`现场核查需至少${MIN_SITE_INSPECTORS}名监管人员`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) problems.push('请填写核查日期（如 2026-11-25）');
  else {
    if (date < today) problems.push('核查日期不能早于今天');
    if (due && date > due) problems.push(`核查日期应在期限 ${due} 之前`);
  }
  return problems;
}

/** One line on the clock of an application, as the queue shows it. */
export function deadlineText(r: Pick<RegistrationView, 'deadline' | 'status'>): string {
  const d = r.deadline;
  if (!d) return r.status === 'approved' || r.status === 'rejected' ? '已办结' : '';
  if (d.paused) return `补正中，计时暂停（剩 ${d.remainingWorkingDays ?? 1} 个工作日）`;
  if (d.overdue) return `${d.stepLabel}期限 ${d.due}，已超期`;
  if (!d.remainingWorkingDays) return `${d.stepLabel}期限 ${d.due}（今天到期）`;
  return `${d.stepLabel}期限 ${d.due}（剩 ${d.remainingWorkingDays} 个工作日）`;
}
