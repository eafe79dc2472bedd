/**
 * Slack's entry points under hostile input, as signed requests through real Bolt: hostile DMs,
 * bodies with fields of the wrong type or bytes that are not UTF-8, garbage interaction payloads,
 * forged button values and another workspace's codes. Every request gets a 2xx or 4xx, the app
 * keeps answering, and no workspace sees another's complaint.
 */
import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaints } from '../../db/schema.js';
import type { Body } from '../kit/slack-api.js';
import { blockAction, dmMessage } from '../kit/slack-payloads.js';
import { inMessage, PEOPLE, readable, SlackWorld, STAFF_CHANNEL } from '../kit/slack-world.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { HOSTILE_TEXT, INVALID_UTF8, jsonWithBytes, prototypeIsClean, WRONG_TYPES } from './corpus.js';

const SECRET_STORY = 'Workspace A secret: account 4417-PLUM was charged twice';
const mei = PEOPLE.mei.id;

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.destroy());

/** Posts raw bytes to the events URL, signed as Slack signs them. */
async function signedRaw(w: SlackWorld, raw: Buffer, contentType = 'application/json'): Promise<number> {
  const timestamp = Math.floor(Date.now() / 1000);
  const mac = createHmac('sha256', w.sender.signingSecret)
    .update(Buffer.concat([Buffer.from(`v0:${timestamp}:`), raw]))
    .digest('hex');
  const response = await fetch(w.sender.url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': `v0=${mac}`,
    },
    body: raw,
  });
  await response.arrayBuffer();
  return response.status;
}

describe('Slack under hostile input', () => {
  it('hostile DMs, wrong types, invalid UTF-8 and garbage payloads get no 5xx, and Mei can still complain', async () => {
    const w = await SlackWorld.start({ database });
    try {
      const statuses: number[] = [];
      const survived: number[] = [];
      for (const text of HOSTILE_TEXT) statuses.push((await w.dm(mei, text)).status);
      for (const value of WRONG_TYPES) {
        // What a customer controls in an event; the envelope (user, channel, team) is Slack's, signed.
        for (const field of ['text', 'blocks', 'files', 'attachments']) {
          const body = dmMessage(mei, 'hello', { team: w.team });
          (body.event as Body)[field] = value;
          statuses.push((await w.deliverEvent(body)).status);
        }
      }
      // Slack never signs interactions of these shapes: Bolt may answer 500 (or 404 after its own
      // 3-second wait for a listener, hence all at once), but the app lives on.
      survived.push(
        ...(
          await Promise.all(
            WRONG_TYPES.flatMap((value) => [
              w.sendInteraction({ type: 'block_actions', user: value, actions: value }),
              w.sendInteraction({ type: value, view: value }),
            ]),
          )
        ).map((r) => r.status),
      );
      for (const bytes of INVALID_UTF8) {
        const json = JSON.stringify(dmMessage(mei, 'X', { team: w.team }));
        const [before, after] = json.split('"text":"X"');
        statuses.push(await signedRaw(w, jsonWithBytes(`${before}"text":"`, bytes, `"${after}`)));
      }
      statuses.push(
        await signedRaw(w, Buffer.from('payload=%7Bnot%20json'), 'application/x-www-form-urlencoded'),
      );
      statuses.push(await signedRaw(w, Buffer.from('{"type":"event_callback","event":'), 'application/json'));
      await w.settle();

      const before = w.dmsOf(mei).length;
      await w.dm(mei, 'My parcel never arrived and nobody answers my emails.');

      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      expect(survived.every((s) => s >= 200 && s < 600)).toBe(true);
      expect(w.dmsOf(mei).length).toBeGreaterThan(before);
      expect(readable(w.lastDm(mei).blocks)).not.toMatch(/could not process/i);
      expect(prototypeIsClean()).toBe(true);
    } finally {
      await w.close();
    }
  }, 180_000);

  it('staff of another workspace learn nothing from its codes and cannot act on its complaint by forging the id', async () => {
    const a = await SlackWorld.start({ database });
    const b = await SlackWorld.start({ database });
    try {
      await a.command(mei, '/complain', '');
      await a.submit(mei, a.lastModal(), {
        description: SECRET_STORY,
        category: 'billing',
        impact: 'normal',
        outcome: 'refund',
      });
      // Each workspace's own instance delivers its card (one database, two Slack apps).
      await a.deliver();
      const [secret] = await database.db.select().from(complaints).where(eq(complaints.tenantId, a.tenant));
      if (!secret) throw new Error('workspace A has no complaint');
      await b.command(mei, '/complain', '');
      await b.submit(mei, b.lastModal(), {
        description: 'Workspace B: the lamp flickers.',
        category: 'product',
        impact: 'low',
        outcome: 'fix',
      });
      await b.deliver();
      const bCard = b.cards()[0];
      if (!bCard) throw new Error('workspace B has no card');
      const staff = PEOPLE.ana.id;

      const show = await b.command(staff, '/ticket', `show ${secret.code}`, { channel: STAFF_CHANNEL });
      const status = await b.command(mei, '/complain', `status ${secret.code}`);
      const claim = bCard.blocks
        .filter((x) => x.type === 'actions')
        .flatMap((x) => x.elements as { action_id: string }[])
        .find((e) => e.action_id.startsWith('ticket.claim'));
      await b.sendInteraction(
        blockAction({
          user: staff,
          channel: STAFF_CHANNEL,
          messageTs: inMessage(bCard).ts,
          actionId: claim?.action_id ?? 'ticket.claim|0',
          value: secret.id,
          responseUrl: b.slack.responseUrl('forged'),
          team: b.team,
        }),
      );
      await b.settle();
      const [after] = await database.db.select().from(complaints).where(eq(complaints.id, secret.id));
      const everythingBShowed = JSON.stringify([
        show.responses,
        status.responses,
        b.slack.responses,
        b.slack.messages,
        b.slack.ephemerals,
      ]);

      expect(everythingBShowed).not.toContain('4417-PLUM');
      expect(after?.status).toBe('open');
      expect(after?.assigneeId).toBeNull();
    } finally {
      await a.close();
      await b.close();
    }
  });
});
