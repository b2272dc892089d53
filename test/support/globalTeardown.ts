import fs from 'node:fs';
import path from 'node:path';
import { coverage, describeUnserved, formatShapeTable, readRecording } from '../../server/src/db/queryShapes';

export default async function globalTeardown() {
  for (const { db, dir } of globalThis.__TEST_DBS__ ?? []) {
    await db.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  globalThis.__TEST_DBS__ = [];
  delete process.env.TEST_MONGODB_URI;
  checkQueryShapes();
}

/**
 * Every query shape the test files recorded must be served by an index the app declares (MongoDB's
 * rules, see server/src/db/queryShapes.ts). The table goes to test-output/query-shapes.txt.
 */
function checkQueryShapes() {
  const file = process.env.QUERY_SHAPES_FILE;
  delete process.env.QUERY_SHAPES_FILE; // the second project's teardown has nothing left to check
  if (!file || !fs.existsSync(file)) return;
  const { shapes, indexes } = readRecording(file);
  fs.rmSync(file, { force: true });
  if (!shapes.length) return;
  const rows = coverage(shapes, indexes);
  const table = formatShapeTable(rows);
  const out = path.join(path.dirname(file), '..', 'query-shapes.txt');
  fs.writeFileSync(out, `${table}\n`);
  const allowed = rows.filter((r) => r.served?.allowed).length;
  console.log(`\nQuery shapes: ${rows.length} recorded, ${rows.filter((r) => r.served).length} served (${allowed} by the allow-list); table in ${path.relative(process.cwd(), out)}`);
  if (rows.some((r) => !r.served)) {
    throw new Error(`Queries not served by any declared index (add a Schema.index in server/src/models, or a commented ALLOW_LIST entry in server/src/db/indexCoverage.ts):\n${describeUnserved(rows)}\nAll shapes: ${out}`);
  }
}
