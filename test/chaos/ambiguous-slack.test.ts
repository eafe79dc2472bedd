/**
 * Slack failing ambiguously while the outbox posts: it stores the message but answers 500, or it
 * does not answer at all. Through real Bolt, the real WebClient and the fake Slack, every message
 * lands exactly once, and a channel that hangs does not hold up another.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema.js';
import type { OutboxPurpose } from '../../src/domain/index.js';
import { enqueue } from '../../src/outbox/outbox.js';
import { waitFor } from '../kit/discord-world.js';
import { inMessage, PEOPLE, SlackWorld, STAFF_CHANNEL } from '../kit/slack-world.js';
import { ManualClock } from '../support/clock.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let database: TestDatabase;
let w: SlackWorld;
let clock: ManualClock;
const { mei, ana } = { mei: PEOPLE.mei.id, ana: PEOPLE.ana.id };

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.destroy());
afterEach(() => w.close());

async function start(outboxOptions: { callTimeoutMs?: number } = {}) {
  clock = new ManualClock();
  w = await SlackWorld.start({ database, clock, outbox: outboxOptions });
}

async function fileComplaint(): Promise<void> {
  await w.command(mei, '/complain', '');
  await w.submit(mei, w.lastModal(), {
    description: 'The charger sparks when plugged in.',
    category: 'product',
    impact: 'normal',
    outcome: 'replacement',
  });
}

async function rowOf(purpose: OutboxPurpose) {
  const rows = await database.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.tenantId, w.tenant), eq(outbox.purpose, purpose)));
  const row = rows[0];
  if (!row) throw new Error(`no ${purpose} row`);
  return row;
}

/** Makes the row's next attempt due and lets the outbox run. */
async function retry(purpose: OutboxPurpose): Promise<void> {
  clock.set((await rowOf(purpose)).nextAttemptAt.toISOString());
  await w.deliver();
}

describe('Slack stores the message but answers 500', () => {
  it('the card shows once: the port finds its own copy before anyone posts again', async () => {
    await start();
    await fileComplaint();
    w.slack.storeThenFail('chat.postMessage', 500);

    await w.deliver();

    expect(w.cards()).toHaveLength(1);
    expect((await rowOf('card')).status).toBe('sent');
    expect(w.slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('a staff reply reaches the customer once', async () => {
    await start();
    await fileComplaint();
    await w.deliver();
    const card = w.cards()[0];
    if (!card) throw new Error('no card');
    await w.click(ana, inMessage(card), 'Reply');
    const modal = w.lastModal();
    const field = (modal.blocks as { block_id: string }[])[0]?.block_id ?? '';
    await w.submit(ana, modal, { [field]: 'A new charger ships today.' });
    w.slack.storeThenFail('chat.postMessage', 502);

    await w.deliver();

    expect((await rowOf('customer_reply')).status).toBe('sent');
    const replies = w.dmsOf(mei).filter((m) => m.text.includes('A new charger ships today'));
    expect(replies).toHaveLength(1);
  });

  it('in a busy channel the retry still finds its copy hundreds of messages back', async () => {
    await start();
    await fileComplaint();
    // The post lands but answers 500, and the check right after fails too: the row waits.
    w.slack.storeThenFail('chat.postMessage', 500);
    w.slack.fail('conversations.history', 'internal_error', { status: 500 });
    await w.deliver();
    expect((await rowOf('card')).status).toBe('pending');
    // Meanwhile the staff channel fills up: 250 newer messages bury the card.
    for (let i = 0; i < 250; i += 1)
      w.slack.messages.push({
        channel: STAFF_CHANNEL,
        ts: `1763999${i}.000100`,
        text: 'chatter',
        blocks: [],
        updates: 0,
      });

    await retry('card');

    expect((await rowOf('card')).status).toBe('sent');
    expect(w.cards().filter((m) => m.metadata)).toHaveLength(1);
    expect(w.slack.callsTo('conversations.history').length).toBeGreaterThan(2);
  });
});

describe('Slack does not answer', () => {
  it('a hung post to one channel does not delay a post to another, even one enqueued after it hung', async () => {
    await start();
    const a = 'C0AAAA';
    const b = 'C0BBBB';
    const c = 'C0CCCC';
    const hung = w.slack.hang('chat.postMessage', (body) => body.channel === a);
    const post = (key: string, channel: string) =>
      enqueue(database.db, {
        key: `${w.tenant}:${key}`,
        tenantId: w.tenant,
        platform: 'slack',
        target: { kind: 'channel', channelId: w.opaque(channel) },
        message: { text: `to ${channel}` },
        purpose: 'thread',
      });
    await post('hang-a', a);
    await post('then-b', b);

    let drained = false;
    const drain = w.deliver().then(() => {
      drained = true;
    });
    await hung.arrived;
    await waitFor(() => w.slack.messagesIn(b).length === 1, 'the post to channel B');
    await post('later-c', c);
    await waitFor(() => w.slack.messagesIn(c).length === 1, 'the post to channel C, enqueued while A hangs');

    // B and C are delivered while A's call is still open, and the drain is still waiting for A.
    expect(w.slack.messagesIn(a)).toHaveLength(0);
    expect(drained).toBe(false);
    hung.release();
    await drain;
    expect(w.slack.messagesIn(a)).toHaveLength(1);
  });

  it('a call past its timeout is abandoned as ambiguous, and the retry finds the late copy', async () => {
    await start({ callTimeoutMs: 200 });
    await fileComplaint();
    const hung = w.slack.hang('chat.postMessage');

    await w.deliver();

    const row = await rowOf('card');
    expect(row.status).toBe('pending');
    expect(row.lastError).toContain('DeliveryTimeoutError');
    expect(w.hearken.outbox.health().hangingCalls).toBe(1);

    // The platform finally stores the card; the retry looks before posting.
    hung.release();
    await waitFor(() => w.cards().length === 1, 'the late card');
    await waitFor(() => w.hearken.outbox.health().hangingCalls === 0, 'the hung call to settle');
    await retry('card');

    expect((await rowOf('card')).status).toBe('sent');
    expect(w.cards()).toHaveLength(1);
  });
});
