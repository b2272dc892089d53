// Shared steps of the supervision commands: the workshop a record is about, offline replays, and dates.
import { finishOwed } from '../../db/owed';
import { conflict, notFound } from '../../errors';
import { WorkshopModel, type WorkshopDoc } from '../../models/Workshop';
import type { Services } from '../../services';

export async function loadWorkshop(id: string): Promise<WorkshopDoc> {
  const w = await WorkshopModel.findById(id);
  if (!w) throw notFound('resource.not_found', '未找到该作坊');
  return w;
}

/**
 * An offline submission is stored once, by its client id (a unique index): the record `find` returns,
 * its owed steps finished, answers a repeat; null when there is none yet. The same client id for another
 * workshop is refused.
 */
export async function replayOf<D extends { workshopId: string }>(
  services: Services, owed: string, workshopId: string, find: () => PromiseLike<D | null>,
): Promise<{ doc: D; replayed: true } | null> {
  const existing = await find();
  if (!existing) return null;
  if (existing.workshopId !== workshopId) throw conflict('inspection.client_id_reused');
  return { doc: await finishOwed(services, owed, existing), replayed: true };
}

/** The instant of a Shanghai calendar date: now when it is today, else noon that day. */
export function instantOf(date: string, today: string, now: Date): Date {
  return date === today ? now : new Date(`${date}T12:00:00+08:00`);
}
/** End of a Shanghai calendar day, for "due before" queries. */
export const endOfDay = (date: string) => new Date(`${date}T23:59:59.999+08:00`);
