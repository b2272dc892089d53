// The crash test (issue 10, point 4): commands that touch several documents survive a crash at any line.
//
// It starts the embedded FerretDB on a temporary directory and the real server as a child process, prepares
// applications and workshops through the API, then, per round, lets many concurrent clients submit tip-offs
// (anonymous and named, several at the same places), record inspections and approve registrations while
// it kills something with SIGKILL at a random moment:
//   - round "server": the server process; it is started again on the same database;
//   - round "database": the FerretDB process; it is started again on the same data directory and port,
//     the running server must serve again by itself, and it is then restarted as well.
// It then waits until the recovery job (owed.recover) has finished every owed step and checks, on the
// stored documents: every request answered 2xx is there with what it created; no registration is approved
// without its certificate and workshop file; no document still owes steps; every tip-off case counts
// exactly the reports that point to it, and one place has one case; the server serves /api/v1/health.
// Requests that failed during the outage are allowed; acknowledged ones must be stored.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { freePort, startFerretDb, type EmbeddedDb } from '../../server/src/db/ferretdb';
import { startWechatFake, type WechatFake } from '../../server/src/fakes/wechat';
import { CHECKLIST_ITEMS } from '../../shared/src/domain/categories';

type MongoDb = mongoose.mongo.Db;
const { MongoClient, ObjectId } = mongoose.mongo;

const ROOT = path.resolve(__dirname, '..', '..');
const SERVER_ENTRY = path.join(__dirname, 'server.ts');
const REGION = '450203001'; // 柳州市鱼峰区, a real village-level code
const COUNTY = '450203';
const DB_NAME = 'crash';

export type RoundKind = 'server' | 'database';

export interface CrashOptions {
  /** Concurrent clients during the workload. */
  clients: number;
  /** Per round: tip-off submissions, inspections, approvals (each a distinct prepared application). */
  tipoffs: number;
  inspections: number;
  approvals: number;
  /** Workshops registered in the preparation (the inspections' targets). */
  workshops: number;
  /** Distinct tip-off places (~1 km apart): several reports per place. */
  places: number;
  rounds: RoundKind[];
  seed: number;
  /** Longest wait for the recovery job to finish every owed step. */
  recoveryLimitMs: number;
  /** Longest workload of a round. */
  workloadLimitMs: number;
  /** Keep the server log (and print its path) even when nothing failed. */
  keepLog?: boolean;
  log: (line: string) => void;
}

export const FULL: Omit<CrashOptions, 'seed' | 'log'> = {
  clients: 100, tipoffs: 150, inspections: 80, approvals: 25, workshops: 10, places: 15, rounds: ['server', 'database'],
  recoveryLimitMs: 90_000, workloadLimitMs: 180_000,
};

export interface RoundResult {
  kind: RoundKind;
  seed: number;
  sent: number;
  acknowledged: { tipoff: number; inspection: number; approval: number };
  /** Answered with a status other than 2xx before the kill (should be 0), and samples of them. */
  failedBeforeKill: number;
  failureSamples: string[];
  /** Failed (network error or non-2xx) from the kill on: allowed. */
  failedAfterKill: number;
  killedAfterAcks: number;
  killedAtMs: number;
  /** Documents (and steps) still owed just after the crash, before recovery. */
  owedAtCrash: { docs: number; steps: number };
  /** The recovery job's lease was held (by the killed server, or one cut off from the database) at the crash. */
  recoveryLeaseHeld: boolean;
  /** Only in the database round: the running server served again without being restarted. */
  servedWithoutRestart: boolean | null;
  recoveryMs: number | null;
  found: { tipoff: number; inspection: number; approval: number };
  /** Whole database, after recovery. */
  approvedRegistrations: number;
  certificates: number;
  workshops: number;
  tipoffs: number;
  cases: number;
  stuck: number;
  healthy: boolean;
  /** Documents whose owed steps the recovery job reported finished (server log, since the previous round). */
  recoveredByJob: number;
  violations: string[];
}

export interface CrashResult {
  rounds: RoundResult[];
  violations: string[];
  prepMs: number;
  totalMs: number;
  logFile: string;
}

