// `npm run seed:scale -- --workshops 20000 [--seed N] [--db NAME] [--as-of YYYY-MM-DD] [--drop]`
// Writes a province of workshops and their records (server/src/seed/scale.ts) into its own database
// (default xzf_scale_<N>), with a progress bar and the write rate. `npm start` serves it with DB_NAME=<NAME>.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { WorkshopModel } from '../models/Workshop';
import { RegionService } from '../services/regions';
import { progressLine, SCALE_DEFAULT_SEED, seedScale } from '../seed/scale';
import { shanghaiDate } from '../services/calendar';
import { withDb } from './withDb';

const USAGE = '用法：npm run seed:scale -- --workshops 20000 [--seed 20261201] [--db 数据库名] [--as-of 2026-11-30] [--drop]';

const { values } = parseArgs({
  options: {
    workshops: { type: 'string', default: '2000' },
    seed: { type: 'string', default: String(SCALE_DEFAULT_SEED) },
    db: { type: 'string' },
    'as-of': { type: 'string' },
    drop: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) { console.log(USAGE); process.exit(0); }
const workshops = Number(values.workshops);
const seed = Number(values.seed);
if (!Number.isInteger(workshops) || workshops < 1 || workshops > 500_000) { console.error(`--workshops 应为 1 到 500000 的整数\n${USAGE}`); process.exit(2); }
if (!Number.isInteger(seed)) { console.error(`--seed 应为整数\n${USAGE}`); process.exit(2); }
if (values['as-of'] && !/^\d{4}-\d{2}-\d{2}$/.test(values['as-of'])) { console.error(`--as-of 应为 YYYY-MM-DD\n${USAGE}`); process.exit(2); }
const asOf = values['as-of'] ? new Date(`${values['as-of']}T00:00:00+08:00`) : undefined;
const dbName = values.db ?? `xzf_scale_${workshops}`;

const config = loadConfig(process.env, { DB_NAME: dbName });
withDb(config, async (db) => {
  const existing = await WorkshopModel.estimatedDocumentCount();
  if (existing > 0 && !values.drop) {
    console.error(`数据库 ${dbName} 已有 ${existing} 家作坊，未写入。加 --drop 先清空该数据库，或用 --db 换一个数据库名。`);
    process.exitCode = 1;
    return;
  }
  if (existing > 0) {
    await db.connection.dropDatabase();
    const { ensureIndexes } = await import('../db/connection');
    await ensureIndexes();
  }
  const tty = process.stderr.isTTY;
  let lastTenth = -1;
  const result = await seedScale(new RegionService(), {
    workshops, seed, asOf,
    onProgress: (p) => {
      if (tty) { process.stderr.write(`\r${progressLine(p)}`); return; }
      const tenth = Math.floor((p.workshopsDone / p.workshops) * 10);
      if (tenth !== lastTenth) { lastTenth = tenth; process.stderr.write(`${progressLine(p)}\n`); }
    },
  });
  if (tty) process.stderr.write('\n');
  const n = (x: number) => x.toLocaleString('en-US');
  console.log(`已写入 ${dbName}（${db.kind}）：${n(result.workshops)} 家作坊，共 ${n(result.totalDocs)} 条记录，用时 ${(result.ms / 1000).toFixed(1)} 秒，${n(result.docsPerSec)} 条/秒。`);
  console.log(`  种子 ${seed}，记录日期截至 ${shanghaiDate(new Date(result.asOf.getTime() - 1))}`);
  for (const [collection, count] of Object.entries(result.docs)) console.log(`  ${collection.padEnd(16)} ${n(count).padStart(10)}`);
  console.log(`用这个数据库启动：DB_NAME=${dbName} npm start`);
}).catch((e) => { console.error(e instanceof Error ? e.message : e); process.exit(1); });
