import { beforeEach, describe, expect, test } from 'vitest';
import {
  BROKEN_ORDER,
  control,
  fileComplaint,
  latest,
  type Story,
  storyPerTest,
  visibleText,
} from '../kit/discord-harness.js';
import { waitFor } from '../kit/discord-world.js';

describe('macros, auto-assignment and the staff mention in Discord', () => {
  const current = storyPerTest();
  let story: Story;
  beforeEach(() => {
    story = current();
  });

  test('a new card pings the staff role once, allowing only that role; its edits ping nobody', async () => {
    const { fake, world } = story;
    const { card } = await fileComplaint(story, world.users.ana);
    const post = fake
      .callsTo('POST', /\/channels\/\d+\/messages$/)
      .find((call) => call.path.includes(world.channels.staff));

    const claim = fake.click(story.inAcme(world.users.sam, 'staff'), card, control(card, 'ticket.claim'));
    await story.repliesTo(claim);
    await story.deliver();
    const edited = await waitFor(() => latest(story, card).edits > 0 && latest(story, card), 'the card edit');

    expect(card.content).toBe(`<@&${world.staffRole}>`);
    expect(card.mention_roles).toEqual([world.staffRole]);
    expect(post?.body?.allowed_mentions).toEqual({
      parse: [],
      roles: [world.staffRole],
    });
    expect(edited.content).not.toContain('<@&');
    const sentWithPing = fake
      .callsTo('POST', /\/channels\/\d+\/messages$/)
      .concat(fake.callsTo('PATCH', /\/channels\/\d+\/messages\/\d+$/))
      .filter((call) => String(call.body?.content ?? '').includes('<@&'));
    expect(sentWithPing).toHaveLength(1);
  });

  test('staff save a macro with /ticket macro; the card’s Reply modal offers it in a select, and the customer gets it filled in', async () => {
    const { fake, world } = story;
    const sam = story.inAcme(world.users.sam, 'staff');
    const add = fake.slash(sam, 'ticket', 'macro', {
      action: 'add',
      content: 'sorry Sorry, {first_name}: {code} is with {assignee} now.',
    });
    const [saved] = await story.repliesTo(add);
    const { card } = await fileComplaint(story, world.users.ana);
    const before = fake.messagesIn(fake.dmChannel(world.users.ana).id).length;

    const click = fake.click(sam, card, control(card, 'ticket.reply'));
    const modal = await waitFor(() => fake.interaction(click).modal, 'the reply form');
    const select = (
      modal.components as { component: { type: number; custom_id: string; options?: unknown[] } }[]
    )[0]?.component;
    const submit = fake.submitModal(sam, click, { macro: ['sorry'], text: '' });
    await story.repliesTo(submit);
    await story.deliver();
    const dms = await story.dmsTo(world.users.ana, before + 1);

    expect(visibleText(saved!)).toBe('Saved: `sorry` (English).');
    expect(select).toMatchObject({
      type: 3,
      custom_id: 'macro',
      options: [{ label: 'sorry', value: 'sorry' }],
    });
    expect(visibleText(dms.at(-1)!)).toContain('Sorry, Ana: C-1001 is with Sam now.');
  });

  test('with round robin on, the card shows its assignee and the assignee gets a DM', async () => {
    const { fake, world } = story;
    await story.core.configureTenant(`discord:${world.acme.id}`, 'discord', {
      assignmentMode: 'round_robin',
    });
    const away = fake.slash(story.inAcme(world.users.kim, 'staff'), 'ticket', 'away');
    await story.repliesTo(away);
    const back = fake.slash(story.inAcme(world.users.sam, 'staff'), 'ticket', 'back');
    await story.repliesTo(back);

    const { card, code } = await fileComplaint(story, world.users.ana);
    await story.deliver();
    const shown = await waitFor(
      () => visibleText(latest(story, card)).includes('Sam') && latest(story, card),
      'the card showing its assignee',
    );
    const dms = await story.dmsTo(world.users.sam, 1);

    expect(visibleText(shown)).toMatch(/Assignee\nSam/);
    expect(visibleText(dms.at(-1)!)).toContain(`A new complaint was given to you: **${code}**`);
    expect(fake.messagesIn(fake.dmChannel(world.users.kim).id)).toEqual([]);
  });

  test('the same form submitted twice joins the first complaint: one card', async () => {
    const { world } = story;
    const first = await fileComplaint(story, world.users.ana);
    const again = story.fake.slash(story.inAcme(world.users.ana), 'complain', 'new');
    await waitFor(() => story.fake.interaction(again).modal, 'the complaint form');
    const submit = story.fake.submitModal(story.inAcme(world.users.ana), again, BROKEN_ORDER);
    const [answer] = await story.repliesTo(submit);
    await story.deliver();

    expect(visibleText(answer!)).toContain(
      `You sent this a moment ago, so I have kept it on **${first.code}**`,
    );
    const cards = story.fake.messagesIn(world.channels.staff).filter((m) => m.embeds.length > 0);
    expect(cards).toHaveLength(1);
  });

  test('filed out of business hours, the customer is told when the team is back', async () => {
    const { world } = story;
    // Today and the next two days (in Shanghai) are holidays, so the team is away now whatever the
    // real clock says, and back at 09:00 three days from today.
    const day = (offset: number) =>
      new Date(Date.now() + offset * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
    const weekly = Object.fromEntries(
      ['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [['09:00', '17:00']]]),
    );
    await story.core.configureTenant(`discord:${world.acme.id}`, 'discord', {
      timeZone: 'Asia/Shanghai',
      businessHours: { weekly, holidays: [day(0), day(1), day(2)] },
    });

    const { confirmation } = await fileComplaint(story, world.users.ana);

    expect(visibleText(confirmation)).toMatch(
      /Our team is away right now\. They are back \w+, .+ 09:00 GMT\+8, and a person will reply to you by .+ GMT\+8\./,
    );
  });
});