// --- small tools ------------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A seeded PRNG (mulberry32): the same seed gives the same workload and kill point. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(list: T[], rand: () => number): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

const shanghaiDate = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d);

interface Res { status: number; body: any } // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(base: string, method: string, p: string, opts: { json?: unknown; form?: FormData; token?: string; headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<Res> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.json !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${base}/api/v1${p}`, {
    method, headers, body: opts.form ?? (opts.json !== undefined ? JSON.stringify(opts.json) : undefined),
    signal: AbortSignal.timeout(opts.timeoutMs ?? 90_000),
  });
  const text = await res.text();
  let body: unknown = text;
  try { body = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, body };
}

async function must(what: string, p: Promise<Res>, ok = [200, 201]): Promise<Res> {
  const r = await p;
  if (!ok.includes(r.status)) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  return r;
}

/** Runs `fn` over `items`, `n` at a time. */
async function pool<T, R>(items: T[], n: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }));
  return out;
}

const checklist = (failed: string[] = []) => CHECKLIST_ITEMS.map((i) => ({ code: i.code, result: failed.includes(i.code) ? 'fail' : 'pass' }));

// --- the server as a child process ------------------------------------------------------------------

class ServerProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  starts = 0;

  constructor(private readonly env: NodeJS.ProcessEnv, private readonly logFile: string) {}

  async start(): Promise<void> {
    const log = fs.createWriteStream(this.logFile, { flags: 'a' });
    log.write(`\n=== server start ${++this.starts} at ${new Date().toISOString()} ===\n`);
    const child = spawn(process.execPath, ['--import', 'tsx', SERVER_ENTRY], { cwd: ROOT, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.exited = new Promise((r) => child.once('exit', () => { log.end(); r(); }));
    let tail = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start within 90 s:\n${tail}`)), 90_000);
      let buf = '';
      child.stdout!.on('data', (b: Buffer) => {
        log.write(b);
        tail = (tail + b.toString()).slice(-3000);
        buf += b.toString();
        if (buf.includes('CRASH_SERVER_READY')) { clearTimeout(timer); resolve(); buf = ''; }
        if (buf.length > 10_000) buf = buf.slice(-100);
      });
      child.stderr!.on('data', (b: Buffer) => { log.write(b); tail = (tail + b.toString()).slice(-3000); });
      child.once('exit', (code, signal) => { clearTimeout(timer); reject(new Error(`server exited (${code ?? signal}) while starting:\n${tail}`)); });
    });
  }

  /** SIGKILL: no shutdown code runs. */
  async kill9(): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM (graceful stop), SIGKILL after 15 s. */
  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode) return;
    const child = this.child;
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.kill('SIGTERM');
    await this.exited;
    clearTimeout(timer);
  }
}

/** Owed steps the recovery job reported finished, from the server's log lines ("owed steps recovered"). */
function recoveredInLog(logFile: string): number {
  if (!fs.existsSync(logFile)) return 0;
  let n = 0;
  for (const line of fs.readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.includes('owed steps recovered')) continue;
    try { n += Number(JSON.parse(line).finished) || 0; } catch { /* a line cut by SIGKILL */ }
  }
  return n;
}

// --- preparation through the API ---------------------------------------------------------------------

interface Actor { token: string; id: string }
interface Prepared {
  inspectors: Actor[];
  citizens: Actor[];
  /** Applications whose site check passed, ready for approval, per round. */
  ready: string[][];
  /** Registered workshops (ids), made by approvals in the preparation. */
  workshops: string[];
}

async function login(base: string, role: string, name: string, region?: string): Promise<Actor> {
  const r = await must(`login ${role} ${name}`, call(base, 'POST', '/auth/dev', { json: { role, name, ...(region ? { region } : {}) } }));
  return { token: r.body.token, id: r.body.user.id };
}

async function prepare(base: string, opts: CrashOptions): Promise<Prepared> {
  const sharp = (await import('sharp')).default;
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 180, b: 120 } } }).jpeg().toBuffer();
  const inspectors = await pool(Array.from({ length: 6 }, (_, i) => i), 6, (i) => login(base, 'inspector', `核查员${i + 1}`, COUNTY));
  const citizens = await pool(Array.from({ length: 10 }, (_, i) => i), 10, (i) => login(base, 'citizen', `举报人${i + 1}`));
  const total = opts.workshops + opts.approvals * opts.rounds.length;

  const one = async (i: number): Promise<string> => {
    const owner = await login(base, 'owner', `业主${i + 1}`);
    const form = new FormData();
    form.append('purpose', 'registration');
    form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'premises.jpg');
    const photo = (await must('upload', call(base, 'POST', '/files', { form, token: owner.token }))).body.data.id as string;
    const name = `鱼峰第${i + 1}号米粉作坊`;
    const created = await must('create', call(base, 'POST', '/registrations', {
      token: owner.token,
      json: {
        applicant: { name: '李秀英', phone: '13812345678', idNumber: '45020319800101128X' },
        workshop: { name, region: REGION, address: `柳州市鱼峰区柳石路${100 + i}号`, categories: ['rice_flour'] },
        products: ['螺蛳粉', '米粉'],
        premises: { photos: [photo], floorPlan: null, area: 60, water: '市政自来水' },
        equipment: [{ name: '米粉机', quantity: 1 }],
        staff: [{ name: '李秀英', healthCertNo: `JK2026${String(i).padStart(4, '0')}`, healthCertExpiry: '2027-06-30' }],
        commitment: { signed: true, signatureName: '李秀英' },
        licence: { businessName: `柳州市鱼峰区${name}`, operatorName: '李秀英', form: 'individual', scope: '食品小作坊生产（米面制品）' },
      },
    }), [201]);
    const id = created.body.data.id as string;
    await must('submit', call(base, 'POST', `/registrations/${id}/submit`, { token: owner.token }));
    const [a, b] = [inspectors[i % inspectors.length], inspectors[(i + 1) % inspectors.length]];
    await must('accept', call(base, 'POST', `/registrations/${id}/accept`, { token: a.token }));
    await must('schedule', call(base, 'POST', `/registrations/${id}/schedule-site-check`, { token: a.token, json: { inspectorIds: [a.id, b.id], date: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10) } })); // today: a result is recorded on or after the scheduled day
    await must('site check', call(base, 'POST', `/registrations/${id}/site-check-result`, { token: b.token, json: { items: checklist(), passed: true, note: '场所整洁' } }));
    return id;
  };
  const ids = await pool(Array.from({ length: total }, (_, i) => i), 16, one);
  const workshopApps = ids.slice(0, opts.workshops);
  const workshops = await pool(workshopApps, 8, async (id, i) => {
    const r = await must('approve (preparation)', call(base, 'POST', `/registrations/${id}/approve`, { token: inspectors[i % inspectors.length].token, json: {} }));
    return r.body.data.workshop.id as string;
  });
  const ready = opts.rounds.map((_, k) => ids.slice(opts.workshops + k * opts.approvals, opts.workshops + (k + 1) * opts.approvals));
  return { inspectors, citizens, ready, workshops };
}

// --- the workload -----------------------------------------------------------------------------------

type Op =
  | { kind: 'tipoff'; place: number; named: boolean; n: number }
  | { kind: 'inspection'; workshop: string; rectify: boolean }
  | { kind: 'approval'; registration: string };

interface Ack {
  kind: Op['kind'];
  /** tipoff: receipt code; inspection: id; approval: registration id */
  key: string;
  place?: number;
  named?: boolean;
  clientId?: string;
  certificateNumber?: string;
  workshopId?: string;
}

const placeOf = (p: number) => ({ lat: 24.3005 + p * 0.01, lng: 109.4205 + (p % 5) * 0.01 });

async function runOp(base: string, op: Op, client: number, prep: Prepared, rand: () => number): Promise<{ res: Res; ack?: Ack }> {
  if (op.kind === 'tipoff') {
    const citizen = prep.citizens[client % prep.citizens.length];
    const res = await call(base, 'POST', '/tipoffs', {
      token: op.named ? citizen.token : undefined,
      headers: { 'X-Device-Id': `crash-client-${client}` },
      json: {
        kind: 'unlicensed', region: REGION, location: placeOf(op.place), address: `柳州市鱼峰区第${op.place + 1}号地块`,
        description: `无证生产米粉，卫生条件差（第${op.n}次反映，${randomUUID().slice(0, 8)}）`,
        anonymous: !op.named, ...(op.named ? { reporter: { name: '张三', phone: '13800138000' } } : {}), consent: true,
      },
    });
    return { res, ack: res.status === 201 ? { kind: 'tipoff', key: res.body.receiptCode, place: op.place, named: op.named } : undefined };
  }
  const inspector = prep.inspectors[Math.floor(rand() * prep.inspectors.length)];
  if (op.kind === 'inspection') {
    const clientId = randomUUID();
    const deadline = shanghaiDate(new Date(Date.now() + 10 * 86_400_000));
    const res = await call(base, 'POST', '/inspections', {
      token: inspector.token,
      json: op.rectify
        ? { clientId, workshopId: op.workshop, items: checklist(['cleanliness']), result: 'rectify', rectificationDeadline: deadline, note: '地面有积水' }
        : { clientId, workshopId: op.workshop, items: checklist(), result: 'none' },
    });
    return { res, ack: res.status === 201 ? { kind: 'inspection', key: res.body.data.id, clientId } : undefined };
  }
  const res = await call(base, 'POST', `/registrations/${op.registration}/approve`, { token: inspector.token, json: {} });
  return {
    res,
    ack: res.status === 200 ? { kind: 'approval', key: op.registration, certificateNumber: res.body.data.certificateNumber, workshopId: res.body.data.workshop?.id } : undefined,
  };
}

interface Workload {
  sent: number;
  acks: Ack[];
  failedBeforeKill: number;
  failureSamples: string[];
  failedAfterKill: number;
  killedAfterAcks: number;
  killedAtMs: number;
}

/**
 * `clients` concurrent clients take operations from one shuffled queue; when the acknowledged count
 * reaches a random point between 30 % and 70 % of the queue, and each kind of operation in the queue has
 * been acknowledged at least once (approvals are slower than tip-offs: a kill before any of them would
 * test nothing of theirs), `kill` runs and no new request starts.
 * Resolves when every request in flight has ended.
 */
async function workload(base: string, ops: Op[], prep: Prepared, opts: CrashOptions, rand: () => number, kill: () => Promise<void>): Promise<Workload> {
  const target = Math.max(1, Math.floor(ops.length * (0.3 + 0.4 * rand())));
  const kinds = new Set(ops.map((o) => o.kind));
  const ackedKinds = new Set<string>();
  const w: Workload = { sent: 0, acks: [], failedBeforeKill: 0, failureSamples: [], failedAfterKill: 0, killedAfterAcks: -1, killedAtMs: -1 };
  const started = Date.now();
  let next = 0;
  let killed: Promise<void> | null = null;
  const trigger = () => {
    if (killed) return;
    w.killedAfterAcks = w.acks.length;
    w.killedAtMs = Date.now() - started;
    killed = kill();
  };
  const clients = Array.from({ length: opts.clients }, async (_, c) => {
    while (!killed && next < ops.length && Date.now() - started < opts.workloadLimitMs) {
      const op = ops[next++];
      w.sent++;
      const before = !killed;
      try {
        const { res, ack } = await runOp(base, op, c, prep, rand);
        if (ack) {
          w.acks.push(ack);
          ackedKinds.add(ack.kind);
          if (w.acks.length >= target && ackedKinds.size === kinds.size) trigger();
        } else if (before && !killed) {
          w.failedBeforeKill++;
          if (w.failureSamples.length < 5) w.failureSamples.push(`${op.kind} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        } else {
          w.failedAfterKill++;
        }
      } catch (e) {
        if (before && !killed) {
          w.failedBeforeKill++;
          if (w.failureSamples.length < 5) w.failureSamples.push(`${op.kind} → ${(e as Error).message} ${String((e as { cause?: unknown }).cause ?? '')}`);
        } else {
          w.failedAfterKill++;
        }
      }
    }
  });
  await Promise.all(clients);
  trigger(); // the queue ran out (or the time limit) before the kill point: kill now
  await killed;
  return w;
}

