/**
 * Slack answering 429 and 500 while the outbox posts a staff card, through real Bolt and the real
 * WebClient: the outbox retries with growing delays, and the card shows once.
 */
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema.js';
import { PEOPLE, SlackWorld, STAFF_CHANNEL } from '../kit/slack-world.js';
import { ManualClock } from '../support/clock.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let database: TestDatabase;
let w: SlackWorld;
let clock: ManualClock;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.destroy());
beforeEach(async () => {
  clock = new ManualClock();
  w = await SlackWorld.start({ database, clock });
});
afterEach(() => w.close());

async function cardRow() {
  const rows = await database.db.select().from(outbox).where(eq(outbox.tenantId, w.tenant));
  const row = rows.find((r) => r.purpose === 'card');
  if (!row) throw new Error('no card row');
  return row;
}

/** Moves the clock to the row's next attempt and lets the outbox run. */
async function retryWhenDue(): Promise<void> {
  clock.set((await cardRow()).nextAttemptAt.toISOString());
  await w.deliver();
}

describe('a platform that fails for a while', () => {
  it('429, then 500 eight times: retried with growing delays, then one card', async () => {
    await w.command(PEOPLE.mei.id, '/complain', '');
    await w.submit(PEOPLE.mei.id, w.lastModal(), {
      description: 'The kettle leaks from the base.',
      category: 'product',
      impact: 'normal',
      outcome: 'replacement',
    });
    w.slack.rateLimit('chat.postMessage', 0);
    w.slack.fail('chat.postMessage', 'internal_error', { status: 500, times: 8 });

    const delays: number[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const before = clock.now().getTime();
      await (attempt === 0 ? w.deliver() : retryWhenDue());
      const row = await cardRow();
      if (row.status !== 'pending') break;
      delays.push(row.nextAttemptAt.getTime() - before);
    }
    // The fake fails until its queued failures run out; the outbox keeps at it meanwhile.
    for (let i = 0; i < 20 && (await cardRow()).status === 'pending'; i += 1) await retryWhenDue();

    const row = await cardRow();
    expect(row.status).toBe('sent');
    expect(delays.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < delays.length; i += 1) expect(delays[i]).toBeGreaterThan(delays[i - 1] ?? 0);
    expect(w.slack.callsTo('chat.postMessage').length).toBeGreaterThanOrEqual(10);
    expect(w.cards().filter((c) => c.text.includes('C-1001'))).toHaveLength(1);
    expect(w.slack.messagesIn(STAFF_CHANNEL).filter((m) => !m.threadTs)).toHaveLength(1);
  });
});
