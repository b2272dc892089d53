import mongoose from 'mongoose';
import { noteDeclaredIndex, queryShapeConnectOptions, recordQueryShapesFromEnv } from './queryShapes';

export type DbKind = 'ferretdb' | 'mongodb';

export interface Db {
  connection: mongoose.Connection;
  kind: DbKind;
  /** The driver pool size in force: always 1 on FerretDB. */
  poolSize: number;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Pool size for a real MongoDB (config DB_POOL_SIZE, default 20). Ignored on FerretDB. */
  poolSize?: number;
}

// Why one connection on FerretDB: FerretDB v1.24 answers an update by reading the document, applying
// the update in Go and writing it back by _id, with no transaction and no re-check. Measured on this
// kind of machine (SQLite backend, 10 rounds each): 200 concurrent
// findOneAndUpdate({_id, status: 'open'}) had 2 to 50 winners per round, and 500 concurrent $inc left
// the counter at 3 to 22; a pool of 100 (mongoose's default) could deadlock it, because a read cursor
// holds one backend connection while the write waits for another. With maxPoolSize 1 the same tests
// give exactly 1 winner and 500, every round (~700 single-document updates a second here): the server
// then sends one command at a time, and MongoDB's single-document atomicity holds. Several server
// instances on one FerretDB would break this again: the embedded store is for one instance.
const EMBEDDED_POOL = { maxPoolSize: 1, minPoolSize: 1 } as const;

async function detectKind(conn: mongoose.Connection): Promise<DbKind> {
  const info = await conn.db!.admin().command({ buildInfo: 1 });
  return info.ferretdbVersion || info.ferretdbFeatures ? 'ferretdb' : 'mongodb';
}

/**
 * Connects the default mongoose instance (one process talks to one database). On FerretDB the pool is
 * forced to one connection, whatever was asked, so conditional updates and $inc are atomic there too.
 */
export async function connectDb(uri: string, dbName: string, opts: ConnectOptions = {}): Promise<Db> {
  mongoose.set('strictQuery', true);
  const base = { dbName, autoIndex: false, serverSelectionTimeoutMS: 10_000, ...queryShapeConnectOptions() };
  const poolSize = opts.poolSize ?? 20;
  await mongoose.connect(uri, { ...base, maxPoolSize: poolSize });
  let kind = await detectKind(mongoose.connection);
  let size = poolSize;
  if (kind === 'ferretdb' && poolSize !== 1) {
    await mongoose.disconnect();
    await mongoose.connect(uri, { ...base, ...EMBEDDED_POOL });
    kind = await detectKind(mongoose.connection);
    size = 1;
  }
  recordQueryShapesFromEnv(mongoose.connection.getClient()); // test mode and npm run bench: db/queryShapes.ts
  connectedKind = kind;
  return { connection: mongoose.connection, kind, poolSize: size, close: () => mongoose.disconnect() };
}

let connectedKind: DbKind | null = null;

/**
 * Creates the indexes every model declares. Run at start, before serving.
 * On the embedded FerretDB only the unique ones: FerretDB v1 plans every query as a full scan (explain:
 * `SCAN`, `filterPushdown: false`, with or without an index on the filtered key), so a secondary index
 * there only costs writes (measured here: 10,000 inserts 0.9 s without, 1.7 s with five indexes). Unique
 * indexes enforce idempotency and stay. The rest are declared to the index-coverage check, which proves
 * them for MongoDB (db/queryShapes.ts).
 */
export async function ensureIndexes(): Promise<void> {
  for (const name of mongoose.modelNames()) {
    const model = mongoose.model(name);
    if (connectedKind !== 'ferretdb') { await model.createIndexes(); continue; }
    for (const [key, options] of model.schema.indexes()) {
      const o = (options ?? {}) as { unique?: boolean; name?: string };
      if (o.unique) await model.collection.createIndex(key as Record<string, 1 | -1>, { ...(options as object), unique: true });
      else noteDeclaredIndex({ collection: model.collection.collectionName, name: o.name ?? Object.entries(key).map(([k, d]) => `${k}_${d}`).join('_'), key: Object.entries(key) as [string, number][], unique: false });
    }
  }
}