function planOps(prep: Prepared, round: number, opts: CrashOptions, rand: () => number): Op[] {
  const ops: Op[] = [];
  for (let n = 0; n < opts.tipoffs; n++) ops.push({ kind: 'tipoff', place: Math.floor(rand() * opts.places), named: rand() < 0.2, n });
  for (let n = 0; n < opts.inspections; n++) ops.push({ kind: 'inspection', workshop: prep.workshops[Math.floor(rand() * prep.workshops.length)], rectify: rand() < 0.3 });
  for (const registration of prep.ready[round]) ops.push({ kind: 'approval', registration });
  return shuffle(ops, rand);
}

// --- checks on the stored documents ------------------------------------------------------------------

/** Documents in any collection that still owe steps. */
async function owedNow(db: MongoDb, olderThanMs = 0): Promise<{ docs: number; steps: number; where: Record<string, number> }> {
  const cutoff = new Date(Date.now() - olderThanMs);
  let docs = 0;
  let steps = 0;
  const where: Record<string, number> = {};
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    const list = await db.collection(name).find({ $or: [{ owedAt: { $ne: null, $lte: cutoff } }, { 'owed.0': { $exists: true } }] }, { projection: { owed: 1 } }).toArray();
    if (!list.length) continue;
    where[name] = list.length;
    docs += list.length;
    steps += list.reduce((n, d) => n + ((d.owed as string[] | undefined)?.length ?? 0), 0);
  }
  return { docs, steps, where };
}

