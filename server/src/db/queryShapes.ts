// Query shapes and the indexes that serve them. The embedded FerretDB uses no secondary index, so index
// coverage for production (MongoDB) is proven statically: in test mode (and in `npm run bench`) the
// driver's command monitor records every query the app sends, reduced to its shape (collection, filter
// keys by kind, sort keys), and the indexes the app creates (the createIndexes commands ensureIndexes and
// GridFS send). Whether an index serves a shape: indexCoverage.ts.
// Recording is on when QUERY_SHAPES_FILE names a file (test/support/globalSetup.ts sets it): connectDb then
// connects with `monitorCommands: true` and appends one JSON line per new shape and per index created.
// A query whose nearest project stack frame is under test/ (a test checking what was stored, the bench's
// own baseline) is not the app's and is not recorded. Shapes accepted without an index: ALLOW_LIST in indexCoverage.ts.
// Checked by test/support/globalTeardown.ts (every test file) and test/server/db/indexes.test.ts.
import fs from 'node:fs';
import type { MongoClient, CommandStartedEvent } from 'mongodb';
import { coverage, formatShapeTable, type CoverageRow } from './indexCoverage';

// The matcher and the table, from where importers have always found them.
export * from './indexCoverage';

export type KeyKind = 'eq' | 'in' | 'range' | 'scan';
export type Op = 'find' | 'findAndModify' | 'update' | 'delete' | 'count' | 'distinct' | 'aggregate';

export interface QueryShape {
  collection: string;
  op: Op;
  /** Filter keys (dotted paths) → how they are matched; `$or` branches apart. Keys sorted. */
  filter: Record<string, KeyKind>;
  or?: Record<string, KeyKind>[];
  sort: [string, 1 | -1][];
  /** distinct: the field; an empty filter is then served by an index that starts with it. */
  key?: string;
  /** find({}) with limit 1: reads the first document it meets. */
  first?: true;
  /** A pipeline that does not start with $match (or $sort), e.g. "$group": it reads the whole collection. */
  stage?: string;
  /** Where the first query of this shape came from (app stack frames), for the reader of a failure. */
  at?: string[];
}

export interface IndexSpec {
  collection: string;
  name: string;
  key: [string, number | string][];
  unique: boolean;
}

// ---------------------------------------------------------------- shapes from driver commands

const RANK: Record<KeyKind, number> = { eq: 0, in: 1, range: 2, scan: 3 };
const worse = (a: KeyKind, b: KeyKind): KeyKind => (RANK[a] >= RANK[b] ? a : b);
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

function regexKind(source: string, flags: string): KeyKind {
  return source.startsWith('^') && !flags.includes('i') && !source.startsWith('^(') && !source.includes('|') ? 'range' : 'scan';
}

function isRegex(v: unknown): v is { source?: string; pattern?: string; flags?: string; options?: string } {
  return v instanceof RegExp || (typeof v === 'object' && v !== null && (v as { _bsontype?: string })._bsontype === 'BSONRegExp');
}

function regexOf(v: unknown): KeyKind {
  const r = v as { source?: string; pattern?: string; flags?: string; options?: string };
  return regexKind(r.source ?? r.pattern ?? '', r.flags ?? r.options ?? '');
}

/** How one field's condition can use an index. */
function valueKind(value: unknown): KeyKind {
  if (isRegex(value)) return regexOf(value);
  if (!isPlainObject(value) || !Object.keys(value).some((k) => k.startsWith('$'))) return 'eq'; // literal, array or sub-document
  let kind: KeyKind | null = null;
  let hasEq = false;
  for (const [op, arg] of Object.entries(value)) {
    let k: KeyKind;
    switch (op) {
      case '$eq': case '$all': k = 'eq'; break;
      case '$in': k = Array.isArray(arg) && arg.length === 1 && !isRegex(arg[0]) ? 'eq' : 'in'; break;
      case '$gt': case '$gte': case '$lt': case '$lte': case '$ne': case '$nin': case '$exists': case '$elemMatch': k = 'range'; break;
      case '$regex': k = regexKind(isRegex(arg) ? ((arg as RegExp).source ?? (arg as { pattern: string }).pattern) : String(arg), String(value.$options ?? (isRegex(arg) ? (arg as RegExp).flags ?? '' : ''))); break;
      case '$options': continue;
      default: k = 'scan'; // $not, $size, $type, $mod, $bits…, $geoWithin without a geo index
    }
    if (k === 'eq') hasEq = true;
    kind = kind === null ? k : worse(kind, k);
  }
  return hasEq ? 'eq' : kind ?? 'eq';
}

interface Flat { keys: Record<string, KeyKind>; ors: Record<string, KeyKind>[][] }

