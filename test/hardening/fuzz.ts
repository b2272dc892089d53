// API fuzzing (issue 12, standing suite): schemathesis (PyPI, in a project-local virtualenv under .tools/)
// against /api/v1/openapi.json on a running server with the demo data, once anonymously and once each with
// an owner's and an admin's token, checking that no answer is a 5xx and that every answer matches the
// document (status, content type, body schema). Prints the figures and exits non-zero on any failure.
//
//   npm run test:hardening            the full run (about 25 generated cases per operation and identity)
//   FUZZ_EXAMPLES=5 FUZZ_PHASES=examples,fuzzing node --import tsx test/hardening/fuzz.ts   a short run
//
// Options (environment): FUZZ_EXAMPLES (cases per operation in the fuzzing phase), FUZZ_PHASES (schemathesis
// phases), FUZZ_SEED (reproduce a run), FUZZ_IDENTITIES (e.g. "anonymous,admin"), FUZZ_KEEP=1 (keep the
// database and reports of a passing run). Reports and the server log go to test-output/hardening/.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

const ROOT = path.resolve(__dirname, '..', '..');
const SERVER_ENTRY = path.join(__dirname, 'server.ts');
const VENV = path.join(ROOT, '.tools', 'venv');
const SCHEMATHESIS_VERSION = '4.32.5';
const OUT = path.join(ROOT, 'test-output', 'hardening');
/** What every answer is checked for (schemathesis check names). */
const CHECKS = ['not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_schema_conformance'];

export interface FuzzOptions {
  examples: number;
  phases: string[];
  seed: number;
  identities: Identity[];
  keep: boolean;
  log: (line: string) => void;
}

export type Identity = 'anonymous' | 'owner' | 'admin';

export interface IdentityResult {
  identity: Identity;
  cases: number;
  serverErrors: number;
  schemaViolations: number;
  statusViolations: number;
  contentTypeViolations: number;
  /** One line per distinct failure (check, operation, status), for the report. */
  failures: string[];
  exitCode: number;
  seconds: number;
}

export interface FuzzResult {
  identities: IdentityResult[];
  totals: Omit<IdentityResult, 'identity' | 'failures' | 'exitCode' | 'seconds'>;
  /** Server log lines about 500s and undeclared statuses. */
  serverLog: string[];
  reportDir: string;
  seconds: number;
}

/** The virtualenv with schemathesis, made on first use (.tools/ is not committed). */
export function ensureSchemathesis(log: (line: string) => void): string {
  const bin = path.join(VENV, 'bin', 'schemathesis');
  const version = fs.existsSync(bin) ? spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout : '';
  if (version.includes(SCHEMATHESIS_VERSION)) return bin;
  log(`installing schemathesis ${SCHEMATHESIS_VERSION} into ${path.relative(ROOT, VENV)} …`);
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
  };
  if (!fs.existsSync(path.join(VENV, 'bin', 'python'))) run('python3', ['-m', 'venv', VENV]);
  run(path.join(VENV, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`]);
  return bin;
}

interface Server { url: string; logFile: string; stop(): Promise<void> }

/** The server as `npm start` runs it (demo data, fakes), on a new database and a free port, limits raised. */
async function startServer(dataDir: string, logFile: string): Promise<Server> {
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    JOBS: '0',
    RATE_LIMIT_IP_PER_MIN: '1000000',
    RATE_LIMIT_USER_PER_MIN: '1000000',
    TIPOFF_SUBMITS_PER_HOUR: '1000000',
    TIPOFF_UPLOADS_PER_HOUR: '1000000',
  };
  const out = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER_ENTRY], { cwd: ROOT, env, stdio: ['ignore', 'pipe', out] });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within 180 s (log: ${logFile})`)), 180_000);
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      fs.appendFileSync(logFile, d);
      buf += d.toString();
      const m = /HARDENING_SERVER_READY (\S+)/.exec(buf);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the server exited (${code}) before it served (log: ${logFile})`)); });
  });
  child.removeAllListeners('exit');
  child.stdout!.on('data', (d: Buffer) => fs.appendFileSync(logFile, d));
  return {
    url,
    logFile,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) { resolve(); return; }
      const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.once('exit', () => { clearTimeout(kill); fs.closeSync(out); resolve(); });
      child.kill('SIGTERM');
    }),
  };
}

async function api<T = unknown>(base: string, method: string, p: string, opts: { token?: string; body?: unknown; form?: FormData } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${base}/api/v1${p}`, { method, headers, body: opts.form ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : null) as T;
}

