// Extreme dates and counts must answer at once with a 400, and the server must keep answering.
// The server runs in a child process here: a request that spins forever would freeze an in-process
// server together with jest's own timers, so the test could never fail; a child cannot freeze us.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ISO_DATE_PATTERN } from '../../../shared/src/schemas/common';

const ROOT = path.join(__dirname, '..', '..', '..');
let child: ChildProcess;
let base: string;

beforeAll(async () => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', JOBS: '0', LOG_LEVEL: 'info',
    MONGODB_URI: process.env.TEST_MONGODB_URI, DB_NAME: `t_runaway_${randomBytes(3).toString('hex')}`,
  };
  delete env.QUERY_SHAPES_FILE;
  child = spawn(process.execPath, ['--import', 'tsx', 'server/src/index.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  base = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 25_000);
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /"port":(\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(`http://127.0.0.1:${m[1]}`); }
    });
    child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}):\n${out}`)); });
  });
}, 30_000);

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
});

async function get(pathAndQuery: string, timeoutMs: number) {
  const started = Date.now();
  const res = await fetch(`${base}${pathAndQuery}`, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } }, ms: Date.now() - started };
}

const workingDays = (from: string, days: string | number) =>
  `/api/v1/calendar/working-days?from=${encodeURIComponent(from)}&days=${encodeURIComponent(String(days))}`;

describe('extreme working-day requests', () => {
  it('answers 9999-12-31 + 1 with a 400 at once, and /health still answers within a second', async () => {
    const res = await get(workingDays('9999-12-31', 1), 3000);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'request.invalid', message: 'from：日期应在 2000-01-01 至 2100-12-31 之间' });
    const health = await get('/api/v1/health', 1000);
    expect(health.status).toBe(200);
    expect(health.ms).toBeLessThan(1000);
  });

  it.each([
    ['0000-01-01', 1, 'request.invalid', '日期应在'],
    ['1999-12-31', 5, 'request.invalid', '日期应在'],
    ['2101-01-01', 0, 'request.invalid', '日期应在'],
    ['+10000-01-01', 1, 'request.invalid', '日期格式'],
    ['2026-02-29', 1, 'request.invalid', '日期不存在'],
    ['2026-01-05', 367, 'request.invalid', '工作日数不能超过 366'],
    ['2026-01-05', -1, 'request.invalid', '工作日数不能为负'],
    ['2026-01-05', '1e400', 'request.invalid', 'days'],
    ['2026-01-05', '1.5', 'request.invalid', 'days'],
    // In range, but the answer would fall after 2100-12-31: refused, not computed past the edge.
    ['2100-12-31', 1, 'calendar.out_of_range', '超出可计算范围'],
    ['2100-06-01', 366, 'calendar.out_of_range', '超出可计算范围'],
  ])('from=%s days=%s → 400 %s', async (from, days, code, text) => {
    const res = await get(workingDays(from, days), 3000);
    expect(res.status).toBe(400);
    expect(res.body.error!.code).toBe(code);
    expect(res.body.error!.message).toContain(text);
  });

  it('still computes at the edges of the range', async () => {
    const last = await get(workingDays('2100-12-30', 1), 3000);
    expect(last.status).toBe(200);
    expect(last.body).toMatchObject({ dueDate: '2100-12-31', estimated: true, unknownYears: [2100] });
    const first = await get(workingDays('2000-01-01', 0), 3000);
    expect(first.body).toMatchObject({ dueDate: '2000-01-01' });
  });

  it('keeps answering /health within a second after a burst of extreme requests', async () => {
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => get(workingDays(i % 2 ? '9999-12-31' : '2100-12-31', 366), 5000)));
    expect(burst.every((r) => r.status === 400)).toBe(true);
    const health = await get('/api/v1/health', 1000);
    expect(health.status).toBe(200);
    expect(health.ms).toBeLessThan(1000);
  });
});

describe('dates in the other schemas', () => {
  it('documents the range (and that the date exists) in the OpenAPI document', async () => {
    const res = await fetch(`${base}/api/v1/openapi.json`);
    const doc = JSON.stringify(await res.json());
    // One pattern for the whole rule: 2000-01-01 to 2100-12-31, days that exist, leap days included.
    expect(doc).toContain(JSON.stringify(ISO_DATE_PATTERN.source).slice(1, -1));
    expect(ISO_DATE_PATTERN.source).toContain('2100');
  });
});
