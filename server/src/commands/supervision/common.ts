// Shared steps of the supervision commands: the workshop a record is about, and dates.
import { notFound } from '../../errors';
import { WorkshopModel, type WorkshopDoc } from '../../models/Workshop';

export async function loadWorkshop(id: string): Promise<WorkshopDoc> {
  const w = await WorkshopModel.findById(id);
  if (!w) throw notFound('resource.not_found', '未找到该作坊');
  return w;
}

/** The instant of a Shanghai calendar date: now when it is today, else noon that day. */
export function instantOf(date: string, today: string, now: Date): Date {
  return date === today ? now : new Date(`${date}T12:00:00+08:00`);
}
/** End of a Shanghai calendar day, for "due before" queries. */
export const endOfDay = (date: string) => new Date(`${date}T23:59:59.999+08:00`);