type Dictionaries = Record<string, string[]>;

/**
 * Real ids and codes from the demo data, offered to schemathesis beside what it generates (half of the time
 * for an id), so that cases reach the handlers and their state checks instead of stopping at a 404.
 */
async function collectValues(base: string, tokens: { admin: string; owner: string }): Promise<Dictionaries> {
  type Page<T> = { data: T[] };
  const ids = (list: { id: string }[]) => list.map((x) => x.id);
  const { admin, owner } = tokens;
  const workshops = await api<Page<{ id: string }>>(base, 'GET', '/workshops?pageSize=50');
  const mine = await api<{ data: { workshop: { id: string }; certificate: { number: string } | null }[] }>(base, 'GET', '/workshops/mine', { token: owner });
  const queue = await api<Page<{ id: string }>>(base, 'GET', '/registrations?pageSize=50', { token: admin });
  const myRegs = await api<Page<{ id: string }>>(base, 'GET', '/registrations/mine', { token: owner });
  const cases = await api<Page<{ id: string; reports: { id: string; media: { id: string }[] }[] }>>(base, 'GET', '/tipoffs?pageSize=50&status=closed', { token: admin })
    .then(async (closed) => ({ data: [...closed.data, ...(await api<typeof closed>(base, 'GET', '/tipoffs?pageSize=50', { token: admin })).data] }));
  const rewards = await api<{ data: { reward: { id: string } }[] }>(base, 'GET', '/tipoff-rewards', { token: admin });
  const inspections = await api<Page<{ id: string; items: { photos: string[] }[] }>>(base, 'GET', '/inspections?pageSize=50', { token: admin });
  const samples = await api<Page<{ id: string }>>(base, 'GET', '/samples?pageSize=50', { token: admin });
  const penalties = await api<Page<{ id: string }>>(base, 'GET', '/penalties?pageSize=50', { token: admin });
  const draws = await api<Page<{ id: string }>>(base, 'GET', '/draws?pageSize=50');
  const inspectors = await api<Page<{ id: string }>>(base, 'GET', '/staff/inspectors', { token: admin });
  // A stored image of each kind the fuzzing may refer to: an owner's registration photo, an anonymous tip-off photo.
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } }).png().toBuffer();
  const upload = async (purpose: string, token?: string) => {
    const form = new FormData();
    form.set('purpose', purpose);
    form.set('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'photo.png');
    return (await api<{ data: { id: string } }>(base, 'POST', '/files', { token, form })).data.id;
  };
  const files = [await upload('registration', owner), await upload('rectification', owner), await upload('tipoff'), await upload('inspection', admin)];
  const { DEMO_TIPOFF } = await import('../../server/src/seed/tipoffs');
  const certs = mine.data.map((m) => m.certificate?.number).filter((n): n is string => !!n);
  const nonEmpty = (name: string, list: string[]) => {
    if (!list.length) throw new Error(`the demo data has no ${name} to offer the fuzzing`);
    return [...new Set(list)];
  };
  return {
    workshop: nonEmpty('workshop', [...ids(workshops.data), ...mine.data.map((m) => m.workshop.id)]),
    registration: nonEmpty('registration', [...ids(queue.data), ...ids(myRegs.data)]),
    tipoff: nonEmpty('tip-off case', ids(cases.data)),
    report: nonEmpty('tip-off report', cases.data.flatMap((c) => c.reports.map((r) => r.id))),
    reward: rewards.data.length ? rewards.data.map((r) => r.reward.id) : ids(cases.data).slice(0, 1),
    inspection: nonEmpty('inspection', ids(inspections.data)),
    sample: nonEmpty('sample', ids(samples.data)),
    penalty: nonEmpty('penalty', ids(penalties.data)),
    draw: nonEmpty('draw', ids(draws.data)),
    inspector: nonEmpty('inspector', ids(inspectors.data)),
    file: files,
    certificate: nonEmpty('certificate', certs),
    receiptCode: [DEMO_TIPOFF.receiptCode],
    trackToken: [DEMO_TIPOFF.token],
    region: ['450203', '450203001', '4502', '450202', '450205'],
  };
}

