import { Types } from 'mongoose';
import { unprocessable } from '../errors';
import { StoredFileModel } from '../models/StoredFile';
import type { UserDoc } from '../models/User';

/** Photos must be files this user uploaded (ids alone would let anyone attach someone else's file). */
export async function assertOwnFiles(user: UserDoc, ids: string[] | undefined): Promise<void> {
  const list = [...new Set(ids ?? [])];
  if (!list.length) return;
  const n = await StoredFileModel.countDocuments({ _id: { $in: list.map((i) => new Types.ObjectId(i)) }, ownerId: String(user._id) });
  if (n !== list.length) throw unprocessable('supervision.files_invalid');
}
