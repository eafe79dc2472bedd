/**
 * Scheduled work: SLA watch, follow-up surveys, the daily digest.
 *
 * node-cron decides *when*; Postgres decides *who* and *whether*: every task is `distributed`
 * with a Postgres run coordinator (one instance runs each tick), and every tick claims its rows
 * itself (conditional updates, unique keys), so a warning, survey or digest goes out once
 * however many instances run and whatever the coordinator does.
 *
 * The per-tick functions take `now` so tests drive them with a controlled clock.
 */
import cron, { type ScheduledTask } from 'node-cron';
import { PostgresRunCoordinator } from './coordinator.js';
import type { JobsDeps } from './deps.js';
import { digestCommand, runDigests } from './digests.js';
import { runSlaSweep } from './sla-sweep.js';
import { surveyActionHandler, typedRatingHandler } from './survey-actions.js';
import { runSurveys, surveyDeliveryFailed } from './surveys.js';

export { buildDigest } from '../digest/build.js';
export { PostgresRunCoordinator } from './coordinator.js';
export type { ComplaintOps, JobsCore, JobsDeps, SystemChange } from './deps.js';
export { runDigests } from './digests.js';
export { runSlaSweep } from './sla-sweep.js';
export { runSurveys } from './surveys.js';

export const JOB_SCHEDULE = {
  sla: '* * * * *',
  surveys: '* * * * *',
  /** Every minute: each tenant's digest time is checked in its own zone. */
  digests: '* * * * *',
  prune: '17 * * * *',
  /** How long one instance holds a tick; under a minute so the next tick is free. */
  leaseMs: 55_000,
} as const;

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

/** Registers the handlers and schedules the tasks. `stop()` waits for ticks in progress. */
export function startJobs(deps: JobsDeps): RunningJobs {
  const handlers = registerJobHandlers(deps);
  const coordinator = new PostgresRunCoordinator(deps.database.db, deps.instanceId, deps.clock);
  const log = deps.logger.child({ component: 'jobs', instance: deps.instanceId });
  const ticks: Record<'sla' | 'surveys' | 'digests' | 'prune', () => Promise<unknown>> = {
    sla: () => runSlaSweep(deps, deps.clock.now()),
    surveys: () => runSurveys(deps, deps.clock.now()),
    digests: () => runDigests(deps, deps.clock.now()),
    prune: () => coordinator.prune(),
  };
  const tasks: ScheduledTask[] = Object.entries(ticks).map(([name, tick]) =>
    cron.schedule(
      JOB_SCHEDULE[name as keyof typeof ticks],
      async () => {
        try {
          await tick();
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
  log.info({ jobs: Object.keys(ticks) }, 'scheduled jobs started');
  return {
    async stop() {
      await Promise.all(tasks.map((task) => task.destroy()));
      await handlers.idle();
    },
  };
}
