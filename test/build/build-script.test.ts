// The build script must fail when Taro exits 0 without output (it does so on some config errors).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { assertBuilt } = require('../../miniprogram/scripts/build.js') as { assertBuilt(dir: string, entry?: string): void };

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xzf-build-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('a missing output folder fails', () => {
  expect(() => assertBuilt(path.join(tmp, 'dist', 'weapp'), 'app.json')).toThrow(/was not written/);
});

test('an output folder without the entry file fails', () => {
  fs.mkdirSync(path.join(tmp, 'weapp'));
  fs.writeFileSync(path.join(tmp, 'weapp', 'common.js'), '');
  expect(() => assertBuilt(path.join(tmp, 'weapp'), 'app.json')).toThrow(/has no app.json/);
});

test('a written build passes', () => {
  fs.mkdirSync(path.join(tmp, 'h5'));
  fs.writeFileSync(path.join(tmp, 'h5', 'index.html'), '<!doctype html>');
  expect(() => assertBuilt(path.join(tmp, 'h5'), 'index.html')).not.toThrow();
  expect(() => assertBuilt(path.join(tmp, 'h5'))).not.toThrow();
});
