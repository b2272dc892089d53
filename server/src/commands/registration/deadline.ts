import { DEADLINE_STEP_LABELS, type DeadlineStep } from '@shared/domain/registration';
import type { CalendarService } from '../../services/calendar';

export interface Deadline {
  step: DeadlineStep;
  due: string;
  dueAt: Date;
  estimated: boolean;
  pausedRemaining: number | null;
}

/** The last instant of a Shanghai calendar day (UTC+8, no daylight saving). */
export function endOfShanghaiDay(isoDate: string): Date {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d, 23, 59, 59, 999) - 8 * 3600_000);
}

export async function deadlineAfter(calendar: CalendarService, step: DeadlineStep, from: Date, workingDays: number): Promise<Deadline> {
  const r = await calendar.addWorkingDays(from, workingDays);
  return { step, due: r.date, dueAt: endOfShanghaiDay(r.date), estimated: r.estimated, pausedRemaining: null };
}

/** Stops the clock (需补正): remembers how many working days were left, at least one. */
export async function pauseDeadline(calendar: CalendarService, d: Deadline, now: Date): Promise<Deadline> {
  const left = await calendar.workingDaysBetween(now, d.due);
  return { ...d, pausedRemaining: Math.max(1, left.days) };
}

/** Starts it again from today with the days that were left. */
export async function resumeDeadline(calendar: CalendarService, d: Deadline, now: Date): Promise<Deadline> {
  return deadlineAfter(calendar, d.step, now, d.pausedRemaining ?? 1);
}

export const stepLabel = (s: DeadlineStep) => DEADLINE_STEP_LABELS[s];
