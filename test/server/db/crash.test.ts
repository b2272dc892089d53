// The crash test, short (issue 10, point 4; the full one is `npm run test:crash`): the real server as a
// child process on its own embedded FerretDB, concurrent clients submitting tip-offs, recording
// inspections and approving registrations, kill -9 of the server and then of the database at a random
// moment, restart, recovery; every acknowledged request is stored, nothing is approved without its
// certificate and workshop file, nothing stays owed, the server serves. See test/crash/harness.ts.
import { formatTable, runCrashTest } from '../../crash/harness';

const seed = process.env.CRASH_SEED ? Number(process.env.CRASH_SEED) : Math.floor(Math.random() * 2 ** 31);

it(`survives kill -9 of the server and of the database (seed ${seed})`, async () => {
  const result = await runCrashTest({
    clients: 30, tipoffs: 24, inspections: 16, approvals: 4, workshops: 3, places: 4, rounds: ['server', 'database'],
    recoveryLimitMs: 45_000, workloadLimitMs: 30_000, seed, log: () => undefined,
  });
  const table = formatTable(result);
  for (const r of result.rounds) {
    // The workload ran and was cut: something was acknowledged before the kill, of each kind over both rounds.
    expect({ round: r.kind, acknowledged: r.killedAfterAcks > 0 }).toEqual({ round: r.kind, acknowledged: true });
    expect({ round: r.kind, found: r.found, table }).toEqual({ round: r.kind, found: r.acknowledged, table });
    expect({ round: r.kind, stuck: r.stuck, healthy: r.healthy, recovered: r.recoveryMs !== null }).toEqual({ round: r.kind, stuck: 0, healthy: true, recovered: true });
  }
  const total = (k: 'tipoff' | 'inspection' | 'approval') => result.rounds.reduce((n, r) => n + r.acknowledged[k], 0);
  expect([total('tipoff') > 0, total('inspection') > 0, total('approval') > 0]).toEqual([true, true, true]);
  expect(result.rounds.at(-1)!.certificates).toBe(result.rounds.at(-1)!.approvedRegistrations);
  expect({ violations: result.violations, table }).toEqual({ violations: [], table });
}, 180_000);
