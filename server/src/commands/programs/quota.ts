// The yearly places of a program: one counter document per program, year and region, taken and given back
// by one conditional update each (the training seats' idiom). `holders` makes both idempotent: an
// application holds at most one place, and only a holder gives one back.
import type { QuotaScope } from '@shared/domain/programs';
import { isDuplicateKey } from '../../db/sequence';
import { ProgramQuotaModel } from '../../models/ProgramQuota';

/** "<program>:<year>:<region>": the program's region, or the applicant's county for a per-county quota. */
export const quotaKey = (p: { _id: unknown; region: string; quota?: { scope?: string | null } | null }, a: { year: number; region: string }) =>
  `${String(p._id)}:${a.year}:${(p.quota?.scope as QuotaScope) === 'county' ? a.region.slice(0, 6) : p.region}`;

/**
 * Takes a place for application `id` when fewer than `perYear` are taken: 'taken' now, 'held' when it already
 * holds one, 'full' otherwise. Two callers racing for the last place: the counter's filter lets one through.
 */
export async function takePlace(key: string, id: string, perYear: number): Promise<'taken' | 'held' | 'full'> {
  try {
    await ProgramQuotaModel.updateOne({ _id: key }, { $setOnInsert: { used: 0, holders: [] } }, { upsert: true });
  } catch (e) {
    if (!isDuplicateKey(e)) throw e; // two first approvals of the year: the other created it
  }
  const took = await ProgramQuotaModel.updateOne(
    { _id: key, used: { $lt: perYear }, holders: { $ne: id } },
    { $inc: { used: 1 }, $push: { holders: id } },
  );
  if (took.modifiedCount) return 'taken';
  return (await ProgramQuotaModel.exists({ _id: key, holders: id })) ? 'held' : 'full';
}

/** Gives application `id`'s place back, if it holds one. */
export async function releasePlace(key: string, id: string): Promise<boolean> {
  const r = await ProgramQuotaModel.updateOne({ _id: key, holders: id }, { $inc: { used: -1 }, $pull: { holders: id } });
  return r.modifiedCount === 1;
}