const toml = (v: string) => JSON.stringify(v);

/** schemathesis.toml: the dictionaries, and which parameter of which operations draws from which. */
function configFile(dicts: Dictionaries): string {
  const lines: string[] = [];
  for (const [name, values] of Object.entries(dicts)) lines.push(`[dictionaries.${name}]`, `values = [${values.map(toml).join(', ')}]`, '');
  const bind = (name: string, p = 0.5) => `{ dictionary = ${toml(name)}, probability = ${p} }`;
  // Body and query fields, wherever they appear.
  lines.push('[parameters]',
    `"body.workshopId" = ${bind('workshop')}`,
    `"query.workshopId" = ${bind('workshop')}`,
    `"body.reportId" = ${bind('report')}`,
    `"body.inspectorIds[*]" = ${bind('inspector', 0.7)}`,
    `"body.coInspectorIds[*]" = ${bind('inspector', 0.7)}`,
    `"body.media[*]" = ${bind('file', 0.7)}`,
    `"body.photos[*]" = ${bind('file', 0.7)}`,
    `"body.region" = ${bind('region')}`,
    `"query.region" = ${bind('region')}`,
    `"query.code" = ${bind('receiptCode', 0.7)}`,
    `"query.token" = ${bind('trackToken', 0.7)}`,
    `"body.code" = ${bind('receiptCode', 0.7)}`,
    `"body.token" = ${bind('trackToken', 0.7)}`,
    '');
  // Path ids by the resource the path names.
  const paths: [string, string, string][] = [
    ['^/api/v1/workshops/\\{id\\}', 'path.id', 'workshop'],
    ['^/api/v1/registrations/\\{id\\}', 'path.id', 'registration'],
    ['^/api/v1/tipoffs/\\{id\\}', 'path.id', 'tipoff'],
    ['^/api/v1/tipoff-rewards/\\{id\\}', 'path.id', 'reward'],
    ['^/api/v1/inspections/\\{id\\}', 'path.id', 'inspection'],
    ['^/api/v1/samples/\\{id\\}', 'path.id', 'sample'],
    ['^/api/v1/penalties/\\{id\\}', 'path.id', 'penalty'],
    ['^/api/v1/draws/\\{id\\}', 'path.id', 'draw'],
    ['^/api/v1/files/\\{id\\}', 'path.id', 'file'],
    ['^/api/v1/certificates/\\{number\\}', 'path.number', 'certificate'],
  ];
  for (const [regex, param, dict] of paths) {
    lines.push('[[operations]]', `include-path-regex = ${toml(regex)}`, `parameters = { ${toml(param)} = ${bind(dict, 0.6)} }`, '');
  }
  return lines.join('\n');
}

interface NdjsonCheck { name: string; status: string }
interface NdjsonScenario {
  recorder: {
    label: string;
    checks?: Record<string, NdjsonCheck[]>;
    interactions?: Record<string, { response?: { status_code: number } | null }>;
  };
}

