/**
 * Slack refusing a staff-bound message for good (`not_in_channel`, `is_archived`): the outbox
 * stops at once, the row lands dead with the reason, and the admins hear about it once, in the
 * manager channel, with the fix in words. A notice that is refused too tells nobody again.
 */
import { asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema.js';
import { MANAGER_CHANNEL, PEOPLE, SlackWorld, STAFF_CHANNEL } from '../kit/slack-world.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let database: TestDatabase;
let w: SlackWorld;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.destroy());
afterEach(() => w.close());

async function fileComplaint(who: string, description: string): Promise<void> {
  await w.command(who, '/complain', '');
  await w.submit(who, w.lastModal(), {
    description,
    category: 'product',
    impact: 'normal',
    outcome: 'replacement',
  });
}

const rows = () =>
  database.db.select().from(outbox).where(eq(outbox.tenantId, w.tenant)).orderBy(asc(outbox.id));

describe('a card the staff channel refuses', () => {
  it('not_in_channel: dead at once with the reason, and the admins are told the fix once', async () => {
    w = await SlackWorld.start({ database });
    w.slack.override(
      'chat.postMessage',
      (body) => (body.channel === STAFF_CHANNEL ? { error: 'not_in_channel' } : undefined),
      Infinity,
    );
    await fileComplaint(PEOPLE.mei.id, 'The charger sparks when plugged in.');
    await fileComplaint(PEOPLE.li.id, 'The kettle leaks from the base.');

    await w.deliver();

    const cards = (await rows()).filter((r) => r.purpose === 'card');
    expect(cards.map((r) => [r.status, r.attempts, r.lastError])).toEqual([
      ['dead', 1, 'not_in_channel'],
      ['dead', 1, 'not_in_channel'],
    ]);
    const notices = w.slack.messagesIn(MANAGER_CHANNEL);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.text).toContain('the card for C-1001');
    expect(notices[0]?.text).toContain('the staff channel');
    expect(notices[0]?.text).toContain('invite the bot to that channel');
  });

  it('is_archived everywhere: the notice dies too, and no notice about the notice is made', async () => {
    w = await SlackWorld.start({ database });
    w.slack.override('chat.postMessage', () => ({ error: 'is_archived' }), Infinity);
    await fileComplaint(PEOPLE.mei.id, 'The charger sparks when plugged in.');

    await w.deliver();
    await w.deliver();

    const all = await rows();
    expect(all.map((r) => [r.purpose, r.status, r.lastError])).toEqual([
      ['card', 'dead', 'is_archived'],
      ['delivery_failed', 'dead', 'is_archived'],
    ]);
    const notice = all[1]?.message as { text?: string } | undefined;
    expect(notice?.text).toContain('unarchive it, or choose another channel with `/hearken setup`');
    expect(w.slack.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('/hearken outbox lists the dead card for an admin, and `retry <id>` posts it once the bot is invited', async () => {
    w = await SlackWorld.start({ database });
    let invited = false;
    w.slack.override(
      'chat.postMessage',
      (body) => (body.channel === STAFF_CHANNEL && !invited ? { error: 'not_in_channel' } : undefined),
      Infinity,
    );
    await fileComplaint(PEOPLE.mei.id, 'The charger sparks when plugged in.');
    await w.deliver();
    const card = (await rows()).find((r) => r.purpose === 'card');
    if (!card) throw new Error('no card row');

    const listed = await w.command(PEOPLE.owner.id, '/hearken', 'outbox', { channel: MANAGER_CHANNEL });
    const shown = listed.responses.map((r) => String(r.text)).join('\n');
    expect(shown).toContain(`\`${card.id}\``);
    expect(shown).toContain('card → staff channel: not_in_channel');

    invited = true;
    const retried = await w.command(PEOPLE.owner.id, '/hearken', `outbox retry ${card.id}`, {
      channel: MANAGER_CHANNEL,
    });
    expect(retried.responses.map((r) => String(r.text)).join('\n')).toContain('queued again');
    await w.deliver();

    expect(w.cards()).toHaveLength(1);
    expect((await rows()).find((r) => r.id === card.id)?.status).toBe('sent');
    const again = await w.command(PEOPLE.owner.id, '/hearken', `outbox retry ${card.id}`, {
      channel: MANAGER_CHANNEL,
    });
    expect(again.responses.map((r) => String(r.text)).join('\n')).toContain('is waiting to be retried');
  });

  it('/hearken outbox is for admins only', async () => {
    w = await SlackWorld.start({ database });
    const typed = await w.command(PEOPLE.ana.id, '/hearken', 'outbox', { channel: STAFF_CHANNEL });
    expect(typed.responses.map((r) => String(r.text)).join('\n')).toContain('Only workspace admins');
  });
});
