// The bench's HTTP clients, run in a worker thread so that making requests does not take event-loop time
// from the server being measured (which runs in the main thread). Loopback only; every loop is bounded by
// a request count and a time limit, and every request by a timeout.
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

export interface GetJob {
  kind: 'get';
  base: string;
  paths: string[];
  concurrency: number;
  maxRequests: number;
  maxMs: number;
  timeoutMs: number;
}
export interface GetResult {
  /** Latency of every answered request (ms), in completion order. */
  latencies: number[];
  statuses: Record<string, number>;
  /** Network errors and timeouts (no HTTP status). */
  failures: number;
  elapsedMs: number;
}

export interface BurstItem {
  place: number;
  device: string;
  body: Record<string, unknown>;
}
export interface BurstJob {
  kind: 'burst';
  base: string;
  items: BurstItem[];
  concurrency: number;
  maxMs: number;
  timeoutMs: number;
  photo: Uint8Array;
}
export interface BurstOutcome {
  place: number;
  /** 201 of the submission, with its receipt code; else the failing step and its status. */
  receiptCode: string | null;
  status: number | null;
  step: 'upload' | 'submit' | null;
  error: string | null;
  ms: number;
}
export interface BurstResult { outcomes: BurstOutcome[]; elapsedMs: number; notSent: number }

export interface RaceJob {
  kind: 'race';
  base: string;
  path: string;
  tokens: string[];
  n: number;
  body: unknown;
  /** Per request i: its own body (else `body`). */
  bodies?: unknown[];
  timeoutMs: number;
}
export interface RaceResult { statuses: Record<string, number>; failures: number; elapsedMs: number; winners: unknown[] }

export type Job = GetJob | BurstJob | RaceJob;

function getOnce(agent: http.Agent, url: URL, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/**
 * One request with node:http (not fetch: undici gives up on a response whose headers take more than 300 s,
 * and a queue of writes on the embedded database can take longer than that).
 */
function send(method: string, url: string, headers: Record<string, string>, body: Buffer | null, timeoutMs: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: body ? { ...headers, 'Content-Length': String(body.length) } : headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

const json = (v: unknown) => Buffer.from(JSON.stringify(v));

/** A multipart/form-data body with text fields and one file. */
function multipart(fields: Record<string, string>, file: { name: string; type: string; data: Buffer }): { body: Buffer; type: string } {
  const boundary = `----bench${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.data, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

async function runGet(job: GetJob): Promise<GetResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let failures = 0;
  let sent = 0;
  const started = performance.now();
  const deadline = started + job.maxMs;
  const client = async () => {
    while (sent < job.maxRequests && performance.now() < deadline) {
      const url = new URL(job.base + job.paths[sent++ % job.paths.length]);
      const t0 = performance.now();
      try {
        const status = await getOnce(agent, url, job.timeoutMs);
        latencies.push(performance.now() - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
      } catch {
        failures += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, client));
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return { latencies, statuses, failures, elapsedMs };
}

async function runBurst(job: BurstJob): Promise<BurstResult> {
  const outcomes: BurstOutcome[] = [];
  let next = 0;
  const started = performance.now();
  const deadline = started + job.maxMs;
  const photo = Buffer.from(job.photo);
  const client = async () => {
    while (next < job.items.length && performance.now() < deadline) {
      const item = job.items[next++];
      const t0 = performance.now();
      const out: BurstOutcome = { place: item.place, receiptCode: null, status: null, step: null, error: null, ms: 0 };
      try {
        out.step = 'upload';
        const form = multipart({ purpose: 'tipoff' }, { name: 'evidence.jpg', type: 'image/jpeg', data: photo });
        const up = await send('POST', `${job.base}/files`, { 'Content-Type': form.type, 'X-Device-Id': item.device }, form.body, job.timeoutMs);
        out.status = up.status;
        if (up.status !== 201 && up.status !== 200) throw new Error(up.text.slice(0, 200));
        const fileId = (JSON.parse(up.text) as { data: { id: string } }).data.id;
        out.step = 'submit';
        out.status = null;
        const res = await send('POST', `${job.base}/tipoffs`, { 'Content-Type': 'application/json', 'X-Device-Id': item.device }, json({ ...item.body, media: [fileId] }), job.timeoutMs);
        out.status = res.status;
        if (res.status !== 201) throw new Error(res.text.slice(0, 200));
        out.receiptCode = (JSON.parse(res.text) as { receiptCode?: string }).receiptCode ?? null;
        out.step = null;
      } catch (e) {
        out.error = (e as Error).message;
      }
      out.ms = performance.now() - t0;
      outcomes.push(out);
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, client));
  return { outcomes, elapsedMs: performance.now() - started, notSent: job.items.length - next };
}

async function runRace(job: RaceJob): Promise<RaceResult> {
  const statuses: Record<string, number> = {};
  const winners: unknown[] = [];
  let failures = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: job.n }, async (_, i) => {
    try {
      const res = await send('POST', job.base + job.path, { 'Content-Type': 'application/json', Authorization: `Bearer ${job.tokens[i % job.tokens.length]}` }, json(job.bodies ? job.bodies[i] : job.body), job.timeoutMs);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.status === 200) winners.push(JSON.parse(res.text));
    } catch {
      failures += 1;
    }
  }));
  return { statuses, failures, elapsedMs: performance.now() - started, winners };
}

if (parentPort && workerData?.job) {
  const job = workerData.job as Job;
  const run = job.kind === 'get' ? runGet(job) : job.kind === 'burst' ? runBurst(job) : runRace(job);
  run.then((r) => parentPort!.postMessage({ ok: true, result: r }), (e) => parentPort!.postMessage({ ok: false, error: String(e?.stack ?? e) }));
}
