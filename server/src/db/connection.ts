import mongoose from 'mongoose';

export type DbKind = 'ferretdb' | 'mongodb';

export interface Db {
  connection: mongoose.Connection;
  kind: DbKind;
  close(): Promise<void>;
}

// Models are registered on the default mongoose instance; one process talks to one database.
export async function connectDb(uri: string, dbName: string): Promise<Db> {
  mongoose.set('strictQuery', true);
  await mongoose.connect(uri, { dbName, autoIndex: false, serverSelectionTimeoutMS: 10_000 });
  const conn = mongoose.connection;
  const info = await conn.db!.admin().command({ buildInfo: 1 });
  const kind: DbKind = info.ferretdbVersion || info.ferretdbFeatures ? 'ferretdb' : 'mongodb';
  return { connection: conn, kind, close: () => mongoose.disconnect() };
}

/** Creates the indexes every model declares. Run at start, before serving. */
export async function ensureIndexes(): Promise<void> {
  for (const name of mongoose.modelNames()) {
    await mongoose.model(name).createIndexes();
  }
}
