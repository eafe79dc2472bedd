/**
 * Slack in Socket Mode, with the real Bolt and socket client against the fake Slack's WebSocket.
 * Bolt would ack an Events API envelope before any listener ran; here, as over HTTP, Slack hears
 * "got it" for a DM only once its inbox row is committed, hears nothing while the inbox cannot be
 * written (so it redelivers), and interactions still get their ack, with its body, in time.
 */

import type { App } from '@slack/bolt';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../adapters/slack/bolt.js';
import { InFlight } from '../../adapters/slack/listeners.js';
import { inbox, outbox } from '../../db/schema.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { APP_TOKEN, BOT_TOKEN, type Body, FakeSlack } from '../kit/slack-api.js';
import { dmMessage, viewSubmission } from '../kit/slack-payloads.js';
import { inMessage, PEOPLE, readable, SlackWorld } from '../kit/slack-world.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { inboxInserts } from './socket-mode-inserts.js';

let database: TestDatabase;
let w: SlackWorld | undefined;
const mei = PEOPLE.mei.id;
const COMPLAINT = 'My parcel never arrived and nobody answers my emails. This is ridiculous.';

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});
afterEach(async () => {
  await w?.close();
  w = undefined;
});

/** How many inbox rows hold the Slack event `eventId`. */
async function inboxRows(eventId: string): Promise<number> {
  const rows = await database.db
    .select()
    .from(inbox)
    .where(eq(inbox.dedupeKey, `slack:${eventId}`));
  return rows.length;
}

describe('Slack in Socket Mode (SLACK_APP_TOKEN set)', () => {
  it('connects over the WebSocket with the app token at start-up', async () => {
    w = await SlackWorld.start({ database, mode: 'socket' });

    expect(w.slack.callsTo('apps.connections.open')[0]?.token).toBe(APP_TOKEN);
    expect(w.slack.sockets.size).toBe(1);
    expect(w.adapter.health()).toEqual({ status: 'connected' });
  });

  it('takes a DM, a click and a slash command over the socket', async () => {
    w = await SlackWorld.start({ database, mode: 'socket' });

    await w.dm(mei, 'My parcel never arrived and nobody answers.');
    await w.click(mei, inMessage(w.lastDm(mei)), 'A refund');
    const status = await w.command(mei, '/complain', 'status', { channel: 'C0GENERAL' });

    expect(readable(w.lastDm(mei).blocks)).toContain('Here is what I understood');
    expect(status.responses[0]).toMatchObject({ response_type: 'ephemeral' });
  });

  it('disconnects when stopped', async () => {
    w = await SlackWorld.start({ database, mode: 'socket' });

    await w.adapter.stop();

    expect(w.adapter.health()).toMatchObject({ status: 'degraded' });
  });
});

describe('Socket Mode acks a DM only once the inbox holds it', () => {
  it('the ack for a DM reaches Slack only after its inbox row is committed', async () => {
    const inserts = inboxInserts(database);
    w = await SlackWorld.start({ database: inserts.database, mode: 'socket' });
    const release = inserts.hold();
    const tried = inserts.attempted();

    const delivery = w.slack.deliverEnvelope(
      'events_api',
      dmMessage(mei, COMPLAINT, { team: w.team, eventId: 'Ev0SOCKORDER' }),
    );
    // What the fake sees the moment the ack arrives: is the row there?
    const rowsWhenAcked = delivery.acked.then(() => inboxRows('Ev0SOCKORDER'));
    await tried;
    await w.slack.roundTrip();
    const ackWhileInsertHeld = delivery.ack;
    release();

    expect(ackWhileInsertHeld).toBeUndefined();
    expect(await rowsWhenAcked).toBe(1);
    await w.settle();
    expect(readable(w.dmsOf(mei).flatMap((m) => m.blocks))).toContain('I can hear how angry you are');
  });

  it('a DM the inbox could not store is not acked; Slack redelivers it and after recovery the customer gets one answer', async () => {
    const inserts = inboxInserts(database);
    w = await SlackWorld.start({ database: inserts.database, mode: 'socket' });
    inserts.failing = true;

    const tried = inserts.attempted();
    const first = w.slack.deliverEnvelope(
      'events_api',
      dmMessage(mei, COMPLAINT, { team: w.team, eventId: 'Ev0SOCKDOWN' }),
    );
    await tried;
    await w.settle();
    await w.slack.roundTrip();
    expect(first.ack).toBeUndefined();
    const triedAgain = inserts.attempted();
    const [second] = w.slack.redeliverUnacked();
    await triedAgain;
    await w.settle();
    expect(w.dmsOf(mei)).toEqual([]);

    inserts.failing = false;
    const [third] = w.slack.redeliverUnacked();
    await third?.acked;
    await w.settle();

    // Neither was acked later (the third's ack came after anything they could have had).
    expect([first.ack, second?.ack]).toEqual([undefined, undefined]);
    expect([second?.retryAttempt, third?.retryAttempt]).toEqual([1, 2]);
    expect(w.slack.redeliverUnacked()).toEqual([]);
    expect(await inboxRows('Ev0SOCKDOWN')).toBe(1);
    const answer = w.dmsOf(mei);
    expect(readable(answer.flatMap((m) => m.blocks))).toContain('I can hear how angry you are');
    // Delivered replies leave the outbox (src/outbox/worker.ts): none is left to send again.
    const replies = await database.db.select().from(outbox).where(eq(outbox.purpose, 'reply'));
    expect(replies.filter((r) => r.idempotencyKey.includes('Ev0SOCKDOWN'))).toEqual([]);
    expect(answer.length).toBeGreaterThan(0);
    expect(new Set(answer.map((m) => m.text)).size).toBe(answer.length);
  });

  it('a redelivery of a DM already stored is acked once the inbox found its row, and answered nothing', async () => {
    const inserts = inboxInserts(database);
    w = await SlackWorld.start({ database: inserts.database, mode: 'socket' });
    const body = dmMessage(mei, COMPLAINT, { team: w.team, eventId: 'Ev0SOCKDUP' });
    await w.slack.deliverEnvelope('events_api', body).acked;
    await w.settle();
    const answered = w.dmsOf(mei).length;

    const release = inserts.hold();
    const tried = inserts.attempted();
    const again = w.slack.deliverEnvelope('events_api', body, 1);
    await tried;
    await w.slack.roundTrip();
    const ackBeforeTheInboxAnswered = again.ack;
    release();
    await again.acked;
    await w.settle();

    expect(answered).toBeGreaterThan(0);
    expect(ackBeforeTheInboxAnswered).toBeUndefined();
    expect(again.ack).toEqual({});
    expect(w.dmsOf(mei)).toHaveLength(answered);
    expect(await inboxRows('Ev0SOCKDUP')).toBe(1);
  });
});

