/**
 * When the inbox's pool starts a row's work, relative to the requests it shares the event loop
 * with (ordering, not time): an accept that leased its own row answers the platform before the
 * row's work starts, and rows leased together start one per turn of the loop, so what arrived
 * meanwhile (an ack's request, its INSERT's result) is served between them.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptLeasing, type InboxRow, orderingKeyOf } from '../../src/inbox/inbox.js';
import { InboxWorker } from '../../src/inbox/worker.js';
import { silentLogger } from '../../src/log.js';
import type { MessageEvent } from '../../src/messages.js';
import { ManualClock } from '../support/clock.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { customer } from '../support/harness.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

const said = (userId: string, text: string): MessageEvent => ({
  kind: 'message',
  id: `sandbox:${randomUUID()}`,
  actor: customer(userId),
  place: { kind: 'dm' },
  text,
});

/** A pool whose work logs its start in `log` (and, when `between`, queues a callback that logs). */
function pool(log: string[], between = false) {
  const clock = new ManualClock();
  const worker = new InboxWorker(
    {
      database,
      clock,
      logger: silentLogger,
      process: async (row: InboxRow) => {
        log.push(`start ${String(row.event.text)}`);
        if (between) setImmediate(() => log.push('between'));
        return false;
      },
      giveUp: async () => {},
    },
    { concurrency: 8 },
  );
  const accept = (event: MessageEvent, lease = true) =>
    worker.offer(event.actor.platform, orderingKeyOf(event), async (leaseUntil) => {
      const stored = await acceptLeasing(database.db, event, clock.now(), lease ? leaseUntil : undefined);
      return { result: stored.outcome, leased: stored.leased };
    });
  return { worker, accept };
}

describe('when the pool starts a row', () => {
  it("answers an accept that leased its own row before the row's work starts", async () => {
    const log: string[] = [];
    const { worker, accept } = pool(log);
    // As the Slack fast path waits for it: through a few awaits (storeInInbox, core.accept).
    const answered = (async () => {
      const outcome = await (async () => await accept(said('U-ack', 'mine')))();
      log.push(`answered ${outcome}`);
    })();
    await answered;
    await worker.idle();
    expect(log).toEqual(['answered accepted', 'start mine']);
  });

  it('starts rows leased together one per turn, serving what was queued between them', async () => {
    const log: string[] = [];
    const { worker, accept } = pool(log, true);
    for (const [user, text] of [
      ['U-one', 'one'],
      ['U-two', 'two'],
      ['U-three', 'three'],
    ] as const)
      await accept(said(user, text), false);
    await worker.drain();
    await new Promise((resolve) => setImmediate(resolve));
    expect(log.filter((l) => l.startsWith('start')).sort()).toEqual([
      'start one',
      'start three',
      'start two',
    ]);
    // Before, one lease's rows all started in one turn: start, start, start, between × 3.
    expect(log.map((l) => (l.startsWith('start') ? 'start' : l))).toEqual([
      'start',
      'between',
      'start',
      'between',
      'start',
      'between',
    ]);
  });
});
