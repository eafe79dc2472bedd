/**
 * The durable inbox on a real database: what an adapter accepts is stored once, handled in each
 * customer's order however many workers run, picked up again after a worker dies, and answered
 * through the outbox even when the platform fails at first.
 */
import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inbox, outbox } from '../../db/schema.js';
import { Hearken } from '../../src/core.js';
import {
  accept,
  acceptLeasing,
  claimRow,
  type InboxRow,
  leaseDue,
  markFailed,
  release,
} from '../../src/inbox/inbox.js';
import { InboxWorker } from '../../src/inbox/worker.js';
import { silentLogger } from '../../src/log.js';
import type { MessageEvent } from '../../src/messages.js';
import { ManualClock, MINUTE } from '../support/clock.js';
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

const said = (name: string, text: string, id = randomUUID()): MessageEvent => ({
  kind: 'message',
  id: `sandbox:${id}`,
  actor: customer(`${name}-${id.slice(0, 8)}`),
  place: { kind: 'dm' },
  text,
});

/** The same person saying something else. */
const again = (event: MessageEvent, text: string): MessageEvent => ({
  ...event,
  id: `sandbox:${randomUUID()}`,
  text,
});

const rowsFor = (event: MessageEvent) =>
  database.db.select().from(inbox).where(eq(inbox.orderingKey, event.actor.userId)).orderBy(asc(inbox.id));

describe('accept', () => {
  it('stores an event once: a redelivery with the same id is a duplicate', async () => {
    const clock = new ManualClock();
    const event = said('ana', 'My parcel never arrived.');

    const first = await accept(database.db, event, clock.now());
    const second = await accept(database.db, { ...event, text: 'changed on the way' }, clock.now());

    expect([first, second]).toEqual(['accepted', 'duplicate']);
    const rows = await rowsFor(event);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.event).toMatchObject({ text: 'My parcel never arrived.' });
  });

  it('stores words jsonb would refuse (a NUL, half an emoji) rather than asking the platform to retry forever', async () => {
    const event = said('bo', 'broken\u0000 \uD83D parcel');

    expect(await accept(database.db, event, new Date())).toBe('accepted');
    const [row] = await rowsFor(event);
    expect(row?.event).toMatchObject({ text: 'broken \uFFFD parcel' });
  });
  it('stores a message already leased to the accepting instance only when its customer has nothing pending', async () => {
    const clock = new ManualClock();
    const first = said('kim', 'My parcel never arrived.');
    const second = again(first, 'And nobody answers.');
    const other = said('lou', 'Where is my refund?');
    const until = new Date(clock.now().getTime() + 60_000);

    const one = await acceptLeasing(database.db, first, clock.now(), until);
    const two = await acceptLeasing(database.db, second, clock.now(), until);
    const three = await acceptLeasing(database.db, other, clock.now(), until);

    expect(one.leased).toMatchObject({ lockedUntil: until, attempts: 1 });
    // Kim's first message is still pending: her second waits for the pool, in her order.
    expect(two).toEqual({ outcome: 'accepted', told: true });
    expect(three.leased).toMatchObject({ lockedUntil: until, attempts: 1 });
    expect((await rowsFor(second))[1]).toMatchObject({ lockedUntil: null, attempts: 0 });
  });
});

