// Recurring jobs on the database, safe with several server instances.
//
// Why not agenda: agenda 6.2.6 ships no MongoDB code (storage is the separate @agendajs/mongo-backend
// package, not installed here) and is ESM-only, which jest's CommonJS runtime on Node 20 cannot load.
//
// Why not a lease taken with findOneAndUpdate: on FerretDB 1.24 (SQLite) an update is read-then-write
// without isolation (FerretDB/FerretDB#3040). Measured here: 4 connections racing a conditional
// findOneAndUpdate all "won" in 50 of 50 rounds, and 200 concurrent $inc left the counter at 62. What
// FerretDB does enforce is a unique index (an SQLite constraint). So a claim is an INSERT:
//
// - `jobs` holds one document per job: nextRunAt (the next scheduled run, its "slot"), last run, last error;
// - to run a due slot an instance inserts job_leases {_id: "<name>|<slot>|<attempt>", lockedUntil}. One
//   insert succeeds, the others get a duplicate-key error and skip. Attempt 0 is the normal claim;
//   attempt k+1 may be inserted only once lease k has expired (its holder died): the takeover;
// - when the run ends its holder inserts "<name>|<slot>|done". Only the instance whose done-insert
//   succeeds updates `jobs` (nextRunAt = first slot + k*everyMs after the start, lastRunAt, lastError), so a
//   holder that comes back after a takeover cannot overwrite the new holder's bookkeeping;
// - a failed run is recorded (lastError) and simply runs again at its next interval.
//
// The same code is correct on MongoDB. Leases compare each instance's own clock: keep clocks synchronised
// (NTP) and leaseMs well above both clock skew and the job's longest run; a run that outlives its lease may
// overlap with the takeover, so jobs should be idempotent.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import mongoose from 'mongoose';
import type { Logger } from 'pino';
import { JobModel } from '../models/Job';
import { JobLeaseModel } from '../models/JobLease';

export interface JobOptions {
  /** Interval between run starts. */
  everyMs: number;
  /** How long a claim lasts before another instance may take the job over; default 10 minutes. */
  leaseMs?: number;
  /** First run of a job never run before; default: at once. */
  firstRunAt?: Date;
}

export interface JobContext {
  name: string;
  startedAt: Date;
  instanceId: string;
}

export type JobHandler = (ctx: JobContext) => Promise<void>;

export interface JobRunnerOptions {
  /** Unique per process; default host:pid:random. */
  instanceId?: string;
  /** How often start() looks for due jobs; default 30 s. */
  pollMs?: number;
  /** Injected in tests to move time without waiting. */
  clock?: () => Date;
  log?: Pick<Logger, 'info' | 'warn' | 'error'>;
}

const FREE = new Date(0);
const DEFAULT_LEASE_MS = 10 * 60_000;
const MAX_ERROR_LENGTH = 2000;

interface Definition extends Required<Pick<JobOptions, 'everyMs' | 'leaseMs'>> {
  firstRunAt?: Date;
  handler: JobHandler;
}

export class JobRunner {
  readonly instanceId: string;
  private readonly pollMs: number;
  private readonly clock: () => Date;
  private readonly log?: JobRunnerOptions['log'];
  private readonly jobs = new Map<string, Definition>();
  private registered = false;
  private timer: NodeJS.Timeout | null = null;
  private active = false;
  private current: Promise<string[]> | null = null;

  constructor(opts: JobRunnerOptions = {}) {
    this.instanceId = opts.instanceId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.pollMs = opts.pollMs ?? 30_000;
    this.clock = opts.clock ?? (() => new Date());
    this.log = opts.log;
  }

  define(name: string, options: JobOptions, handler: JobHandler): this {
    if (this.jobs.has(name)) throw new Error(`job ${name} is already defined`);
    if (!(options.everyMs > 0)) throw new Error(`job ${name}: everyMs must be positive`);
    this.jobs.set(name, { everyMs: options.everyMs, leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS, firstRunAt: options.firstRunAt, handler });
    this.registered = false;
    return this;
  }

  /** Runs every job that is due and not held by another instance; returns the names it ran. */
  runDueOnce(): Promise<string[]> {
    // One pass at a time per runner: the poll timer and a direct call share the pass in flight.
    this.current ??= this.pass().finally(() => { this.current = null; });
    return this.current;
  }

  /** Polls every pollMs (with jitter, so instances started together do not poll in step). */
  start(): void {
    if (this.active) return;
    this.active = true;
    const tick = async () => {
      try {
        await this.runDueOnce();
      } catch (err) {
        this.log?.error({ err }, 'job poll failed');
      }
      if (this.active) this.schedule(tick, this.pollMs);
    };
    this.schedule(tick, Math.min(1000, this.pollMs));
  }

  /** Stops polling and waits for the run in progress, so shutdown does not cut a job in half. */
  async stop(): Promise<void> {
    this.active = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.current?.catch(() => undefined);
  }

  private schedule(fn: () => void, ms: number) {
    this.timer = setTimeout(fn, ms + Math.floor(Math.random() * Math.min(1000, ms / 5)));
    this.timer.unref();
  }

