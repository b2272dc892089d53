// The public credit file of a workshop (models/PublicFile.ts): every command that writes a CreditEvent
// goes through putCreditEvent, which keeps the full record in credit_events and the newest
// PUBLIC_FILE_EVENTS of them (and the latest inspection) on the one document the public reads by _id.
import { CHECKLIST_ITEMS } from '@shared/domain/categories';
import { CreditEventModel } from '../models/CreditEvent';
import { InspectionModel } from '../models/Inspection';
import { PublicFileModel } from '../models/PublicFile';
import { isDuplicateKey } from '../db/sequence';

/**
 * How many credit events the public file embeds (the timeline shows these; older ones stay in
 * credit_events). Kept small because the embedded FerretDB scans a collection's bytes even for a read by
 * _id: the public file must stay a few kilobytes.
 */
export const PUBLIC_FILE_EVENTS = 50;

// A checklist embedded as one letter per item in CHECKLIST_ITEMS order (p 符合, b 基本符合, f 不符合,
// - not recorded): ten letters instead of ten objects.
const RESULT_LETTER: Record<string, string> = { pass: 'p', basic: 'b', fail: 'f' };
const LETTER_RESULT: Record<string, string> = { p: 'pass', b: 'basic', f: 'fail' };

/** "ppppbppfpp" from checklist items. Pure. */
const compactChecks = (items: { code: string; result: string }[]) =>
  CHECKLIST_ITEMS.map((c) => RESULT_LETTER[items.find((i) => i.code === c.code)?.result ?? ''] ?? '-').join('');

/** Checklist items from their compact form. Pure. */
export const expandChecks = (checks: string) =>
  CHECKLIST_ITEMS.flatMap((c, k) => (LETTER_RESULT[checks[k]] ? [{ code: c.code, result: LETTER_RESULT[checks[k]] }] : []));

/** What the public file keeps of a record's structured facts: an inspection's checklist compacted. */
function embeddedData(type: string, data: unknown): unknown {
  const d = data as { checklist?: { items?: { code: string; result: string }[] }; rectification?: unknown } | null;
  if (type !== 'inspection' || !d?.checklist?.items) return data ?? null;
  return { checks: compactChecks(d.checklist.items), rectification: d.rectification ?? null };
}
const MAX_TRIES = 20;

/** A public credit record as commands write it (models/CreditEvent.ts without its ref). */
export interface CreditEventFields {
  workshopId: string;
  type: string;
  at: Date;
  title: string;
  detail?: string | null;
  result?: string | null;
  source: string;
  publicUntil?: Date | null;
  data?: unknown;
}
/** A credit record as embedded in the public file. */
export interface EmbeddedEvent {
  ref: string;
  type: string;
  at: Date;
  title: string;
  detail: string | null;
  result: string | null;
  source: string;
  publicUntil: Date | null;
  data: unknown;
}
/** The latest inspection as the credit file leads with it. */
export interface LatestInspection {
  ref: string;
  at: Date;
  date: string;
  result: string;
  office: string;
  items: { code: string; result: string }[];
  rectification: { status: string; deadline: string | null } | null;
}
type Embedded = EmbeddedEvent;
type EventFields = CreditEventFields;
interface StoredFile { events: Embedded[]; latestInspection: LatestInspection | null; version: number }

const embedOf = (e: CreditEventFields & { ref: string }): Embedded => ({
  ref: e.ref, type: e.type, at: e.at, title: e.title, detail: e.detail ?? null, result: e.result ?? null,
  source: e.source, publicUntil: e.publicUntil ?? null, data: embeddedData(e.type, e.data),
});
/** The public file of a workshop, or null before its first record. */
export const readPublicFile = (workshopId: string) => PublicFileModel.findById(workshopId).lean<StoredFile>();

/** Newest first, one entry per ref, at most PUBLIC_FILE_EVENTS. Pure. */
function mergeEvents(events: Embedded[], add: Embedded[]): Embedded[] {
  const refs = new Set(add.map((e) => e.ref));
  return [...events.filter((e) => !refs.has(e.ref)), ...add]
    .sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime() || (a.ref < b.ref ? 1 : -1))
    .slice(0, PUBLIC_FILE_EVENTS);
}

/** The credit file's "latest inspection" facts of an inspection. Pure. */
export function latestInspectionOf(i: {
  _id: unknown; at: Date; date: string; result: string; office: string;
  items: { code?: string | null; result?: string | null }[]; rectification?: { status?: string | null; deadline?: string | null } | null;
}): LatestInspection {
  return {
    ref: `Inspection:${String(i._id)}`, at: i.at, date: i.date, result: i.result, office: i.office,
    items: i.items.map((x) => ({ code: x.code!, result: x.result! })),
    rectification: i.rectification?.status ? { status: i.rectification.status, deadline: i.rectification.deadline ?? null } : null,
  };
}

