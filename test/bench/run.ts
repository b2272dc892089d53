// npm run bench: what the app serves at province scale, as ratios measured in one run on this machine.
//
// For each scale (BENCH_SCALES, default "2000,20000"; a database of its own each) it seeds the province
// (server/src/seed/scale.ts), then measures every public read — credit file, timeline, search (Chinese,
// initials, filtered by county), certificate verification — with a bounded concurrent load (BENCH_CONCURRENCY
// clients, at most BENCH_REQUESTS requests or BENCH_SECONDS seconds) twice: through the API (the Koa app)
// and through a bare node:http handler that sends the very same database commands with the raw mongodb driver
// (recorded from the API, replayed with the same pool size; for the in-memory search, the app's own search
// function over the same fields read with the raw driver). It reports requests/s, p50/p95/p99, the ratio
// API ÷ bare (target ≥ 0.6) and the growth of p95 from the smallest to the largest scale (target ≤ 1.5).
// A read whose single request takes longer than BENCH_BUDGET_MS is reported "over budget" and not loaded.
// Then, on a small database of its own: a tip-off burst (BENCH_BURST submissions with a photo from
// BENCH_BURST_CLIENTS clients, BENCH_BURST_PLACES distinct places) and an approval race (BENCH_RACE concurrent
// approvals of one application) and a booking race (BENCH_BOOKINGS owners booking a BENCH_SEATS-seat training
// session at once). Then the query shapes the run sent and the indexes that serve them.
// Loopback only; everything is bounded and the run stops by itself. Prints a table, writes bench-results.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import mongoose from 'mongoose';
import { MongoClient, type Document } from 'mongodb';
import sharp from 'sharp';
import { CHECKLIST_ITEMS } from '../../shared/src/domain/categories';
import { loadConfig, type Config } from '../../server/src/config';
import { connectDb, ensureIndexes, type Db } from '../../server/src/db/connection';
import { CounterModel } from '../../server/src/db/sequence';
import { PROJECT_ROOT, startFerretDb } from '../../server/src/db/ferretdb';
import { createApp } from '../../server/src/app';
import { createLogger } from '../../server/src/logger';
import { CertificateModel } from '../../server/src/models/Certificate';
import { BookingModel } from '../../server/src/models/Booking';
import { TipoffModel } from '../../server/src/models/Tipoff';
import { TrainingSessionModel } from '../../server/src/models/TrainingSession';
import { TipoffCaseModel } from '../../server/src/models/TipoffCase';
import { UserModel } from '../../server/src/models/User';
import { WorkshopModel } from '../../server/src/models/Workshop';
import { issueToken } from '../../server/src/services/session';
import { progressLine, SCALE_DEFAULT_SEED, seedScale, type ScaleResult } from '../../server/src/seed/scale';
import { nameKeys, searchKey } from '../../server/src/services/pinyin';
import type { IndexedWorkshop, WorkshopIndex } from '../../server/src/services/workshopIndex';
import { searchWorkshops } from '../../server/src/routes/workshops/search';
import { RegionService } from '../../server/src/services/regions';
import type { BurstItem, BurstResult, GetResult, Job, RaceResult } from './client';

// ---------------------------------------------------------------- settings

const num = (k: string, d: number) => (process.env[k] ? Number(process.env[k]) : d);
const SCALES = (process.env.BENCH_SCALES ?? '2000,20000').split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0);
const CONCURRENCY = num('BENCH_CONCURRENCY', 8);
const MAX_REQUESTS = num('BENCH_REQUESTS', 2000);
const MAX_SECONDS = num('BENCH_SECONDS', 10);
const BUDGET_MS = num('BENCH_BUDGET_MS', 2000);
const TIMEOUT_MS = num('BENCH_TIMEOUT_MS', 30_000);
const SAMPLES = num('BENCH_SAMPLES', 40);
const ROUNDS = Math.max(1, num('BENCH_ROUNDS', 3));
const SEED = num('BENCH_SEED', SCALE_DEFAULT_SEED);
const BURST = num('BENCH_BURST', 1000);
const BURST_CLIENTS = num('BENCH_BURST_CLIENTS', 100);
const BURST_PLACES = num('BENCH_BURST_PLACES', 100);
const BURST_SECONDS = num('BENCH_BURST_SECONDS', 600);
const RACE_SECONDS = num('BENCH_RACE_SECONDS', 600);
const RACE = num('BENCH_RACE', 200);
const WRITES_WORKSHOPS = num('BENCH_WRITES_WORKSHOPS', 200);
const BOOKINGS = num('BENCH_BOOKINGS', 2000);
const SEATS = num('BENCH_SEATS', 100);
const BOOKING_SECONDS = num('BENCH_BOOKING_SECONDS', 900);
const RESULTS_FILE = path.join(PROJECT_ROOT, 'bench-results.json');
const P95_TARGET_MS = 300;

const regions = new RegionService();
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const log = (s: string) => process.stderr.write(`${s}\n`);

// ---------------------------------------------------------------- plumbing

function runWorker<T>(job: Job): Promise<T> {
  const file = path.join(__dirname, 'client.ts');
  const w = new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)});`, { eval: true, workerData: { job } });
  return new Promise((resolve, reject) => {
    w.once('message', (m: { ok: boolean; result?: T; error?: string }) => { void w.terminate(); if (m.ok) resolve(m.result!); else reject(new Error(m.error)); });
    w.once('error', reject);
  });
}

async function listen(handler: http.RequestListener): Promise<{ base: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}/api/v1`,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** The URI with driver options added (command monitoring for the replay and the shapes; a socket timeout bounds any operation). */
function withOptions(uri: string, opts: Record<string, string>): string {
  const q = new URLSearchParams(opts).toString();
  if (uri.includes('?')) return `${uri}&${q}`;
  const afterHosts = uri.indexOf('/', uri.indexOf('://') + 3);
  return afterHosts === -1 ? `${uri}/?${q}` : `${uri}?${q}`;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface LoadStats { requests: number; rps: number; p50: number; p95: number; p99: number; errors: number; seconds: number }
function statsOf(r: GetResult): LoadStats {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  const errors = r.failures + Object.entries(r.statuses).filter(([s]) => !s.startsWith('2') && s !== '304').reduce((n, [, c]) => n + c, 0);
  return {
    requests: r.latencies.length + r.failures, rps: r.latencies.length / (r.elapsedMs / 1000),
    p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), errors, seconds: r.elapsedMs / 1000,
  };
}

