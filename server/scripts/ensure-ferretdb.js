#!/usr/bin/env node
// Builds the embedded database (FerretDB v1.24.2, SQLite backend) into .tools/bin once.
// Runs from `npm install` (postinstall) and again before start/test; a no-op when the binary exists
// or when MONGODB_URI points at a real MongoDB.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const MODULE = 'github.com/FerretDB/FerretDB';
const VERSION = 'v1.24.2';
const root = path.resolve(__dirname, '..', '..');
const binDir = path.join(root, '.tools', 'bin');
const bin = path.join(binDir, 'ferretdb');

function log(msg) { process.stdout.write(`[ferretdb] ${msg}\n`); }

function hasGo() {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

function goInstall() {
  const r = spawnSync('go', ['install', `${MODULE}/cmd/ferretdb@${VERSION}`], {
    env: { ...process.env, GOBIN: binDir, CGO_ENABLED: '0' },
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  if (r.status !== 0) log(`go install failed: ${String(r.stderr).trim().split('\n').slice(-2).join(' ')}`);
  return r.status === 0 && runs();
}

// A binary built without build/version/version.txt panics at start: check that it runs.
function runs() {
  return fs.existsSync(bin) && spawnSync(bin, ['--version'], { stdio: 'ignore' }).status === 0;
}

// Some module proxies refuse the version list that `go install pkg@version` reads for its
// deprecation check, while serving the module itself: build from the downloaded module then,
// with its own go.mod/go.sum, which gives the same binary.
function buildFromModule() {
  const info = JSON.parse(execFileSync('go', ['mod', 'download', '-json', `${MODULE}@${VERSION}`], { encoding: 'utf8' }));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ferretdb-src-'));
  try {
    fs.cpSync(info.Dir, work, { recursive: true });
    execFileSync('chmod', ['-R', 'u+w', work]);
    // FerretDB reads its version from a file its release tooling generates; the module has none.
    fs.writeFileSync(path.join(work, 'build', 'version', 'version.txt'), `${VERSION}\n`);
    execFileSync('go', ['build', '-trimpath', '-o', bin, './cmd/ferretdb'], {
      cwd: work, env: { ...process.env, CGO_ENABLED: '0' }, stdio: 'inherit',
    });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return runs();
}

function main() {
  if (process.env.MONGODB_URI) { log('MONGODB_URI is set: the embedded database is not needed.'); return 0; }
  if (runs()) return 0;
  if (!hasGo()) {
    log('Go toolchain not found. Install Go (1.22 or newer, e.g. `apt-get install -y golang`) so the embedded '
      + 'database can be built, or set MONGODB_URI to a MongoDB server.');
    return process.argv.includes('--strict') ? 1 : 0;
  }
  fs.mkdirSync(binDir, { recursive: true });
  log(`building ${MODULE} ${VERSION} (first time only, about a minute)…`);
  if (goInstall() || buildFromModule()) { log(`ready: ${path.relative(root, bin)}`); return 0; }
  log('build failed; see the messages above.');
  return 1;
}

process.exitCode = main();
