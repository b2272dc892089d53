// The trainer's course and session forms: what they hold, their checks (the shared schemas' rules and
// messages) and what they send.
import { CreateCourseBody, CreateSessionBody } from '@shared/schemas/training';
import type { CategoryCode } from '@shared/domain/categories';
import type { CourseCategory, RefundRule } from '@shared/domain/training';
import { beijingInstant, fenFromYuan } from './format';

type Issues = { path: PropertyKey[]; message: string }[];
const messages = (issues: Issues) => [...new Set(issues.map((i) => i.message))];

/** A course material as uploaded (POST /files, purpose training): its id is sent, its name shown. */
export interface Material { id: string; name: string }
export interface CourseForm {
  title: string; category: CourseCategory | ''; description: string; hours: string;
  /** Food categories the course suits (none: all). */
  targetCategories?: CategoryCode[];
  materials?: Material[];
}
export const emptyCourseForm = (): CourseForm => ({ title: '', category: '', description: '', hours: '', targetCategories: [], materials: [] });

export function courseBody(f: CourseForm): { body: CreateCourseBody | null; errors: string[] } {
  const errors: string[] = [];
  if (!f.title.trim()) errors.push('请填写课程名称');
  if (!f.category) errors.push('请选择课程类别');
  if (!f.description.trim()) errors.push('请填写课程介绍');
  const hours = Number(f.hours);
  if (!f.hours.trim() || !Number.isFinite(hours)) errors.push('请填写学时（0.5 的倍数）');
  if (errors.length) return { body: null, errors };
  const parsed = CreateCourseBody.safeParse({ title: f.title.trim(), category: f.category, description: f.description.trim(), hours,
    targetCategories: f.targetCategories ?? [], materials: (f.materials ?? []).map((m) => m.id),
  });
  return parsed.success ? { body: parsed.data, errors: [] } : { body: null, errors: messages(parsed.error.issues) };
}

export interface SessionForm {
  startDate: string; startTime: string; endDate: string; endTime: string;
  mode: 'place' | 'online'; address: string; onlineUrl: string;
  /** The map point of the place (GCJ-02), optional: the address is enough. */
  point?: { lat: number; lng: number } | null;
  capacity: string; feeYuan: string; refundRule: RefundRule;
  signupDate: string; signupTime: string; cancelDate: string; cancelTime: string;
}
/**
 * A new session's form. With `now`, the dates start filled in as most sessions are planned: a week ahead,
 * sign-up and cancellation closing the evening before (Beijing dates; every one can be changed).
 */
export const emptySessionForm = (now?: number): SessionForm => {
  const day = (n: number) => (now === undefined ? '' : new Date(now + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10));
  return {
    startDate: day(7), startTime: '09:00', endDate: day(7), endTime: '12:00', mode: 'place', address: '', onlineUrl: '',
    capacity: '30', feeYuan: '0', refundRule: 'full', signupDate: day(6), signupTime: '18:00', cancelDate: day(6), cancelTime: '18:00',
  };
};

export function sessionBody(courseId: string, f: SessionForm, publish: boolean, now = Date.now()): { body: CreateSessionBody | null; errors: string[] } {
  const errors: string[] = [];
  const startsAt = beijingInstant(f.startDate, f.startTime);
  const endsAt = beijingInstant(f.endDate || f.startDate, f.endTime);
  const signupDeadline = beijingInstant(f.signupDate, f.signupTime);
  const cancelDeadline = beijingInstant(f.cancelDate, f.cancelTime);
  if (!startsAt) errors.push('请选择开始日期和时间');
  else if (Date.parse(startsAt) <= now) errors.push('开始时间须在将来');
  if (!signupDeadline) errors.push('请选择报名截止时间');
  if (!cancelDeadline) errors.push('请选择取消截止时间');
  const capacity = Number(f.capacity);
  if (!/^\d+$/.test(f.capacity.trim()) || capacity < 1) errors.push('名额须为正整数');
  const feeFen = fenFromYuan(f.feeYuan);
  if (feeFen === null) errors.push('费用请填写金额（元，最多两位小数）');
  if (f.mode === 'place' && !f.address.trim()) errors.push('请填写培训地点');
  if (f.mode === 'online' && !f.onlineUrl.trim()) errors.push('请填写线上培训链接');
  if (errors.length) return { body: null, errors };
  const parsed = CreateSessionBody.safeParse({
    courseId, startsAt, endsAt,
    ...(f.mode === 'place' ? { place: { address: f.address.trim(), ...(f.point ? { point: f.point } : {}) } } : { onlineUrl: f.onlineUrl.trim() }),
    capacity, feeFen, signupDeadline, cancelDeadline, refundRule: feeFen ? f.refundRule : 'full', publish,
  });
  return parsed.success ? { body: parsed.data, errors: [] } : { body: null, errors: messages(parsed.error.issues) };
}
