// npm run test:crash: the full crash test (test/crash/harness.ts). Prints the counts per round and exits
// non-zero on any violation. Options (environment): CRASH_SEED (reproduce a run), CRASH_CLIENTS,
// CRASH_TIPOFFS, CRASH_INSPECTIONS, CRASH_APPROVALS (per round), CRASH_ROUNDS (e.g. "server,database"),
// CRASH_KEEP_LOG=1 (keep the server log of a passing run).
import { FULL, formatTable, runCrashTest, type RoundKind } from './harness';

const num = (name: string, dflt: number) => (process.env[name] ? Number(process.env[name]) : dflt);

async function main() {
  const seed = num('CRASH_SEED', Math.floor(Math.random() * 2 ** 31));
  const result = await runCrashTest({
    ...FULL,
    clients: num('CRASH_CLIENTS', FULL.clients),
    tipoffs: num('CRASH_TIPOFFS', FULL.tipoffs),
    inspections: num('CRASH_INSPECTIONS', FULL.inspections),
    approvals: num('CRASH_APPROVALS', FULL.approvals),
    rounds: process.env.CRASH_ROUNDS ? (process.env.CRASH_ROUNDS.split(',') as RoundKind[]) : FULL.rounds,
    seed,
    keepLog: process.env.CRASH_KEEP_LOG === '1',
    log: (line) => console.log(line),
  });
  console.log(`\nCrash test (seed ${seed}; preparation ${(result.prepMs / 1000).toFixed(0)} s, total ${(result.totalMs / 1000).toFixed(0)} s)\n`);
  console.log(formatTable(result));
  for (const r of result.rounds) {
    if (r.failureSamples.length) console.log(`\n${r.kind}: failures before the kill, e.g.:\n  ${r.failureSamples.join('\n  ')}`);
  }
  if (result.violations.length) {
    console.error(`\n${result.violations.length} violations:\n  ${result.violations.join('\n  ')}\nserver log: ${result.logFile}`);
    process.exit(1);
  }
  console.log(`\nno violations${process.env.CRASH_KEEP_LOG === '1' ? `; server log: ${result.logFile}` : ''}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
