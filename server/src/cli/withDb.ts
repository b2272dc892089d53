import path from 'node:path';
import type { Config } from '../config';
import { connectDb, ensureIndexes, type Db } from '../db/connection';
import { PROJECT_ROOT, startFerretDb } from '../db/ferretdb';

/** Runs a command-line task against the configured database (embedded one when MONGODB_URI is unset). */
export async function withDb<T>(config: Config, fn: (db: Db) => Promise<T>): Promise<T> {
  const embedded = config.mongoUri ? null : await startFerretDb({ dataDir: config.dataDir ?? path.join(PROJECT_ROOT, '.data', 'db') });
  const db = await connectDb(config.mongoUri ?? embedded!.uri, config.dbName, { poolSize: config.dbPoolSize });
  try {
    await ensureIndexes();
    return await fn(db);
  } finally {
    await db.close();
    await embedded?.stop();
  }
}
