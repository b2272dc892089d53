// Index coverage: whether one declared index serves a recorded query shape (queryShapes.ts records them),
// the shapes accepted without an index (ALLOW_LIST), and the table `npm run bench` and the test run print.
// A shape is served when one index serves it by MongoDB's equality-sort-range rule:
//   - `_id` equality (or `_id: {$in: [...]}`, bounded by the list) is always served; so is equality on
//     every key of a unique index (at most one document);
//   - otherwise an index's key prefix holds all equality keys (any order), then the sort keys in order
//     (all in the index's direction or all reversed), then the range keys (any order): the first bounds
//     the scan, MongoDB checks the others on the index keys before fetching (the table says "+N range");
//   - `$in` counts as equality (ahead of a sort MongoDB scans each value and merges them in sort order,
//     SORT_MERGE) or, failing that, as a range; `$in` on a unique key is bounded by its list;
//     `$ne`, `$nin`, `$exists`, `$gt…`, anchored `$regex` are ranges; an unanchored or case-insensitive
//     regex, `$expr`, `$where`, `$size`, `$type` need a scan and are never served;
//   - with `$or`, every branch (ANDed with the rest of the filter) must be served;
//   - equality on a BOUNDED_KEYS key (a workshop's own records: tens over its life) is served by an index
//     that starts with that key and then holds the sort keys: MongoDB checks the other keys on the few
//     documents it fetches (the table says "bounded by …").
import type { IndexSpec, KeyKind, Op, QueryShape } from './queryShapes';

// ---------------------------------------------------------------- the matcher

/**
 * Shapes accepted without an index, in one place. Each entry: a collection (and optionally an op) and why
 * a scan is acceptable there for good.
 */
export interface Allowed {
  collection: string;
  op?: Op;
  /** Exactly these filter keys ([] = no filter); any shape of the collection when absent. */
  keys?: string[];
  why: string;
}
export const ALLOW_LIST: Allowed[] = [
  // Tiny collections: a scan reads a handful of documents.
  { collection: 'calendaryears', why: 'one document per year with a holiday arrangement (a handful, ever)' },
  { collection: 'drawtasks', op: 'aggregate', keys: [], why: 'count of all draws for a province-wide list: a few draws per county a month' },
  // By design.
  { collection: 'workshops', op: 'find', keys: [], why: 'the in-memory search index (services/workshopIndex.ts) loads every workshop at start and on refresh' },
  // Demo seed only (npm run seed / npm start), never while serving: "was this seeded already?".
  { collection: 'workshops', op: 'aggregate', keys: [], why: 'seed/demo.ts counts workshops before seeding' },
  { collection: 'inspections', op: 'find', keys: ['demo'], why: 'seed/supervision.ts: exists({ demo: true })' },
  { collection: 'registrations', op: 'find', keys: ['demo'], why: 'seed/registrations.ts: exists({ demo: true })' },
  { collection: 'courses', op: 'find', keys: ['demo'], why: 'seed/training.ts: exists({ demo: true })' },
  { collection: 'programs', op: 'find', keys: ['demo'], why: 'seed/programs.ts: exists({ demo: true })' },
  { collection: 'workshops', op: 'find', keys: ['ownerId', 'status'], why: 'seed/training.ts: five demo workshops without an owner, to give the demo owners' },
  // Start-up migration (db/migrate.ts), once per start: an empty answer after the first.
  { collection: 'tipoff_rewards', op: 'find', keys: ['region'], why: 'db/migrate.ts fillRewardRegions: rewards written before they carried their region' },
  { collection: 'certificates', op: 'find', keys: [], why: 'db/migrate.ts: certificate ids (projection _id only), to re-key those written before _id was the number' },
  { collection: 'public_files', op: 'find', keys: [], why: 'db/migrate.ts: public file ids (projection _id only), to build the files of workshops that have none' },
  { collection: 'workshops', op: 'update', keys: ['badges'], why: 'db/migrate.ts: fills badges: [] where an old document lacks it' },
  { collection: 'files', op: 'find', keys: ['links'], why: 'db/migrate.ts fillFileLinks: file ids (projection _id only) of files written before they carried the records they are attached to' },
  ...(['tipoffs', 'registrations', 'inspections', 'selfchecks', 'samples', 'penalties'] as const).map((collection) => ({
    collection, op: 'find' as const, keys: [], why: 'db/migrate.ts fillFileLinks: the file fields of every record, read only while files without links exist (the first start after the upgrade)',
  })),
];

