// Exclusive claims by unique insert. FerretDB 1.x does not isolate a conditional update (it reads,
// then writes, without a transaction), so "update where status = X" can have two winners there.
// A unique index is enforced, so inserting a key is the one operation that has exactly one winner
// on FerretDB and on MongoDB alike. State changes claim "<subject>:<version>" first, then write.
import mongoose, { Schema } from 'mongoose';

const ClaimSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** Groups numbered claims ("cert:450203:2026") so the next free number is cheap to find. */
    prefix: { type: String, default: null, index: true },
    at: { type: Date, default: () => new Date() },
  },
  { versionKey: false, collection: 'claims' },
);
export const ClaimModel = mongoose.model('Claim', ClaimSchema);

export const isDuplicateKey = (e: unknown) => (e as { code?: number })?.code === 11000;

/** True for the one caller that claims `key` first; false for everyone after. */
export async function claimOnce(key: string, prefix: string | null = null): Promise<boolean> {
  try {
    await ClaimModel.create({ _id: key, prefix });
    return true;
  } catch (e) {
    if (isDuplicateKey(e)) return false;
    throw e;
  }
}

/** Gives a claim back when the write it guarded failed, so the subject is not stuck. */
export async function releaseClaim(key: string): Promise<void> {
  await ClaimModel.deleteOne({ _id: key });
}

/** The next number in a sequence, unique across concurrent callers and server instances. */
export async function nextNumber(prefix: string): Promise<number> {
  let n = (await ClaimModel.countDocuments({ prefix })) + 1;
  for (;;) {
    if (await claimOnce(`${prefix}:${n}`, prefix)) return n;
    n += 1;
  }
}
