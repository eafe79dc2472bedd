/**
 * The HTTP fast path (adapters/slack/fast-events.ts): a customer's DM, signed as Slack signs it,
 * is stored in the inbox and answered 200 without entering Bolt's App; a request that fails
 * Bolt's checks gets 401 and stores nothing; a redelivery is stored once; a database that refuses
 * the INSERT gets Slack a 500. Everything else (commands, other events, url_verification) still
 * reaches Bolt, with the body the fast path already read.
 */
import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inbox } from '../../db/schema.js';
import { sequence } from '../kit/shared.js';
import { BOT_USER_ID } from '../kit/slack-api.js';
import { dmMessage } from '../kit/slack-payloads.js';
import { PEOPLE, readable, SlackWorld, STAFF_CHANNEL } from '../kit/slack-world.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

const mei = PEOPLE.mei.id;
const COMPLAINT = 'My parcel never arrived and nobody answers my emails. This is ridiculous.';
/** Event ids are unique across the file: the inbox drops a second row with the same one. */
const nextEvent = sequence('Ev0FAST');

async function storedRows(eventId: string): Promise<number> {
  const [row] = await database.db
    .select({ n: count() })
    .from(inbox)
    .where(and(eq(inbox.platform, 'slack'), eq(inbox.dedupeKey, `slack:${eventId}`)));
  return row?.n ?? 0;
}

describe('a Slack DM over HTTP', () => {
  it('is stored once, acked 200 and answered once', async () => {
    const w = await SlackWorld.start({ database });
    try {
      const eventId = nextEvent();
      const sent = await w.dm(mei, COMPLAINT, { eventId });

      expect(sent.status).toBe(200);
      expect(await storedRows(eventId)).toBe(1);
      expect(w.received.map((e) => [e.id, e.actor.tenantId, e.actor.displayName])).toEqual([
        [`slack:${eventId}`, w.tenant, PEOPLE.mei.name],
      ]);
      const answer = w.dmsOf(mei);
      expect(readable(answer.flatMap((m) => m.blocks))).toContain('I can hear how angry you are');
      expect(new Set(answer.map((m) => m.text)).size).toBe(answer.length);
    } finally {
      await w.close();
    }
  });

  it('signed with the wrong secret gets 401 and nothing is stored', async () => {
    const w = await SlackWorld.start({ database });
    try {
      const eventId = nextEvent();
      const body = dmMessage(mei, COMPLAINT, { team: w.team, eventId });
      const sent = await w.sender.event(body, { secret: 'not-the-signing-secret' });
      await w.settle();

      expect(sent.status).toBe(401);
      expect(await storedRows(eventId)).toBe(0);
      expect(w.received).toEqual([]);
    } finally {
      await w.close();
    }
  });

  it('signed more than five minutes ago (a replay) gets 401 and nothing is stored', async () => {
    const w = await SlackWorld.start({ database });
    try {
      const eventId = nextEvent();
      const body = dmMessage(mei, COMPLAINT, { team: w.team, eventId });
      const sent = await w.sender.event(body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
      await w.settle();

      expect(sent.status).toBe(401);
      expect(await storedRows(eventId)).toBe(0);
    } finally {
      await w.close();
    }
  });

  it("Slack's redeliveries (X-Slack-Retry-Num) are acked and stored once", async () => {
    const w = await SlackWorld.start({ database });
    try {
      const eventId = nextEvent();
      const body = dmMessage(mei, COMPLAINT, { team: w.team, eventId });
      const statuses = [
        (await w.sender.event(body)).status,
        (await w.sender.event(body, { retryNum: 1, retryReason: 'http_timeout' })).status,
        (await w.sender.event(body, { retryNum: 2, retryReason: 'http_timeout' })).status,
      ];
      await w.settle();

      expect(statuses).toEqual([200, 200, 200]);
      expect(await storedRows(eventId)).toBe(1);
    } finally {
      await w.close();
    }
  });

  it('the bot’s own message in a DM is acked and not stored', async () => {
    const w = await SlackWorld.start({ database });
    try {
      const eventId = nextEvent();
      const sent = await w.sender.event(dmMessage(BOT_USER_ID, 'Thanks!', { team: w.team, eventId }));
      await w.settle();

      expect(sent.status).toBe(200);
      expect(await storedRows(eventId)).toBe(0);
    } finally {
      await w.close();
    }
  });

  it('gets a 500 when Postgres refuses the INSERT, and is stored when Slack delivers it again', async () => {
    const w = await SlackWorld.start({ database });
    // A real refusal from the server, for this workspace's rows only (the file shares the database).
    const refuse = sql.raw(`'slack:${w.team}:%'`);
    await database.db.execute(sql`
      create or replace function refuse_inbox() returns trigger language plpgsql as $$
      begin
        if new.ordering_key like ${refuse} then
          raise exception 'inbox refused' using errcode = '55P03';
        end if;
        return new;
      end $$`);
    await database.db.execute(
      sql`create trigger refuse_inbox before insert on inbox for each row execute function refuse_inbox()`,
    );
    try {
      const eventId = nextEvent();
      const refused = await w.dm(mei, COMPLAINT, { eventId });
      expect(refused.status).toBe(500);
      expect(await storedRows(eventId)).toBe(0);

      await database.db.execute(sql`drop trigger refuse_inbox on inbox`);
      const again = await w.dm(mei, COMPLAINT, { eventId, retryNum: 1 });
      expect(again.status).toBe(200);
      expect(await storedRows(eventId)).toBe(1);
    } finally {
      await database.db.execute(sql`drop trigger if exists refuse_inbox on inbox`);
      await database.db.execute(sql`drop function if exists refuse_inbox()`);
      await w.close();
    }
  });
});

describe('what is not a DM still goes through Bolt', () => {
  it('a slash command is acked and answered', async () => {
    const w = await SlackWorld.start({ database });
    try {
      const { request, responses } = await w.command(PEOPLE.ana.id, '/ticket', 'list', {
        channel: STAFF_CHANNEL,
      });

      expect(request.status).toBe(200);
      expect(responses.length).toBeGreaterThan(0);
    } finally {
      await w.close();
    }
  });

  it('an event the inbox does not take (App Home opened) reaches its Bolt listener', async () => {
    const w = await SlackWorld.start({ database });
    try {
      await w.openHome(mei);

      expect(w.slack.callsTo('views.publish').map((c) => c.body.user_id)).toEqual([mei]);
    } finally {
      await w.close();
    }
  });

  it("Slack's URL check is answered with its challenge", async () => {
    const w = await SlackWorld.start({ database });
    try {
      const sent = await w.sender.event({ type: 'url_verification', token: 't', challenge: 'chal-42' });

      expect(sent.status).toBe(200);
      expect(JSON.parse(sent.text)).toEqual({ challenge: 'chal-42' });
    } finally {
      await w.close();
    }
  });
});
