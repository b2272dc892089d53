// Province-scale data (`npm run seed:scale`, `npm run bench`): N workshops across every township of the
// demo province (Guangxi, 45) with the records a few years of supervision leave behind — ~10 daily
// inspections, ~1 sample, penalties after 立案调查, tip-off cases with their reports, the registrations
// (first approval, renewals, cancellations, some applications under review) and certificates — plus the
// credit events and public files the commands write for them (same shapes: the commands' own helpers).
//
// Deterministic: the same seed and the same `asOf` day give the same documents, ids included (a small
// seeded PRNG, never Math.random). Written in chunks of workshops with insertMany (ordered: false) through
// the models, so defaults and validation are the app's. The database should be empty (the CLI checks).
import type { Model } from 'mongoose';
import { CounterModel } from '../../db/sequence';
import { CertificateModel } from '../../models/Certificate';
import { CreditEventModel } from '../../models/CreditEvent';
import { InspectionModel } from '../../models/Inspection';
import { PenaltyModel } from '../../models/Penalty';
import { PublicFileModel } from '../../models/PublicFile';
import { RegistrationModel } from '../../models/Registration';
import { SampleModel } from '../../models/Sample';
import { TipoffModel } from '../../models/Tipoff';
import { TipoffCaseModel } from '../../models/TipoffCase';
import { UserModel } from '../../models/User';
import { WorkshopModel } from '../../models/Workshop';
import { shanghaiDate } from '../../services/calendar';
import type { RegionService } from '../../services/regions';
import { DEMO_ACCOUNTS, demoOpenid } from '../demo';
import { Generator } from './generator';
import { emptyBatch, type Batch, type Doc, type ScaleSample } from './vocabulary';

export { SCALE_PROVINCE, type ScaleSample } from './vocabulary';
export const SCALE_DEFAULT_SEED = 20261201;

export interface ScaleSeedOptions {
  workshops: number;
  /** PRNG seed: the same seed (and asOf day) gives the same documents. */
  seed?: number;
  /** "Today" for the data (records are dated before it); default the start of the current Shanghai day. */
  asOf?: Date;
  /** Workshops generated and written at a time (memory stays flat at any scale). */
  chunk?: number;
  /** Documents per insertMany. */
  batchSize?: number;
  onProgress?: (p: ScaleProgress) => void;
}

export interface ScaleProgress {
  workshopsDone: number;
  workshops: number;
  docs: number;
  elapsedMs: number;
}

export interface ScaleResult {
  workshops: number;
  docs: Record<string, number>;
  totalDocs: number;
  ms: number;
  docsPerSec: number;
  asOf: Date;
  sample: ScaleSample;
}

const MODELS: [keyof Batch, Model<any>][] = [
  ['workshops', WorkshopModel], ['certificates', CertificateModel], ['registrations', RegistrationModel], ['inspections', InspectionModel],
  ['samples', SampleModel], ['penalties', PenaltyModel], ['cases', TipoffCaseModel], ['tipoffs', TipoffModel], ['credit', CreditEventModel], ['files', PublicFileModel],
];

// ---------------------------------------------------------------- writing

