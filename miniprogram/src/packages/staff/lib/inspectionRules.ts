// Checks of the inspection form before it is queued. The rules of a record (a 不符合 item rules out
// 未发现问题, 责令整改 needs a deadline, a full checklist) are the server's own: the shared schema,
// safeParse'd on the body the outbox will send.
import { CHECKLIST_ITEMS } from '@shared/domain/categories';
import { CreateInspectionBody } from '@shared/schemas/supervision';
import type { InspectionDraft } from './supervision';

export function plusDays(date: string, n: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** The request body of a finished draft, as the outbox queues it. */
export function inspectionBody(d: InspectionDraft, today: string) {
  return {
    clientId: d.clientId,
    workshopId: d.workshopId,
    date: today,
    items: CHECKLIST_ITEMS.map((i) => {
      const it = d.items[i.code] ?? {};
      return { code: i.code, result: it.result!, ...(it.note?.trim() ? { note: it.note.trim() } : {}), ...(it.photos?.length ? { photos: it.photos } : {}) };
    }),
    result: d.result,
    ...(d.result === 'rectify' ? { rectificationDeadline: d.rectificationDeadline } : {}),
    ...(d.note?.trim() ? { note: d.note.trim() } : {}),
    ...(d.taskId ? { taskId: d.taskId } : {}),
  };
}

/** A problem of the form, with the field it is about (the error summary's jump) when it has one. */
export interface InspectionIssue { field?: 'result' | 'deadline'; message: string }

/**
 * Problems of a draft before it is queued, with their fields: the schema's issue paths say which field
 * (rectificationDeadline → the deadline picker, result → the conclusion chips).
 */
export function inspectionIssues(d: InspectionDraft, today: string): InspectionIssue[] {
  const out: InspectionIssue[] = [];
  const missing = CHECKLIST_ITEMS.filter((i) => !d.items[i.code]?.result).map((i) => i.name);
  if (missing.length) out.push({ message: `请为每一项选择结果，尚未选择：${missing.join('、')}` });
  if (!d.result) out.push({ field: 'result', message: '请选择检查结论' });
  if (out.length) return out;
  const parsed = CreateInspectionBody.safeParse(inspectionBody(d, today));
  const fieldOf = (path: PropertyKey[]): InspectionIssue['field'] => (path[0] === 'rectificationDeadline' ? 'deadline' : path[0] === 'result' ? 'result' : undefined);
  if (!parsed.success) {
    for (const i of parsed.error.issues) if (!out.some((o) => o.message === i.message)) out.push({ field: fieldOf(i.path), message: i.message });
  } else if (d.result === 'rectify' && d.rectificationDeadline! <= today) out.push({ field: 'deadline', message: '整改期限应晚于今天' });
  return out;
}

/** The messages of `inspectionIssues`. */
export function inspectionProblems(d: InspectionDraft, today: string): string[] {
  return inspectionIssues(d, today).map((i) => i.message);
}
