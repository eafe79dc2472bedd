/**
 * Scheduled work: SLA watch, follow-up surveys, the daily digest, and housekeeping (idle intakes,
 * nightly pruning).
 *
 * node-cron decides *when*; Postgres decides *who* and *whether*: every task is `distributed`
 * with a Postgres run coordinator (one instance runs each tick), and every tick claims its rows
 * itself (conditional updates, unique keys), so a warning, survey or digest goes out once
 * however many instances run and whatever the coordinator does.
 *
 * The per-tick functions take `now` so tests drive them with a controlled clock.
 */
import cron, { type ScheduledTask } from 'node-cron';
import { DEFAULT_OUTBOX_DEAD_DAYS, DEFAULT_RETENTION_DAYS } from '../config.js';
import { runAutoClose } from './auto-close.js';
import { PostgresRunCoordinator } from './coordinator.js';
import type { JobsDeps } from './deps.js';
import { digestCommand, runDigests } from './digests.js';
import { runHousekeeping, runIdleSweep } from './housekeeping.js';
import { runRetention } from './retention.js';
import { runSlaSweep } from './sla-sweep.js';
import { surveyActionHandler, typedRatingHandler } from './survey-actions.js';
import { runSurveys, surveyDeliveryFailed } from './surveys.js';

export { buildDigest } from '../digest/build.js';
export { runAutoClose } from './auto-close.js';
export { PostgresRunCoordinator } from './coordinator.js';
export type { ComplaintOps, JobsCore, JobsDeps, SystemChange } from './deps.js';
export { runDigests } from './digests.js';
export { runHousekeeping, runIdleSweep } from './housekeeping.js';
export { runRetention } from './retention.js';
export { runSlaSweep } from './sla-sweep.js';
export { runSurveys } from './surveys.js';

export const JOB_SCHEDULE = {
  sla: '* * * * *',
  surveys: '* * * * *',
  /** Every minute: each tenant's digest time is checked in its own zone. */
  digests: '* * * * *',
  /** Lapsed cron leases. */
  prune: '17 * * * *',
  /** Hourly: delivered outbox rows and handled event ids past the retention period, in batches. */
  retention: '37 * * * *',
  /** Idle intakes: a reminder, then a pause. */
  idle: '* * * * *',
  /** Expired adapter state, at night (old dedupe ids go with `retention`). */
  housekeeping: '17 3 * * *',
  /** Complaints waiting on their customer past the tenant's auto-close delay. */
  autoClose: '* * * * *',
  /** How long one instance holds a tick; under a minute so the next tick is free. */
  leaseMs: 55_000,
} as const;

export const JOB_NAMES = [
  'sla',
  'surveys',
  'digests',
  'prune',
  'idle',
  'housekeeping',
  'retention',
  'autoClose',
] as const;
export type JobName = (typeof JOB_NAMES)[number];

export interface StartJobsOptions {
  /** Cron patterns to use instead of `JOB_SCHEDULE`'s (tests tick every second: `* * * * * *`). */
  schedule?: Partial<Record<JobName, string>>;
}

export interface RunningJobs {
  stop(): Promise<void>;
}

export interface JobHandlers {
  /** Resolves when work the handlers started in the background (`digest now`) is done. */
  idle(): Promise<void>;
}

/** Registers the survey buttons, `/hearken digest`, and the survey delivery-failure hook. */
export function registerJobHandlers(deps: JobsDeps): JobHandlers {
  const digest = digestCommand(deps);
  deps.hearken.onAction('survey.', surveyActionHandler(deps));
  deps.hearken.intake?.onTypedRating(typedRatingHandler(deps));
  deps.hearken.onAdminCommand('digest', digest.handler);
  deps.hearken.onDeliveryFailed('survey', surveyDeliveryFailed(deps));
  return { idle: () => digest.idle() };
}

/**
 * Registers the handlers and schedules the tasks, every one under the database lease (one
 * instance runs each tick). `stop()` waits for ticks in progress.
 */
export function startJobs(deps: JobsDeps, options: StartJobsOptions = {}): RunningJobs {
  return scheduleJobs(deps, registerJobHandlers(deps), options);
}

/**
 * Schedules the tasks for handlers already registered: the app registers them before it serves
 * (a survey click may come at once) and schedules after (node-cron's set-up costs start-up time).
 */
export function scheduleJobs(
  deps: JobsDeps,
  handlers: JobHandlers,
  options: StartJobsOptions = {},
): RunningJobs {
  const coordinator = new PostgresRunCoordinator(deps.database.db, deps.instanceId, deps.clock);
  const log = deps.logger.child({ component: 'jobs', instance: deps.instanceId });
  const ticks: Record<JobName, () => Promise<unknown>> = {
    sla: () => runSlaSweep(deps, deps.clock.now()),
    surveys: () => runSurveys(deps, deps.clock.now()),
    digests: () => runDigests(deps, deps.clock.now()),
    prune: () => coordinator.prune(),
    retention: async () => {
      const days = deps.retentionDays ?? DEFAULT_RETENTION_DAYS;
      const deadDays = deps.outboxDeadDays ?? DEFAULT_OUTBOX_DEAD_DAYS;
      const pruned = await runRetention(deps.database.db, deps.clock.now(), { days, deadDays });
      log.info({ job: 'retention', days, deadDays, ...pruned }, 'old outbox rows and event ids pruned');
    },
    idle: () => runIdleSweep(deps, deps.clock.now()),
    housekeeping: () => runHousekeeping(deps, deps.clock.now()),
    autoClose: () => runAutoClose(deps, deps.clock.now()),
  };
  const tasks: ScheduledTask[] = JOB_NAMES.map((name) =>
    cron.schedule(
      options.schedule?.[name] ?? JOB_SCHEDULE[name],
      async () => {
        try {
          await ticks[name]();
        } catch (error) {
          // A failed tick is retried by the next one; it must never take the process down.
          log.error({ err: error, job: name }, 'scheduled job failed');
        }
      },
      {
        name: `hearken-${name}`,
        distributed: true,
        runCoordinator: coordinator,
        distributedLease: JOB_SCHEDULE.leaseMs,
        noOverlap: true,
      },
    ),
  );
  log.info({ jobs: JOB_NAMES }, 'scheduled jobs started');
  return {
    async stop() {
      await Promise.all(tasks.map((task) => task.destroy()));
      await handlers.idle();
    },
  };
}