async function healthy(base: string, limitMs: number): Promise<boolean> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    try {
      const r = await call(base, 'GET', '/health', { timeoutMs: 5_000 });
      if (r.status === 200 && r.body?.ok === true) return true;
    } catch { /* not yet */ }
    await sleep(250);
  }
  return false;
}

interface Checked {
  found: RoundResult['found'];
  approvedRegistrations: number;
  certificates: number;
  workshops: number;
  tipoffs: number;
  cases: number;
  stuck: number;
  violations: string[];
}

async function check(db: MongoDb, acks: Ack[]): Promise<Checked> {
  const v: string[] = [];
  const say = (s: string) => { if (v.length < 50) v.push(s); };
  const found = { tipoff: 0, inspection: 0, approval: 0 };

  // Tip-offs and their cases.
  const tipoffs = await db.collection('tipoffs').find({}, { projection: { receiptCode: 1, caseId: 1, anonymous: 1 } }).toArray();
  const cases = await db.collection('tipoff_cases').find({}, { projection: { reportCount: 1, reportIds: 1, status: 1, groupKey: 1 } }).toArray();
  const reporters = new Set((await db.collection('tipoff_reporters').find({}, { projection: { tipoffId: 1 } }).toArray()).map((r) => String(r.tipoffId)));
  const byCode = new Map(tipoffs.map((t) => [String(t.receiptCode), t]));
  const caseById = new Map(cases.map((c) => [String(c._id), c]));
  const reportsOf = new Map<string, string[]>();
  for (const t of tipoffs) {
    const list = reportsOf.get(String(t.caseId)) ?? [];
    list.push(String(t._id));
    reportsOf.set(String(t.caseId), list);
    if (!caseById.has(String(t.caseId))) say(`tip-off ${t.receiptCode} points to a missing case ${t.caseId}`);
  }
  for (const c of cases) {
    const reports = reportsOf.get(String(c._id)) ?? [];
    const counted = new Set((c.reportIds as string[] | undefined) ?? []);
    if (c.reportCount !== reports.length) say(`case ${c._id}: reportCount ${c.reportCount}, reports pointing to it ${reports.length}`);
    if (counted.size !== reports.length || reports.some((id) => !counted.has(id))) say(`case ${c._id}: reportIds differ from the reports pointing to it`);
  }
  const casesOfPlace = new Map<number, Set<string>>();
  for (const a of acks.filter((x) => x.kind === 'tipoff')) {
    const t = byCode.get(a.key);
    if (!t) { say(`acknowledged tip-off ${a.key} is not stored`); continue; }
    found.tipoff++;
    if (a.named && !reporters.has(String(t._id))) say(`named tip-off ${a.key} has no reporter record`);
    const set = casesOfPlace.get(a.place!) ?? new Set<string>();
    set.add(String(t.caseId));
    casesOfPlace.set(a.place!, set);
  }
  for (const [place, set] of casesOfPlace) if (set.size > 1) say(`place ${place + 1}: its reports are split over ${set.size} open cases`);

  // Inspections and their public records.
  const creditRefs = new Set((await db.collection('creditevents').find({}, { projection: { ref: 1 } }).toArray()).map((e) => String(e.ref)));
  const inspAcks = acks.filter((x) => x.kind === 'inspection');
  const inspections = await db.collection('inspections').find({ _id: { $in: inspAcks.map((a) => new ObjectId(a.key)) } }, { projection: { clientId: 1 } }).toArray();
  const inspById = new Map(inspections.map((i) => [String(i._id), i]));
  for (const a of inspAcks) {
    const i = inspById.get(a.key);
    if (!i) { say(`acknowledged inspection ${a.key} is not stored`); continue; }
    if (i.clientId !== a.clientId) { say(`inspection ${a.key}: clientId ${i.clientId}, sent ${a.clientId}`); continue; }
    found.inspection++;
    if (!creditRefs.has(`Inspection:${a.key}`)) say(`inspection ${a.key} has no public credit record`);
  }

  // Registrations: approved ones have their certificate (keyed by number) and workshop file.
  const regs = await db.collection('registrations').find({}, { projection: { status: 1, kind: 1, certificateNumber: 1, workshopId: 1 } }).toArray();
  const certs = await db.collection('certificates').find({}, { projection: { registrationId: 1, workshopId: 1 } }).toArray();
  const workshopIds = new Set((await db.collection('workshops').find({}, { projection: { _id: 1 } }).toArray()).map((w) => String(w._id)));
  const certById = new Map(certs.map((c) => [String(c._id), c]));
  const certsPerReg = new Map<string, number>();
  for (const c of certs) certsPerReg.set(String(c.registrationId), (certsPerReg.get(String(c.registrationId)) ?? 0) + 1);
  const approved = regs.filter((r) => r.status === 'approved');
  for (const r of approved) {
    const cert = r.certificateNumber ? certById.get(String(r.certificateNumber)) : null;
    if (!cert) say(`registration ${r._id} is approved without its certificate ${r.certificateNumber}`);
    else if (String(cert.registrationId) !== String(r._id)) say(`certificate ${r.certificateNumber} belongs to ${cert.registrationId}, not ${r._id}`);
    if (!r.workshopId || !workshopIds.has(String(r.workshopId))) say(`registration ${r._id} is approved without its workshop file ${r.workshopId}`);
    if (!creditRefs.has(`Registration:${String(r._id)}`)) say(`registration ${r._id} is approved without its public credit record`);
  }
  for (const [reg, n] of certsPerReg) if (n > 1) say(`registration ${reg} has ${n} certificates`);
  const regById = new Map(regs.map((r) => [String(r._id), r]));
  for (const a of acks.filter((x) => x.kind === 'approval')) {
    const r = regById.get(a.key);
    if (!r || r.status !== 'approved') { say(`acknowledged approval of ${a.key} is not stored (status ${r?.status})`); continue; }
    if (r.certificateNumber !== a.certificateNumber) { say(`approval of ${a.key}: certificate ${r.certificateNumber}, answered ${a.certificateNumber}`); continue; }
    found.approval++;
  }

  const owed = await owedNow(db);
  if (owed.docs) say(`documents still owe steps: ${JSON.stringify(owed.where)}`);
  return { found, approvedRegistrations: approved.length, certificates: certs.length, workshops: workshopIds.size, tipoffs: tipoffs.length, cases: cases.length, stuck: owed.docs, violations: v };
}

