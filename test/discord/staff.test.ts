import { beforeEach, describe, expect, test } from 'vitest';
import {
  control,
  fileComplaint,
  latest,
  type Story,
  storyPerTest,
  visibleText,
} from '../kit/discord-harness.js';
import { waitFor } from '../kit/discord-world.js';

describe('staff working complaints in Discord', () => {
  const current = storyPerTest();
  let story: Story;
  beforeEach(() => {
    story = current();
  });

  test('Claim on the card claims it: the clicker is told, and the card is edited to show who has it', async () => {
    const { fake, world } = story;
    const { code, card } = await fileComplaint(story, world.users.ana);

    const click = fake.click(story.inAcme(world.users.sam, 'staff'), card, control(card, 'ticket.claim'));
    const [answer] = await story.repliesTo(click);
    await story.deliver();
    const edited = await waitFor(() => latest(story, card).edits > 0 && latest(story, card), 'the card edit');

    expect(answer?.flags).toBe(64);
    expect(visibleText(answer!)).toContain(code);
    expect(visibleText(edited)).toMatch(/Sam/);
    expect(() => control(edited, 'ticket.claim')).toThrow();
  });

  test('/ticket claim with the code claims it too', async () => {
    const { fake, world } = story;
    const { code } = await fileComplaint(story, world.users.ana);

    const command = fake.slash(story.inAcme(world.users.kim, 'staff'), 'ticket', 'claim', { code });
    const [answer] = await story.repliesTo(command);

    expect(visibleText(answer!)).toBe(
      `You have claimed **${code}**. Reply to the customer when you are ready.`,
    );
  });

  test('two staff claiming at once: one wins, the other is told who has it', async () => {
    const { fake, world } = story;
    const { card } = await fileComplaint(story, world.users.ana);

    const bySam = fake.click(story.inAcme(world.users.sam, 'staff'), card, control(card, 'ticket.claim'));
    const byKim = fake.click(story.inAcme(world.users.kim, 'staff'), card, control(card, 'ticket.claim'));
    const answers = [...(await story.repliesTo(bySam)), ...(await story.repliesTo(byKim))].map(visibleText);

    expect(answers.filter((text) => text.startsWith('You have claimed'))).toHaveLength(1);
    expect(answers.filter((text) => /already claimed by (Sam|Kim)/.test(text))).toHaveLength(1);
  });

  test('a member without the staff role is refused kindly and pointed to /complain', async () => {
    const { fake, world } = story;
    const { code } = await fileComplaint(story, world.users.ana);

    const command = fake.slash(story.inAcme(world.users.bo), 'ticket', 'claim', { code });
    const [answer] = await story.repliesTo(command);

    expect(answer?.flags).toBe(64);
    expect(visibleText(answer!)).toMatch(/for the support team.*\/complain/s);
  });

  test('typing a code offers the open complaints of this server', async () => {
    const { fake, world } = story;
    const { code } = await fileComplaint(story, world.users.ana);

    const typing = fake.autocomplete(story.inAcme(world.users.sam, 'staff'), 'ticket', 'claim', 'code', 'C-');
    const choices = await waitFor(() => fake.interaction(typing).choices, 'code suggestions');

    expect(choices).toEqual([{ name: code, value: code }]);
  });

  test('a customer typing /complain status is offered only their own codes', async () => {
    const { fake, world } = story;
    const mine = await fileComplaint(story, world.users.ana);
    const theirs = await fileComplaint(story, world.users.bo);

    const ana = fake.autocomplete(story.inAcme(world.users.ana), 'complain', 'status', 'code', 'C-');
    const bo = fake.autocomplete(story.inAcme(world.users.bo), 'complain', 'status', 'code', 'C-');
    const zoe = fake.autocomplete(story.inAcme(world.users.zoe), 'complain', 'status', 'code', 'C-');

    expect(await waitFor(() => fake.interaction(ana).choices, 'Ana’s suggestions')).toEqual([
      { name: mine.code, value: mine.code },
    ]);
    expect(await waitFor(() => fake.interaction(bo).choices, 'Bo’s suggestions')).toEqual([
      { name: theirs.code, value: theirs.code },
    ]);
    expect(await waitFor(() => fake.interaction(zoe).choices, 'Zoe’s suggestions')).toEqual([]);
  });

  test('someone without the staff role typing /ticket is offered no one’s codes', async () => {
    const { fake, world } = story;
    await fileComplaint(story, world.users.ana);

    const typing = fake.autocomplete(story.inAcme(world.users.bo), 'ticket', 'claim', 'code', 'C-');

    expect(await waitFor(() => fake.interaction(typing).choices, 'suggestions')).toEqual([]);
  });

  test('Reply opens a modal; the answer reaches the customer by DM and the staff thread keeps the timeline', async () => {
    const { fake, world } = story;
    const { card } = await fileComplaint(story, world.users.ana);
    const sam = story.inAcme(world.users.sam, 'staff');
    const before = fake.messagesIn(fake.dmChannel(world.users.ana).id).length;

    const click = fake.click(sam, card, control(card, 'ticket.reply'));
    const modal = await waitFor(() => fake.interaction(click).modal, 'the reply form');
    const field = (modal.components as { component: { custom_id: string } }[])[0]?.component.custom_id ?? '';
    const submit = fake.submitModal(sam, click, { [field]: 'So sorry! A replacement ships today.' });
    await story.repliesTo(submit);
    await story.deliver();
    const dms = await story.dmsTo(world.users.ana, before + 1);

    expect(visibleText(dms.at(-1)!)).toContain('So sorry! A replacement ships today.');
    expect(fake.state.channels.get(card.id)?.type).toBe(11);
  });

  test('an admin sets Hearken up with /hearken setup and its channel and role options', async () => {
    const { fake, world } = story;
    const setup = fake.slash(story.inAcme(world.users.ola), 'hearken', 'setup', {
      staff_channel: world.channels.general,
      staff_role: world.staffRole,
    });
    const [answer] = await story.repliesTo(setup);

    const settings = await story.core.tenantSettings(`discord:${world.acme.id}`);
    expect(answer?.flags).toBe(64);
    expect(settings?.staffChannelId).toBe(`discord:${world.channels.general}`);
    expect(settings?.staffRoles).toContain(`discord:${world.acme.id}:${world.staffRole}`);
  });

  test('inside a complaint’s thread, /ticket needs no code', async () => {
    const { fake, world } = story;
    const { code, card } = await fileComplaint(story, world.users.ana);
    await story.repliesTo(fake.slash(story.inAcme(world.users.sam, 'staff'), 'ticket', 'claim', { code }));
    await story.deliver();
    await waitFor(() => fake.state.channels.get(card.id), 'the complaint thread');

    const inThread = { user: world.users.sam, guildId: world.acme.id, channelId: card.id };
    const note = fake.slash(inThread, 'ticket', 'note', {
      note: 'Called the courier; parcel is in their depot.',
    });
    const [answer] = await story.repliesTo(note);

    expect(visibleText(answer!)).toBe(`Internal note added to **${code}**. The customer does not see it.`);
  });

  test('/ticket assign names the colleague picked in the member option', async () => {
    const { fake, world } = story;
    const { code } = await fileComplaint(story, world.users.ana);

    const assign = fake.slash(story.inAcme(world.users.sam, 'staff'), 'ticket', 'assign', {
      code,
      member: world.users.kim.id,
    });
    const [answer] = await story.repliesTo(assign);

    expect(visibleText(answer!)).toBe(`**${code}** is now assigned to Kim.`);
  });
});
