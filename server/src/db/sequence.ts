// Counters and duplicate keys: the MongoDB idioms for numbering and idempotency.
import mongoose, { Schema } from 'mongoose';

const CounterSchema = new Schema(
  { _id: { type: String, required: true }, value: { type: Number, default: 0 } },
  { versionKey: false, collection: 'counters' },
);
export const CounterModel = mongoose.model('Counter', CounterSchema);

/** MongoDB's duplicate-key error (E11000): a unique index refused the write. */
export const isDuplicateKey = (e: unknown) => (e as { code?: number })?.code === 11000;

/**
 * The next number of the sequence `name` (1, 2, 3, …), unique across concurrent callers and server
 * instances: one `$inc` upsert on the counter document. A number taken by a command that then fails is
 * skipped, never reused (certificate numbers may have gaps, never twins).
 */
export async function nextSequence(name: string): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      const c = await CounterModel.findOneAndUpdate({ _id: name }, { $inc: { value: 1 } }, { upsert: true, returnDocument: 'after' }).lean();
      return c!.value;
    } catch (e) {
      // Two first callers racing the upsert on MongoDB: one inserts, the other retries as an update.
      if (!isDuplicateKey(e) || attempt >= 2) throw e;
    }
  }
}

/**
 * Find-or-create on a unique key, insert first: the new document gets every schema default (an upsert's
 * $setOnInsert does not: mongoose drops empty arrays there and skips nested defaults); when the key is
 * taken, the stored document. `filter` names the unique key of `doc`.
 */
export async function insertOrGet<M extends mongoose.Model<any>>(model: M, doc: Record<string, unknown>, filter: Record<string, unknown>): Promise<{ doc: ReturnType<M['hydrate']>; created: boolean }> {
  try {
    return { doc: (await model.create(doc)) as ReturnType<M['hydrate']>, created: true };
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    const found = await model.findOne(filter);
    if (!found) throw e;
    return { doc: found, created: false };
  }
}