// Keys whose one value names a handful of documents, whatever else the filter says.
export const BOUNDED_KEYS: Record<string, string[]> = {
  inspections: ['workshopId'], // a few inspections a year per workshop
  samples: ['workshopId'],
  penalties: ['workshopId'],
};

export type Served = { by: string; allowed?: false } | { by: string; allowed: true } | null;

function servesBranch(keys: Record<string, KeyKind>, sortIn: [string, 1 | -1][], indexes: IndexSpec[]): string | null {
  if (keys._id === 'eq' || keys._id === 'in') return '_id_';
  for (const ix of indexes) {
    if (ix.unique && ix.key.every(([k]) => keys[k] === 'eq' || keys[k] === 'in')) return ix.name;
  }
  if (Object.values(keys).includes('scan')) return null;
  // $in first as equality (before a sort MongoDB scans each value's range and merges them in order,
  // SORT_MERGE), then as a range after the sort keys.
  for (const inAs of ['eq', 'range'] as const) {
    const kindOf = (k: KeyKind) => (k === 'in' ? inAs : k);
    const eq = new Set(Object.entries(keys).filter(([, k]) => kindOf(k) === 'eq').map(([f]) => f));
    const sort = sortIn.filter(([f]) => !eq.has(f)); // an equality-filtered key is already in order
    const range = new Set(Object.entries(keys).filter(([f, k]) => kindOf(k) === 'range' && !sort.some(([s]) => s === f)).map(([f]) => f));
    if (eq.size === 0 && sort.length === 0 && range.size === 0) return null; // no filter, no sort: a collection scan
    for (const ix of [ID_INDEX, ...indexes]) {
      const key = ix.key;
      if (key.some(([, d]) => typeof d !== 'number')) continue; // text, 2dsphere, hashed: not for these rules
      if (key.length < eq.size + sort.length + range.size) continue;
      if (!key.slice(0, eq.size).every(([f]) => eq.has(f))) continue;
      const sortPart = key.slice(eq.size, eq.size + sort.length);
      const same = sortPart.every(([f, d], i) => f === sort[i][0] && Math.sign(d as number) === sort[i][1]);
      const reversed = sortPart.every(([f, d], i) => f === sort[i][0] && Math.sign(d as number) === -sort[i][1]);
      if (!same && !reversed) continue;
      if (!key.slice(eq.size + sort.length, eq.size + sort.length + range.size).every(([f]) => range.has(f))) continue;
      // the first range key bounds the scan; MongoDB checks the others on the index keys before fetching
      return range.size > 1 ? `${ix.name} (+${range.size - 1} range in index)` : ix.name;
    }
  }
  return boundedBy(keys, sortIn, indexes);
}

function boundedBy(keys: Record<string, KeyKind>, sort: [string, 1 | -1][], indexes: IndexSpec[]): string | null {
  const collection = indexes[0]?.collection;
  for (const field of BOUNDED_KEYS[collection ?? ''] ?? []) {
    if (keys[field] !== 'eq' || Object.keys(keys).length === 1) continue; // alone: the ordinary rule serves it
    const rest = sort.filter(([f]) => f !== field);
    const ix = indexes.find((i) => {
      if (i.key[0][0] !== field) return false;
      const part = i.key.slice(1, 1 + rest.length);
      if (part.length < rest.length || part.some(([f], n) => f !== rest[n][0])) return false;
      const dirs = part.map(([, d], n) => Math.sign(d as number) * rest[n][1]);
      return dirs.every((d) => d === 1) || dirs.every((d) => d === -1); // in the index's order or all reversed
    });
    if (ix) return `${ix.name} (bounded by ${field})`;
  }
  return null;
}

const ID_INDEX: IndexSpec = { collection: '', name: '_id_', key: [['_id', 1]], unique: true };

