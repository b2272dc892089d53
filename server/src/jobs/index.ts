// The project's scheduled work. server/src/index.ts starts it (when config.jobs) after the app is built:
//   const runner = createJobRunner(services); runner.start();  …on shutdown: await runner.stop();
import { remindUrgentDeadlines } from '../services/deadlineReminders';
import type { Services } from '../services';
import { shanghaiDate } from '../services/calendar';
import { JobRunner, type JobRunnerOptions } from './runner';
import { escalateOverdue } from '../commands/registration';
import { remindRenewals } from '../commands/registration/renewalNotice';
import { escalateOverdueTipoffs } from '../commands/tipoff';
import { reconcilePayouts } from '../commands/tipoff/reward';
import { recoverOwed } from '../db/owed';
import { releaseExpired } from '../commands/training';
import { reconcilePayments } from '../services/payments';
// Every command module that defines owed steps, so the recovery job knows them all.
import '../commands/supervision/inspections';
import '../commands/supervision/penalties';
import '../commands/supervision/sampling';
import '../commands/supervision/draws';
import '../commands/training';
import { expireAwards, grantDueAwards, repairPlaces } from '../commands/programs';

export { JobRunner } from './runner';
export type { JobContext, JobHandler, JobOptions, JobRunnerOptions } from './runner';

const DAY_MS = 86_400_000;

function defineJobs(runner: JobRunner, services: Services): JobRunner {
  // Deadlines are counted in working days: a year without a holiday arrangement makes them estimates.
  // Say so in the log every day until an admin enters the State Council notice (PUT /calendar/years/:year).
  runner.define('calendar.check-years', { everyMs: DAY_MS }, async () => {
    const year = Number(shanghaiDate(new Date()).slice(0, 4));
    for (const y of [year, year + 1]) {
      if ((await services.calendar.yearStatus(y)) === 'unknown') {
        services.log.warn({ year: y, code: 'calendar.year_unknown' }, 'statutory holiday arrangement missing: working-day deadlines are estimates');
      }
    }
  });
  // Registration steps past their working-day deadline go to the county admin (督办).
  runner.define('registration.escalate-overdue', { everyMs: 15 * 60_000 }, async () => {
    const n = await escalateOverdue(services);
    if (n) services.log.info({ escalated: n }, 'overdue registrations escalated');
  });
  // Certificates entering their renewal window (30 days before expiry): the owner gets a message, once per
  // certificate and expiry date (keyed notices), however often this runs. Hourly, so a restart loses no day.
  runner.define('registration.renewal-reminders', { everyMs: 60 * 60_000, leaseMs: 10 * 60_000 }, async () => {
    const n = await remindRenewals(services);
    if (n) services.log.info({ reminded: n }, 'certificate renewal reminders sent');
  });
  // Rectifications due within 2 working days: a message and an SMS to the owner, once per deadline (keyed).
  runner.define('deadlines.urgent-reminders', { everyMs: 60 * 60_000, leaseMs: 10 * 60_000 }, async () => {
    const n = await remindUrgentDeadlines(services);
    if (n) services.log.info({ reminded: n }, 'urgent deadline reminders sent');
  });
  // Tip-offs past their acceptance (7) or outcome (15) working-day deadline go to the county admin.
  runner.define('tipoff.escalate-overdue', { everyMs: 15 * 60_000 }, async () => {
    const n = await escalateOverdueTipoffs(services);
    if (n) services.log.info({ escalated: n }, 'overdue tip-offs escalated');
  });
  // Reward payouts whose result has not arrived by notification: ask WeChat Pay (and re-send lost batches).
  runner.define('tipoff.reconcile-payouts', { everyMs: 5 * 60_000 }, async () => {
    const n = await reconcilePayouts(services);
    if (n) services.log.info({ settled: n }, 'reward payouts reconciled');
  });
  // Payment orders whose result has not arrived by notification (created > 10 min): ask WeChat Pay and settle;
  // refunds in flight likewise; purpose handlers that failed run again.
  runner.define('payments.reconcile', { everyMs: 5 * 60_000, leaseMs: 5 * 60_000 }, async () => {
    const n = await reconcilePayments(services);
    if (n) services.log.info({ settled: n }, 'payments reconciled');
  });
  // Training: unpaid seat holds (15 min) and unanswered waitlist offers (24 h) expire; each seat goes on to
  // the next in line. One conditional update per booking, so several instances expire each once.
  runner.define('training.release-expired', { everyMs: 60_000, leaseMs: 5 * 60_000 }, async () => {
    const n = await releaseExpired(services);
    if (n) services.log.info({ expired: n }, 'training holds and offers expired');
  });
  // Programs: applications whose public notice ended with no objection open get their award, and awards past
  // their validity expire. One conditional update per document, so several instances do each once.
  runner.define('programs.grant-awards', { everyMs: 5 * 60_000, leaseMs: 5 * 60_000 }, async () => {
    const n = await grantDueAwards(services);
    if (n) services.log.info({ granted: n }, 'program awards granted after the public notice');
    const expired = await expireAwards(services);
    if (expired) services.log.info({ expired }, 'program awards past their validity expired');
    const repaired = await repairPlaces();
    if (repaired) services.log.warn({ repaired }, 'program quota places left by an interrupted approval given back');
  });
  // Follow-up steps of commands that died half-way (db/owed.ts): finished a few seconds later.
  // A short lease: a server killed during a run holds it until it expires, and recovery waits that long
  // (the crash test killed servers mid-run under load: with 5 minutes nothing was recovered for 5 minutes).
  // A run that outlives it and is taken over is harmless: every step is idempotent.
  runner.define('owed.recover', { everyMs: 10_000, leaseMs: 30_000 }, async () => {
    const n = await recoverOwed(services);
    if (n) services.log.info({ finished: n }, 'owed steps recovered');
  });
  return runner;
}

export function createJobRunner(services: Services, opts: Omit<JobRunnerOptions, 'log'> = {}): JobRunner {
  return defineJobs(new JobRunner({ ...opts, log: services.log }), services);
}
