/**
 * Two instances on one database, doing everything at the same moments: filing complaints,
 * delivering the outbox, sending surveys, digests and SLA notes. Each thing happens once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hearken } from '../../src/core.js';
import type { JobsDeps } from '../../src/jobs/deps.js';
import { registerJobHandlers, runDigests, runSlaSweep, runSurveys } from '../../src/jobs/index.js';
import { silentLogger } from '../../src/log.js';
import { DAY } from '../support/clock.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import {
  createHarness,
  customer,
  type Harness,
  MANAGER_CHANNEL,
  STAFF_CHANNEL,
  shown,
  staff,
} from '../support/harness.js';

const COUNT = 24;

describe('two instances on one database', () => {
  let database: TestDatabase;
  let h: Harness;
  let b: Hearken;
  let jobs: [JobsDeps, JobsDeps];
  beforeAll(async () => {
    database = await createTestDatabase();
    h = await createHarness({ database });
    // Instance b: its own core on the same database, clock and platform (one Slack, two bots).
    b = new Hearken({ database, logger: silentLogger, clock: h.clock });
    b.registerPlatform(h.port);
    jobs = [
      { hearken: h.hearken, database, clock: h.clock, logger: silentLogger, instanceId: 'a' },
      { hearken: b, database, clock: h.clock, logger: silentLogger, instanceId: 'b' },
    ];
    registerJobHandlers(jobs[0]);
    registerJobHandlers(jobs[1]);
  });
  afterAll(async () => {
    await b.outbox.stop();
    await h.close();
    await database.destroy();
  });

  it('never hands out one code twice, posts each card once, and sends one survey, digest and breach note each', async () => {
    const instances = [h.hearken, b];
    const filed = await Promise.all(
      Array.from({ length: COUNT }, (_, i) =>
        instances[i % 2]!.handle({
          id: `file-${i}`,
          kind: 'form',
          actor: customer(`Customer${i}`),
          place: { kind: 'form' },
          formId: 'intake.form',
          values: {
            description: `Order ${i} arrived broken.`,
            category: 'product',
            impact: 'normal',
            outcome: 'fix',
          },
        }),
      ),
    );
    const codes = filed.map((reply) => shown(reply).match(/C-\d+/)?.[0]);
    await Promise.all([h.hearken.outbox.drain(), b.outbox.drain()]);

    // Half are resolved (surveys follow); the other half are left to breach their SLA.
    const resolved = codes.filter((_, i) => i % 2 === 0);
    for (const [i, code] of resolved.entries())
      await instances[i % 2]!.handle({
        id: `resolve-${code}`,
        kind: 'command',
        actor: staff('Bo'),
        place: { kind: 'channel', channelId: STAFF_CHANNEL },
        command: 'ticket',
        text: `resolve ${code} We sent a new one.`,
      });
    // Two days on: the surveys are due and the untouched half has missed its first response.
    h.clock.advance(2 * DAY);
    const now = h.clock.now();
    await Promise.all([
      runSurveys(jobs[0], now),
      runSurveys(jobs[1], now),
      runDigests(jobs[0], now),
      runDigests(jobs[1], now),
      runSlaSweep(jobs[0], now),
      runSlaSweep(jobs[1], now),
    ]);
    await Promise.all([h.hearken.outbox.drain(), b.outbox.drain()]);

    expect(new Set(codes).size).toBe(COUNT);
    expect(codes.every(Boolean)).toBe(true);
    const sends = h.port.calls.filter((c) => c.op === 'send');
    const perKey = new Map<string, number>();
    for (const call of sends) perKey.set(call.key ?? '', (perKey.get(call.key ?? '') ?? 0) + 1);
    expect([...perKey.entries()].filter(([, n]) => n > 1)).toEqual([]);
    const cards = h.port.inChannel(STAFF_CHANNEL);
    expect(cards).toHaveLength(COUNT);
    const surveys = [...perKey.keys()].filter((k) => k.startsWith('survey'));
    expect(surveys).toHaveLength(resolved.length);
    const digests = h.port
      .inChannel(MANAGER_CHANNEL)
      .filter((p) => p.message.title?.startsWith('Complaints digest'));
    expect(digests).toHaveLength(1);
    const breaches = [...perKey.keys()].filter((k) => k.startsWith('sla-breach:first'));
    expect(breaches).toHaveLength(COUNT - resolved.length);
  });
});
