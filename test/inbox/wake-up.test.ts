/**
 * Two instances on one Postgres: what one stores unleased, another starts at once, woken by the
 * accept's notice (LISTEN/NOTIFY), not at its next poll. Each worker here polls once a minute,
 * longer than a test may take: without the notice these tests fail by their own timeout. Nothing
 * is timed; each waits for the outcome itself.
 *
 * PGlite is one process, so there is no second instance to wake: the tests need a Postgres server
 * (DATABASE_URL). A laptop without one skips them, saying so; CI (`CI` set, DATABASE_URL set by
 * .ci/run) must run them, so there a missing server fails the file instead.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inbox } from '../../db/schema.js';
import { Hearken } from '../../src/core.js';
import { acceptLeasing, claimRow, type InboxRow, orderingKeyOf } from '../../src/inbox/inbox.js';
import { INBOX_CHANNEL, notifyInbox, readNotice } from '../../src/inbox/notices.js';
import { InboxWorker } from '../../src/inbox/worker.js';
import { silentLogger } from '../../src/log.js';
import type { MessageEvent } from '../../src/messages.js';
import { Arrivals, ArrivingPort } from '../kit/notices.js';
import { ManualClock } from '../support/clock.js';
import { createTestDatabase, onServer, type TestDatabase } from '../support/db.js';
import { customer, STAFF_CHANNEL, TENANT } from '../support/harness.js';
import { MemoryPort } from '../support/memory-port.js';

const unavailable = onServer
  ? undefined
  : 'two instances need a Postgres server (PGlite is one process): set DATABASE_URL';
const mustRun = Boolean(process.env.CI);

/** Far longer than the test's own timeout: a row found by the poll would be found too late. */
const POLL_MS = 60_000;

let database: TestDatabase;
beforeAll(async () => {
  if (unavailable) {
    if (mustRun) throw new Error(`The wake-up tests must run in CI, but ${unavailable}`);
    // The default reporter prints this; the skip notes show only with --reporter=verbose.
    process.stderr.write(`inbox wake-up tests skipped: ${unavailable}\n`);
    return;
  }
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.destroy();
});
beforeEach(({ skip }) => {
  if (unavailable) skip(`skipped: ${unavailable}`);
});

const said = (name: string, text: string): MessageEvent => ({
  kind: 'message',
  id: `sandbox:${randomUUID()}`,
  actor: customer(`${name}-${randomUUID().slice(0, 8)}`),
  place: { kind: 'dm' },
  text,
});

/** An accept on `pool`'s instance, as `InboxHandling.accept` does it (src/core/inbox.ts). */
function acceptOn(pool: InboxWorker, event: MessageEvent, clock: ManualClock) {
  return pool.offer(event.actor.platform, orderingKeyOf(event), async (leaseUntil, telling) => {
    const stored = await acceptLeasing(database.accepts, event, clock.now(), leaseUntil, telling);
    const waits = stored.outcome === 'accepted' && !stored.leased ? orderingKeyOf(event) : undefined;
    return { result: stored.outcome, leased: stored.leased, waits };
  });
}

/**
 * Two instances' pools: a worker-role pool polling once a minute whose work claims each row
 * (`before` runs first, between the claim and the record of what was handled), and a web-role
 * pool that only accepts.
 */
function rolePools(clock: ManualClock, handled: Arrivals<string>, before = async (_row: InboxRow) => {}) {
  const worker = new InboxWorker(
    {
      database,
      clock,
      logger: silentLogger,
      process: async (row: InboxRow) => {
        const claim = await claimRow(database.db, row, clock.now());
        await before(row);
        handled.push(String(row.event.text));
        return claim.more;
      },
      giveUp: async () => {},
    },
    { pollMs: POLL_MS },
  );
  const web = new InboxWorker(
    { database, clock, logger: silentLogger, process: async () => false, giveUp: async () => {} },
    { concurrency: 0 },
  );
  return { worker, web };
}

