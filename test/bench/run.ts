// npm run bench: speed and size figures as ratios measured in one run, on this machine's embedded
// database (or MONGODB_URI). Nothing here asserts a time: it prints a table to compare runs by.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../server/src/config';
import { connectDb, ensureIndexes } from '../../server/src/db/connection';
import { startFerretDb } from '../../server/src/db/ferretdb';
import { createApp } from '../../server/src/app';
import { createLogger } from '../../server/src/logger';
import { seedDemo } from '../../server/src/seed/demo';
import { RegionService } from '../../server/src/services/regions';

const WORKSHOPS = Number(process.env.BENCH_WORKSHOPS ?? 20000); // a province (DOMAIN.md: ~20,000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);

async function median(fn: () => Promise<unknown>, rounds = ROUNDS): Promise<number> {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function dirSize(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => {
    const p = path.join(dir, e.name);
    return n + (e.isDirectory() ? dirSize(p) : fs.statSync(p).size);
  }, 0);
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xzf-bench-'));
  const embedded = process.env.MONGODB_URI ? null : await startFerretDb({ dataDir });
  const config = loadConfig({}, { NODE_ENV: 'test', DB_NAME: `bench_${Date.now()}`, LOG_LEVEL: 'silent', RATE_LIMIT_IP_PER_MIN: '1000000', JOBS: '0' });
  const db = await connectDb(process.env.MONGODB_URI ?? embedded!.uri, config.dbName);
  try {
    await ensureIndexes();
    const t0 = Date.now();
    const seeded = await seedDemo(new RegionService(), { workshops: WORKSHOPS });
    const seedMs = Date.now() - t0;
    const { app } = createApp(config, createLogger('silent'), db);
    const server = http.createServer(app.callback()).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
    const get = (p: string) => fetch(base + p).then((r) => r.arrayBuffer());

    const anyCert = (await (await fetch(`${base}/workshops?pageSize=1`)).json()) as { data: { id: string }[] };
    const detail = (await (await fetch(`${base}/workshops/${anyCert.data[0].id}`)).json()) as { certificate: { number: string } | null };
    const certNo = detail.certificate?.number ?? 'JY450203000001';

    const baseline = await median(() => get('/health'));
    const rows: [string, number][] = [
      ['GET /health (baseline)', baseline],
      ['credit file by id', await median(() => get(`/workshops/${anyCert.data[0].id}`))],
      ['search by certificate number', await median(() => get(`/workshops?q=${certNo}`))],
      ['list page 1 sorted by name', await median(() => get('/workshops?sort=name'))],
      ['list filtered by county', await median(() => get('/workshops?region=450203&sort=name'))],
      ['search pinyin initials "lsf"', await median(() => get('/workshops?q=lsf'))],
      ['search Chinese "螺蛳粉"', await median(() => get(`/workshops?q=${encodeURIComponent('螺蛳粉')}`))],
      ['regions below a county', await median(() => get('/regions?parent=450203'))],
    ];
    server.close();

    console.log(`\nBenchmarks (${seeded.workshops} workshops on ${db.kind}, median of ${ROUNDS}; seeding took ${(seedMs / 1000).toFixed(1)} s)`);
    console.log('ratio to GET /health in the same run:');
    for (const [name, ms] of rows) console.log(`  ${name.padEnd(34)} ${(ms / baseline).toFixed(1).padStart(7)}×   (${ms.toFixed(1)} ms)`);

    const weapp = path.join(__dirname, '..', '..', 'miniprogram', 'dist', 'weapp');
    if (fs.existsSync(weapp)) {
      const total = dirSize(weapp);
      const pkgs = path.join(weapp, 'packages');
      const sub = fs.existsSync(pkgs) ? dirSize(pkgs) : 0;
      console.log('\nweapp size as a share of WeChat limits (2 MB a package):');
      console.log(`  main package  ${(((total - sub) / (2 * 1024 * 1024)) * 100).toFixed(1)}% of 2 MB`);
      for (const p of fs.existsSync(pkgs) ? fs.readdirSync(pkgs) : []) {
        console.log(`  packages/${p.padEnd(13)} ${((dirSize(path.join(pkgs, p)) / (2 * 1024 * 1024)) * 100).toFixed(1)}% of 2 MB`);
      }
    }
  } finally {
    await db.connection.dropDatabase().catch(() => undefined);
    await db.close();
    await embedded?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
