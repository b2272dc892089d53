// Checks of the inspection form before it is queued; the server checks the same again.
import { CHECKLIST_ITEMS } from '@shared/domain/categories';
import type { InspectionDraft } from './supervision';

export function plusDays(date: string, n: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export function inspectionProblems(d: InspectionDraft, today: string): string[] {
  const out: string[] = [];
  const missing = CHECKLIST_ITEMS.filter((i) => !d.items[i.code]?.result).map((i) => i.name);
  if (missing.length) out.push(`请为每一项选择结果，尚未选择：${missing.join('、')}`);
  if (!d.result) out.push('请选择检查结论');
  const fails = CHECKLIST_ITEMS.filter((i) => d.items[i.code]?.result === 'fail').map((i) => i.name);
  if (d.result === 'none' && fails.length) out.push(`存在不符合项（${fails.join('、')}），结论不能为“未发现问题”`);
  if (d.result === 'rectify') {
    const dl = d.rectificationDeadline ?? '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(dl)) out.push('责令整改须填写整改期限（如 2026-12-10）');
    else if (dl <= today) out.push('整改期限应晚于今天');
  }
  return out;
}