/** "[████████░░░░░░░░] 52%  10,400/20,000 作坊 · 281,553 条 · 2,431 条/秒 · 1分56秒" */
export function progressLine(p: ScaleProgress, width = 24): string {
  const share = p.workshops ? p.workshopsDone / p.workshops : 1;
  const filled = Math.round(share * width);
  const secs = p.elapsedMs / 1000;
  const rate = secs > 0 ? Math.round(p.docs / secs) : 0;
  const n = (x: number) => x.toLocaleString('en-US');
  const time = secs >= 60 ? `${Math.floor(secs / 60)}分${Math.round(secs % 60)}秒` : `${secs.toFixed(1)}秒`;
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)}%  ${n(p.workshopsDone)}/${n(p.workshops)} 作坊 · ${n(p.docs)} 条 · ${n(rate)} 条/秒 · ${time}`;
}


/**
 * The model's defaults for every path a generated document leaves out (what `new Model(doc)` would
 * fill in), so documents can be inserted lean: hydrating and validating every document through
 * mongoose cost ~1 ms each, more than the database's own insert. Shapes are still checked: see `check`.
 */
function defaultsOf(model: Model<any>): (doc: Doc) => Doc {
  const paths: [string[], () => unknown][] = [];
  model.schema.eachPath((path, type) => {
    if (path === '_id' || path === '__v') return;
    const def = (type as unknown as { defaultValue?: unknown }).defaultValue;
    if (def === undefined) return;
    paths.push([path.split('.'), typeof def === 'function' ? (def as () => unknown) : () => structuredClone(def)]);
  });
  const versioned = model.schema.get('versionKey') !== false;
  return (doc) => {
    for (const [parts, value] of paths) {
      let o: Record<string, unknown> | null = doc;
      for (let i = 0; i < parts.length - 1 && o; i++) {
        const next: unknown = o[parts[i]];
        if (next === null) { o = null; break; } // a sub-document set to null keeps its null
        if (next === undefined) o[parts[i]] = {};
        o = o[parts[i]] as Record<string, unknown>;
      }
      if (o && o[parts[parts.length - 1]] === undefined) o[parts[parts.length - 1]] = value();
    }
    if (versioned && doc.__v === undefined) doc.__v = 0;
    return doc;
  };
}

/** Validates a few documents of each kind through the model (required fields, enums, casts): fails fast. */
async function check(model: Model<any>, docs: Doc[], n = 20) {
  for (const d of docs.slice(0, n)) {
    try {
      await new model(d).validate();
    } catch (err) {
      throw new Error(`seed:scale wrote a ${model.modelName} the model refuses: ${(err as Error).message}`);
    }
  }
}

async function insertAll(model: Model<any>, docs: Doc[], batchSize: number, fill: (d: Doc) => Doc): Promise<number> {
  let n = 0;
  for (let i = 0; i < docs.length; i += batchSize) {
    // lean: the documents are complete (defaults filled, shapes checked); createdAt/updatedAt are the records' own.
    const res = await model.insertMany(docs.slice(i, i + batchSize).map(fill), { ordered: false, lean: true });
    n += (res as unknown[]).length;
  }
  return n;
}

/** Writes `opts.workshops` workshops and their records. Returns counts, timing and a sample for reads. */
export async function seedScale(regions: RegionService, opts: ScaleSeedOptions): Promise<ScaleResult> {
  const started = Date.now();
  const asOf = opts.asOf ?? new Date(`${shanghaiDate(new Date())}T00:00:00+08:00`);
  const chunk = opts.chunk ?? 400;
  const batchSize = opts.batchSize ?? 1000;
  const gen = new Generator(regions, opts.workshops, opts.seed ?? SCALE_DEFAULT_SEED, asOf);
  const counts: Record<string, number> = {};
  const add = (k: string, n: number) => { counts[k] = (counts[k] ?? 0) + n; };
  let docs = 0;
  const progress = (done: number) => opts.onProgress?.({ workshopsDone: done, workshops: opts.workshops, docs, elapsedMs: Date.now() - started });

  // Accounts: the demo logins (so `npm start` on this database offers them) and two inspectors per county.
  const demo = DEMO_ACCOUNTS.map((a) => ({
    openid: demoOpenid(a.role, a.region), name: a.name, roles: a.role === 'citizen' ? ['citizen'] : ['citizen', a.role], region: a.region,
  }));
  const staff = gen.staff();
  await UserModel.insertMany([...demo, ...staff], { ordered: false }).catch((e) => { if ((e as { code?: number }).code !== 11000) throw e; });
  add('users', demo.length + staff.length);
  docs += demo.length + staff.length;

  const fills = new Map(MODELS.map(([key, model]) => [key, defaultsOf(model)]));
  let checked = false;
  const write = async (b: Batch) => {
    if (!checked) { for (const [key, model] of MODELS) await check(model, b[key].map(fills.get(key)!)); checked = true; }
    for (const [key, model] of MODELS) {
      const n = await insertAll(model, b[key], batchSize, fills.get(key)!);
      add(model.collection.collectionName, n);
      docs += n;
    }
  };
  let pending: Promise<void> | null = null;
  let done = 0;
  progress(0);
  while (done < opts.workshops) {
    const size = Math.min(chunk, opts.workshops - done);
    const b = emptyBatch();
    for (let i = 0; i < size; i++) {
      await gen.workshop(done + i, b);
      if ((done + i) % 60 === 59) await gen.newApplication(b); // review queues: ~1.7% new applications
    }
    if (pending) await pending; // generate the next chunk while the previous one is written
    const upTo = done + size;
    pending = write(b).then(() => progress(upTo));
    done = upTo;
  }
  if (pending) await pending;
  // Certificate number sequences continue after the seeded numbers (db/sequence.ts counters).
  const counters = gen.counters();
  if (counters.length) await CounterModel.insertMany(counters, { ordered: false });
  add('counters', counters.length);
  docs += counters.length;

  const ms = Date.now() - started;
  return { workshops: opts.workshops, docs: counts, totalDocs: docs, ms, docsPerSec: Math.round(docs / (ms / 1000)), asOf, sample: gen.finish() };
}

