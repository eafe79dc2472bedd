/**
 * On Discord: a card the staff channel refuses for good (the bot lost Send Messages there) lands
 * dead at once, the admins hear about it in the manager channel with the fix, `/hearken outbox`
 * lists it and `/hearken outbox retry <id>` posts it once the permission is back.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { outbox } from '../../db/schema.js';
import { BROKEN_ORDER, storyPerTest, visibleText } from '../kit/discord-harness.js';
import { waitFor } from '../kit/discord-world.js';

describe('a card Discord refuses', () => {
  const current = storyPerTest();

  test('missing permissions: dead at once, admins told the fix, listed and retried by /hearken outbox', async () => {
    const story = current();
    const { fake, world } = story;
    const cardPath = new RegExp(`^/channels/${world.channels.staff}/messages$`);
    fake.failNext('POST', cardPath, 403, 50013);
    const who = story.inAcme(world.users.ana);
    const command = fake.slash(who, 'complain', 'new');
    await waitFor(() => fake.interaction(command).modal, 'the complaint form');
    await story.repliesTo(fake.submitModal(who, command, BROKEN_ORDER));

    await story.deliver();
    await story.deliver();

    const [card] = await story.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.purpose, 'card'), eq(outbox.tenantId, `discord:${world.acme.id}`)));
    expect([card?.status, card?.attempts, card?.lastError]).toEqual(['dead', 1, 'missing_permissions']);
    const notices = fake.messagesIn(world.channels.managers).map(visibleText);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('give it View Channel, Send Messages');

    const listing = fake.slash(story.inAcme(world.users.ola), 'hearken', 'outbox', {});
    const [listed] = await story.repliesTo(listing);
    expect(visibleText(listed!)).toContain(`${card?.id}`);
    expect(visibleText(listed!)).toContain('card → staff channel: missing_permissions');

    const retry = fake.slash(story.inAcme(world.users.ola), 'hearken', 'outbox', { retry: String(card?.id) });
    const [answer] = await story.repliesTo(retry);
    expect(visibleText(answer!)).toContain('queued again');
    await story.deliver();

    expect(fake.messagesIn(world.channels.staff)).toHaveLength(1);
  });
});