function merge(runs: GetResult[]): GetResult {
  const statuses: Record<string, number> = {};
  for (const r of runs) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  return { latencies: runs.flatMap((r) => r.latencies), statuses, failures: runs.reduce((n, r) => n + r.failures, 0), elapsedMs: runs.reduce((n, r) => n + r.elapsedMs, 0) };
}

async function timedGet(url: string, timeoutMs: number): Promise<{ ms: number; status: number; body: string }> {
  const t0 = performance.now();
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = await res.text();
    return { ms: performance.now() - t0, status: res.status, body };
  } catch {
    return { ms: performance.now() - t0, status: 0, body: '' };
  }
}

// ---------------------------------------------------------------- the bare handler

/** A database command as the API sent it (driver bookkeeping removed). */
interface Recorded { name: string; cmd: Document }
const BOOKKEEPING = new Set(['lsid', '$clusterTime', '$db', '$readPreference', 'txnNumber', 'autocommit', 'startTransaction', 'apiVersion', 'apiStrict', 'apiDeprecationErrors']);
const READS = new Set(['find', 'aggregate', 'count', 'distinct']);

/** Sends the recorded commands with the raw driver and follows their cursors: the database work of one API request. */
async function replay(db: ReturnType<MongoClient['db']>, plan: Recorded[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const { cmd } of plan) {
    const res = await db.command({ ...cmd });
    if (res.cursor) {
      const docs = [...(res.cursor.firstBatch as unknown[])];
      let id = res.cursor.id;
      const coll = String(res.cursor.ns).split('.').slice(1).join('.');
      while (id && String(id) !== '0') {
        const more = await db.command({ getMore: id, collection: coll });
        docs.push(...(more.cursor.nextBatch as unknown[]));
        id = more.cursor.id;
      }
      out.push(docs);
    } else {
      out.push(res.values ?? res.n ?? res);
    }
  }
  return out;
}

type SearchEntry = IndexedWorkshop;

/**
 * The bare equivalent of the public search: the app's own search function (routes/workshops/search.ts) over
 * the same fields read with the raw driver, with the name keys built beforehand as the app's index does;
 * without the framework (routing, validation, presenters, ETag).
 */
function bareIndex(entries: SearchEntry[]) {
  const keys = new Map(entries.map((w) => [w.name, searchKey(w.name)]));
  return { all: async () => entries, keyOf: (w: Pick<SearchEntry, 'name'>) => keys.get(w.name) ?? searchKey(w.name) } as unknown as WorkshopIndex;
}

async function bareSearch(index: WorkshopIndex, query: URLSearchParams) {
  const q = { q: query.get('q') ?? undefined, region: query.get('region') ?? undefined, sort: (query.get('sort') ?? 'relevance') as 'relevance', page: 1, pageSize: 20 };
  const { items, total } = await searchWorkshops(index, q as never);
  return { data: items.map((w) => ({ id: String(w._id), name: w.name, region: { code: w.region, name: w.regionName }, categories: w.categories, status: w.status, riskGrade: w.riskGrade, lastInspectionAt: w.lastInspectionAt })), page: 1, pageSize: 20, total };
}

async function startBare(uri: string, dbName: string, poolSize: number, plans: Map<string, Recorded[]>) {
  // Command monitoring on, as on the app's client (the API side needs it to record): both pay for the events.
  const client = new MongoClient(uri, { maxPoolSize: poolSize, minPoolSize: Math.min(poolSize, 1), socketTimeoutMS: TIMEOUT_MS, monitorCommands: true });
  await client.connect();
  const db = client.db(dbName);
  let index: WorkshopIndex | null = null;
  const loadEntries = async () => {
    const docs = await db.collection('workshops').find({}, { projection: { name: 1, namePinyin: 1, nameInitials: 1, region: 1, regionName: 1, categories: 1, status: 1, certificate: 1, riskGrade: 1, badges: 1, lastInspectionAt: 1, keyArea: 1, updatedAt: 1 } }).toArray();
    index = bareIndex((docs as unknown as SearchEntry[]).sort((a, b) => a.namePinyin.localeCompare(b.namePinyin) || String(a._id).localeCompare(String(b._id))));
  };
  const server = await listen((req, res) => {
    void (async () => {
      try {
        const url = new URL(req.url ?? '/', 'http://x');
        const key = url.pathname.replace(/^\/api\/v1/, '') + url.search;
        let body: unknown;
        if (url.pathname === '/api/v1/workshops') {
          if (!index) await loadEntries();
          body = await bareSearch(index!, url.searchParams);
        } else {
          const plan = plans.get(key);
          if (!plan) { res.writeHead(404).end(); return; }
          body = await replay(db, plan);
        }
        const json = JSON.stringify(body);
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(json) }).end(json);
      } catch (e) {
        res.writeHead(500).end(String(e));
      }
    })();
  });
  return { base: server.base, warm: loadEntries, async close() { await server.close(); await client.close(); } };
}

// ---------------------------------------------------------------- one scale

interface ReadRow {
  scale: number;
  read: string;
  paths: number;
  api: LoadStats | null;
  bare: LoadStats | null;
  ratio: number | null;
  /** Set when a single request took longer than the budget: the read was not loaded. */
  overBudget: { ms: number; status: number } | null;
  note: string | null;
}

/**
 * One findOne({_id}) with the raw driver on the collections the public reads use, for documents spread over
 * the whole collection (median of several: on a store that scans, the first document is found at once and a
 * late one only after reading the rest), with the collection's size.
 */
interface LookupProbe { collection: string; documents: number | null; megabytes: number | null; msById: number | null }

async function probeLookups(db: Db, sample: ScaleResult['sample']): Promise<LookupProbe[]> {
  const native = db.connection.db!;
  const pick = <T>(list: T[]) => [0.1, 0.3, 0.5, 0.7, 0.9].map((f) => list[Math.floor(f * (list.length - 1))]).filter((x) => x !== undefined);
  const targets: [string, unknown[]][] = [
    ['workshops', pick(sample.workshopIds).map((id) => new mongoose.Types.ObjectId(id))],
    ['public_files', pick(sample.workshopIds)],
    ['certificates', pick(sample.certificateNumbers)],
  ];
  const out: LookupProbe[] = [];
  for (const [name, ids] of targets) {
    const stats = await native.command({ collStats: name }).catch(() => null);
    const times: number[] = [];
    for (const _id of ids) { const t0 = performance.now(); await native.collection(name).findOne({ _id: _id as never }); times.push(performance.now() - t0); }
    times.sort((a, b) => a - b);
    out.push({ collection: name, documents: stats?.count ?? null, megabytes: stats?.size != null ? Number(stats.size) / 2 ** 20 : null, msById: times.length ? times[Math.floor(times.length / 2)] : null });
  }
  return out;
}

