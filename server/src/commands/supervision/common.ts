// Shared steps of the supervision commands: who may act on a workshop, names, dates, photo checks.
import { Types } from 'mongoose';
import { forbidden, notFound, unprocessable } from '../../errors';
import type { UserDoc } from '../../models/User';
import { UserModel } from '../../models/User';
import { WorkshopModel, type WorkshopDoc } from '../../models/Workshop';
import { actorOf, hasRole, inJurisdiction } from '../../policies/jurisdiction';
import { isWithinRegion } from '@shared/domain/region';

export async function loadWorkshop(id: string): Promise<WorkshopDoc> {
  const w = await WorkshopModel.findById(id);
  if (!w) throw notFound('resource.not_found', '未找到该作坊');
  return w;
}

export const isStaffOf = (user: UserDoc, region: string | null | undefined) => inJurisdiction(actorOf(user), region);
export const isOwnerOf = (user: UserDoc, w: { ownerId?: string | null }) => !!w.ownerId && w.ownerId === String(user._id);

/** Inspector or admin of the region; anyone else 403 (the route already required the role). */
export function assertStaffOf(user: UserDoc, region: string | null | undefined): void {
  if (!isStaffOf(user, region)) throw forbidden('auth.out_of_region');
}

/** The owner, or staff of the region. Others get 404 so ids reveal nothing about a workshop's file. */
export function assertOwnerOrStaff(user: UserDoc, w: { ownerId?: string | null; region: string }): void {
  if (isOwnerOf(user, w) || isStaffOf(user, w.region)) return;
  throw notFound();
}

/** Only the owner of the workshop (staff act through their own routes). */
export function assertOwner(user: UserDoc, w: { ownerId?: string | null }): void {
  if (!isOwnerOf(user, w)) throw notFound('resource.not_found', '未找到该作坊');
}

/** The region a staff list covers: the query's region, which must lie inside the user's own. */
export function listRegion(user: UserDoc, region: string | undefined): string {
  const own = user.region;
  if (!own) throw forbidden('auth.out_of_region');
  if (region && !isWithinRegion(region, own)) throw forbidden('auth.out_of_region');
  return region ?? own;
}

export const regionPrefix = (region: string) => ({ $regex: `^${region.replace(/\D/g, '')}` });

export async function userNames(ids: string[]): Promise<Map<string, string>> {
  const valid = [...new Set(ids)].filter((i) => Types.ObjectId.isValid(i)).map((i) => new Types.ObjectId(i));
  if (!valid.length) return new Map();
  const users = await UserModel.find({ _id: { $in: valid } }).lean();
  return new Map(users.map((u) => [String(u._id), u.name]));
}

/** Inspectors (role inspector) whose jurisdiction covers `region`. */
export async function areInspectorsOf(ids: string[], region: string): Promise<boolean> {
  const valid = ids.filter((i) => Types.ObjectId.isValid(i)).map((i) => new Types.ObjectId(i));
  if (valid.length !== ids.length) return false;
  const users = await UserModel.find({ _id: { $in: valid } }).lean();
  return users.length === ids.length && users.every((u) => hasRole(actorOf(u), 'inspector') && isWithinRegion(region, u.region));
}

export { assertOwnFiles } from '../files';

/** The instant of a Shanghai calendar date: now when it is today, else noon that day. */
export function instantOf(date: string, today: string, now: Date): Date {
  return date === today ? now : new Date(`${date}T12:00:00+08:00`);
}
/** End of a Shanghai calendar day, for "due before" queries. */
export const endOfDay = (date: string) => new Date(`${date}T23:59:59.999+08:00`);
