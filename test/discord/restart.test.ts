import { beforeEach, describe, expect, test } from 'vitest';
import {
  BROKEN_ORDER,
  control,
  customIds,
  type Story,
  storyPerTest,
  visibleText,
} from '../kit/discord-harness.js';
import type { FakeUser } from '../kit/discord-model.js';
import type { StoredMessage } from '../kit/discord-rest.js';
import { waitFor } from '../kit/discord-world.js';

/**
 * A redeploy in the middle of a conversation: the adapter stops and a new core and adapter start
 * on the same database, as when an instance is replaced. What the customer was in the middle of
 * must still work, because the adapter keeps it in the core's adapter state, not in memory.
 */
describe('a Discord adapter restart loses nothing', () => {
  const current = storyPerTest();
  let story: Story;
  beforeEach(() => {
    story = current();
  });

  /** The bot's messages in the user's DM that arrive after `act`, once one of them matches. */
  async function answerTo(user: FakeUser, act: () => void, until: RegExp): Promise<string> {
    const { fake } = story;
    const dm = () => fake.messagesIn(fake.dmChannel(user).id);
    const before = dm().length;
    act();
    const answer = await waitFor(
      () => {
        const texts = dm().slice(before).map(visibleText);
        return texts.some((text) => until.test(text)) && texts;
      },
      `the bot to answer ${user.username} with ${String(until)}`,
    );
    return answer.join('\n');
  }

  /** A customer in two servers writes, and is asked which server; returns the question. */
  async function askedWhichServer(user: FakeUser): Promise<StoredMessage> {
    const { fake } = story;
    await answerTo(user, () => fake.dm(user, 'The app keeps charging me twice.'), /Which server/);
    const question = fake
      .messagesIn(fake.dmChannel(user).id)
      .find((m) => customIds(m).includes('discord.tenant|'));
    if (!question) throw new Error('no server question in the DM');
    return question;
  }

  test('someone asked which server just before a restart picks after it, and their first message reaches the intake', async () => {
    const { fake, world } = story;
    const lee = world.users.lee;
    const question = await askedWhichServer(lee);

    await story.restart();
    const answer = await answerTo(
      lee,
      () => fake.select(story.inDm(lee), question, 'discord.tenant|', [world.acme.id]),
      /Thank you for telling us/,
    );

    expect(answer).toMatch(/Thank you for telling us, Lee/);
    expect(answer).not.toMatch(/tell me again/);
  });

  test('the server someone picked is remembered across a restart: they are not asked again', async () => {
    const { fake, world } = story;
    const lee = world.users.lee;
    const question = await askedWhichServer(lee);
    await answerTo(
      lee,
      () => fake.select(story.inDm(lee), question, 'discord.tenant|', [world.acme.id]),
      /Thank you for telling us/,
    );

    await story.restart();
    const answer = await answerTo(lee, () => fake.dm(lee, 'It happened again this morning.'), /./);

    expect(answer).not.toMatch(/Which server/);
  });

  test('the private thread of a customer whose DMs are closed still carries staff replies after a restart', async () => {
    const { fake, world } = story;
    const zoe = story.inAcme(world.users.zoe);
    const command = fake.slash(zoe, 'complain', 'new');
    await waitFor(() => fake.interaction(command).modal, 'the complaint form');
    const submit = fake.submitModal(zoe, command, BROKEN_ORDER);
    const [confirmation, notice] = await story.repliesTo(submit, 2);
    const open = fake.click(zoe, notice!, control(notice!, 'discord.thread'));
    await waitFor(() => fake.repliesTo(open).find((m) => m.content.includes('<#')), 'the thread link');
    const thread = await waitFor(
      () => [...fake.state.channels.values()].find((c) => c.type === 12),
      'the private thread',
    );
    const code = visibleText(confirmation!).match(/C-\d+/)?.[0] ?? '';

    await story.restart();
    const reply = fake.slash(story.inAcme(world.users.sam, 'staff'), 'ticket', 'reply', {
      code,
      message: 'Zoe, we found your order and a replacement is on its way.',
    });
    await story.repliesTo(reply);
    await story.deliver();

    const relayed = await waitFor(
      () => fake.messagesIn(thread.id).find((m) => m.content.includes('replacement is on its way')),
      'the staff reply in the private thread',
    );
    expect(relayed.content.startsWith(`<@${world.users.zoe.id}>`)).toBe(true);
  });
});