describe('Socket Mode interactions keep their ack', () => {
  it('a click and a submitted modal are acked and handled', async () => {
    w = await SlackWorld.start({ database, mode: 'socket' });

    await w.dm(mei, COMPLAINT);
    await w.click(mei, inMessage(w.lastDm(mei)), 'A refund');
    await w.command(mei, '/complain', '');
    await w.submit(mei, w.lastModal(), {
      description: 'The kettle I bought leaks from the base and tripped the fuse.',
      category: 'product',
      impact: 'high',
      outcome: 'replacement',
    });
    await w.deliver();

    const interactions = w.slack.envelopes.filter((e) => e.type !== 'events_api');
    expect(interactions.map((e) => e.type)).toEqual(['interactive', 'slash_commands', 'interactive']);
    expect(interactions.map((e) => e.ack)).toEqual([{}, {}, {}]);
    expect(w.cards()).toHaveLength(1);
  });

  const ERRORS = { response_action: 'errors' as const, errors: { details: 'Tell us a little more.' } };

  it("a modal's validation errors reach Slack in its ack, sent once the listener has returned", async () => {
    const bolt = await boltOnFake({ interactionDeadlineMs: 60_000 });
    try {
      const listener = held();
      bolt.app.view('check', async ({ ack }) => {
        await ack(ERRORS);
        await listener.pause(); // the listener goes on after its ack, until released
      });

      const delivery = bolt.slack.deliverEnvelope('interactive', checkSubmission());
      await listener.reached;
      await bolt.slack.roundTrip();
      const ackWhileListenerRan = delivery.ack;
      listener.release();

      expect(ackWhileListenerRan).toBeUndefined();
      expect(await delivery.acked).toEqual(ERRORS);
    } finally {
      await bolt.close();
    }
  });

  it('a listener still busy after its ack has its answer sent at the deadline, within Slack’s 3 s', async () => {
    const bolt = await boltOnFake({ interactionDeadlineMs: 20 });
    const listener = held();
    try {
      bolt.app.view('check', async ({ ack }) => {
        await ack(ERRORS);
        await listener.pause();
      });

      const delivery = bolt.slack.deliverEnvelope('interactive', checkSubmission());

      expect(await delivery.acked).toEqual(ERRORS);
      expect(listener.released).toBe(false);
    } finally {
      listener.release();
      await bolt.close();
    }
  });
});

/** A point a listener reaches and waits at until the test releases it. */
function held() {
  let reachedIt: () => void = () => undefined;
  let releaseIt: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => {
    reachedIt = resolve;
  });
  const gate = new Promise<void>((resolve) => {
    releaseIt = resolve;
  });
  const state = {
    reached,
    released: false,
    pause: () => {
      reachedIt();
      return gate;
    },
    release: () => {
      state.released = true;
      releaseIt();
    },
  };
  return state;
}

/** A modal with one text input, submitted. */
function checkSubmission(): Body {
  const view = {
    id: 'V0CHECK',
    callback_id: 'check',
    private_metadata: '',
    blocks: [
      { type: 'input', block_id: 'details', element: { type: 'plain_text_input', action_id: 'text' } },
    ],
  };
  return viewSubmission(mei, view, { details: 'no' });
}

/** The adapter's Bolt app (Socket Mode, as `buildApp` makes it) connected to a fake Slack. */
async function boltOnFake(options: { interactionDeadlineMs: number }) {
  const slack = await FakeSlack.start();
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_APP_TOKEN: APP_TOKEN,
    SLACK_API_URL: slack.apiUrl,
  });
  if (!config.slack) throw new Error('the Slack config did not parse');
  const inFlight = new InFlight();
  const built = buildApp(config.slack, silentLogger, {
    retryConfig: { retries: 0 },
    inFlight,
    interactionDeadlineMs: options.interactionDeadlineMs,
  });
  const app: App = built.app;
  await app.init();
  await app.start();
  return {
    app,
    slack,
    async close() {
      await app.stop();
      await slack.close();
    },
  };
}
