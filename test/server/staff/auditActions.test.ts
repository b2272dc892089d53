// Every audit action the server writes has its words in 操作记录 (shared/src/domain/audit.ts), so the trail
// never shows a raw code such as "registration.rated".
import fs from 'node:fs';
import path from 'node:path';
import { AUDIT_ACTIONS } from '../../../shared/src/domain/audit';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('each action written by audit() has a Chinese phrase', () => {
  const written = new Set<string>();
  for (const file of sources(path.resolve(__dirname, '../../../server/src'))) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/\baction: '([a-z_]+\.[a-z_]+)'/g)) written.add(m[1]);
  }
  expect(written.size).toBeGreaterThan(50);
  expect([...written].filter((a) => !AUDIT_ACTIONS[a]).sort()).toEqual([]);
});