/** The index that serves `shape` (its name), "allow-list" when accepted by ALLOW_LIST, or null. */
export function servedBy(shape: QueryShape, indexes: IndexSpec[], allow: Allowed[] = ALLOW_LIST): Served {
  const mine = indexes.filter((i) => i.collection === shape.collection);
  if (shape.op === 'count' && Object.keys(shape.filter).length === 0 && !shape.or) return { by: '(collection count)' };
  if (shape.first) return { by: '(first document)' };
  const byIndex = (): string | null => {
    if (shape.stage) return null;
    if (shape.op === 'distinct' && Object.keys(shape.filter).length === 0 && !shape.or) {
      const ix = [{ name: '_id_', key: [['_id', 1]] as IndexSpec['key'] }, ...mine].find((i) => i.key[0][0] === shape.key);
      return ix?.name ?? null;
    }
    if (!shape.or) return servesBranch(shape.filter, shape.sort, mine);
    // every branch, ANDed with the top-level keys
    const names = shape.or.map((b) => servesBranch({ ...b, ...shape.filter }, shape.sort, mine));
    return names.every(Boolean) ? [...new Set(names)].join(' | ') : null;
  };
  const by = byIndex();
  if (by) return { by };
  const keys = Object.keys(shape.filter).concat(shape.or ? ['$or'] : []).sort().join();
  const entry = allow.find((a) => a.collection === shape.collection && (!a.op || a.op === shape.op) && (!a.keys || [...a.keys].sort().join() === keys));
  return entry ? { by: 'allow-list', allowed: true } : null;
}

// ---------------------------------------------------------------- the table

const KIND_MARK: Record<KeyKind, string> = { eq: '', in: ' in', range: ' range', scan: ' SCAN' };
const keysText = (k: Record<string, KeyKind>) => Object.entries(k).map(([f, kind]) => `${f}${KIND_MARK[kind]}`).join(', ');

export function filterText(s: QueryShape): string {
  const parts = [keysText(s.filter)];
  if (s.or) parts.push(`$or[${s.or.map((b) => `{${keysText(b)}}`).join(' ')}]`);
  if (s.stage) parts.push(`(pipeline starts with ${s.stage})`);
  if (s.op === 'distinct') parts.push(`(distinct ${s.key})`);
  if (s.first) parts.push('(limit 1)');
  return parts.filter(Boolean).join(' ') || '(none)';
}

export interface CoverageRow { shape: QueryShape; served: Served }

export function coverage(shapes: QueryShape[], indexes: IndexSpec[], allow: Allowed[] = ALLOW_LIST): CoverageRow[] {
  return shapes
    .map((shape) => ({ shape, served: servedBy(shape, indexes, allow) }))
    .sort((a, b) => a.shape.collection.localeCompare(b.shape.collection) || a.shape.op.localeCompare(b.shape.op) || filterText(a.shape).localeCompare(filterText(b.shape)));
}

/** The table of shapes → index, as `npm run bench` and the coverage check print it. */
export function formatShapeTable(rows: CoverageRow[]): string {
  const cells = rows.map(({ shape, served }) => [
    shape.collection,
    shape.op,
    filterText(shape),
    shape.sort.map(([k, d]) => `${k} ${d === 1 ? 'asc' : 'desc'}`).join(', ') || '-',
    served ? served.by : 'NOT SERVED',
  ]);
  const head = ['collection', 'op', 'filter keys', 'sort', 'index'];
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(width[i])).join('  ').trimEnd();
  const notServed = rows.filter((r) => !r.served).length;
  return [line(head), line(width.map((w) => '-'.repeat(w))), ...cells.map(line),
    `${rows.length} query shapes, ${rows.length - notServed} served (${rows.filter((r) => r.served?.allowed).length} by the allow-list), ${notServed} NOT SERVED`].join('\n');
}

/** Where each unserved shape came from, for a failure message. */
export function describeUnserved(rows: CoverageRow[]): string {
  return rows.filter((r) => !r.served).map(({ shape }) =>
    `${shape.collection} ${shape.op} {${filterText(shape)}} sort {${shape.sort.map(([k, d]) => `${k}: ${d}`).join(', ')}}\n    at ${(shape.at ?? []).join('\n    at ') || '(unknown)'}`).join('\n');
}
