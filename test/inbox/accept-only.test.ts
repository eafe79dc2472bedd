/**
 * `INBOX_CONCURRENCY=0`: an accept-only (web-role) instance stores what customers say and handles
 * none of it (instances with workers on the same database do), while what must be answered within
 * the platform's 3 seconds still runs here, inline, and its outbox still delivers. And how a pool
 * that does handle rows reacts to the notices of rows stored unleased elsewhere.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Listening } from '../../db/client.js';
import { inbox } from '../../db/schema.js';
import { Hearken } from '../../src/core.js';
import { INBOX_CHANNEL, noticeText } from '../../src/inbox/notices.js';
import { InboxWorker } from '../../src/inbox/worker.js';
import { silentLogger } from '../../src/log.js';
import type { MessageEvent } from '../../src/messages.js';
import { ManualClock } from '../support/clock.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { customer, STAFF_CHANNEL, shown, TENANT } from '../support/harness.js';
import { MemoryPort } from '../support/memory-port.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

const said = (name: string, text: string): MessageEvent => ({
  kind: 'message',
  id: `sandbox:${randomUUID()}`,
  actor: customer(`${name}-${randomUUID().slice(0, 8)}`),
  place: { kind: 'dm' },
  text,
});

describe('an accept-only instance (INBOX_CONCURRENCY=0)', () => {
  it('stores a customer message and handles none: nothing answered, the row pending, no lease sent', async () => {
    const hearken = new Hearken({
      database,
      logger: silentLogger,
      clock: new ManualClock(),
      inbox: { concurrency: 0 },
    });
    const port = new MemoryPort('sandbox');
    hearken.registerPlatform(port);
    await hearken.configureTenant(TENANT, 'sandbox', { staffChannelId: STAFF_CHANNEL });
    await hearken.inbox.start();
    const event = said('ana', 'My parcel never arrived and nobody answers.');

    const outcome = await hearken.accept(event);
    await hearken.inbox.drain();
    await hearken.outbox.drain();
    await hearken.inbox.stop();

    expect(outcome).toBe('accepted');
    expect(port.posted).toEqual([]);
    expect(hearken.inbox.leaseStatements).toBe(0);
    const [row] = await database.db.select().from(inbox).where(eq(inbox.dedupeKey, event.id));
    expect(row).toMatchObject({ state: 'pending', lockedUntil: null, attempts: 0 });
  });

  it('still answers an interaction inline, and its outbox delivers the staff card', async () => {
    const hearken = new Hearken({ database, logger: silentLogger, inbox: { concurrency: 0 } });
    const port = new MemoryPort('sandbox');
    hearken.registerPlatform(port);
    await hearken.configureTenant(TENANT, 'sandbox', { staffChannelId: STAFF_CHANNEL });

    const reply = await hearken.handle({
      id: `sandbox:${randomUUID()}`,
      kind: 'form',
      actor: customer(`bo-${randomUUID().slice(0, 8)}`),
      place: { kind: 'form' },
      formId: 'intake.form',
      values: { description: 'The kettle leaks.', category: 'product', impact: 'normal', outcome: 'fix' },
    });
    await hearken.outbox.drain();

    const code = shown(reply).match(/C-\d+/)?.[0];
    expect(code).toBeDefined();
    expect(
      port.inChannel(STAFF_CHANNEL).map((p) => shown({ messages: [p.message], ephemeral: false })),
    ).toEqual([expect.stringContaining(String(code))]);
  });
});

/**
 * A pool on `database` whose listener is the test's: `notify` plays a notice as the driver would
 * deliver it. What each notice makes the pool do is read from `leaseStatements`, which a kick
 * raises before its first await (so at once, with no waiting).
 */
async function listeningPool(options: { concurrency?: number } = {}) {
  let onNotice: ((payload: string) => void) | undefined;
  const listened: string[] = [];
  const listening: Listening = { unlisten: async () => {} };
  const pool = new InboxWorker(
    {
      database: {
        ...database,
        listen: async (channel, heard) => {
          listened.push(channel);
          onNotice = heard;
          return listening;
        },
      },
      clock: new ManualClock(),
      logger: silentLogger,
      platforms: () => ['sandbox'],
      process: async () => false,
      giveUp: async () => {},
    },
    { pollMs: 60_000, ...options },
  );
  await pool.start();
  await pool.idle();
  const notify = (from: string, platform: 'sandbox' | 'slack') => {
    const before = pool.leaseStatements;
    onNotice?.(noticeText({ from, platform, orderingKey: `${platform}:acme:${randomUUID()}` }));
    return pool.leaseStatements - before;
  };
  return { pool, listened, notify };
}

describe('a pool hearing notices', () => {
  it('looks at once for a row of its platform stored by another pool, not for its own nor another platform’s', async () => {
    const { pool, listened, notify } = await listeningPool();

    const elsewhere = notify('another-pool', 'sandbox');
    await pool.idle();
    const itsOwn = notify(pool.id, 'sandbox');
    const slack = notify('another-pool', 'slack');
    await pool.stop();

    expect(listened).toEqual([INBOX_CHANNEL]);
    expect({ elsewhere, itsOwn, slack }).toEqual({ elsewhere: 1, itsOwn: 0, slack: 0 });
  });

  it('an accept-only pool neither listens nor polls', async () => {
    const { pool, listened } = await listeningPool({ concurrency: 0 });

    expect(listened).toEqual([]);
    expect(pool.leaseStatements).toBe(0);
    await pool.stop();
  });
});
