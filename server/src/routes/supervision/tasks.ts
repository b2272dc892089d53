// Today's tasks for an inspector: planned visits assigned to them (双随机), then the region's open
// rectification follow-ups and failed-sample disposals; one list sorted by deadline (undated last).
import type { z } from 'zod';
import type { TaskView } from '@shared/schemas/supervision';
import { InspectionModel } from '../../models/Inspection';
import { InspectionTaskModel } from '../../models/InspectionTask';
import { SampleModel } from '../../models/Sample';
import { WorkshopModel, type Workshop } from '../../models/Workshop';
import type { UserDoc } from '../../models/User';
import { shanghaiDate } from '../../services/calendar';
import { regionScope } from '../../policies/jurisdiction';
import { workshopRef } from '../../presenters/supervision';

type Task = z.infer<typeof TaskView>;
const LABELS = { planned: '计划检查', rectification: '整改复查', sample_follow_up: '抽检后处理' } as const;
const LIMIT = 200;

export async function todayTasks(user: UserDoc, now = new Date()): Promise<Task[]> {
  const me = String(user._id);
  // An inspector without a region has only their planned visits.
  const region = user.region ? regionScope(user).filter : null;
  const [planned, rect, samples] = await Promise.all([
    InspectionTaskModel.find({ inspectorIds: me, status: 'planned' }).sort({ due: 1, _id: 1 }).limit(LIMIT).lean(),
    !region ? [] : InspectionModel.find({ region, 'rectification.status': { $in: ['pending', 'submitted'] } }).sort({ 'rectification.deadlineAt': 1, _id: 1 }).limit(LIMIT).lean(),
    !region ? [] : SampleModel.find({ region, 'followUp.status': 'open' }).sort({ 'followUp.dueAt': 1, _id: 1 }).limit(LIMIT).lean(),
  ]);
  const ids = [...planned.map((t) => t.workshopId), ...rect.map((i) => i.workshopId), ...samples.map((s) => s.workshopId)];
  const ws = new Map((await WorkshopModel.find({ _id: { $in: [...new Set(ids)] } }).lean()).map((w) => [String(w._id), w as Workshop & { _id: unknown }]));
  const today = shanghaiDate(now);
  const task = (kind: Task['kind'], id: unknown, workshopId: string, title: string, due: string | null, drawId: string | null = null): Task => ({
    kind, kindLabel: LABELS[kind], id: String(id), title, due, overdue: !!due && due < today, workshop: workshopRef(ws.get(workshopId) ?? null, workshopId), drawId,
  });
  const list = [
    ...planned.map((t) => task('planned', t._id, t.workshopId, t.title, t.due, t.drawId ?? null)),
    ...rect.map((i) => task('rectification', i._id, i.workshopId, i.rectification?.status === 'submitted' ? '整改材料已提交，待复查' : '整改期限届满后复查', i.rectification?.deadline ?? null)),
    ...samples.map((s) => task('sample_follow_up', s._id, s.workshopId, `不合格抽检后处理：${s.product}`, s.followUp?.due ?? null)),
  ];
  const order = (t: Task) => t.due ?? '9999-12-31';
  return list.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id)));
}