const newer = (cur: LatestInspection | null | undefined, next: LatestInspection) =>
  !cur || cur.ref === next.ref || new Date(cur.at).getTime() <= new Date(next.at).getTime();

/**
 * Writes the workshop's public file with `change` applied to the version read, retrying when another
 * writer got there first (a conditional update on `version`: one winner per version).
 */
async function updateFile(workshopId: string, change: (f: { events: Embedded[]; latestInspection: LatestInspection | null }) => { events: Embedded[]; latestInspection: LatestInspection | null }) {
  for (let i = 0; i < MAX_TRIES; i++) {
    const file = await readPublicFile(workshopId);
    const next = change({ events: file?.events ?? [], latestInspection: file?.latestInspection ?? null });
    if (!file) {
      try {
        await PublicFileModel.create({ _id: workshopId, ...next, version: 1 });
        return;
      } catch (e) {
        if (isDuplicateKey(e)) continue;
        throw e;
      }
    }
    const r = await PublicFileModel.updateOne({ _id: workshopId, version: file.version }, { $set: next, $inc: { version: 1 } });
    if (r.matchedCount) return;
  }
  throw new Error(`public file ${workshopId}: too many concurrent writers`);
}

/**
 * Records the public credit event `ref` and puts it on its workshop's public file. Idempotent: run it
 * again (an owed step) and the stored state is the same. `once`: keep the first write's fields ($setOnInsert),
 * for records that never change (registration, verified tip-off). `latest`: also the inspection the file
 * leads with, when it is the newest.
 */
export async function putCreditEvent(ref: string, fields: Partial<EventFields> & { workshopId: string }, opts: { once?: boolean; latest?: LatestInspection } = {}): Promise<void> {
  const update = opts.once ? { $setOnInsert: fields } : { $set: fields };
  const ev = await CreditEventModel.findOneAndUpdate({ ref }, update, { upsert: true, returnDocument: 'after' }).lean<CreditEventFields & { ref: string }>();
  const latest = opts.latest;
  await updateFile(ev!.workshopId, (f) => ({
    events: mergeEvents(f.events, [embedOf(ev!)]),
    latestInspection: latest && newer(f.latestInspection, latest) ? latest : f.latestInspection,
  }));
}

/** Sets fields of an existing credit event (e.g. publicUntil after a credit repair) on both copies. */
export async function updateCreditEvent(ref: string, set: Partial<EventFields>): Promise<void> {
  const ev = await CreditEventModel.findOneAndUpdate({ ref }, { $set: set }, { returnDocument: 'after' }).lean<CreditEventFields & { ref: string }>();
  if (!ev) return;
  await updateFile(ev.workshopId, (f) => ({ events: mergeEvents(f.events, [embedOf(ev)]), latestInspection: f.latestInspection }));
}

/** The public file made from documents already in memory (seeds). Pure. */
export function publicFileOf(events: (CreditEventFields & { ref: string })[], latest: LatestInspection | null) {
  return { events: mergeEvents([], events.map(embedOf)), latestInspection: latest, version: 1 };
}

/**
 * Rebuilds public files from credit_events and inspections in bulk: one pass over each collection and
 * one bulk write (demo seed, start-up migration of a database written before public files existed).
 * `workshopIds`: only these; default every workshop with a credit event or an inspection. Returns the count.
 */
export async function rebuildPublicFiles(workshopIds?: string[]): Promise<number> {
  const filter = workshopIds ? { workshopId: { $in: workshopIds } } : {};
  const [events, inspections] = await Promise.all([
    CreditEventModel.find(filter).lean(),
    InspectionModel.find(filter, { workshopId: 1, at: 1, date: 1, result: 1, office: 1, items: 1, rectification: 1 }).lean(),
  ]);
  const files = new Map<string, { events: (CreditEventFields & { ref: string })[]; latest: LatestInspection | null }>();
  const fileOf = (id: string) => files.get(id) ?? files.set(id, { events: [], latest: null }).get(id)!;
  for (const e of events) fileOf(e.workshopId).events.push(e);
  for (const i of inspections) {
    const f = fileOf(i.workshopId);
    const l = latestInspectionOf(i);
    if (newer(f.latest, l)) f.latest = l;
  }
  for (const id of workshopIds ?? []) fileOf(id);
  const ops = [...files].map(([id, f]) => ({
    updateOne: { filter: { _id: id }, update: { $set: { events: mergeEvents([], f.events.map(embedOf)), latestInspection: f.latest }, $inc: { version: 1 } }, upsert: true },
  }));
  for (let i = 0; i < ops.length; i += 1000) await PublicFileModel.bulkWrite(ops.slice(i, i + 1000), { ordered: false });
  return ops.length;
}
