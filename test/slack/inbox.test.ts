/**
 * Slack and the durable inbox: a DM is acknowledged only once it is stored. While the database is
 * down Slack gets a 500 (so it delivers the event again) instead of a 200 for a message nobody
 * will answer; the redelivery after recovery is answered once. And the intake's question reaches
 * the customer even when Slack fails to take it several times.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema.js';
import { PEOPLE, readable, SlackWorld, STAFF_CHANNEL } from '../kit/slack-world.js';
import { ManualClock, MINUTE } from '../support/clock.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { withOutage } from '../support/outage.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

const mei = PEOPLE.mei.id;
const COMPLAINT = 'My parcel never arrived and nobody answers my emails. This is ridiculous.';

describe('a Slack DM and the inbox', () => {
  it('while the database is down Slack gets a 500, never a 200; its redelivery after recovery is answered once', async () => {
    const outage = withOutage(database);
    const w = await SlackWorld.start({ database: outage.database });
    try {
      outage.down = true;
      const first = await w.dm(mei, COMPLAINT, { eventId: 'Ev0OUTAGE1' });
      const retried = await w.dm(mei, COMPLAINT, { eventId: 'Ev0OUTAGE1', retryNum: 1 });
      expect([first.status, retried.status]).toEqual([500, 500]);
      expect(w.dmsOf(mei)).toEqual([]);

      outage.down = false;
      const recovered = await w.dm(mei, COMPLAINT, { eventId: 'Ev0OUTAGE1', retryNum: 2 });
      const late = await w.dm(mei, COMPLAINT, { eventId: 'Ev0OUTAGE1', retryNum: 3 });

      expect([recovered.status, late.status]).toEqual([200, 200]);
      const answer = w.dmsOf(mei);
      expect(answer.length).toBeGreaterThan(0);
      expect(readable(answer.flatMap((m) => m.blocks))).toContain('I can hear how angry you are');
      // One handling: a second answer would repeat the first message.
      expect(new Set(answer.map((m) => m.text)).size).toBe(answer.length);
    } finally {
      outage.down = false;
      await w.close();
    }
  });

  it('a command while the database is down is answered with an apology, not silence', async () => {
    const outage = withOutage(database);
    const w = await SlackWorld.start({ database: outage.database });
    try {
      outage.down = true;
      const { request, responses } = await w.command(PEOPLE.ana.id, '/ticket', 'list', {
        channel: STAFF_CHANNEL,
      });
      expect(request.status).toBe(200);
      expect(JSON.stringify(responses)).toContain('Sorry, I could not process that just now');
    } finally {
      outage.down = false;
      await w.close();
    }
  });

  it('the intake question is delivered once after Slack answered 500 several times', async () => {
    const clock = new ManualClock();
    const w = await SlackWorld.start({ database, clock });
    try {
      w.slack.fail('chat.postMessage', 'internal_error', { times: 4, status: 500 });
      const sent = await w.dm(mei, COMPLAINT, { eventId: 'Ev0FLAKY01' });
      expect(sent.status).toBe(200);
      expect(w.dmsOf(mei)).toEqual([]);

      for (let i = 0; i < 6; i++) {
        clock.advance(15 * MINUTE);
        await w.deliver();
      }

      const answer = w.dmsOf(mei);
      expect(readable(answer.flatMap((m) => m.blocks))).toContain('I can hear how angry you are');
      expect(new Set(answer.map((m) => m.text)).size).toBe(answer.length);
      // Each message of the answer delivered, its row is gone (src/outbox/worker.ts).
      const rows = await database.db.select().from(outbox).where(eq(outbox.purpose, 'reply'));
      expect(rows.filter((r) => r.idempotencyKey.includes('Ev0FLAKY01'))).toEqual([]);
    } finally {
      await w.close();
    }
  });
});