interface ScaleReport {
  scale: number;
  lookups: LookupProbe[];
  seed: { ms: number; docs: number; docsPerSec: number; counts: Record<string, number> };
  searchIndexLoadMs: number | null;
  reads: ReadRow[];
  pageBytes: Record<string, number>;
}

function appConfig(dbName: string) {
  return loadConfig({}, {
    NODE_ENV: 'production', SESSION_SECRET: 'bench-session-secret-0123456789abcdef', DATA_KEY: '7'.repeat(64), DB_NAME: dbName,
    LOG_LEVEL: 'silent', JOBS: '0', DEV_LOGIN: '0', PUBLIC_BASE_URL: 'http://127.0.0.1',
    // The bench is one client address sending thousands of requests: per-IP and per-user limits raised.
    RATE_LIMIT_IP_PER_MIN: '1000000000', RATE_LIMIT_USER_PER_MIN: '1000000000', TIPOFF_SUBMITS_PER_HOUR: '1000000000', TIPOFF_UPLOADS_PER_HOUR: '1000000000',
    // The search index's periodic full reload (default every 60 s) would land in some loads and not others, on the
    // API's side and, through the shared event loop, the bare one's: off unless asked for. Its cost is the
    // "search index load" figure (the first search).
    SEARCH_REFRESH_MS: process.env.SEARCH_REFRESH_MS ?? String(24 * 3600_000),
    ...(process.env.DB_POOL_SIZE ? { DB_POOL_SIZE: process.env.DB_POOL_SIZE } : {}),
  });
}

async function openDb(uri: string, dbName: string, shapes: ShapeRecorder): Promise<Db> {
  const db = await connectDb(withOptions(uri, { monitorCommands: 'true', socketTimeoutMS: String(TIMEOUT_MS) }), dbName, { poolSize: num('DB_POOL_SIZE', 20) });
  await db.connection.dropDatabase();
  const stop = shapes(db.connection.getClient() as unknown as MongoClient); // the indexes the app declares
  await ensureIndexes();
  stop();
  return db;
}

async function seedWithBar(n: number, label: string): Promise<ScaleResult> {
  const tty = process.stderr.isTTY;
  let lastTenth = -1;
  const r = await seedScale(regions, {
    workshops: n, seed: SEED,
    onProgress: (p) => {
      if (tty) { process.stderr.write(`\r  ${label} ${progressLine(p)}`); return; }
      const tenth = Math.floor((p.workshopsDone / p.workshops) * 10);
      if (tenth !== lastTenth) { lastTenth = tenth; log(`  ${label} ${progressLine(p)}`); }
    },
  });
  if (tty) process.stderr.write('\n');
  return r;
}

async function benchScale(uri: string, scale: number, shapes: ShapeRecorder): Promise<ScaleReport> {
  log(`\n== ${fmt(scale)} workshops ==`);
  const dbName = `bench_${scale}`;
  const db = await openDb(uri, dbName, shapes);
  const client = db.connection.getClient() as unknown as MongoClient;
  const seeded = await seedWithBar(scale, 'seed');
  const config = appConfig(dbName);
  const { app, services } = createApp(config, createLogger('silent'), db);
  const api = await listen(app.callback());

  // Every command the app sends while one request runs (requests are sent one at a time while recording).
  let recording: Recorded[] | null = null;
  const onCommand = (e: { commandName: string; command: Document }) => {
    if (!recording || !READS.has(e.commandName)) return;
    const cmd: Document = {};
    for (const [k, v] of Object.entries(e.command)) if (!BOOKKEEPING.has(k)) cmd[k] = v;
    recording.push({ name: e.commandName, cmd });
  };
  const plans = new Map<string, Recorded[]>();
  const bare = await startBare(uri, dbName, db.poolSize, plans);

  const s = seeded.sample;
  const ids = s.workshopIds.slice(0, SAMPLES);
  const words = s.words.filter((w) => [...w].length >= 2).slice(0, 12);
  const initials = [...new Set(words.map((w) => nameKeys(w).initials).filter((x) => x.length >= 2))].slice(0, 12);
  const counties = s.counties.slice(0, 12);
  const q = (params: Record<string, string>) => `/workshops?${new URLSearchParams(params).toString()}`;
  const reads: { read: string; paths: string[] }[] = [
    { read: 'credit file', paths: ids.map((id) => `/workshops/${id}`) },
    { read: 'timeline', paths: ids.map((id) => `/workshops/${id}/timeline`) },
    { read: 'certificate verify', paths: s.certificateNumbers.slice(0, SAMPLES).map((n) => `/certificates/${n}/verify`) },
    { read: 'search, Chinese', paths: words.map((w) => q({ q: w })) },
    { read: 'search, initials', paths: initials.map((w) => q({ q: w })) },
    { read: 'search, county filter', paths: counties.map((c) => q({ region: c, sort: 'name' })) },
  ];

  // The search index loads on the first search (both sides), not counted in the load.
  const t0 = performance.now();
  const first = await timedGet(`${api.base}${reads[3].paths[0]}`, 120_000);
  const searchIndexLoadMs = first.status === 200 ? performance.now() - t0 : null;
  await bare.warm();

  const rows: ReadRow[] = [];
  const pageBytes: Record<string, number> = {};
  for (const { read, paths } of reads) {
    const row: ReadRow = { scale, read, paths: paths.length, api: null, bare: null, ratio: null, overBudget: null, note: null };
    rows.push(row);
    // One request at a time through the API: records its commands for the bare handler (and the query
    // shapes) and checks the budget. Nothing listens to the commands during the loads.
    client.on('commandStarted', onCommand);
    const stopShapes = shapes(client);
    for (const p of paths) {
      recording = [];
      const r = await timedGet(api.base + p, TIMEOUT_MS);
      plans.set(p, recording);
      recording = null;
      if (r.status !== 200) { row.note = `GET ${p} answered ${r.status || 'nothing'}`; }
      pageBytes[read] = Math.max(pageBytes[read] ?? 0, Buffer.byteLength(r.body));
      if (r.ms > BUDGET_MS || r.status === 0) { row.overBudget = { ms: r.ms, status: r.status }; break; }
    }
    client.off('commandStarted', onCommand);
    stopShapes();
    if (row.overBudget) { log(`  ${read}: over budget (${fmt(row.overBudget.ms)} ms for one request)`); continue; }
    for (const p of paths) await timedGet(bare.base + p, TIMEOUT_MS); // warm the bare side the same way
    // API and bare take turns (ROUNDS each, a share of the requests and time each), so that a change in the
    // machine's load during the run weighs on both sides alike.
    const job = (base: string) => ({ kind: 'get' as const, base, paths, concurrency: CONCURRENCY, maxRequests: Math.ceil(MAX_REQUESTS / ROUNDS), maxMs: (MAX_SECONDS * 1000) / ROUNDS, timeoutMs: TIMEOUT_MS });
    const apiRuns: GetResult[] = [];
    const bareRuns: GetResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      apiRuns.push(await runWorker<GetResult>(job(api.base)));
      bareRuns.push(await runWorker<GetResult>(job(bare.base)));
    }
    row.api = statsOf(merge(apiRuns));
    row.bare = statsOf(merge(bareRuns));
    row.ratio = row.bare.rps > 0 ? row.api.rps / row.bare.rps : null;
    log(`  ${read}: API ${fmt(row.api.rps, 1)}/s p95 ${fmt(row.api.p95, 1)} ms · bare ${fmt(row.bare.rps, 1)}/s p95 ${fmt(row.bare.p95, 1)} ms`);
  }

  // After the loads, not right after seeding: the store is then still settling its writes (measured 10× slower).
  const lookups = await probeLookups(db, seeded.sample);
  log(`  one read by _id (raw driver): ${lookups.map((l) => `${l.collection} ${ms(l.msById)} ms`).join(' · ')}`);
  await bare.close();
  await api.close();
  services.workshopIndex.close();
  await db.connection.dropDatabase().catch(() => undefined);
  await db.close();
  return {
    scale,
    seed: { ms: seeded.ms, docs: seeded.totalDocs, docsPerSec: seeded.docsPerSec, counts: seeded.docs },
    lookups, searchIndexLoadMs, reads: rows, pageBytes,
  };
}

