import { beforeEach, describe, expect, test } from 'vitest';
import {
  BROKEN_ORDER,
  control,
  fileComplaint,
  type Story,
  storyPerTest,
  visibleText,
} from '../kit/discord-harness.js';
import { waitFor } from '../kit/discord-world.js';

describe('a complaint made with /complain in a server', () => {
  const current = storyPerTest();
  let story: Story;
  beforeEach(() => {
    story = current();
  });

  test('the form opens as a modal, files the complaint, and a card with staff buttons reaches the staff channel', async () => {
    const { fake, world } = story;
    const ana = story.inAcme(world.users.ana);

    const command = fake.slash(ana, 'complain', 'new');
    const modal = await waitFor(() => fake.interaction(command).modal, 'the complaint form');
    const submit = fake.submitModal(ana, command, {
      description: 'My order arrived broken and nobody answers my emails.',
      category: 'product',
      impact: 'high',
      details: 'Order 5521',
      outcome: 'replacement',
    });
    const [confirmation] = await story.repliesTo(submit);
    await story.deliver();
    const card = await waitFor(() => fake.messagesIn(world.channels.staff)[0], 'the staff card');

    expect(modal.title).toBeTruthy();
    expect((modal.components as { type: number }[]).map((c) => c.type)).toEqual([18, 18, 18, 18, 18]);
    expect(confirmation?.flags).toBe(64);
    expect(visibleText(confirmation!)).toMatch(/C-\d+/);
    expect(visibleText(card)).toMatch(/C-\d+/);
    expect(
      ['ticket.claim', 'ticket.reply', 'ticket.escalate', 'ticket.resolve'].map((a) => control(card, a)),
    ).toHaveLength(4);
  });

  test('a customer whose DMs are closed is told so and offered a private thread, which then carries staff replies', async () => {
    const { fake, world } = story;
    const zoe = story.inAcme(world.users.zoe);

    const command = fake.slash(zoe, 'complain', 'new');
    await waitFor(() => fake.interaction(command).modal, 'the complaint form');
    const submit = fake.submitModal(zoe, command, BROKEN_ORDER);
    const [confirmation, notice] = await story.repliesTo(submit, 2);
    const open = fake.click(zoe, notice!, control(notice!, 'discord.thread'));
    const opened = await waitFor(
      () => fake.repliesTo(open).find((m) => m.content.includes('<#')),
      'the link to the private thread',
    );
    const thread = await waitFor(
      () => [...fake.state.channels.values()].find((c) => c.type === 12),
      'the private thread',
    );
    const code = visibleText(confirmation!).match(/C-\d+/)?.[0] ?? '';
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

    expect(fake.callsTo('POST', /^\/channels\/\d+\/messages$/).some((c) => c.status === 403)).toBe(true);
    expect(notice?.flags).toBe(64);
    expect(visibleText(notice!)).toMatch(/DMs are closed/);
    expect(thread).toMatchObject({
      parentId: world.channels.general,
      members: expect.arrayContaining([world.users.zoe.id]),
    });
    expect(opened.content).toContain(`<#${thread.id}>`);
    expect(relayed.content.startsWith(`<@${world.users.zoe.id}>`)).toBe(true);
  });

  test('the same interaction delivered twice is handled once', async () => {
    const { fake, world } = story;
    const { card } = await fileComplaint(story, world.users.ana);
    const click = fake.click(story.inAcme(world.users.sam, 'staff'), card, control(card, 'ticket.claim'));
    await story.repliesTo(click);

    fake.dispatch('INTERACTION_CREATE', click);
    await waitFor(
      () => story.host.received.filter((e) => e.id === String(click.id)).length === 2,
      'the second delivery to reach the core',
    );
    await story.adapter.idle();
    await story.deliver();

    // The copy is not acknowledged at all: an answer to it would be Discord's 40060.
    const callbacks = fake.callsTo('POST', new RegExp(`^/interactions/${String(click.id)}/`));
    expect(callbacks.map((c) => c.status)).toEqual([204]);
    expect(fake.repliesTo(click)).toHaveLength(1);
    expect(visibleText(fake.state.messages.get(card.id)!)).toMatch(/Sam/);
  });

  test('/complain status answers privately, and only with the asker’s own complaints', async () => {
    const { fake, world } = story;
    const { code } = await fileComplaint(story, world.users.ana);

    const mine = fake.slash(story.inAcme(world.users.ana), 'complain', 'status');
    const theirs = fake.slash(story.inAcme(world.users.bo), 'complain', 'status', { code });
    const [own] = await story.repliesTo(mine);
    const [other] = await story.repliesTo(theirs);

    expect([own?.flags, other?.flags]).toEqual([64, 64]);
    expect(visibleText(own!)).toContain(code);
    expect(visibleText(other!)).not.toMatch(/broken/);
  });

  test('/complain works in a DM too, and a Chinese Discord client gets the form in Chinese', async () => {
    const { fake, world } = story;
    const ana = story.inDm(world.users.ana, 'zh-CN');

    const command = fake.slash(ana, 'complain', 'new');
    const modal = await waitFor(() => fake.interaction(command).modal, 'the complaint form');
    const submit = fake.submitModal(ana, command, {
      ...BROKEN_ORDER,
      description: '我的包裹一直没有送到，客服也不回复。',
    });
    const [confirmation] = await story.repliesTo(submit);

    expect(String(modal.title)).toMatch(/\p{Script=Han}/u);
    expect(confirmation?.flags).toBe(0);
    expect(visibleText(confirmation!)).toMatch(/C-\d+/);
    expect(visibleText(confirmation!)).toMatch(/\p{Script=Han}/u);
  });
});