describe('the worker pool', () => {
  it('handles each customer in order, one message at a time, while customers run side by side', async () => {
    const clock = new ManualClock();
    const ana = said('ana', 'a-0');
    const bo = said('bo', 'b-0');
    const cy = said('cy', 'c-0');
    const events = [ana, bo, cy];
    for (let i = 1; i < 6; i++)
      for (const person of [ana, bo, cy]) events.push(again(person, `${person.text[0]}-${i}`));
    for (const event of events) await accept(database.db, event, clock.now());

    const seen: string[] = [];
    const running = new Map<string, number>();
    let overlapping = 0;
    let mostAtOnce = 0;
    const process = async (row: InboxRow) => {
      const key = row.orderingKey;
      running.set(key, (running.get(key) ?? 0) + 1);
      if ((running.get(key) ?? 0) > 1) overlapping++;
      mostAtOnce = Math.max(
        mostAtOnce,
        [...running.values()].reduce((a, b) => a + b, 0),
      );
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 15));
      seen.push(String(row.event.text));
      running.set(key, (running.get(key) ?? 1) - 1);
      return (await claimRow(database.db, row, clock.now())).more;
    };
    // Two instances on one database, as two processes would be.
    const options = { concurrency: 4 };
    const deps = { database, clock, logger: silentLogger, process, giveUp: async () => {} };
    const one = new InboxWorker(deps, options);
    const two = new InboxWorker(deps, options);
    await Promise.all([one.drain(), two.drain(), one.drain()]);
    await Promise.all([one.drain(), two.drain()]);

    // (Rows the tests above left pending are handled too: the inbox is one queue for everyone.)
    expect(seen.filter((text) => /^[abc]-\d$/.test(text))).toHaveLength(events.length);
    expect(overlapping).toBe(0);
    for (const letter of ['a', 'b', 'c'])
      expect(seen.filter((text) => text.startsWith(letter))).toEqual(
        [0, 1, 2, 3, 4, 5].map((i) => `${letter}-${i}`),
      );
    // Different customers did run at the same time.
    expect(mostAtOnce).toBeGreaterThan(1);
  });

  it('a row leased by a worker that died is handled once its lease runs out, exactly once', async () => {
    const clock = new ManualClock();
    const event = said('dee', 'My order is late.');
    await accept(database.db, event, clock.now());
    // A worker leases it and dies before committing anything.
    const [crashed] = await leaseDue(database.db, {
      now: clock.now(),
      limit: 100,
      leaseMs: 60_000,
      busy: [],
    });
    expect(crashed).toBeDefined();

    const handled: number[] = [];
    const worker = new InboxWorker(
      {
        database,
        clock,
        logger: silentLogger,
        process: async (row) => {
          handled.push(row.id);
          return (await claimRow(database.db, row, clock.now())).more;
        },
        giveUp: async () => {},
      },
      { leaseMs: 60_000 },
    );
    await worker.drain();
    expect(handled).toEqual([]);

    clock.advance(61_000);
    await worker.drain();
    await worker.drain();

    expect(handled.filter((id) => id === crashed?.id)).toEqual([crashed?.id]);
    const [row] = await rowsFor(event);
    expect(row).toMatchObject({ state: 'done', attempts: 2 });
  });

  it('an instance without an adapter for a platform leaves that platform’s messages to one that has it', async () => {
    const clock = new ManualClock();
    const event = said('hal', 'Where is my refund?');
    await accept(database.db, event, clock.now());
    const took: string[] = [];
    const worker = (platform: 'discord' | 'sandbox') =>
      new InboxWorker({
        database,
        clock,
        logger: silentLogger,
        platforms: () => [platform],
        process: async (row) => {
          took.push(`${platform}:${row.orderingKey}`);
          return (await claimRow(database.db, row, clock.now())).more;
        },
        giveUp: async () => {},
      });

    await worker('discord').drain();
    expect(took.filter((t) => t.endsWith(event.actor.userId))).toEqual([]);
    await worker('sandbox').drain();
    expect(took.filter((t) => t.endsWith(event.actor.userId))).toEqual([`sandbox:${event.actor.userId}`]);
  });

  it('a message that always fails is given up after its attempts, and the customer’s next one goes on', async () => {
    const clock = new ManualClock();
    const poison = said('eve', 'poison');
    const next = again(poison, 'next');
    await accept(database.db, poison, clock.now());
    await accept(database.db, next, clock.now());
    const done: string[] = [];
    const givenUp: string[] = [];
    const worker = new InboxWorker(
      {
        database,
        clock,
        logger: silentLogger,
        process: async (row) => {
          if (row.event.text === 'poison') throw new Error('handler bug');
          done.push(String(row.event.text));
          return (await claimRow(database.db, row, clock.now())).more;
        },
        giveUp: async (row) => {
          givenUp.push(String(row.event.text));
          await database.db.update(inbox).set({ state: 'failed' }).where(eq(inbox.id, row.id));
        },
      },
      { maxAttempts: 3, baseDelayMs: 1_000 },
    );

    for (let i = 0; i < 5; i++) {
      await worker.drain();
      clock.advance(MINUTE);
    }

    expect(givenUp).toEqual(['poison']);
    expect(done).toEqual(['next']);
    const rows = await rowsFor(poison);
    expect(rows.map((r) => [r.event.text, r.state, r.attempts])).toEqual([
      ['poison', 'failed', 3],
      ['next', 'done', 1],
    ]);
  });
  it('a run whose lease was taken over does nothing: of two runs of one row, one does the work', async () => {
    const clock = new ManualClock();
    const event = said('max', 'My order is late.');
    await accept(database.db, event, clock.now());
    const [slow] = await leaseDue(database.db, { now: clock.now(), limit: 100, leaseMs: 60_000, busy: [] });
    clock.advance(61_000);
    const [taken] = await leaseDue(database.db, { now: clock.now(), limit: 100, leaseMs: 60_000, busy: [] });
    expect(taken?.id).toBe(slow?.id);
    if (!slow || !taken) return;

    const second = await claimRow(database.db, taken, clock.now());
    const first = await claimRow(database.db, slow, clock.now());
    const again = await claimRow(database.db, taken, clock.now());

    expect([second.mine, first.mine, again.mine]).toEqual([true, false, false]);
    const [row] = await rowsFor(event);
    expect(row).toMatchObject({ state: 'done', attempts: 2, lockedUntil: null });
  });

  it('a run that outlived its lease neither gives up nor lets go of a row another run took', async () => {
    const clock = new ManualClock();
    const done = said('ola', 'My refund never came.');
    const pending = said('pia', 'My order is late.');
    await accept(database.db, done, clock.now());
    await accept(database.db, pending, clock.now());
    const lease = () => leaseDue(database.db, { now: clock.now(), limit: 100, leaseMs: 60_000, busy: [] });
    const slow = await lease();
    clock.advance(61_000);
    const taken = await lease();
    const stale = (event: MessageEvent) => slow.find((r) => r.event.id === event.id);
    const current = (event: MessageEvent) => taken.find((r) => r.event.id === event.id);
    const [slowDone, slowPending, takenDone] = [stale(done), stale(pending), current(done)];
    if (!slowDone || !slowPending || !takenDone) throw new Error('both rows should be leased twice');
    // The second run answered one row and still holds the other.
    expect((await claimRow(database.db, takenDone, clock.now())).mine).toBe(true);

    // The first run's last attempt fails on both: it must not undo the other run's work.
    const gaveUp = await markFailed(database.db, slowDone, clock.now(), 'E_TEST');
    await release(database.db, slowPending, new Date(clock.now().getTime() + 1_000), 'E_TEST');

    expect(gaveUp).toBe(false);
    const [doneRow] = await rowsFor(done);
    const [pendingRow] = await rowsFor(pending);
    expect(doneRow).toMatchObject({ state: 'done', attempts: 2, lastError: null });
    expect(pendingRow).toMatchObject({ state: 'pending', attempts: 2, lastError: null });
    expect(pendingRow?.lockedUntil).not.toBeNull();
    // Under its own lease, the run that holds the row gives it up as before.
    expect(await markFailed(database.db, current(pending) ?? slowPending, clock.now(), 'E_TEST')).toBe(true);
  });

  it('a message stored while the customer’s previous one is in hand is taken as soon as that one is done, without a poll', async () => {
    const clock = new ManualClock();
    const first = said('ned', 'first');
    const second = again(first, 'second');
    await accept(database.db, first, clock.now());
    const handled: string[] = [];
    const worker = new InboxWorker({
      database,
      clock,
      logger: silentLogger,
      process: async (row) => {
        handled.push(String(row.event.text));
        // Another instance stores the customer's next message meanwhile; nobody here is told.
        if (row.event.text === 'first') await accept(database.db, second, clock.now());
        return (await claimRow(database.db, row, clock.now())).more;
      },
      giveUp: async () => {},
    });

    worker.kick();
    await worker.idle();

    expect(handled.filter((text) => text === 'first' || text === 'second')).toEqual(['first', 'second']);
  });
});

