/**
 * An ack waits for one INSERT, never for a pooled connection: with every connection of the pool
 * held by a transaction (the inbox's workers, the outbox, clicks), a message is still stored,
 * before any of those transactions ends. Ordering, not time. On PGlite there is one connection
 * for everything, so this is the server's story.
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inbox } from '../../db/schema.js';
import { Hearken } from '../../src/core.js';
import { silentLogger } from '../../src/log.js';
import { ManualClock } from '../support/clock.js';
import { createTestDatabase, onServer, type TestDatabase } from '../support/db.js';
import { customer, STAFF_CHANNEL, TENANT } from '../support/harness.js';
import { MemoryPort } from '../support/memory-port.js';

/** The pool size `createTestDatabase` opens on a server. */
const POOL = 20;

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

describe('accepting with the pool taken', () => {
  it(
    onServer
      ? 'stores a message while every pooled connection is held by a transaction'
      : 'stores a message (PGlite: one connection, nothing held)',
    async () => {
      const clock = new ManualClock();
      const hearken = new Hearken({ database, logger: silentLogger, clock });
      hearken.registerPlatform(new MemoryPort('sandbox'));
      await hearken.configureTenant(TENANT, 'sandbox', { staffChannelId: STAFF_CHANNEL });
      await hearken.inbox.stop();
      const held = onServer ? POOL : 0;
      const order: string[] = [];
      let release = () => {};
      const gate = new Promise<void>((resolve) => {
        release = () => {
          order.push('released');
          resolve();
        };
      });
      let started = 0;
      let taken = () => {};
      const allTaken = new Promise<void>((resolve) => {
        taken = resolve;
        if (held === 0) resolve();
      });
      const transactions = Array.from({ length: held }, () =>
        database.db.transaction(async (tx) => {
          await tx.execute(sql`select 1`);
          started += 1;
          if (started === held) taken();
          await gate;
        }),
      );
      await allTaken;
      // Should the accept wait for a pooled connection, the held transactions end after a while and
      // the order below says so, rather than the test hanging.
      const fallback = setTimeout(release, 3_000);
      const event = {
        kind: 'message' as const,
        id: `sandbox:${randomUUID()}`,
        actor: customer(`rush-${randomUUID().slice(0, 6)}`),
        place: { kind: 'dm' as const },
        text: 'My parcel never arrived.',
      };

      const outcome = await hearken.accept(event);
      order.push('accepted');
      clearTimeout(fallback);
      if (!order.includes('released')) release();
      await Promise.all(transactions);

      expect(outcome).toBe('accepted');
      expect(order).toEqual(['accepted', 'released']);
      const stored = await database.db.select().from(inbox).where(eq(inbox.dedupeKey, event.id));
      expect(stored).toHaveLength(1);
    },
  );
});
