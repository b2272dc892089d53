// The short API fuzzing of `npm test` (the full run is `npm run test:hardening`): a few hundred schemathesis
// cases, with a fixed seed, anonymously and with an admin's token, against the demo server. No 5xx, no answer
// off the document.
import fs from 'node:fs';
import { runFuzz } from './fuzz';

it('answers a few hundred generated requests without a 5xx and as documented', async () => {
  const r = await runFuzz({
    examples: 2,
    phases: ['examples', 'fuzzing'],
    seed: 20261130,
    identities: ['anonymous', 'admin'],
    keep: false,
    log: () => {},
  });
  expect(r.totals.cases).toBeGreaterThan(300);
  // On failure the diff names the failing operations and what the server logged.
  const { cases: _cases, ...counts } = r.totals;
  const failures = [...r.identities.flatMap((i) => i.failures.map((f) => `${i.identity}: ${f}`)), ...r.serverLog];
  expect({ counts, failures }).toEqual({ counts: { serverErrors: 0, schemaViolations: 0, statusViolations: 0, contentTypeViolations: 0 }, failures: [] });
  fs.rmSync(r.reportDir, { recursive: true, force: true }); // kept when the test fails: reports and server log
}, 400_000);