// --- the run ----------------------------------------------------------------------------------------

export async function runCrashTest(opts: CrashOptions): Promise<CrashResult> {
  const t0 = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xzf-crash-'));
  const dataDir = path.join(dir, 'db');
  const logFile = path.join(dir, 'server.log');
  let ferret: EmbeddedDb | null = null;
  let wechat: WechatFake | null = null;
  let server: ServerProcess | null = null;
  let client: mongoose.mongo.MongoClient | null = null;
  let failed = false;
  try {
    ferret = await startFerretDb({ dataDir });
    wechat = await startWechatFake();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH, HOME: process.env.HOME,
      NODE_ENV: 'development', HOST: '127.0.0.1', PORT: String(port),
      MONGODB_URI: ferret.uri, DB_NAME: DB_NAME, DEV_LOGIN: '1', JOBS: '1', JOBS_POLL_MS: '500', LOG_LEVEL: 'info',
      WECHAT_API_BASE: wechat.url, WECHAT_APPID: wechat.appId, WECHAT_SECRET: wechat.secret,
      RATE_LIMIT_IP_PER_MIN: '10000000', RATE_LIMIT_USER_PER_MIN: '10000000', TIPOFF_SUBMITS_PER_HOUR: '10000000', TIPOFF_UPLOADS_PER_HOUR: '10000000',
      SEARCH_REFRESH_MS: '0',
    };
    server = new ServerProcess(env, logFile);
    await server.start();
    client = new MongoClient(ferret.uri, { maxPoolSize: 1, serverSelectionTimeoutMS: 30_000 });
    await client.connect();
    const db = client.db(DB_NAME);

    opts.log(`preparing ${opts.workshops} workshops and ${opts.approvals * opts.rounds.length} applications through the API…`);
    const prep = await prepare(base, opts);
    const prepMs = Date.now() - t0;
    const rounds: RoundResult[] = [];

    for (const [k, kind] of opts.rounds.entries()) {
      const seed = (opts.seed + k * 7919) >>> 0;
      const recoveredBefore = recoveredInLog(logFile);
      const rand = prng(seed);
      const ops = planOps(prep, k, opts, rand);
      opts.log(`round ${k + 1} (${kind}): ${ops.length} requests from ${opts.clients} clients, kill -9 of the ${kind} at a random point (seed ${seed})…`);
      let restartFerret: Promise<void> = Promise.resolve();
      const w = await workload(base, ops, prep, opts, rand, async () => {
        if (kind === 'server') {
          await server!.kill9();
        } else {
          process.kill(ferret!.pid, 'SIGKILL');
          const { port: dbPort } = ferret!;
          // Started again on the same data directory and port after a short outage; the clients'
          // requests in flight meanwhile wait for it or fail.
          restartFerret = sleep(1000).then(async () => {
            for (let i = 0; ; i++) {
              try { ferret = await startFerretDb({ dataDir, port: dbPort }); return; } catch (e) { if (i >= 10) throw e; await sleep(500); }
            }
          });
        }
      });
      await restartFerret;
      let servedWithoutRestart: boolean | null = null;
      if (kind === 'database') {
        servedWithoutRestart = await healthy(base, 30_000);
      }
      const owedAtCrash = await owedNow(db);
      const lease = await db.collection('jobs').findOne({ name: 'owed.recover' });
      const recoveryLeaseHeld = !!lease?.lockedBy && new Date(lease.lockedUntil).getTime() > Date.now();
      opts.log(`  killed after ${w.killedAfterAcks} acknowledged (${(w.killedAtMs / 1000).toFixed(1)} s); ${owedAtCrash.docs} documents owe ${owedAtCrash.steps} steps`);
      if (kind === 'server') await server.start();
      else { await server.stop(); await server.start(); }

      // Recovery: the job finishes owed steps older than 5 s, every 10 s.
      const r0 = Date.now();
      let recoveryMs: number | null = null;
      while (Date.now() - r0 < opts.recoveryLimitMs) {
        if ((await owedNow(db)).docs === 0) { recoveryMs = Date.now() - r0; break; }
        await sleep(500);
      }
      const c = await check(db, w.acks);
      const isHealthy = await healthy(base, 10_000);
      const acknowledged = { tipoff: 0, inspection: 0, approval: 0 };
      for (const a of w.acks) acknowledged[a.kind]++;
      const violations = [...c.violations];
      if (recoveryMs === null) violations.unshift(`owed steps not finished within ${opts.recoveryLimitMs / 1000} s`);
      if (!isHealthy) violations.push('the server does not serve /api/v1/health');
      if (servedWithoutRestart === false) violations.push('after the database came back, the running server did not serve within 30 s');
      rounds.push({
        kind, seed, sent: w.sent, acknowledged, failedBeforeKill: w.failedBeforeKill, failureSamples: w.failureSamples, failedAfterKill: w.failedAfterKill,
        killedAfterAcks: w.killedAfterAcks, killedAtMs: w.killedAtMs, owedAtCrash: { docs: owedAtCrash.docs, steps: owedAtCrash.steps }, recoveryLeaseHeld, servedWithoutRestart,
        recoveryMs, found: c.found, approvedRegistrations: c.approvedRegistrations, certificates: c.certificates, workshops: c.workshops,
        tipoffs: c.tipoffs, cases: c.cases, stuck: c.stuck, healthy: isHealthy, recoveredByJob: recoveredInLog(logFile) - recoveredBefore, violations,
      });
      opts.log(`  recovered in ${recoveryMs === null ? '—' : `${(recoveryMs / 1000).toFixed(1)} s`}; ${violations.length} violations`);
    }
    const violations = rounds.flatMap((r) => r.violations.map((x) => `${r.kind}: ${x}`));
    failed = violations.length > 0;
    return { rounds, violations, prepMs, totalMs: Date.now() - t0, logFile };
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    await server?.stop().catch(() => undefined);
    await client?.close().catch(() => undefined);
    await (ferret as EmbeddedDb | null)?.stop().catch(() => undefined);
    await wechat?.close().catch(() => undefined);
    // Keep the server log of a failed run for the report; remove the database either way.
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (!failed && !opts.keepLog) fs.rmSync(dir, { recursive: true, force: true });
  }
}