/** The figures of one schemathesis run, read from its NDJSON event report. */
function readReport(file: string): Omit<IdentityResult, 'identity' | 'exitCode' | 'seconds'> {
  const cases = new Set<string>();
  const failed = { not_a_server_error: new Set<string>(), response_schema_conformance: new Set<string>(), status_code_conformance: new Set<string>(), content_type_conformance: new Set<string>() };
  const serverErrors = new Set<string>();
  const failures = new Set<string>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('{"ScenarioFinished"')) continue;
    const { recorder } = (JSON.parse(line) as { ScenarioFinished: NdjsonScenario }).ScenarioFinished;
    for (const [id, interaction] of Object.entries(recorder.interactions ?? {})) {
      cases.add(id);
      const status = interaction.response?.status_code;
      if (status !== undefined && status >= 500) {
        serverErrors.add(id);
        failures.add(`5xx ${recorder.label} → ${status}`);
      }
    }
    for (const [id, checks] of Object.entries(recorder.checks ?? {})) {
      for (const c of checks) {
        if (c.status !== 'failure' || !(c.name in failed)) continue;
        // A 5xx is counted once, as a server error, not again as an undocumented status or body.
        const status = recorder.interactions?.[id]?.response?.status_code;
        if (c.name !== 'not_a_server_error' && status !== undefined && status >= 500) continue;
        failed[c.name as keyof typeof failed].add(id);
        if (c.name !== 'not_a_server_error') failures.add(`${c.name} ${recorder.label} → ${status ?? '?'}`);
      }
    }
  }
  return {
    cases: cases.size,
    serverErrors: serverErrors.size,
    schemaViolations: failed.response_schema_conformance.size,
    statusViolations: failed.status_code_conformance.size,
    contentTypeViolations: failed.content_type_conformance.size,
    failures: [...failures].sort(),
  };
}

function runSchemathesis(bin: string, args: string[], cwd: string, logFile: string): Promise<number> {
  return new Promise((resolve) => {
    const out = fs.openSync(logFile, 'w');
    const child = spawn(bin, args, { cwd, stdio: ['ignore', out, out], env: { ...process.env, NO_COLOR: '1' } });
    child.once('exit', (code) => { fs.closeSync(out); resolve(code ?? 1); });
  });
}

