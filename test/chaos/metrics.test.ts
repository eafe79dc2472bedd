/** /metrics reads the truth from the database, so every instance reports the same figures. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { outbox } from '../../db/schema.js';
import { METRICS_MIN_READ_INTERVAL_MS, Metrics } from '../../src/metrics.js';
import { ManualClock } from '../support/clock.js';
import { createHarness, customer, type Harness } from '../support/harness.js';

/** The value of one sample line, e.g. `hearken_complaints{status="open"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function fileComplaint(h: Harness, name: string): Promise<void> {
  await h.submit(customer(name), 'intake.form', {
    description: `${name}'s kettle leaks from the base.`,
    category: 'product',
    impact: 'normal',
    outcome: 'fix',
  });
}

describe('metrics', () => {
  // One migrated database for the file (embedded PGlite migrates slowly); tests compare deltas.
  let h: Harness;
  let metrics: Metrics;
  beforeAll(async () => {
    h = await createHarness();
    metrics = new Metrics({ database: h.database, clock: h.clock, processMetrics: false });
  });
  afterAll(() => h.close());
  /** A scrape after the reuse window, so it reads the database afresh. */
  const scrape = () => {
    h.clock.advance(METRICS_MIN_READ_INTERVAL_MS);
    return metrics.scrape();
  };

  it('counts complaints by status and the outbox rows still to deliver', async () => {
    const open = sample(await scrape(), 'hearken_complaints{status="open"}') ?? 0;
    await fileComplaint(h, 'Ana');
    await fileComplaint(h, 'Bo');

    const before = await scrape();
    await h.deliver();
    const after = await scrape();

    expect(sample(before, 'hearken_complaints{status="open"}')).toBe(open + 2);
    expect(sample(before, 'hearken_outbox_rows{status="pending"}')).toBeGreaterThanOrEqual(2);
    expect(sample(after, 'hearken_outbox_rows{status="pending"}')).toBe(0);
    expect(sample(after, 'hearken_outbox_lag_seconds')).toBe(0);
    expect(sample(after, 'hearken_database_up')).toBe(1);
  });

  it('counts the outbox rows given up that are kept for an operator, not those past OUTBOX_DEAD_DAYS', async () => {
    const deadBefore = sample(await scrape(), 'hearken_outbox_rows{status="dead"}') ?? 0;
    const daysAgo = (days: number) => new Date(h.clock.now().getTime() - days * 24 * 60 * 60_000);
    const dead = (key: string, at: Date) => ({
      idempotencyKey: key,
      tenantId: 'sandbox:t',
      platform: 'sandbox' as const,
      kind: 'send' as const,
      target: { kind: 'staff_channel' },
      message: { text: '' },
      purpose: 'card' as const,
      status: 'dead' as const,
      createdAt: at,
      nextAttemptAt: at,
    });
    // Two within the default 90 days (one given up just now), one from before them.
    await h.database.db
      .insert(outbox)
      .values([
        dead('metrics-dead-new', daysAgo(0)),
        dead('metrics-dead-89', daysAgo(89)),
        dead('metrics-dead-91', daysAgo(91)),
      ]);

    const text = await scrape();
    const shorter = new Metrics({
      database: h.database,
      clock: h.clock,
      processMetrics: false,
      outboxDeadDays: 30,
    });

    expect(sample(text, 'hearken_outbox_rows{status="dead"}')).toBe(deadBefore + 2);
    expect(sample(await shorter.scrape(), 'hearken_outbox_rows{status="dead"}')).toBe(deadBefore + 1);
  });

  it('reuses a reading taken moments ago instead of querying again', async () => {
    const first = await scrape();
    await fileComplaint(h, 'Dee');

    const soon = await metrics.scrape();

    expect(sample(soon, 'hearken_complaints{status="open"}')).toBe(
      sample(first, 'hearken_complaints{status="open"}'),
    );
  });

  it('shows where intakes stop: the step an abandoned conversation was on', async () => {
    await h.dm(customer('Cy'), 'The courier threw my parcel over the fence.');

    const text = await scrape();

    expect(text).toMatch(/hearken_intake_sessions\{status="active",step="[a-z_]+"\} [1-9]/);
  });

  it('counts handler errors by event kind and still answers when the database is gone', async () => {
    // Nothing listens on port 1: the real driver fails to connect, as when Postgres is down.
    const gone = await openDatabase({ url: 'postgres://postgres@127.0.0.1:1/hearken' });
    const offline = new Metrics({ database: gone, clock: new ManualClock(), processMetrics: false });
    offline.handlerError('message');
    offline.handlerError('message');

    const text = await offline.scrape();
    await gone.close();

    expect(sample(text, 'hearken_handler_errors_total{kind="message"}')).toBe(2);
    expect(sample(text, 'hearken_database_up')).toBe(0);
  });
});
