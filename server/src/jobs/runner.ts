// Recurring jobs on the database, safe with several server instances.
//
// Why not agenda: agenda 6.2.6 ships no MongoDB code (storage is the separate @agendajs/mongo-backend
// package, not installed here) and is ESM-only, which jest's CommonJS runtime on Node 20 cannot load.
//
// The lease is the MongoDB idiom, one conditional update on the job's own document:
// - `jobs` holds one document per job: nextRunAt (the next scheduled run), the lease (lockedBy,
//   lockedUntil, leaseSeq), the last run and its error;
// - to run a due job an instance updates {name, nextRunAt <= now, lockedUntil < now} to hold the lease
//   and bumps leaseSeq: of several instances, one matches. A lease whose holder died expires, and the
//   same update is then the takeover;
// - when the run ends its holder moves nextRunAt on and frees the lease with a filter naming its own
//   leaseSeq, so a holder that comes back after a takeover cannot overwrite the new holder's bookkeeping;
// - a failed run is recorded (lastError) and simply runs again at its next interval.
// On the embedded FerretDB the connection is serialized (db/connection.ts), which makes the conditional
// update atomic there too. Leases compare each instance's own clock: keep clocks synchronised (NTP) and
// leaseMs well above both clock skew and the job's longest run; jobs should be idempotent.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Logger } from 'pino';
import { JobModel } from '../models/Job';

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

  // Creates the job documents on first use: an upsert that only inserts, so it never touches the
  // bookkeeping of a run in progress; two instances registering at once end with one document.
  private async register(): Promise<void> {
    if (this.registered) return;
    await JobModel.createIndexes();
    const now = this.clock();
    for (const [name, def] of this.jobs) {
      try {
        await JobModel.updateOne({ name }, { $setOnInsert: { name, everyMs: def.everyMs, nextRunAt: def.firstRunAt ?? now, lockedBy: null, lockedUntil: FREE, leaseSeq: 0 } }, { upsert: true });
      } catch (e) {
        if (!isDuplicate(e)) throw e;
      }
    }
    this.registered = true;
  }

  private async claim(name: string, def: Definition): Promise<Claim | null> {
    const now = this.clock();
    const lockedUntil = new Date(now.getTime() + def.leaseMs);
    const before = await JobModel.findOne({ name }, { lockedBy: 1, lockedUntil: 1 }).lean();
    const job = await JobModel.findOneAndUpdate(
      { name, nextRunAt: { $lte: now }, lockedUntil: { $lt: now } },
      { $set: { lockedBy: this.instanceId, lockedUntil, lastStartedAt: now }, $inc: { leaseSeq: 1 } },
      { returnDocument: 'after' },
    ).lean();
    if (!job) return null; // not due, or held by a valid lease
    if (before?.lockedBy && before.lockedUntil > FREE) {
      this.log?.warn({ job: name, previous: before.lockedBy }, 'job lease expired; taking the run over');
    }
    return { slot: job.nextRunAt, leaseSeq: job.leaseSeq!, startedAt: now };
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
    const r = await JobModel.updateOne(
      { name, lockedBy: this.instanceId, leaseSeq: claim.leaseSeq },
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
    // Our lease expired and another instance took the run over: its bookkeeping stands.
    if (!r.matchedCount) this.log?.warn({ job: name, instanceId: this.instanceId }, 'job outlived its lease; the run was taken over');
  }
}

interface Claim {
  slot: Date;
  leaseSeq: number;
  startedAt: Date;
}

/** The first slot after `startedAt` on the job's grid (slot + k·everyMs): missed intervals are not replayed. */
function nextSlot(slot: Date, everyMs: number, startedAt: Date): Date {
  const k = Math.max(1, Math.floor((startedAt.getTime() - slot.getTime()) / everyMs) + 1);
  return new Date(slot.getTime() + k * everyMs);
}

const isDuplicate = (e: unknown) => (e as { code?: number }).code === 11000;
