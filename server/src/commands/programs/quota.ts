// The yearly places of a program: one counter document per program, year and region, taken and given back
// by one conditional update each (the training seats' idiom). `holders` makes both idempotent: an
// application holds at most one place, and only a holder gives one back.
import { Types } from 'mongoose';
import type { QuotaScope } from '@shared/domain/programs';
import { isDuplicateKey } from '../../db/sequence';
import { ProgramApplicationModel } from '../../models/ProgramApplication';
import { ProgramQuotaModel } from '../../models/ProgramQuota';

/** "<program>:<year>:<region>": the program's region, or the applicant's county for a per-county quota. */
export const quotaKey = (p: { _id: unknown; region: string; quota?: { scope?: string | null } | null }, a: { year: number; region: string }) =>
  `${String(p._id)}:${a.year}:${(p.quota?.scope as QuotaScope) === 'county' ? a.region.slice(0, 6) : p.region}`;

/**
 * Takes a place for application `id` when fewer than `perYear` are taken: 'taken' now, 'held' when it already
 * holds one, 'full' otherwise. Two callers racing for the last place: the counter's filter lets one through.
 */
export async function takePlace(key: string, id: string, perYear: number, now = new Date()): Promise<'taken' | 'held' | 'full'> {
  try {
    await ProgramQuotaModel.updateOne({ _id: key }, { $setOnInsert: { used: 0, holders: [] } }, { upsert: true });
  } catch (e) {
    if (!isDuplicateKey(e)) throw e; // two first approvals of the year: the other created it
  }
  const took = await ProgramQuotaModel.updateOne(
    { _id: key, used: { $lt: perYear }, holders: { $ne: id } },
    { $inc: { used: 1 }, $push: { holders: id, placing: { id, at: now } } },
  );
  if (took.modifiedCount) return 'taken';
  return (await ProgramQuotaModel.exists({ _id: key, holders: id })) ? 'held' : 'full';
}

/**
 * The application taken a place at `at` has moved (or its place was given back): the placement is done. Pulled
 * by its exact value through the driver (the embedded FerretDB's $pull takes no conditions).
 */
export async function placed(key: string, id: string, at: Date): Promise<void> {
  // `as never`: the driver types $pull on an untyped collection too narrowly for an array of sub-documents.
  await ProgramQuotaModel.collection.updateOne({ _id: key as never }, { $pull: { placing: { id, at } } } as never);
}

/**
 * Placements older than `olderThanMs` (the approving process died between the place and the application):
 * the place goes back unless the application is in notice or awarded. Part of the programs job.
 */
export async function repairPlaces(now = new Date(), olderThanMs = 5 * 60_000): Promise<number> {
  const cutoff = new Date(now.getTime() - olderThanMs);
  const stale = await ProgramQuotaModel.find({ 'placing.at': { $lt: cutoff } }).limit(100).lean();
  let released = 0;
  for (const q of stale) {
    for (const p of q.placing) {
      if (!p.id || !p.at || p.at >= cutoff) continue;
      const a = Types.ObjectId.isValid(p.id) ? await ProgramApplicationModel.findById(p.id, { status: 1, quotaKey: 1 }).lean() : null;
      const holds = !!a && (a.status === 'in_notice' || a.status === 'awarded') && a.quotaKey === q._id;
      if (!holds && (await releasePlace(q._id, p.id))) released++;
      await placed(q._id, p.id, p.at);
    }
  }
  return released;
}

/** Gives application `id`'s place back, if it holds one. */
export async function releasePlace(key: string, id: string): Promise<boolean> {
  const r = await ProgramQuotaModel.updateOne({ _id: key, holders: id }, { $inc: { used: -1 }, $pull: { holders: id } });
  return r.modifiedCount === 1;
}
