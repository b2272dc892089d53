// What the tip-off commands share: keyed hashes that link records without storing who, the working-day
// deadlines, and an audit context that does not name the sender.
import { createHash, createHmac } from 'node:crypto';
import type { AppContext } from '../../http/types';
import type { Services } from '../../services';
import { endOfShanghaiDay } from '../registration/deadline';

export type Ctx = AppContext;

/** Keyed hash (HMAC with the data key): links records to a user or sender without storing who. */
export const keyed = (services: Pick<Services, 'config'>, purpose: string, value: string) =>
  createHmac('sha256', services.config.dataKey).update(`${purpose}:${value}`).digest('base64url');
export const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Metres between two points (haversine on a 6,371 km sphere). */
export function distanceM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A system audit writer: submissions are not tied to a user in the audit log (anonymity). */
export const systemCtx = (ctx: Ctx) => ({ state: { requestId: ctx.state.requestId } }) as unknown as Ctx;

export async function deadline(services: Pick<Services, 'calendar'>, from: Date | string, days: number) {
  const r = await services.calendar.addWorkingDays(from, days);
  return { due: r.date, dueAt: endOfShanghaiDay(r.date), estimated: r.estimated };
}
