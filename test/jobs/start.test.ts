import cron, { type ScheduledTask } from 'node-cron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Hearken } from '../../src/core.js';
import { JOB_SCHEDULE, startJobs } from '../../src/jobs/index.js';
import { createHarness, type Harness } from '../support/harness.js';
import { jobsDepsFor, silentLogger } from './support.js';

const hearkenTasks = () => [...cron.getTasks().values()].filter((t) => t.name?.startsWith('hearken-'));

type Outcome = { instance: string; slot: string; ran: boolean; reason?: string };

/**
 * Resolves with the outcomes of the first slot both tasks have decided (one ran, or skipped and
 * why), as node-cron reports them: the test waits for those events, not for a guessed time.
 */
function firstSlotDecidedByBoth(tasks: [string, ScheduledTask][]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  return new Promise((resolve) => {
    const record = (outcome: Outcome) => {
      outcomes.push(outcome);
      const same = outcomes.filter((o) => o.slot === outcome.slot);
      if (same.length === tasks.length) resolve(same);
    };
    for (const [instance, task] of tasks) {
      task.on('execution:finished', (ctx) => record({ instance, slot: ctx.date.toISOString(), ran: true }));
      task.on('execution:skipped', (ctx) =>
        record({ instance, slot: ctx.date.toISOString(), ran: false, reason: ctx.reason }),
      );
    }
  });
}

describe('startJobs', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.close());

  it('schedules the SLA, survey, digest, idle-intake, housekeeping, retention, auto-close and lease-pruning tasks on the real core, and stops them', async () => {
    const jobs = startJobs(jobsDepsFor(h, 'test'));

    const tasks = hearkenTasks();
    expect(tasks.map((t) => [t.name, t.getPattern()]).sort()).toEqual([
      ['hearken-autoClose', JOB_SCHEDULE.autoClose],
      ['hearken-digests', JOB_SCHEDULE.digests],
      ['hearken-housekeeping', JOB_SCHEDULE.housekeeping],
      ['hearken-idle', JOB_SCHEDULE.idle],
      ['hearken-prune', JOB_SCHEDULE.prune],
      ['hearken-retention', JOB_SCHEDULE.retention],
      ['hearken-sla', JOB_SCHEDULE.sla],
      ['hearken-surveys', JOB_SCHEDULE.surveys],
    ]);

    await jobs.stop();
    expect(hearkenTasks()).toEqual([]);
  });

  it('runs a housekeeping tick on one of two instances sharing the database, the other skips it', async () => {
    const b = new Hearken({ database: h.database, logger: silentLogger, clock: h.clock });
    // Housekeeping every second so a slot comes soon; the rest far away so they stay out of it.
    const schedule = {
      housekeeping: '* * * * * *',
      sla: '0 0 1 1 *',
      surveys: '0 0 1 1 *',
      digests: '0 0 1 1 *',
      idle: '0 0 1 1 *',
      prune: '0 0 1 1 *',
      autoClose: '0 0 1 1 *',
    };
    const running = [
      startJobs(jobsDepsFor(h, 'a'), { schedule }),
      startJobs({ ...jobsDepsFor(h, 'b'), hearken: b }, { schedule }),
    ];
    const [taskA, taskB] = hearkenTasks().filter((t) => t.name === 'hearken-housekeeping');
    if (!taskA || !taskB) throw new Error('both instances schedule housekeeping');

    const outcomes = await firstSlotDecidedByBoth([
      ['a', taskA],
      ['b', taskB],
    ]);
    await Promise.all(running.map((jobs) => jobs.stop()));
    await b.outbox.stop();

    expect(outcomes.filter((o) => o.ran)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ran).map((o) => o.reason)).toEqual(['not-elected']);
  });
});
