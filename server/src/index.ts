// Starts the server: configuration, database (embedded FerretDB when MONGODB_URI is unset),
// indexes, HTTP. Several instances may run against one MongoDB: nothing here keeps state.
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig, type Config } from './config';
import { connectDb, ensureIndexes, type Db } from './db/connection';
import { migrate } from './db/migrate';
import { PROJECT_ROOT, startFerretDb, type EmbeddedDb } from './db/ferretdb';
import { createApp } from './app';
import { createHttpServer } from './http/server';
import { createLogger } from './logger';
import type { Services } from './services';
import { createJobRunner } from './jobs';

export interface RunningServer {
  url: string;
  config: Config;
  db: Db;
  services: Services;
  embedded: EmbeddedDb | null;
  stop(): Promise<void>;
}

export async function startServer(config: Config = loadConfig()): Promise<RunningServer> {
  const log = createLogger(config.logLevel);
  let embedded: EmbeddedDb | null = null;
  let uri = config.mongoUri;
  if (!uri) {
    embedded = await startFerretDb({ dataDir: config.dataDir ?? path.join(PROJECT_ROOT, '.data', 'db') });
    uri = embedded.uri;
  }
  const db = await connectDb(uri, config.dbName, { poolSize: config.dbPoolSize });
  const migrated = await migrate();
  if (Object.values(migrated).some(Boolean)) log.info({ migrated }, 'database migrated');
  await ensureIndexes();
  const { app, services } = createApp(config, log, db);
  const server = createHttpServer(app);
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const { port } = server.address() as AddressInfo;
  const jobs = config.jobs ? createJobRunner(services, { pollMs: config.jobsPollMs }) : null;
  jobs?.start();
  log.info({ port, db: db.kind }, 'server listening');
  return {
    url: `http://127.0.0.1:${port}`,
    config,
    db,
    services,
    embedded,
    async stop() {
      await jobs?.stop();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await db.close();
      await embedded?.stop();
    },
  };
}

if (require.main === module) {
  startServer().then((s) => {
    const shutdown = () => { s.stop().finally(() => process.exit(0)); };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  }).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