// --- the report -------------------------------------------------------------------------------------

export function formatTable(r: CrashResult): string {
  const cols = r.rounds.map((x) => `kill -9 ${x.kind}`);
  const rows: [string, (x: RoundResult) => string | number][] = [
    ['requests sent', (x) => x.sent],
    ['acknowledged tip-offs', (x) => x.acknowledged.tipoff],
    ['  found', (x) => x.found.tipoff],
    ['acknowledged inspections', (x) => x.acknowledged.inspection],
    ['  found', (x) => x.found.inspection],
    ['acknowledged approvals', (x) => x.acknowledged.approval],
    ['  found (with certificate)', (x) => x.found.approval],
    ['failed before the kill', (x) => x.failedBeforeKill],
    ['failed from the kill on (allowed)', (x) => x.failedAfterKill],
    ['killed after acknowledged', (x) => `${x.killedAfterAcks} (${(x.killedAtMs / 1000).toFixed(1)} s)`],
    ['owed at crash: documents / steps', (x) => `${x.owedAtCrash.docs} / ${x.owedAtCrash.steps}`],
    ['recovery job lease held at crash', (x) => (x.recoveryLeaseHeld ? 'yes' : 'no')],
    ['running server served again', (x) => (x.servedWithoutRestart === null ? '—' : x.servedWithoutRestart ? 'yes' : 'NO')],
    ['documents finished by the recovery job', (x) => x.recoveredByJob],
    ['recovery time', (x) => (x.recoveryMs === null ? 'NOT DONE' : `${(x.recoveryMs / 1000).toFixed(1)} s`)],
    ['approved registrations (all)', (x) => x.approvedRegistrations],
    ['certificates (all)', (x) => x.certificates],
    ['workshops (all)', (x) => x.workshops],
    ['tip-offs / cases (all)', (x) => `${x.tipoffs} / ${x.cases}`],
    ['stuck (still owed)', (x) => x.stuck],
    ['serves /health', (x) => (x.healthy ? 'yes' : 'NO')],
    ['violations', (x) => x.violations.length],
  ];
  const w0 = Math.max(...rows.map(([l]) => l.length)) + 2;
  const w = cols.map((c) => Math.max(c.length, ...r.rounds.map((x) => String(rows.map(([, f]) => f(x)).reduce((a, b) => (String(b).length > String(a).length ? b : a), '')).length)) + 2);
  const line = (label: string, cells: string[]) => label.padEnd(w0) + cells.map((c, i) => c.padStart(w[i])).join('');
  return [line('', cols), ...rows.map(([label, f]) => line(label, r.rounds.map((x) => String(f(x)))))].join('\n');
}