export async function runFuzz(opts: FuzzOptions): Promise<FuzzResult> {
  const started = Date.now();
  const bin = ensureSchemathesis(opts.log);
  fs.mkdirSync(OUT, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const reportDir = path.join(OUT, stamp);
  fs.mkdirSync(reportDir, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xzf-fuzz-'));
  const server = await startServer(dataDir, path.join(reportDir, 'server.log'));
  const results: IdentityResult[] = [];
  try {
    opts.log(`server ${server.url} (demo data; database ${dataDir})`);
    const login = async (role: string, region?: string) =>
      (await api<{ token: string }>(server.url, 'POST', '/auth/dev', { body: { role, ...(region ? { region } : {}) } })).token;
    // The demo's own accounts: the owner of the demo workshops, the admin of 柳州市 where the demo data lies.
    const tokens = { admin: await login('admin', '4502'), owner: await login('owner') };
    const dicts = await collectValues(server.url, tokens);
    fs.writeFileSync(path.join(reportDir, 'schemathesis.toml'), configFile(dicts));
    for (const identity of opts.identities) {
      const t0 = Date.now();
      const ndjson = path.join(reportDir, `${identity}.ndjson`);
      const args = [
        '--config-file', path.join(reportDir, 'schemathesis.toml'),
        'run', `${server.url}/api/v1/openapi.json`,
        '--checks', CHECKS.join(','),
        '--phases', opts.phases.join(','),
        '--max-examples', String(opts.examples),
        '--seed', String(opts.seed),
        '--workers', '1',
        '--continue-on-failure',
        '--request-timeout', '30',
        '--generation-database', 'none',
        '--suppress-health-check', 'all',
        '--no-color',
        '--report', 'ndjson,junit',
        '--report-ndjson-path', ndjson,
        '--report-junit-path', path.join(reportDir, `${identity}.junit.xml`),
        // Logging out would revoke this identity's token for the rest of the run (sessions.test.ts tests it).
        ...(identity === 'anonymous' ? [] : ['--header', `Authorization: Bearer ${tokens[identity]}`, '--exclude-path-regex', 'auth/logout$']),
      ];
      opts.log(`${identity}: schemathesis (${opts.phases.join(', ')}; ${opts.examples} per operation) …`);
      const exitCode = await runSchemathesis(bin, args, reportDir, path.join(reportDir, `${identity}.txt`));
      if (!fs.existsSync(ndjson)) throw new Error(`schemathesis wrote no report (exit ${exitCode}): see ${path.join(reportDir, `${identity}.txt`)}`);
      const r = { identity, ...readReport(ndjson), exitCode, seconds: Math.round((Date.now() - t0) / 1000) };
      results.push(r);
      opts.log(`${identity}: ${r.cases} cases, ${r.serverErrors} 5xx, ${r.schemaViolations} schema violations, ${r.statusViolations} undocumented statuses, ${r.contentTypeViolations} undocumented content types (${r.seconds} s)`);
    }
  } finally {
    await server.stop();
    if (!opts.keep) fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const serverLog = fs.readFileSync(server.logFile, 'utf8').split('\n')
    .filter((l) => (l.includes('"level":50') && !l.includes('"msg":"request"')) || l.includes('does not list'))
    .map((l) => { try { const j = JSON.parse(l); return `${j.msg}${j.err ? `: ${String(j.err.message ?? '').slice(0, 300)}` : ''}`; } catch { return l.slice(0, 300); } });
  const sum = (k: keyof FuzzResult['totals']) => results.reduce((n, r) => n + r[k], 0);
  return {
    identities: results,
    totals: { cases: sum('cases'), serverErrors: sum('serverErrors'), schemaViolations: sum('schemaViolations'), statusViolations: sum('statusViolations'), contentTypeViolations: sum('contentTypeViolations') },
    serverLog: [...new Set(serverLog)],
    reportDir,
    seconds: Math.round((Date.now() - started) / 1000),
  };
}

export function failed(r: FuzzResult): boolean {
  const t = r.totals;
  return t.serverErrors + t.schemaViolations + t.statusViolations + t.contentTypeViolations > 0;
}

export function formatResult(r: FuzzResult): string {
  const rows = [['identity', 'cases', '5xx', 'schema violations', 'undocumented statuses', 'undocumented content types', 'seconds']];
  for (const i of r.identities) rows.push([i.identity, String(i.cases), String(i.serverErrors), String(i.schemaViolations), String(i.statusViolations), String(i.contentTypeViolations), String(i.seconds)]);
  const t = r.totals;
  rows.push(['total', String(t.cases), String(t.serverErrors), String(t.schemaViolations), String(t.statusViolations), String(t.contentTypeViolations), String(r.seconds)]);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  return rows.map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n');
}

async function main() {
  const env = process.env;
  const opts: FuzzOptions = {
    examples: Number(env.FUZZ_EXAMPLES ?? 25),
    phases: (env.FUZZ_PHASES ?? 'examples,coverage,fuzzing,stateful').split(','),
    seed: Number(env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31)),
    identities: (env.FUZZ_IDENTITIES ?? 'anonymous,owner,admin').split(',') as Identity[],
    keep: env.FUZZ_KEEP === '1',
    log: (line) => console.log(line),
  };
  const r = await runFuzz(opts);
  console.log(`\nAPI fuzzing (schemathesis ${SCHEMATHESIS_VERSION}, seed ${opts.seed}; checks: ${CHECKS.join(', ')})\n`);
  console.log(formatResult(r));
  for (const i of r.identities) if (i.failures.length) console.log(`\n${i.identity}:\n  ${i.failures.join('\n  ')}`);
  if (r.serverLog.length) console.log(`\nserver log:\n  ${r.serverLog.slice(0, 40).join('\n  ')}`);
  console.log(`\nreports: ${path.relative(ROOT, r.reportDir)}`);
  if (failed(r)) process.exit(1);
  if (!opts.keep) fs.rmSync(r.reportDir, { recursive: true, force: true });
}

if (require.main === module) main().catch((e) => { console.error(e); process.exit(1); });
