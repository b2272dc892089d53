// Starts one embedded FerretDB for the whole jest run (unless MONGODB_URI points at a MongoDB);
// each test file then works in a database of its own on it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFerretDb, type EmbeddedDb } from '../../server/src/db/ferretdb';

declare global {
  // eslint-disable-next-line no-var
  var __TEST_DBS__: { db: EmbeddedDb; dir: string }[] | undefined;
}

export default async function globalSetup() {
  // Every query the app sends in any test file is recorded here (server/src/db/queryShapes.ts);
  // globalTeardown checks each shape is served by a declared index.
  if (!process.env.QUERY_SHAPES_FILE) {
    const out = path.join(__dirname, '..', '..', 'test-output', 'query-shapes');
    fs.mkdirSync(out, { recursive: true });
    process.env.QUERY_SHAPES_FILE = path.join(out, `run-${Date.now()}-${process.pid}.jsonl`);
  }
  if (process.env.MONGODB_URI) { process.env.TEST_MONGODB_URI = process.env.MONGODB_URI; return; }
  if (process.env.TEST_MONGODB_URI) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xzf-test-db-'));
  const db = await startFerretDb({ dataDir: dir });
  process.env.TEST_MONGODB_URI = db.uri;
  (globalThis.__TEST_DBS__ ??= []).push({ db, dir });
}