function flatten(filter: unknown, into: Flat = { keys: {}, ors: [] }): Flat {
  if (!isPlainObject(filter)) return into;
  const put = (key: string, kind: KeyKind) => {
    const had = into.keys[key];
    into.keys[key] = had === undefined ? kind : had === 'eq' || kind === 'eq' ? 'eq' : worse(had, kind);
  };
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) for (const part of value) flatten(part, into);
    else if (key === '$or' && Array.isArray(value)) {
      into.ors.push(value.map((branch) => {
        const f = flatten(branch);
        // an $or inside a branch: its keys as ranges (rare; conservative)
        for (const inner of f.ors) for (const b of inner) for (const k of Object.keys(b)) f.keys[k] = worse(f.keys[k] ?? 'range', 'range');
        return f.keys;
      }));
    } else if (key === '$nor' && Array.isArray(value)) {
      for (const part of value) for (const k of Object.keys(flatten(part).keys)) put(k, 'range');
    } else if (key === '$comment') continue;
    else if (key.startsWith('$')) put(key, 'scan'); // $expr, $where, $text, $jsonSchema
    else if (isPlainObject(value) && isPlainObject(value.$elemMatch) && Object.keys(value.$elemMatch).some((k) => !k.startsWith('$'))) {
      // an array of sub-documents: the index keys are the dotted paths
      const inner = flatten(value.$elemMatch);
      for (const [k, kind] of Object.entries(inner.keys)) put(`${key}.${k}`, kind);
    } else put(key, valueKind(value));
  }
  return into;
}

