// Users as other records mention them: names by id, read in one query for a whole list.
import { Types } from 'mongoose';
import { isWithinRegion } from '@shared/domain/region';
import { UserModel } from '../models/User';
import { hasRole } from '../policies/jurisdiction';
import { actorOf } from '../policies/policy';

const objectIds = (ids: readonly (string | null | undefined)[]) =>
  [...new Set(ids.filter((i): i is string => !!i && Types.ObjectId.isValid(i)))].map((i) => new Types.ObjectId(i));

/** Names of the given users by id (unknown or invalid ids are left out). */
export async function userNames(ids: readonly (string | null | undefined)[]): Promise<Map<string, string>> {
  const valid = objectIds(ids);
  if (!valid.length) return new Map();
  const users = await UserModel.find({ _id: { $in: valid } }, { name: 1 }).lean();
  return new Map(users.map((u) => [String(u._id), u.name]));
}

/** True when every id is an inspector whose jurisdiction covers `region`. */
export async function areInspectorsOf(ids: readonly string[], region: string): Promise<boolean> {
  const valid = objectIds(ids);
  if (valid.length !== new Set(ids).size) return false;
  const users = await UserModel.find({ _id: { $in: valid } }).lean();
  return users.length === valid.length && users.every((u) => hasRole(actorOf(u), 'inspector') && isWithinRegion(region, u.region));
}
