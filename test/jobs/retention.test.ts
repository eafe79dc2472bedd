import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inbox, outbox, processedEvents } from '../../db/schema.js';
import { runRetention } from '../../src/jobs/retention.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const NOW = new Date('2026-11-30T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 60 * 60_000);

describe('retention of delivered outbox rows and handled event ids', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());

  const row = (key: string, status: 'pending' | 'sent' | 'dead', at: Date) => ({
    idempotencyKey: key,
    tenantId: 'sandbox:t',
    platform: 'sandbox' as const,
    kind: 'send' as const,
    target: { kind: 'staff_channel' },
    message: { text: '' },
    purpose: 'card' as const,
    status,
    createdAt: at,
    nextAttemptAt: at,
    sentAt: status === 'sent' ? at : null,
  });

  it('deletes only what was delivered or handled before the period, in batches, and keeps the rest', async () => {
    const { db } = database;
    await db.insert(outbox).values([
      ...Array.from({ length: 5 }, (_, i) => row(`old-sent-${i}`, 'sent', daysAgo(31 + i))),
      row('recent-sent', 'sent', daysAgo(29)),
      row('old-dead', 'dead', daysAgo(60)),
      // Given up: kept past the delivered rows' 30 days, for the operator, up to their own 90.
      ...Array.from({ length: 3 }, (_, i) => row(`ancient-dead-${i}`, 'dead', daysAgo(91 + i))),
      row('recent-dead', 'dead', daysAgo(89)),
      row('old-pending', 'pending', daysAgo(60)),
    ]);
    await db.insert(processedEvents).values([
      ...Array.from({ length: 3 }, (_, i) => ({
        platform: 'slack' as const,
        eventId: `Ev-old-${i}`,
        receivedAt: daysAgo(40),
      })),
      { platform: 'slack' as const, eventId: 'Ev-recent', receivedAt: daysAgo(1) },
    ]);

    const handled = (key: string, state: 'pending' | 'done' | 'failed', at: Date) => ({
      platform: 'slack' as const,
      dedupeKey: key,
      orderingKey: 'slack:T1:U1',
      event: {},
      state,
      receivedAt: at,
      processedAt: state === 'pending' ? null : at,
    });
    await db
      .insert(inbox)
      .values([
        handled('old-done', 'done', daysAgo(31)),
        handled('old-failed', 'failed', daysAgo(60)),
        handled('old-pending', 'pending', daysAgo(60)),
        handled('recent-done', 'done', daysAgo(2)),
      ]);

    const pruned = await runRetention(db, NOW, { days: 30, deadDays: 90, batch: 2 });

    const keys = await db
      .select({ key: outbox.idempotencyKey })
      .from(outbox)
      .orderBy(asc(outbox.idempotencyKey));
    const ids = await db.select({ id: processedEvents.eventId }).from(processedEvents);
    const stored = await db.select({ key: inbox.dedupeKey }).from(inbox).orderBy(asc(inbox.dedupeKey));
    expect(pruned).toEqual({ outbox: 5, outboxDead: 3, processedEvents: 3, inbox: 1 });
    expect(stored.map((r) => r.key)).toEqual(['old-failed', 'old-pending', 'recent-done']);
    expect(keys.map((k) => k.key)).toEqual(['old-dead', 'old-pending', 'recent-dead', 'recent-sent']);
    expect(ids.map((r) => r.id)).toEqual(['Ev-recent']);
  });

  it('a second run with nothing old finds nothing to do', async () => {
    expect(await runRetention(database.db, NOW, { days: 30, deadDays: 90 })).toEqual({
      outbox: 0,
      outboxDead: 0,
      processedEvents: 0,
      inbox: 0,
    });
  });
});