// ---------------------------------------------------------------- writes: tip-off burst and approval race

interface BurstReport {
  submissions: number; clients: number; places: number; seconds: number; perSecond: number;
  acknowledged: number; stored: number; storedAcknowledged: number; errors: number; notSent: number;
  duplicateCases: number; countMismatches: number; stuck: number; p50: number; p95: number;
  errorSamples: string[];
}
interface BookingReport { bookings: number; seats: number; seconds: number; statuses: Record<string, number>; failures: number; confirmed: number; held: number; waitlisted: number; other: number; distinctPlaces: number; seatsLeft: number; holdersMatch: boolean; placingLeft: number }
interface RaceReport { approvals: number; ok: number; conflicts: number; other: Record<string, number>; failures: number; certificates: number; workshops: number; certificateNumber: string | null; numbersTaken: number; seconds: number }

async function post(base: string, p: string, body: unknown, token?: string) {
  const res = await fetch(base + p, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, any>;
  if (res.status >= 300) throw new Error(`POST ${p}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}
/** A user of the bench and a session token for it, as a WeChat login would give (production config: no demo login). */
async function login(config: Config, role: 'citizen' | 'inspector' | 'trainer', region: string | null, name: string): Promise<{ token: string; user: { id: string } }> {
  const openid = `bench:${role}:${region ?? '-'}:${name}`;
  const user = await UserModel.findOneAndUpdate({ openid }, { $setOnInsert: { openid, name, roles: role === 'citizen' ? ['citizen'] : ['citizen', role], region } }, { upsert: true, returnDocument: 'after' });
  return { token: issueToken(config, String(user!._id)).token, user: { id: String(user!._id) } };
}

async function benchWrites(uri: string, shapes: ShapeRecorder): Promise<{ seedMs: number; burst: BurstReport; race: RaceReport; booking: BookingReport | null }> {
  log(`\n== writes (their own database, ${fmt(WRITES_WORKSHOPS)} workshops) ==`);
  const dbName = 'bench_writes';
  const db = await openDb(uri, dbName, shapes);
  const seeded = await seedWithBar(WRITES_WORKSHOPS, 'seed');
  const client = db.connection.getClient() as unknown as MongoClient;
  const config = appConfig(dbName);
  const { app, services } = createApp(config, createLogger('silent'), db);
  const api = await listen(app.callback());
  try {
    // The query shapes of the API at work (setup and load), not of the bench's own checks afterwards.
    const recorded = <T>(fn: () => Promise<T>) => { const stop = shapes(client); return fn().finally(stop); };
    const race = await approvalRace(api.base, config, recorded);
    const burst = await tipoffBurst(api.base, seeded, recorded);
    const booking = BOOKINGS > 0 ? await recorded(() => bookingRace(api.base, config)) : null;
    return { seedMs: seeded.ms, burst, race, booking };
  } finally {
    await api.close();
    services.workshopIndex.close();
    await db.connection.dropDatabase().catch(() => undefined);
    await db.close();
  }
}

type WithShapes = <T>(fn: () => Promise<T>) => Promise<T>;
async function tipoffBurst(base: string, seeded: ScaleResult, recorded: WithShapes): Promise<BurstReport> {
  const run = Date.now().toString(36);
  const photo = await sharp({ create: { width: 96, height: 72, channels: 3, background: { r: 180, g: 150, b: 110 } } }).jpeg({ quality: 80 }).toBuffer();
  // Distinct places: half about registered workshops (grouped by workshop), half unlicensed sites given by
  // location (grouped within 100 m): each place in its own ~100 m cell, far from every open case already there.
  const openCases = await TipoffCaseModel.find({ status: { $in: ['submitted', 'accepted'] } }, { location: 1, workshopId: 1 }).lean();
  const busy = new Set(openCases.map((c) => c.workshopId).filter(Boolean));
  const near = (lat: number, lng: number) => openCases.some((c) => c.location?.lat != null && Math.abs(c.location.lat - lat) < 0.004 && Math.abs(c.location.lng! - lng) < 0.004);
  const workshops = (await WorkshopModel.find({ _id: { $in: seeded.sample.workshopIds } }, { region: 1, location: 1 }).lean()).filter((w) => !busy.has(String(w._id)));
  const places: { body: Record<string, unknown>; jitter: boolean }[] = [];
  for (const w of workshops.slice(0, Math.floor(BURST_PLACES / 2))) {
    places.push({ body: { kind: 'violation', workshopId: String(w._id), region: w.region, anonymous: true, consent: true }, jitter: false });
  }
  const county = seeded.sample.counties[0];
  const town = (regions.list(county) ?? [])[0]?.code ?? county;
  const origin = workshops[0]?.location ?? { lat: 23.5, lng: 108.8 };
  for (let k = 0; places.length < BURST_PLACES && k < BURST_PLACES * 20; k++) {
    // cell centres 0.005° (~500 m) apart on a grid around the county
    const lat = Math.floor((origin.lat! + 0.05 + Math.floor(k / 20) * 0.005) * 1000) / 1000 + 0.0005;
    const lng = Math.floor((origin.lng! + 0.05 + (k % 20) * 0.005) * 1000) / 1000 + 0.0005;
    if (near(lat, lng)) continue;
    places.push({ body: { kind: 'unlicensed', region: town, location: { lat, lng }, anonymous: true, consent: true }, jitter: true });
  }
  // Submission j is about place floor(j / perPlace): the reports about one place leave together, from different clients.
  const perPlace = Math.max(1, Math.ceil(BURST / places.length));
  const items: BurstItem[] = Array.from({ length: BURST }, (_, j) => {
    const place = Math.floor(j / perPlace) % places.length;
    const p = places[place];
    const body = { ...p.body, description: `压测举报 ${run}-${j}：该处疑似无证生产，卫生条件差。` };
    if (p.jitter) {
      // GPS fixes of one place scatter by a few metres (staying inside its ~100 m cell)
      const loc = p.body.location as { lat: number; lng: number };
      Object.assign(body, { location: { lat: +(loc.lat + ((j * 7) % 5 - 2) * 0.00005).toFixed(6), lng: +(loc.lng + ((j * 3) % 5 - 2) * 0.00005).toFixed(6) } });
    }
    return { place, device: `bench-${run}-${j % BURST_CLIENTS}-${j}`, body };
  });
  log(`  tip-off burst: ${fmt(BURST)} submissions with a photo, ${BURST_CLIENTS} clients, ${places.length} places`);
  const r = await recorded(() => runWorker<BurstResult>({ kind: 'burst', base, items, concurrency: BURST_CLIENTS, maxMs: BURST_SECONDS * 1000, timeoutMs: Math.min(BURST_SECONDS, 300) * 1000, photo: new Uint8Array(photo) }));

  const acked = r.outcomes.filter((o) => o.receiptCode);
  const codes = acked.map((o) => o.receiptCode!);
  const stored = await TipoffModel.find({ description: { $regex: `^压测举报 ${run}-` } }, { receiptCode: 1, caseId: 1, description: 1, owed: 1 }).lean();
  const storedCodes = new Set(stored.map((t) => t.receiptCode));
  const placeOf = new Map(stored.map((t) => [t.receiptCode, Math.floor(Number(/-(\d+)：/.exec(t.description)![1]) / perPlace) % places.length]));
  const casesByPlace = new Map<number, Set<string>>();
  for (const t of stored) {
    const p = placeOf.get(t.receiptCode)!;
    casesByPlace.set(p, (casesByPlace.get(p) ?? new Set()).add(t.caseId));
  }
  const caseIds = [...new Set(stored.map((t) => t.caseId))];
  const cases = await TipoffCaseModel.find({ _id: { $in: caseIds } }, { reportCount: 1 }).lean();
  const perCase = new Map<string, number>();
  for (const t of stored) perCase.set(t.caseId, (perCase.get(t.caseId) ?? 0) + 1);
  // A case of the burst counts its reports (seeded cases may hold earlier reports too).
  const countMismatches = cases.filter((c) => (c.reportCount ?? 0) < (perCase.get(String(c._id)) ?? 0)).length;
  const sorted = r.outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const errors = r.outcomes.filter((o) => !o.receiptCode);
  return {
    submissions: r.outcomes.length, clients: BURST_CLIENTS, places: places.length, seconds: r.elapsedMs / 1000, perSecond: acked.length / (r.elapsedMs / 1000),
    acknowledged: acked.length, stored: stored.length, storedAcknowledged: codes.filter((c) => storedCodes.has(c)).length,
    errors: errors.length, notSent: r.notSent,
    duplicateCases: [...casesByPlace.values()].reduce((n, s) => n + s.size - 1, 0), countMismatches,
    stuck: stored.filter((t) => (t.owed ?? []).length > 0).length,
    p50: percentile(sorted, 50), p95: percentile(sorted, 95),
    errorSamples: [...new Set(errors.map((o) => `${o.step} ${o.status ?? '-'} ${o.error ?? ''}`.slice(0, 160)))].slice(0, 5),
  };
}

async function approvalRace(base: string, config: Config, recorded: WithShapes): Promise<RaceReport> {
  const counter = `cert:450203:${new Date().getUTCFullYear()}`; // the sequence the race's certificate number comes from
  const before = (await CounterModel.findById(counter).lean())?.value ?? 0;
  return recorded(() => raceSetup(base, config)).then(async ({ id, r }) => {
    const numbersTaken = ((await CounterModel.findById(counter).lean())?.value ?? 0) - before;
    const certificates = await CertificateModel.countDocuments({ registrationId: id });
    const cert = await CertificateModel.findOne({ registrationId: id }).lean();
    const workshops = cert ? await WorkshopModel.countDocuments({ _id: cert.workshopId }) : 0;
    const other = Object.fromEntries(Object.entries(r.statuses).filter(([s]) => s !== '200' && s !== '409'));
    return { approvals: RACE, ok: r.statuses['200'] ?? 0, conflicts: r.statuses['409'] ?? 0, other, failures: r.failures, certificates, workshops, certificateNumber: cert?.number ?? null, numbersTaken, seconds: r.elapsedMs / 1000 };
  });
}

async function raceSetup(base: string, config: Config): Promise<{ id: string; r: RaceResult }> {
  const county = '450203';
  const region = '450203001';
  const owner = await login(config, 'citizen', null, '压测申请人');
  const a = await login(config, 'inspector', county, '压测核查员甲');
  const b = await login(config, 'inspector', county, '压测核查员乙');
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 180, b: 120 } } }).jpeg().toBuffer();
  const form = new FormData();
  form.append('purpose', 'registration');
  form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'premises.jpg');
  const up = await fetch(`${base}/files`, { method: 'POST', body: form, headers: { Authorization: `Bearer ${owner.token}` } });
  const photo = ((await up.json()) as { data: { id: string } }).data.id;
  const created = await post(base, '/registrations', {
    applicant: { name: '覃秀英', phone: '13907720011', idNumber: '450203198203150026' },
    workshop: { name: `压测覃记螺蛳粉作坊${Date.now() % 100000}`, region, address: `柳州市鱼峰区压测路${Date.now() % 100000}号`, categories: ['rice_flour'] },
    products: ['螺蛳粉'], premises: { photos: [photo], floorPlan: null, area: 60, water: '市政自来水' }, equipment: [{ name: '米粉机', quantity: 1 }],
    staff: [{ name: '覃秀英', healthCertNo: 'JK2026001', healthCertExpiry: '2030-06-30' }], commitment: { signed: true, signatureName: '覃秀英' },
    licence: { businessName: '柳州市鱼峰区覃记螺蛳粉店', operatorName: '覃秀英', form: 'individual', scope: '食品小作坊生产（米面制品）' },
  }, owner.token);
  const id = created.data.id as string;
  await post(base, `/registrations/${id}/submit`, {}, owner.token);
  await post(base, `/registrations/${id}/accept`, {}, a.token);
  // Scheduled for today: a result is recorded on or after the scheduled day.
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  await post(base, `/registrations/${id}/schedule-site-check`, { inspectorIds: [a.user.id, b.user.id], date: today }, a.token);
  await post(base, `/registrations/${id}/site-check-result`, { items: CHECKLIST_ITEMS.map((c) => ({ code: c.code, result: 'pass' })), passed: true, note: '场所整洁，设备齐全' }, b.token);
  log(`  approval race: ${RACE} concurrent approvals of one application`);
  const r = await runWorker<RaceResult>({ kind: 'race', base, path: `/registrations/${id}/approve`, tokens: [a.token, b.token], n: RACE, body: {}, timeoutMs: RACE_SECONDS * 1000 });
  return { id, r };
}

/**
 * BENCH_BOOKINGS owners (one workshop each) book one free session of BENCH_SEATS seats at the same moment
 * (issue 13): exactly the seats confirmed, the rest waitlisted in distinct places, the session's count and
 * holders agreeing with the stored bookings.
 */
async function bookingRace(base: string, config: Config): Promise<BookingReport> {
  const run = Date.now().toString(36);
  const trainer = await login(config, 'trainer', '450203', `压测讲师${run}`);
  const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
  const course = await post(base, '/courses', { title: `压测课程${run}`, category: 'practice', description: '并发报名压测', hours: 4, targetCategories: ['rice_flour'] }, trainer.token);
  const session = await post(base, '/sessions', {
    courseId: course.data.id, startsAt: inHours(72), endsAt: inHours(76), place: { address: '柳州市鱼峰区压测会议室' },
    capacity: SEATS, feeFen: 0, signupDeadline: inHours(48), cancelDeadline: inHours(24), refundRule: 'full', publish: true,
  }, trainer.token);
  const sessionId = session.data.id as string;
  const users = Array.from({ length: BOOKINGS }, (_, i) => ({ _id: new mongoose.Types.ObjectId(), openid: `bench:owner:${run}:${i}`, name: `压测业主${i}`, roles: ['citizen', 'owner'] }));
  await UserModel.insertMany(users);
  const workshops = users.map((u, i) => ({
    _id: new mongoose.Types.ObjectId(), name: `压测${run}-${i}号作坊`, namePinyin: `yace${run}x${i}`, nameInitials: `yc${run}x${i}`, ownerId: String(u._id),
    region: '450203001', regionName: '柳州市鱼峰区', address: `压测路${i}号`, categories: ['rice_flour'], status: 'registered',
  }));
  await WorkshopModel.insertMany(workshops);
  const tokens = users.map((u) => issueToken(config, String(u._id)).token);
  const bodies = workshops.map((w, i) => ({ workshopId: String(w._id), attendee: { name: `学员${i}`, phone: `139${String(10_000_000 + i).slice(-8)}` } }));
  log(`  booking race: ${fmt(BOOKINGS)} owners book ${SEATS} seats at once`);
  const r = await runWorker<RaceResult>({ kind: 'race', base, path: `/sessions/${sessionId}/bookings`, tokens, bodies, n: BOOKINGS, body: null, timeoutMs: BOOKING_SECONDS * 1000 });
  const stored = await BookingModel.find({ sessionId }, { status: 1, waitlistPosition: 1 }).lean();
  const count = (st: string) => stored.filter((b) => b.status === st).length;
  const s = (await TrainingSessionModel.findById(sessionId, { seatsLeft: 1, holders: 1, placing: 1 }).lean())!;
  const seated = stored.filter((b) => b.status === 'confirmed' || b.status === 'held').map((b) => String(b._id)).sort();
  return {
    bookings: BOOKINGS, seats: SEATS, seconds: r.elapsedMs / 1000, statuses: r.statuses, failures: r.failures,
    confirmed: count('confirmed'), held: count('held'), waitlisted: count('waitlisted'), other: stored.length - count('confirmed') - count('held') - count('waitlisted'),
    distinctPlaces: new Set(stored.filter((b) => b.status === 'waitlisted').map((b) => b.waitlistPosition)).size,
    seatsLeft: s.seatsLeft, holdersMatch: JSON.stringify([...s.holders].sort()) === JSON.stringify(seated), placingLeft: s.placing.length,
  };
}

// ---------------------------------------------------------------- the query shapes

async function shapeTable(file: string): Promise<{ text: string; served: number; total: number } | null> {
  // server/src/db/queryShapes.ts (point 5 of issue 10): the shapes this run sent and the indexes serving them.
  let mod: typeof import('../../server/src/db/queryShapes');
  try { mod = await import('../../server/src/db/queryShapes'); } catch { return null; }
  const { shapes, indexes } = mod.readRecording(file);
  if (!shapes.length) return null;
  const rows = mod.coverage(shapes, indexes);
  return { text: mod.formatShapeTable(rows), served: rows.filter((r) => r.served).length, total: rows.length };
}

/** Starts recording the query shapes and indexes a client sends (server/src/db/queryShapes.ts); returns "stop". */
type ShapeRecorder = (client: MongoClient) => () => void;
async function shapeRecorder(file: string): Promise<ShapeRecorder> {
  try {
    const mod = await import('../../server/src/db/queryShapes');
    return (client) => mod.recordQueryShapes(client, mod.appendTo(file));
  } catch {
    return () => () => undefined;
  }
}

// ---------------------------------------------------------------- report

function dirSize(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => {
    const p = path.join(dir, e.name);
    return n + (e.isDirectory() ? dirSize(p) : fs.statSync(p).size);
  }, 0);
}

function weappSizes(): Record<string, number> | null {
  const weapp = path.join(PROJECT_ROOT, 'miniprogram', 'dist', 'weapp');
  if (!fs.existsSync(weapp)) return null;
  const pkgs = path.join(weapp, 'packages');
  const out: Record<string, number> = {};
  const sub = fs.existsSync(pkgs) ? dirSize(pkgs) : 0;
  out.main = dirSize(weapp) - sub;
  for (const p of fs.existsSync(pkgs) ? fs.readdirSync(pkgs) : []) out[`packages/${p}`] = dirSize(path.join(pkgs, p));
  return out;
}

const ms = (x: number | undefined | null) => (x == null || Number.isNaN(x) ? '-' : x >= 100 ? fmt(x) : fmt(x, 1));
const mark = (ok: boolean) => (ok ? '✓' : '✗');

function table(head: string[], rows: string[][], right = new Set<number>()): string {
  const width = head.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...r[i]].length)));
  const cell = (v: string, i: number) => (right.has(i) ? v.padStart(width[i]) : v.padEnd(width[i]));
  return [head.map(cell).join('  '), width.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => r.map(cell).join('  ').trimEnd())].join('\n');
}

async function main() {
  const started = Date.now();
  const loadAtStart = os.loadavg();
  if (!SCALES.length) throw new Error('BENCH_SCALES: give one or more workshop counts, e.g. 2000,20000');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xzf-bench-'));
  const shapesFile = path.join(dataDir, 'query-shapes.jsonl');
  // Recorded here, around the recorded phases only (not during the loads): not through QUERY_SHAPES_FILE.
  delete process.env.QUERY_SHAPES_FILE;
  const embedded = process.env.MONGODB_URI ? null : await startFerretDb({ dataDir });
  const uri = process.env.MONGODB_URI ?? embedded!.uri;
  const record = await shapeRecorder(shapesFile);
  const scales: ScaleReport[] = [];
  let writes: Awaited<ReturnType<typeof benchWrites>> | null = null;
  let kind = 'ferretdb';
  let poolSize = 1;
  try {
    { const probe = await connectDb(uri, 'bench_probe', { poolSize: num('DB_POOL_SIZE', 20) }); kind = probe.kind; poolSize = probe.poolSize; await probe.close(); }
    log(`npm run bench: scales ${SCALES.map((s) => fmt(s)).join(', ')} on ${kind} (pool ${poolSize}); ${CONCURRENCY} clients, ≤ ${fmt(MAX_REQUESTS)} requests or ${MAX_SECONDS} s per read; budget ${fmt(BUDGET_MS)} ms a request`);
    for (const scale of SCALES) scales.push(await benchScale(uri, scale, record));
    if (BURST > 0 || RACE > 0 || BOOKINGS > 0) writes = await benchWrites(uri, record);
  } catch (e) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  } finally {
    await mongoose.disconnect().catch(() => undefined);
    await embedded?.stop();
  }
  const shapes = await shapeTable(shapesFile);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const totalSeconds = (Date.now() - started) / 1000;

  // ---- growth: p95 at the largest scale ÷ p95 at the smallest, per read
  const small = scales[0];
  const large = scales[scales.length - 1];
  const growth = scales.length > 1
    ? small.reads.map((r) => {
        const big = large.reads.find((x) => x.read === r.read)!;
        const value = r.api && big.api ? big.api.p95 / r.api.p95 : null;
        return { read: r.read, from: small.scale, to: large.scale, p95From: r.api?.p95 ?? null, p95To: big.api?.p95 ?? null, growth: value, overBudget: !!(r.overBudget || big.overBudget) };
      })
    : [];

  // ---- print
  const out: string[] = [];
  out.push(`\nBenchmark ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${kind} (driver pool ${poolSize}) · Node ${process.version} · ${os.cpus().length} CPU ${os.cpus()[0]?.model ?? ''} · ${fmt(os.totalmem() / 2 ** 30)} GB · load average at start ${loadAtStart.map((x) => x.toFixed(1)).join(' ')}, at end ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  out.push(`Whole run ${fmt(totalSeconds / 60, 1)} min. Reads: ${CONCURRENCY} concurrent clients, ≤ ${fmt(MAX_REQUESTS)} requests or ${MAX_SECONDS} s each; bare = node:http + mongodb driver replaying the API's own commands (same pool).`);
  out.push('');
  out.push(table(['seed', 'documents', 'seconds', 'docs/s', 'search index load'], scales.map((s) => [`${fmt(s.scale)} workshops`, fmt(s.seed.docs), fmt(s.seed.ms / 1000, 1), fmt(s.seed.docsPerSec), s.searchIndexLoadMs == null ? '-' : `${ms(s.searchIndexLoadMs)} ms`]), new Set([1, 2, 3, 4])));
  out.push('');
  out.push(table(['one findOne({_id}), raw driver', ...scales.map((s) => `docs @${fmt(s.scale)}`), ...scales.map((s) => `MB @${fmt(s.scale)}`), ...scales.map((s) => `ms @${fmt(s.scale)}`)],
    scales[0].lookups.map((l, i) => [l.collection, ...scales.map((s) => (s.lookups[i].documents == null ? '-' : fmt(s.lookups[i].documents!))), ...scales.map((s) => (s.lookups[i].megabytes == null ? '-' : fmt(s.lookups[i].megabytes!, 1))), ...scales.map((s) => ms(s.lookups[i].msById))]),
    new Set(Array.from({ length: scales.length * 3 }, (_, i) => i + 1))));
  out.push('');
  const rows: string[][] = [];
  for (const s of scales) {
    for (const r of s.reads) {
      if (r.overBudget) { rows.push([fmt(s.scale), r.read, `OVER BUDGET: one request ${ms(r.overBudget.ms)} ms${r.overBudget.status !== 200 ? ` (status ${r.overBudget.status || 'none'})` : ''}`, '', '', '', '', '', '', '', '', '', '']); continue; }
      const a = r.api!; const b = r.bare!;
      rows.push([fmt(s.scale), r.read, fmt(a.rps, 1), ms(a.p50), ms(a.p95), ms(a.p99), String(a.errors), fmt(b.rps, 1), ms(b.p50), ms(b.p95), ms(b.p99), r.ratio == null ? '-' : `${r.ratio.toFixed(2)} ${mark(r.ratio >= 0.6)}`, a.p95 <= P95_TARGET_MS ? '≤300 ✓' : '>300']);
    }
  }
  out.push(table(['scale', 'read', 'API rps', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'bare rps', 'p50', 'p95', 'p99', 'ratio ≥0.6', 'p95'], rows, new Set([0, 2, 3, 4, 5, 6, 7, 8, 9, 10])));
  if (growth.length) {
    out.push('');
    out.push(table([`growth of API p95, ${fmt(small.scale)} → ${fmt(large.scale)}`, `p95 at ${fmt(small.scale)}`, `p95 at ${fmt(large.scale)}`, 'growth ≤1.5'], growth.map((g) => [
      g.read, ms(g.p95From), ms(g.p95To), g.overBudget ? 'over budget' : g.growth == null ? '-' : `${g.growth.toFixed(2)}× ${mark(g.growth <= 1.5)}`,
    ]), new Set([1, 2, 3])));
  }
  if (writes) {
    const w = writes.burst;
    out.push('');
    out.push(`Tip-off burst (${fmt(WRITES_WORKSHOPS)}-workshop database): ${fmt(w.submissions)} submissions with a photo from ${w.clients} clients about ${w.places} places in ${fmt(w.seconds, 1)} s (${fmt(w.perSecond, 1)}/s, p50 ${ms(w.p50)} ms, p95 ${ms(w.p95)} ms)`);
    out.push(`  acknowledged ${fmt(w.acknowledged)} = stored ${fmt(w.storedAcknowledged)} ${mark(w.acknowledged === w.storedAcknowledged && w.stored === w.acknowledged)}` +
      ` (stored in all ${fmt(w.stored)}) · errors ${w.errors} ${mark(w.errors === 0)} · not sent in ${BURST_SECONDS} s ${w.notSent}` +
      ` · duplicate cases for distinct places ${w.duplicateCases} ${mark(w.duplicateCases === 0)} · report counts short ${w.countMismatches} · owed steps left ${w.stuck}`);
    for (const e of w.errorSamples) out.push(`  error: ${e}`);
    const r = writes.race;
    out.push(`Approval race: ${r.approvals} concurrent approvals of one application in ${fmt(r.seconds, 1)} s: ${r.ok} approved, ${r.conflicts} × 409` +
      `${Object.keys(r.other).length ? `, other ${JSON.stringify(r.other)}` : ''}${r.failures ? `, ${r.failures} no answer` : ''} · certificates ${r.certificates} ${mark(r.certificates === 1)} (${r.certificateNumber ?? 'none'}) · workshops ${r.workshops} ${mark(r.workshops === 1)} · certificate numbers taken ${r.numbersTaken}`);
  }
  const b = writes?.booking;
  if (b) {
    const seated = b.confirmed + b.held;
    out.push(`Booking race: ${fmt(b.bookings)} owners booked a ${b.seats}-seat session at once in ${fmt(b.seconds, 1)} s (answers ${JSON.stringify(b.statuses)}${b.failures ? `, ${b.failures} no answer` : ''}):` +
      ` confirmed or held ${seated} ${mark(seated === b.seats)} · waitlisted ${fmt(b.waitlisted)} in ${fmt(b.distinctPlaces)} distinct places ${mark(b.waitlisted === b.bookings - b.seats && b.distinctPlaces === b.waitlisted)}` +
      ` · seats left ${b.seatsLeft} · holders = seated bookings ${mark(b.holdersMatch)} · placements left ${b.placingLeft}`);
  }
  out.push('');
  if (shapes) {
    out.push(`Query shapes this run sent and the declared index that serves each on MongoDB (${shapes.served}/${shapes.total} served):`);
    out.push(shapes.text);
  } else {
    out.push('Query shapes: none recorded (server/src/db/queryShapes.ts missing or recording off).');
  }
  const weapp = weappSizes();
  if (weapp) {
    out.push('');
    out.push(`weapp size as a share of WeChat's 2 MB a package: ${Object.entries(weapp).map(([k, v]) => `${k} ${((v / (2 * 1024 * 1024)) * 100).toFixed(1)}%`).join(' · ')}`);
  }
  console.log(out.join('\n'));

  const within = (s: ScaleReport) => s.reads.filter((r) => r.api && r.api.p95 <= P95_TARGET_MS).map((r) => r.read);
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify({
    at: new Date().toISOString(), totalSeconds,
    machine: { loadAverageAtStart: loadAtStart, loadAverageAtEnd: os.loadavg(), node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? null, memGb: os.totalmem() / 2 ** 30, platform: `${os.platform()} ${os.release()}` },
    database: { kind, poolSize },
    settings: { scales: SCALES, concurrency: CONCURRENCY, maxRequests: MAX_REQUESTS, maxSeconds: MAX_SECONDS, budgetMs: BUDGET_MS, timeoutMs: TIMEOUT_MS, samples: SAMPLES, seed: SEED, burst: BURST, burstClients: BURST_CLIENTS, burstPlaces: BURST_PLACES, race: RACE, writesWorkshops: WRITES_WORKSHOPS, bookings: BOOKINGS, seats: SEATS },
    targets: { ratio: 0.6, growth: 1.5, p95Ms: P95_TARGET_MS },
    scales: scales.map((s) => ({ ...s, within300msP95: within(s) })),
    growth, writes, queryShapes: shapes ? { served: shapes.served, total: shapes.total, table: shapes.text } : null, weapp,
  }, null, 2)}\n`);
  log(`\nwrote ${path.relative(process.cwd(), RESULTS_FILE)}`);
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
