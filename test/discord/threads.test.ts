import { beforeEach, describe, expect, test } from 'vitest';
import { fileComplaint, type Story, storyPerTest, visibleText } from '../kit/discord-harness.js';
import { waitFor } from '../kit/discord-world.js';

/** Files a complaint for Ana and opens its card thread (a claim posts there). */
async function complaintWithThread(story: Story) {
  const { fake, world } = story;
  const filed = await fileComplaint(story, world.users.ana);
  const claim = fake.slash(story.inAcme(world.users.kim, 'staff'), 'ticket', 'claim', { code: filed.code });
  await story.repliesTo(claim);
  await story.deliver();
  const thread = await waitFor(() => fake.state.channels.get(filed.card.id), 'the card thread');
  return { ...filed, thread };
}

/** What the bot posted in a thread (people's own messages left out). */
const threadText = (story: Story, threadId: string) =>
  story.fake
    .messagesIn(threadId)
    .filter((m) => m.author.id === story.fake.bot.id)
    .map(visibleText)
    .join('\n');

describe('staff writing in a card thread on Discord', () => {
  const current = storyPerTest();
  let story: Story;
  beforeEach(() => {
    story = current();
  });

  test('relay: the customer gets it signed with the staff name, and the message is marked sent', async () => {
    const { fake, world } = story;
    await story.core.configureTenant(`discord:${world.acme.id}`, 'discord', { threadReplies: 'relay' });
    const { thread } = await complaintWithThread(story);
    const before = fake.messagesIn(fake.dmChannel(world.users.ana).id).length;

    const sent = fake.threadMessage(world.users.sam, thread.id, 'A replacement ships tomorrow morning.');
    await waitFor(() => fake.state.reactions.length > 0, 'the reaction');
    await story.deliver();

    const dms = (await story.dmsTo(world.users.ana, before + 1)).slice(before).map(visibleText);
    expect(dms).toHaveLength(1);
    expect(dms[0]).toContain('A replacement ships tomorrow morning.');
    expect(dms[0]).toContain('Sam');
    expect(fake.state.reactions).toEqual([{ channelId: thread.id, messageId: sent.id, emoji: '📨' }]);
  });

  test('relay: a // note stays internal and never reaches the customer', async () => {
    const { fake, world } = story;
    await story.core.configureTenant(`discord:${world.acme.id}`, 'discord', { threadReplies: 'relay' });
    const { thread } = await complaintWithThread(story);
    const before = fake.messagesIn(fake.dmChannel(world.users.ana).id).length;

    fake.threadMessage(world.users.sam, thread.id, '// refund approved by finance, tell her tomorrow');
    fake.threadMessage(world.users.sam, thread.id, '/note she called twice');
    await waitFor(() => fake.state.reactions.length === 2, 'two reactions');
    await story.deliver();

    const dms = fake.messagesIn(fake.dmChannel(world.users.ana).id).slice(before);
    expect(dms).toEqual([]);
    expect(fake.state.reactions.map((r) => r.emoji)).toEqual(['🔒', '🔒']);
  });

  test('internal (the default): nothing is sent, the bot reacts once, and a bystander is ignored', async () => {
    const { fake, world } = story;
    const { thread } = await complaintWithThread(story);
    const before = fake.messagesIn(fake.dmChannel(world.users.ana).id).length;

    fake.threadMessage(world.users.bo, thread.id, 'I am not staff, send this anyway');
    fake.threadMessage(world.users.sam, thread.id, 'Checking with the warehouse.');
    await waitFor(() => fake.state.reactions.length > 0, 'the reaction');
    await story.adapter.idle();
    await story.deliver();

    expect(fake.messagesIn(fake.dmChannel(world.users.ana).id).slice(before)).toEqual([]);
    expect(fake.state.reactions.map((r) => r.emoji)).toEqual(['🔒']);
    expect(threadText(story, thread.id)).not.toContain('send this anyway');
  });
});

describe('a customer editing or deleting a DM on Discord', () => {
  const current = storyPerTest();
  let story: Story;
  beforeEach(() => {
    story = current();
  });

  test('an edit and a deletion about an open complaint show on the staff thread', async () => {
    const { fake, world } = story;
    const { thread } = await complaintWithThread(story);
    const before = fake.messagesIn(fake.dmChannel(world.users.ana).id).length;
    const changes = (kind: string) =>
      story.host.received.some((e) => e.kind === 'message' && e.change === kind);
    const sent = fake.dm(world.users.ana, 'The order number is 5521.');
    await story.dmsTo(world.users.ana, before + 1);
    await story.deliver();

    fake.editDm(sent, 'The order number is 5522.');
    await waitFor(() => changes('edited'), 'the edit reaching the core');
    await story.adapter.idle();
    await story.deliver();
    await waitFor(() => threadText(story, thread.id).includes('edited a message'), 'the edit on the thread');
    fake.deleteDm(sent);
    await waitFor(() => changes('deleted'), 'the deletion reaching the core');
    await story.adapter.idle();
    await story.deliver();

    await waitFor(() => threadText(story, thread.id).includes('deleted a message'), 'the deletion note');
    expect(threadText(story, thread.id)).toContain('5522');
  });
});

describe('a long staff reply on Discord', () => {
  const current = storyPerTest();

  // Discord lets a person type at most 4,000 characters (with Nitro); the relay splits at 2,000.
  test('4,000 characters written in the card thread reach the customer whole, in several messages', async () => {
    const story = current();
    const { fake, world } = story;
    await story.core.configureTenant(`discord:${world.acme.id}`, 'discord', { threadReplies: 'relay' });
    const { thread } = await complaintWithThread(story);
    const before = fake.messagesIn(fake.dmChannel(world.users.ana).id).length;
    const long = 'We are sorry and a replacement is on its way. '.repeat(86).trim();
    expect(long.length).toBeLessThanOrEqual(4000);

    fake.threadMessage(world.users.sam, thread.id, long);
    await waitFor(() => fake.state.reactions.length > 0, 'the reaction');
    await story.deliver();

    const dms = fake.messagesIn(fake.dmChannel(world.users.ana).id).slice(before).map(visibleText);
    expect(dms.length).toBeGreaterThan(1);
    expect(dms.join('\n').split('replacement').length - 1).toBe(86);
  });
});