describe('a row stored unleased on one instance starts on another at once', () => {
  it('a customer message accepted by an accept-only instance is answered by a worker instance', async () => {
    const clock = new ManualClock();
    const web = new Hearken({ database, logger: silentLogger, clock, inbox: { concurrency: 0 } });
    web.registerPlatform(new MemoryPort('sandbox'));
    const worker = new Hearken({ database, logger: silentLogger, clock, inbox: { pollMs: POLL_MS } });
    const port = new ArrivingPort('sandbox');
    worker.registerPlatform(port);
    await worker.configureTenant(TENANT, 'sandbox', { staffChannelId: STAFF_CHANNEL });
    await worker.inbox.start();
    const event = said('ana', 'My parcel never arrived and nobody answers my emails.');

    const outcome = await web.accept(event);
    const [answer] = await port.sends.atLeast(1);
    await worker.inbox.stop();
    await worker.outbox.stop();

    expect(outcome).toBe('accepted');
    expect(answer?.target).toEqual({ kind: 'user', userId: event.actor.userId });
    const [row] = await database.db.select().from(inbox).where(eq(inbox.dedupeKey, event.id));
    expect(row?.state).toBe('done');
  });

  it('a customer’s next message, stored by the web instance while a worker instance has her first in hand, follows it there', async () => {
    const clock = new ManualClock();
    const handled = new Arrivals<string>();
    const claimed = new Arrivals<number>();
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    // Claimed before the next message is stored: the claim cannot see it coming.
    const { worker, web } = rolePools(clock, handled, async (row) => {
      claimed.push(row.id);
      await gate;
    });
    await worker.start();
    await worker.idle();
    const first = said('kim', 'My parcel never arrived.');
    const second = { ...first, id: `sandbox:${randomUUID()}`, text: 'And nobody answers.' };

    // The worker instance takes her first message as it stores it (no lease, no notice) ...
    await acceptOn(worker, first, clock);
    await claimed.atLeast(1);
    // ... and the web instance stores her second, which the first's claim did not see.
    await acceptOn(web, second, clock);
    release();
    const done = await handled.atLeast(2);
    await worker.stop();

    expect(done).toEqual([first.text, second.text]);
  });

  it('a burst accepted at once by the web instance is answered in full, with one notice in flight at a time, not one per message', async () => {
    const clock = new ManualClock();
    const handled = new Arrivals<string>();
    const notices = new Arrivals<string>();
    const listening = await database.listen?.(INBOX_CHANNEL, (payload) => notices.push(payload));
    const { worker, web } = rolePools(clock, handled);
    await worker.start();
    await worker.idle();
    const burst = Array.from({ length: 20 }, (_, i) => said(`burst${i}`, `Parcel ${i} never arrived.`));

    await Promise.all(burst.map((event) => acceptOn(web, event, clock)));
    await web.idle();
    const done = await handled.atLeast(burst.length);
    await worker.stop();
    await notifyInbox(database.db, 'fence');
    const fromWeb = (await notices.until((payload) => readNotice(payload)?.from === 'fence')).filter(
      (payload) => readNotice(payload)?.from === web.id,
    );
    await listening?.unlisten();

    expect([...done].sort()).toEqual(burst.map((event) => event.text).sort());
    expect(fromWeb.length).toBeGreaterThan(0);
    expect(fromWeb.length).toBeLessThan(burst.length);
  });

  it('a message stored quietly while another accept’s notice is on its way is announced after it', async () => {
    const clock = new ManualClock();
    const handled = new Arrivals<string>();
    const { worker, web } = rolePools(clock, handled);
    await worker.start();
    await worker.idle();
    const first = said('eve', 'My parcel never arrived.');
    const second = said('fay', 'Where is my refund?');
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));

    // The first accept tells (its row committed, its notice sent) but has not returned yet ...
    const firstAccepted = web.offer('sandbox', orderingKeyOf(first), async (leaseUntil, telling) => {
      const stored = await acceptLeasing(database.accepts, first, clock.now(), leaseUntil, telling);
      await held;
      return { result: stored.outcome, leased: stored.leased, waits: orderingKeyOf(first) };
    });
    await handled.atLeast(1);
    await worker.idle();
    // ... so the second is stored quietly, after the worker's last lease.
    await acceptOn(web, second, clock);
    release();
    await firstAccepted;
    const done = await handled.atLeast(2);
    await worker.stop();

    expect(done).toEqual([first.text, second.text]);
  });
});
