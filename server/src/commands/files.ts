import { Types } from 'mongoose';
import { unprocessable } from '../errors';
import { StoredFileModel, type FileLinkRecord } from '../models/StoredFile';
import type { UserDoc } from '../models/User';

/** The record a file is attached to (see StoredFile `links`). */
export interface FileLink {
  record: FileLinkRecord;
  id: string;
  region: string;
  /** Who the record is shown to besides staff (the workshop's owner, the applicant), if anyone. */
  viewerId?: string | null;
}

const objectIds = (ids: string[] | undefined) => [...new Set(ids ?? [])].filter((i) => Types.ObjectId.isValid(i)).map((i) => new Types.ObjectId(i));

/** Photos must be files this user uploaded (ids alone would let anyone attach someone else's file). */
export async function assertOwnFiles(user: UserDoc, ids: string[] | undefined): Promise<void> {
  const list = [...new Set(ids ?? [])];
  if (!list.length) return;
  const n = await StoredFileModel.countDocuments({ _id: { $in: list.map((i) => new Types.ObjectId(i)) }, ownerId: String(user._id) });
  if (n !== list.length) throw unprocessable('supervision.files_invalid');
}

/**
 * Records on each file the record it is attached to, its region and its viewer, so the file read policy
 * can apply jurisdiction. Idempotent ($addToSet of the same link); called before the record that names
 * the files is written, so a crash in between leaves a link to a record of the same region and owner,
 * never a record whose photos its staff cannot open.
 */
export async function linkFiles(ids: string[] | undefined, link: FileLink): Promise<void> {
  const list = objectIds(ids);
  if (!list.length || !link.region) return;
  const entry = { record: link.record, id: link.id, region: link.region, viewerId: link.viewerId ?? null };
  await StoredFileModel.updateMany({ _id: { $in: list }, links: { $ne: entry } }, { $addToSet: { links: entry } });
}

/** assertOwnFiles, then linkFiles: the files are this user's, and now attached to `link`. */
export async function attachOwnFiles(user: UserDoc, ids: string[] | undefined, link: FileLink): Promise<void> {
  await assertOwnFiles(user, ids);
  await linkFiles(ids, link);
}