  private async pass(): Promise<string[]> {
    await this.register();
    const ran: string[] = [];
    for (const [name, def] of this.jobs) {
      const claim = await this.claim(name, def);
      if (!claim) continue;
      ran.push(name);
      await this.execute(name, def, claim);
    }
    return ran;
  }

  // Creates the job documents on first use: insert only (an update here could overwrite a concurrent run's
  // bookkeeping on FerretDB). Two instances inserting at once: the unique name lets one win.
  private async register(): Promise<void> {
    if (this.registered) return;
    await Promise.all([JobModel.createIndexes(), JobLeaseModel.createIndexes()]);
    const now = this.clock();
    for (const [name, def] of this.jobs) {
      try {
        await JobModel.create({ name, everyMs: def.everyMs, nextRunAt: def.firstRunAt ?? now, lockedBy: null, lockedUntil: FREE });
      } catch (e) {
        if (!isDuplicate(e)) throw e;
      }
    }
    this.registered = true;
  }

  private async claim(name: string, def: Definition): Promise<Claim | null> {
    const now = this.clock();
    const job = await JobModel.findOne({ name }).lean();
    if (!job || job.nextRunAt > now) return null;
    const slot = job.nextRunAt;
    const leases = await JobLeaseModel.find({ name, slot }).lean();
    const done = leases.find((l) => l.done);
    if (done) {
      // The run finished but its holder died before moving the schedule on: do it for them. Everyone who
      // repairs computes the same value from the done marker, so concurrent repairs agree.
      await JobModel.updateOne({ name, nextRunAt: slot }, { $set: { nextRunAt: nextSlot(slot, def.everyMs, done.startedAt), lockedBy: null, lockedUntil: FREE } });
      return null;
    }
    const latest = leases.reduce<(typeof leases)[number] | null>((a, l) => (a && a.attempt! >= l.attempt! ? a : l), null);
    if (latest && latest.lockedUntil! >= now) return null; // held, lease still valid
    const attempt = latest ? latest.attempt! + 1 : 0;
    const lockedUntil = new Date(now.getTime() + def.leaseMs);
    try {
      await JobLeaseModel.create({ _id: leaseId(name, slot, attempt), name, slot, attempt, by: this.instanceId, lockedUntil, startedAt: now });
    } catch (e) {
      if (isDuplicate(e)) return null; // another instance won this slot
      throw e;
    }
    if (attempt > 0) {
      this.log?.warn({ job: name, slot, attempt, previous: latest!.by }, 'job lease expired; taking the run over');
      // The previous holder may have finished between our read and our insert.
      if (await JobLeaseModel.exists({ _id: leaseId(name, slot, 'done') })) return null;
    }
    await JobModel.updateOne({ name }, { $set: { lockedBy: this.instanceId, lockedUntil, lastStartedAt: now } });
    return { slot, attempt, startedAt: now };
  }

  private async execute(name: string, def: Definition, claim: Claim): Promise<void> {
    let error: string | null = null;
    try {
      await def.handler({ name, startedAt: claim.startedAt, instanceId: this.instanceId });
    } catch (err) {
      error = (err instanceof Error ? err.stack ?? err.message : String(err)).slice(0, MAX_ERROR_LENGTH);
      this.log?.error({ err, job: name }, 'job failed; it runs again at its next interval');
    }
    const finishedAt = this.clock();
    try {
      await JobLeaseModel.create({ _id: leaseId(name, claim.slot, 'done'), name, slot: claim.slot, done: true, by: this.instanceId, startedAt: claim.startedAt });
    } catch (e) {
      if (!isDuplicate(e)) throw e;
      // Our lease expired and the instance that took over finished first: its bookkeeping stands.
      this.log?.warn({ job: name, instanceId: this.instanceId }, 'job outlived its lease; the run was taken over');
      return;
    }
    await JobModel.updateOne(
      { name },
      {
        $set: {
          nextRunAt: nextSlot(claim.slot, def.everyMs, claim.startedAt),
          lockedBy: null,
          lockedUntil: FREE,
          lastRunAt: finishedAt,
          lastError: error,
          ...(error ? { lastErrorAt: finishedAt } : {}),
        },
        $inc: { runs: 1, failures: error ? 1 : 0 },
      },
    );
    // Claims on earlier slots are no longer needed to keep anyone out.
    await JobLeaseModel.deleteMany({ name, slot: mongoose.trusted({ $lt: claim.slot }) });
  }
}

interface Claim {
  slot: Date;
  attempt: number;
  startedAt: Date;
}

const leaseId = (name: string, slot: Date, attempt: number | 'done') => `${name}|${slot.getTime()}|${attempt}`;

/** The first slot after `startedAt` on the job's grid (slot + k·everyMs): missed intervals are not replayed. */
function nextSlot(slot: Date, everyMs: number, startedAt: Date): Date {
  const k = Math.max(1, Math.floor((startedAt.getTime() - slot.getTime()) / everyMs) + 1);
  return new Date(slot.getTime() + k * everyMs);
}

const isDuplicate = (e: unknown) => (e as { code?: number }).code === 11000;
