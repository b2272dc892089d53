import fs from 'node:fs';

export default async function globalTeardown() {
  for (const { db, dir } of globalThis.__TEST_DBS__ ?? []) {
    await db.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  globalThis.__TEST_DBS__ = [];
  delete process.env.TEST_MONGODB_URI;
}