describe('the core on the inbox', () => {
  it('answers a stored message through the outbox, and a retried delivery adds nothing', async () => {
    const clock = new ManualClock();
    const hearken = new Hearken({ database, logger: silentLogger, clock });
    const port = new MemoryPort('sandbox');
    hearken.registerPlatform(port);
    await hearken.configureTenant(TENANT, 'sandbox', { staffChannelId: STAFF_CHANNEL });
    const event = said('fay', 'My parcel never arrived and nobody answers my emails.');

    expect(await hearken.accept(event)).toBe('accepted');
    await hearken.inbox.drain();
    expect(await hearken.accept(event)).toBe('duplicate');
    await hearken.inbox.drain();

    const toFay = port.posted.filter(
      (p) => p.target.kind === 'user' && p.target.userId === event.actor.userId,
    );
    // The intake's answer (its question among them), each message once, keyed by the delivery id.
    expect(toFay.length).toBeGreaterThan(0);
    expect(toFay.map((p) => p.key)).toEqual(toFay.map((_, i) => `reply:sandbox:${event.id}:${i}`));
    expect(toFay.every((p) => p.attempts.length === 1)).toBe(true);
    const [row] = await rowsFor(event);
    expect(row?.state).toBe('done');
    await hearken.inbox.stop();
  });

  it('a click right after a typed message is handled after it, as the customer meant', async () => {
    const clock = new ManualClock();
    const hearken = new Hearken({ database, logger: silentLogger, clock });
    hearken.registerPlatform(new MemoryPort('sandbox'));
    await hearken.configureTenant(TENANT, 'sandbox', { staffChannelId: STAFF_CHANNEL });
    const event = said('ivy', 'My parcel never arrived and nobody answers my emails. This is ridiculous.');

    // The message is stored, but no worker has taken it yet (this instance's pool is paused).
    await hearken.inbox.stop();
    await hearken.accept(event);
    const clicked = hearken.handle({
      kind: 'action',
      id: `sandbox:${randomUUID()}`,
      actor: event.actor,
      place: { kind: 'dm' },
      action: 'intake.outcome',
      value: 'refund',
    });
    // Another worker (a drain here) handles the message while the click waits for it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await hearken.inbox.drain();
    const reply = await clicked;

    expect(shown(reply)).toContain('Here is what I understood');
    await hearken.inbox.stop();
  });

  it('the next intake question reaches the customer after the platform failed several times', async () => {
    const clock = new ManualClock();
    const hearken = new Hearken({ database, logger: silentLogger, clock });
    const port = new MemoryPort('sandbox');
    hearken.registerPlatform(port);
    await hearken.configureTenant(TENANT, 'sandbox', { staffChannelId: STAFF_CHANNEL });
    const event = said('gus', 'My parcel never arrived and nobody answers my emails.');
    port.failNext = 4;

    await hearken.accept(event);
    await hearken.inbox.drain();
    expect(port.posted).toHaveLength(0);
    for (let i = 0; i < 6; i++) {
      clock.advance(15 * MINUTE);
      await hearken.outbox.drain();
    }

    const key = `reply:sandbox:${event.id}:0`;
    // Delivered, the answer's row is gone (src/outbox/worker.ts): tried more than once first.
    const stored = await database.db.select().from(outbox).where(eq(outbox.idempotencyKey, key));
    expect(stored).toEqual([]);
    expect(Math.max(...port.calls.filter((c) => c.key === key).map((c) => c.attempt ?? 0))).toBeGreaterThan(
      1,
    );
    const toGus = port.posted.filter((p) => p.key.startsWith(`reply:sandbox:${event.id}:`));
    expect(toGus.length).toBeGreaterThan(0);
    expect(new Set(toGus.map((p) => p.key)).size).toBe(toGus.length);
    expect(toGus.map((p) => p.message.text).join(' ')).toMatch(/\?/);
    await hearken.inbox.stop();
  });
});
