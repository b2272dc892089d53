// Launches the embedded database: FerretDB v1 with its SQLite backend, on a free loopback port.
// Used when MONGODB_URI is not set (demo, development, tests). Production uses a real MongoDB.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');
const FERRETDB_BIN = path.join(PROJECT_ROOT, '.tools', 'bin', 'ferretdb');

export interface EmbeddedDb {
  uri: string;
  port: number;
  /** The FerretDB process (the crash test kills it). */
  pid: number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function waitForPort(port: number, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) {
        reject(new Error(`FerretDB exited with code ${child.exitCode}:\n${output()}`));
        return;
      }
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => { sock.destroy(); resolve(); });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`FerretDB did not listen on ${port} in time:\n${output()}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

function ensureFerretDbBinary(): void {
  if (fs.existsSync(FERRETDB_BIN)) return;
  // Build on first start when `npm install` could not (e.g. Go was installed afterwards).
  const script = path.join(PROJECT_ROOT, 'server', 'scripts', 'ensure-ferretdb.js');
  const { status } = require('node:child_process').spawnSync(process.execPath, [script, '--strict'], { stdio: 'inherit' });
  if (status !== 0 || !fs.existsSync(FERRETDB_BIN)) {
    throw new Error(
      'The embedded database (FerretDB) is not available. Install Go (`apt-get install -y golang`) and run '
      + '`npm install` again, or set MONGODB_URI to a MongoDB server.',
    );
  }
}

export async function startFerretDb(opts: { dataDir: string; port?: number }): Promise<EmbeddedDb> {
  ensureFerretDbBinary();
  const dataDir = path.resolve(opts.dataDir);
  fs.mkdirSync(path.join(dataDir, 'sqlite'), { recursive: true });
  fs.mkdirSync(path.join(dataDir, 'state'), { recursive: true });
  const port = opts.port ?? (await freePort());
  let output = '';
  const child = spawn(FERRETDB_BIN, [
    '--handler=sqlite',
    `--sqlite-url=file:${path.join(dataDir, 'sqlite')}/`,
    `--state-dir=${path.join(dataDir, 'state')}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=error',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (b: Buffer) => { output = (output + b.toString()).slice(-4000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  await waitForPort(port, child, 30_000, () => output);
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    port,
    pid: child.pid!,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) { resolve(); return; }
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => { clearTimeout(timer); resolve(); });
      child.kill('SIGTERM');
    }),
  };
}
