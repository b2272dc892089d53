// Follow-up steps a state change owes, recorded on the primary document in the same atomic update.
//
// Neither the embedded FerretDB nor a sharded MongoDB gives this project multi-document transactions, so
// a command that changes several documents (an approval issues a certificate, creates the workshop file,
// writes the credit record and tells the applicant) works like this:
//   1. one conditional findOneAndUpdate moves the primary document to its new state and sets
//      `owed: [steps…]`, `owedAt: now` in the same update;
//   2. the command then runs each owed step; every step is idempotent (upserts on unique keys, $set of
//      values fixed in step 1), and each finished step is $pull-ed from `owed`;
//   3. if the process dies in between, the recovery job (jobs/index.ts, `owed.recover`) finds documents
//      whose `owedAt` is older than a few seconds and runs the same steps again.
// A reader sees a state whose owed steps are not done yet as pending (e.g. "证书生成中"), never as an error.
import type { Model, UpdateQuery } from 'mongoose';
import type { Services } from '../services';

export type OwedStep<D> = (services: Services, doc: D) => Promise<void>;
interface OwedDoc { _id: unknown; owed?: string[] | null; owedAt?: Date | null }

interface Kind {
  model: Model<any>;
  steps: Record<string, OwedStep<unknown>>;
}

const kinds = new Map<string, Kind>();

/** Schema fields of a document that can owe steps: spread into its schema definition. */
export const owedFields = {
  /** Step names still to run, in order. */
  owed: { type: [String], default: [] as string[] },
  /** When they were recorded; null when nothing is owed. The recovery job's query. */
  owedAt: { type: Date, default: null, index: true },
};

/** Fields of a new document that owes `steps` from its creation. */
export const owe = (steps: string[], now = new Date()) => ({ owed: steps, owedAt: steps.length ? now : null });

type Update = { $set?: Record<string, unknown>; $addToSet?: Record<string, unknown>; [op: string]: unknown };

/**
 * `update` plus the owed `steps`, in the same atomic update. Steps are added to those still owed (a
 * pending step of an earlier change is kept), and the recovery clock restarts.
 */
export function withOwed(update: Update, steps: string[], now = new Date()): UpdateQuery<any> {
  if (!steps.length) return update as UpdateQuery<any>;
  return { ...update, $set: { ...(update.$set ?? {}), owedAt: now }, $addToSet: { ...(update.$addToSet ?? {}), owed: { $each: steps } } } as UpdateQuery<any>;
}

/** Registers the steps a kind of document may owe. `steps` run in the order the document lists them. */
export function defineOwed<D>(name: string, model: Model<any>, steps: Record<string, OwedStep<D>>): void {
  kinds.set(name, { model, steps: { ...(kinds.get(name)?.steps ?? {}), ...(steps as Record<string, OwedStep<unknown>>) } });
}

/** Adds steps to a kind defined elsewhere (a feature's own steps on another's document, e.g. payments on bookings). */
export function extendOwed<D>(name: string, steps: Record<string, OwedStep<D>>): void {
  const kind = kinds.get(name);
  if (!kind) throw new Error(`owed: unknown kind ${name}`);
  Object.assign(kind.steps, steps);
}

/**
 * Runs the steps `doc` still owes, in order, removing each from `owed` once done. Throws the first
 * step's error (the rest stay owed for the recovery job). Returns the document as stored afterwards.
 */
export async function finishOwed<D>(services: Services, name: string, doc: D): Promise<D> {
  const kind = kinds.get(name);
  if (!kind) throw new Error(`owed: unknown kind ${name}`);
  const { _id, owed: list, owedAt } = doc as OwedDoc;
  const owed = [...(list ?? [])];
  // Nothing owed but the clock still set: the process died between the last step and clearing it. Clear
  // it now, or the recovery job would find this document again on every run (and its limit fill up).
  if (!owed.length && !owedAt) return doc;
  for (const step of owed) {
    const run = kind.steps[step];
    if (!run) throw new Error(`owed: ${name} has no step ${step}`);
    await run(services, doc);
    await kind.model.updateOne({ _id }, { $pull: { owed: step } });
  }
  await kind.model.updateOne({ _id, owed: { $size: 0 } }, { $set: { owedAt: null } });
  return ((await kind.model.findById(_id)) as D | null) ?? doc;
}

/**
 * The recovery job: finishes the owed steps recorded more than `olderThanMs` ago (their command died or
 * failed half-way). Returns how many documents it finished; a failing one is logged and tried next time.
 */
export async function recoverOwed(services: Services, olderThanMs = 5_000, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - olderThanMs);
  let done = 0;
  for (const [name, kind] of kinds) {
    const stale = await kind.model.find({ owedAt: { $ne: null, $lte: cutoff } }).sort({ owedAt: 1 }).limit(100);
    for (const doc of stale) {
      try {
        await finishOwed(services, name, doc);
        done++;
      } catch (e) {
        services.log.warn({ err: e, kind: name, id: String(doc._id), owed: doc.owed }, 'owed steps failed; will retry');
      }
    }
  }
  return done;
}

