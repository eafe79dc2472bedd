import cron from 'node-cron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JOB_SCHEDULE, startJobs } from '../../src/jobs/index.js';
import { createHarness, type Harness } from '../support/harness.js';
import { jobsDepsFor } from './support.js';

const hearkenTasks = () => [...cron.getTasks().values()].filter((t) => t.name?.startsWith('hearken-'));

describe('startJobs', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.close());

  it('schedules the SLA, survey, digest, lease-pruning and retention tasks on the real core, and stops them', async () => {
    const jobs = startJobs(jobsDepsFor(h, 'test'));

    const tasks = hearkenTasks();
    expect(tasks.map((t) => [t.name, t.getPattern()]).sort()).toEqual([
      ['hearken-digests', JOB_SCHEDULE.digests],
      ['hearken-prune', JOB_SCHEDULE.prune],
      ['hearken-retention', JOB_SCHEDULE.retention],
      ['hearken-sla', JOB_SCHEDULE.sla],
      ['hearken-surveys', JOB_SCHEDULE.surveys],
    ]);

    await jobs.stop();
    expect(hearkenTasks()).toEqual([]);
  });
});