const sortedKeys = (o: Record<string, KeyKind>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

function sortOf(sort: unknown): [string, 1 | -1][] {
  const entries = sort instanceof Map ? [...sort.entries()] : isPlainObject(sort) ? Object.entries(sort) : []; // the driver sends a Map
  return entries
    .filter(([, d]) => typeof d === 'number' || d === 'asc' || d === 'desc' || d === 'ascending' || d === 'descending')
    .map(([k, d]) => [k, d === -1 || d === 'desc' || d === 'descending' ? -1 : 1]);
}

function shapeOf(collection: string, op: Op, filter: unknown, sort: unknown, extra: Partial<QueryShape> = {}): QueryShape {
  const flat = flatten(filter);
  let or: Record<string, KeyKind>[] | undefined;
  if (flat.ors.length === 1) or = flat.ors[0];
  else if (flat.ors.length > 1) {
    // $and of several $or: the cross product of their branches (bounded; beyond that, a scan)
    or = flat.ors.reduce<Record<string, KeyKind>[]>((acc, branches) => acc.flatMap((a) => branches.map((b) => ({ ...a, ...b }))), [{}]);
    if (or.length > 64) { or = undefined; flat.keys.$or = 'scan'; }
  }
  return { collection, op, filter: sortedKeys(flat.keys), ...(or ? { or: or.map(sortedKeys) } : {}), sort: sortOf(sort), ...extra };
}

/** The query shapes in one driver command (none for inserts, getMore, admin commands…). */
export function shapesOfCommand(name: string, cmd: Record<string, unknown>): QueryShape[] {
  const coll = typeof cmd[name] === 'string' ? (cmd[name] as string) : null;
  if (!coll) return [];
  switch (name) {
    case 'find': {
      const shape = shapeOf(coll, 'find', cmd.filter, cmd.sort);
      // exists({}) and GridFS's "is the bucket empty" read one document, whatever the collection's size
      return [cmd.limit === 1 && !Object.keys(shape.filter).length && !shape.or && !shape.sort.length ? { ...shape, first: true } : shape];
    }
    case 'findAndModify': return [shapeOf(coll, 'findAndModify', cmd.query, cmd.sort)];
    case 'update': return ((cmd.updates as { q: unknown }[]) ?? []).map((u) => shapeOf(coll, 'update', u.q, undefined));
    case 'delete': return ((cmd.deletes as { q: unknown }[]) ?? []).map((d) => shapeOf(coll, 'delete', d.q, undefined));
    case 'count': return [shapeOf(coll, 'count', cmd.query, undefined)];
    case 'distinct': return [shapeOf(coll, 'distinct', cmd.query, undefined, { key: String(cmd.key) })];
    case 'aggregate': {
      const pipeline = (cmd.pipeline as Record<string, unknown>[]) ?? [];
      const first = pipeline[0] ?? {};
      if ('$match' in first) {
        const next = pipeline[1] ?? {};
        return [shapeOf(coll, 'aggregate', first.$match, '$sort' in next ? next.$sort : undefined)];
      }
      if ('$sort' in first) return [shapeOf(coll, 'aggregate', {}, first.$sort)];
      return [shapeOf(coll, 'aggregate', {}, undefined, { stage: Object.keys(first)[0] ?? '(empty)' })];
    }
    default: return [];
  }
}

/** The indexes a createIndexes command creates. */
export function indexesOfCommand(name: string, cmd: Record<string, unknown>): IndexSpec[] {
  if (name !== 'createIndexes' || typeof cmd.createIndexes !== 'string') return [];
  return ((cmd.indexes as { key: Record<string, number | string> | Map<string, number | string>; name?: string; unique?: boolean }[]) ?? []).map((ix) => {
    const key = ix.key instanceof Map ? [...ix.key.entries()] : Object.entries(ix.key); // the driver sends a Map (key order)
    return { collection: cmd.createIndexes as string, name: ix.name ?? key.map(([k, d]) => `${k}_${d}`).join('_'), key, unique: Boolean(ix.unique) };
  });
}

export const shapeId = (s: QueryShape) => JSON.stringify([s.collection, s.op, s.filter, s.or ?? null, s.sort, s.key ?? null, s.stage ?? null, s.first ?? null]);

// ---------------------------------------------------------------- recording

export type Recorded = { type: 'shape'; shape: QueryShape } | { type: 'index'; index: IndexSpec };

/** The project's own frames in the current (async) stack: where a query came from. */
function appFrames(): string[] {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40; // the driver's own frames come first
  const stack = new Error().stack?.split('\n').slice(1) ?? [];
  Error.stackTraceLimit = limit;
  return stack
    .map((l) => l.trim().replace(/^at\s+/, ''))
    .filter((l) => /server[\\/]src[\\/]|test[\\/]/.test(l) && !/node_modules|queryShapes/.test(l))
    .map((l) => l.replace(/\(?[^()\s]*?((?:server|test)[\\/][^():]+:\d+):\d+\)?/, '$1'))
    .slice(0, 4);
}

/** A query a test (or the bench's baseline) sends itself to check what was stored, not one the app sends. */
const fromTestCode = (frames: string[]) => frames.length > 0 && /^(?:\S+ )?test[\\/]/.test(frames[0]);

/**
 * Calls `sink` with every new query shape and every index the client creates. The client must have been
 * connected with `monitorCommands: true`. Returns a function that stops recording.
 */
export function recordQueryShapes(client: MongoClient, sink: (r: Recorded) => void): () => void {
  const seen = new Set<string>();
  const fromTests = new Map<string, number>(); // shapes seen from test code, and how often
  const index = (ix: IndexSpec) => {
    const id = `ix:${ix.collection}:${JSON.stringify(ix.key)}`;
    if (!seen.has(id)) { seen.add(id); sink({ type: 'index', index: ix }); }
  };
  const listener = (e: CommandStartedEvent) => {
    const cmd = e.command as Record<string, unknown>;
    for (const ix of indexesOfCommand(e.commandName, cmd)) index(ix);
    for (const shape of shapesOfCommand(e.commandName, cmd)) {
      const id = shapeId(shape);
      if (seen.has(id) || (fromTests.get(id) ?? 0) >= 50) continue; // a stack costs: not for a test's loop
      const at = appFrames();
      if (fromTestCode(at)) { fromTests.set(id, (fromTests.get(id) ?? 0) + 1); continue; } // the app may send it later
      seen.add(id);
      sink({ type: 'shape', shape: { ...shape, at } });
    }
  };
  client.on('commandStarted', listener);
  declaredSinks.add(index);
  return () => { client.off('commandStarted', listener); declaredSinks.delete(index); };
}

const declaredSinks = new Set<(ix: IndexSpec) => void>();

/**
 * An index the app declares but does not create (the embedded FerretDB plans every query as a scan, so
 * ensureIndexes creates only unique indexes there): recorded as if created, so coverage is still proven.
 */
export function noteDeclaredIndex(ix: IndexSpec): void {
  for (const sink of declaredSinks) sink(ix);
}

/** The file recording goes to, when on (test mode, `npm run bench`). */
export const queryShapesFile = (): string | null => process.env.QUERY_SHAPES_FILE || null;

/** A sink that appends JSON lines to `file` (several processes may append to one file). */
export function appendTo(file: string): (r: Recorded) => void {
  return (r) => fs.appendFileSync(file, `${JSON.stringify(r)}\n`);
}

/** Reads a recording: the distinct shapes and the indexes, from any number of processes. */
export function readRecording(file: string): { shapes: QueryShape[]; indexes: IndexSpec[] } {
  const shapes = new Map<string, QueryShape>();
  const indexes = new Map<string, IndexSpec>();
  if (!fs.existsSync(file)) return { shapes: [], indexes: [] };
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as Recorded;
    if (r.type === 'shape' && !shapes.has(shapeId(r.shape))) shapes.set(shapeId(r.shape), r.shape);
    if (r.type === 'index') indexes.set(`${r.index.collection}:${JSON.stringify(r.index.key)}`, r.index);
  }
  return { shapes: [...shapes.values()], indexes: [...indexes.values()] };
}

/** Driver options for connectDb: command monitoring when recording is on. */
export const queryShapeConnectOptions = () => (queryShapesFile() ? { monitorCommands: true } : {});

/** Starts recording to QUERY_SHAPES_FILE when it is set (connectDb calls this after connecting). */
export function recordQueryShapesFromEnv(client: MongoClient): void {
  const file = queryShapesFile();
  if (file) recordQueryShapes(client, appendTo(file));
}

/**
 * The coverage table of a recording, for `npm run bench`: set QUERY_SHAPES_FILE before connectDb, drive
 * the app, then print `queryShapeReport().table` (rows go to bench-results.json as they are).
 */
export function queryShapeReport(file = queryShapesFile()): { rows: CoverageRow[]; table: string; notServed: number } {
  const { shapes, indexes } = file ? readRecording(file) : { shapes: [], indexes: [] };
  const rows = coverage(shapes, indexes);
  return { rows, table: formatShapeTable(rows), notServed: rows.filter((r) => !r.served).length };
}
