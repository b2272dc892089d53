import pino from 'pino';
import { createJobRunner, JobRunner } from '../../../server/src/jobs';
import { JobModel } from '../../../server/src/models/Job';
import { createTestApp, type TestApp } from '../../support/app';

// Two runners on one database stand for two server instances. Their clock is injected so that time moves
// on demand; the database, the claims and the side effects are real.
let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

let now = new Date('2026-03-02T01:00:00Z');
const clock = () => new Date(now);
const advance = (ms: number) => { now = new Date(now.getTime() + ms); };
const effects = () => t.db.connection.db!.collection('job_effects');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A job whose only effect is one document per run, saying which instance ran it. */
const counting = (job: string) => async ({ instanceId }: { instanceId: string }) => {
  await sleep(20); // a run that takes a little time, so both runners are inside their pass together
  await effects().insertOne({ job, instanceId, at: clock() });
};

describe('JobRunner', () => {
  it('runs a due job once when several instances poll at the same moment, every interval', async () => {
    const runners = ['A', 'B', 'C', 'D'].map((id) => new JobRunner({ instanceId: id, clock }).define('count', { everyMs: 60_000 }, counting('count')));
    for (let round = 1; round <= 5; round++) {
      const ran = await Promise.all(runners.map((r) => r.runDueOnce()));
      expect(ran.flat()).toEqual(['count']);
      // Not due again until the interval has passed.
      expect((await Promise.all(runners.map((r) => r.runDueOnce()))).flat()).toEqual([]);
      expect(await effects().countDocuments({ job: 'count' })).toBe(round);
      advance(60_000);
    }
    const doc = await JobModel.findOne({ name: 'count' }).lean();
    expect(doc).toMatchObject({ runs: 5, failures: 0, lockedBy: null, lastError: null });
  });

  it('runs a job once when three started runners poll on their own timers', async () => {
    const job = counting('polled');
    const runners = ['P1', 'P2', 'P3'].map((id) => new JobRunner({ instanceId: id, pollMs: 25 }).define('polled', { everyMs: 3_600_000 }, job));
    runners.forEach((r) => r.start());
    await sleep(1500);
    await Promise.all(runners.map((r) => r.stop()));
    expect(await effects().countDocuments({ job: 'polled' })).toBe(1);
  });

  it('records the error of a failing run and tries again at the next interval, not before', async () => {
    let attempts = 0;
    const r = new JobRunner({ instanceId: 'A', clock }).define('flaky', { everyMs: 60_000 }, async () => {
      attempts++;
      if (attempts === 1) throw new Error('短信网关超时');
    });
    const started = clock();
    expect(await r.runDueOnce()).toEqual(['flaky']);
    let doc = await JobModel.findOne({ name: 'flaky' }).lean();
    expect(doc!.lastError).toContain('短信网关超时');
    expect(doc).toMatchObject({ failures: 1, runs: 1, lockedBy: null, nextRunAt: new Date(started.getTime() + 60_000) });

    advance(59_000);
    expect(await r.runDueOnce()).toEqual([]);
    advance(1_000);
    expect(await r.runDueOnce()).toEqual(['flaky']);
    doc = await JobModel.findOne({ name: 'flaky' }).lean();
    expect(doc).toMatchObject({ lastError: null, failures: 1, runs: 2 });
    expect(attempts).toBe(2);
  });

  it('lets another instance take over a job whose holder died, once the lease has expired', async () => {
    let release!: () => void;
    const hung = new Promise<void>((r) => { release = r; });
    const a = new JobRunner({ instanceId: 'A', clock }).define('lease', { everyMs: 3_600_000, leaseMs: 120_000 }, () => hung);
    const b = new JobRunner({ instanceId: 'B', clock }).define('lease', { everyMs: 3_600_000, leaseMs: 120_000 }, counting('lease'));

    const aPass = a.runDueOnce(); // A claims and then "dies" inside the job
    for (let i = 0; i < 100 && (await JobModel.findOne({ name: 'lease' }).lean())?.lockedBy !== 'A'; i++) await sleep(10);
    expect((await JobModel.findOne({ name: 'lease' }).lean())!.lockedBy).toBe('A');

    advance(119_000);
    expect(await b.runDueOnce()).toEqual([]); // lease still valid
    advance(2_000);
    expect(await b.runDueOnce()).toEqual(['lease']); // lease expired: B takes over
    expect(await effects().find({ job: 'lease' }).map((e) => e.instanceId).toArray()).toEqual(['B']);

    // A comes back late: it must not overwrite B's bookkeeping.
    release();
    expect(await aPass).toEqual(['lease']);
    const doc = await JobModel.findOne({ name: 'lease' }).lean();
    expect(doc).toMatchObject({ lockedBy: null, runs: 1, lastError: null });
  });
});

describe('project jobs', () => {
  it('warns every day while the coming year has no holiday arrangement', async () => {
    const lines: { msg: string; year?: number; code?: string }[] = [];
    const log = pino({ level: 'info' }, { write: (s: string) => { lines.push(JSON.parse(s)); } });
    const runner = createJobRunner({ ...t.services, log }, { instanceId: 'J' });
    expect(await runner.runDueOnce()).toEqual(expect.arrayContaining(['calendar.check-years', 'registration.escalate-overdue']));
    const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
    const expected = [year, year + 1].filter((y) => y > 2026); // built-in data covers up to 2026
    expect(lines.filter((l) => l.code === 'calendar.year_unknown').map((l) => l.year)).toEqual(expected);
    expect(await runner.runDueOnce()).toEqual([]); // next check tomorrow
  });
});
