// The server as the crash test runs it: a child process (so it can be killed with SIGKILL) started with
// the configuration the harness puts in its environment (test/crash/harness.ts). It prints one line,
// CRASH_SERVER_READY <url>, once it serves.
import { loadConfig } from '../../server/src/config';
import { startServer } from '../../server/src/index';

startServer(loadConfig()).then((s) => {
  process.stdout.write(`CRASH_SERVER_READY ${s.url}\n`);
  const shutdown = () => { s.stop().finally(() => process.exit(0)); };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}).catch((e) => {
  console.error(e instanceof Error ? e.stack ?? e.message : e);
  process.exit(1);
});
