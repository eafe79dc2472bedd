import { beforeEach, describe, expect, test } from 'vitest';
import { BROKEN_ORDER, customIds, type Story, storyPerTest, visibleText } from '../kit/discord-harness.js';
import type { FakeUser } from '../kit/discord-model.js';
import type { StoredMessage } from '../kit/discord-rest.js';
import { transcript } from '../kit/discord-transcript.js';
import { waitFor } from '../kit/discord-world.js';

describe('a complaint told to the bot in a DM', () => {
  const current = storyPerTest();
  let story: Story;
  beforeEach(() => {
    story = current();
  });

  /**
   * The customer's side of the DM: say something or click, then wait until the bot's answer
   * shows `until` (a control it offers, or words).
   */
  function conversation(user: FakeUser) {
    const { fake } = story;
    const dm = () => fake.messagesIn(fake.dmChannel(user).id);
    const shows = (m: StoredMessage, until: string | RegExp) =>
      typeof until === 'string'
        ? customIds(m).some((id) => id.startsWith(`${until}|`))
        : until.test(visibleText(m));
    const next = async (act: () => void, until: string | RegExp) => {
      const before = dm().length;
      act();
      return waitFor(
        () => {
          const answer = dm().slice(before);
          return answer.some((m) => shows(m, until)) && answer;
        },
        `the bot to answer with ${String(until)}`,
      ).catch((error: unknown) => {
        // Say what did happen: the last payloads both ways.
        const recent = transcript(fake, { skipGateway: true }).slice(-6).join('\n');
        throw new Error(
          `${error instanceof Error ? error.message : String(error)}; last payloads:\n${recent}`,
        );
      });
    };
    const lastWith = (action: string) => {
      const found = [...dm()].reverse().find((m) => customIds(m).some((id) => id.startsWith(`${action}|`)));
      if (!found) throw new Error(`no ${action} in the DM`);
      return found;
    };
    return {
      dm,
      say: (text: string, until: string | RegExp) => next(() => fake.dm(user, text), until),
      click: (action: string, value: string, until: string | RegExp) =>
        next(() => fake.click(story.inDm(user), lastWith(action), `${action}|${value}`), until),
      pick: (action: string, value: string, until: string | RegExp) =>
        next(() => fake.select(story.inDm(user), lastWith(action), `${action}|`, [value]), until),
    };
  }

  test('from first words to a ticket code, then DMs and staff replies are relayed both ways', async () => {
    const { fake, world } = story;
    const ana = conversation(world.users.ana);

    // The type is understood from her words: the one question left is what would put it right.
    const greeting = await ana.say('Hi, my parcel never arrived and I am really upset.', 'intake.outcome');
    const restated = await ana.click('intake.outcome', 'refund', 'intake.confirm');
    const filed = await ana.click('intake.confirm', 'yes', /C-\d+/);
    const code = visibleText(filed.at(-1) as StoredMessage).match(/C-\d+/)?.[0] ?? '';
    await story.deliver();
    const card = await waitFor(
      () => fake.messagesIn(world.channels.staff).find((m) => visibleText(m).includes(code)),
      'the card',
    );
    await ana.say('Also, the courier left a card saying I was not home. I was.', /C-\d+|added|thread/i);
    await story.deliver();
    const thread = await waitFor(
      () => fake.messagesIn(card.id).length > 0 && fake.messagesIn(card.id),
      'the thread',
    );
    const staffReply = fake.slash(story.inAcme(world.users.sam, 'staff'), 'ticket', 'reply', {
      code,
      message: 'I am sorry, Ana. A refund is on its way today.',
    });
    await story.repliesTo(staffReply);
    await story.deliver();
    const relayed = await waitFor(
      () => ana.dm().find((m) => visibleText(m).includes('A refund is on its way today')),
      'the staff reply in the DM',
    );

    expect(visibleText(greeting[0] as StoredMessage)).toMatch(/Thank you for telling us, Ana/);
    expect(visibleText(greeting[0] as StoredMessage)).toMatch(/sorry/i);
    expect(visibleText(restated.at(-1) as StoredMessage)).toMatch(/Did I get that right\?/);
    expect(code).toMatch(/^C-\d+$/);
    // Each clicked question was turned into its answer: no buttons left, the choice named.
    const answered = ana.dm().find((m) => visibleText(m).includes('✓ You would like: A refund'));
    expect(answered && customIds(answered)).toEqual([]);
    const confirmed = ana.dm().find((m) => visibleText(m).includes('Did I get that right?'));
    expect(confirmed && visibleText(confirmed)).toContain('✓ Confirmed');
    expect(visibleText(thread.at(-1) as StoredMessage)).toContain('the courier left a card');
    expect(visibleText(relayed)).toMatch(/Sam/);
    const lines = transcript(fake, { skipGateway: true });
    expect(lines[0]).toBe('→ MESSAGE_CREATE (DM) ana: "Hi, my parcel never arrived and I am really upset."');
    expect(lines).toContain(`← GET /guilds/${world.acme.id}/members/${world.users.ana.id} 200`);
  });

  test('a customer who only types reaches a code in three turns, in English', async () => {
    const ana = conversation(story.world.users.ana);

    await ana.say(
      'My order is three weeks late and nobody answers my emails. I am furious.',
      'intake.outcome',
    );
    await ana.say('I want my money back', 'intake.confirm');
    const filed = await ana.say('yes that is right', /C-\d+/);

    expect(visibleText(filed.at(-1) as StoredMessage)).toMatch(/logged as \**C-\d+/);
    expect(ana.dm().map(visibleText).join('\n')).not.toContain('Please pick one of the options');
  });

  test('a customer who only types reaches a code in three turns, in Chinese', async () => {
    const ana = conversation(story.world.users.ana);

    await ana.say('快递三天了还没收到，客服也不回复，气死我了！', 'intake.outcome');
    await ana.say('退款', 'intake.confirm');
    const filed = await ana.say('对，没错', /C-\d+/);

    expect(visibleText(filed.at(-1) as StoredMessage)).toMatch(/编号是\**C-\d+/);
    expect(ana.dm().map(visibleText).join('\n')).toContain('我能感受到您非常生气');
  });

  test('someone in two of the bot’s servers is asked which one, once', async () => {
    const { fake, world } = story;
    const lee = conversation(world.users.lee);

    const [question] = await lee.say('The app keeps charging me twice.', 'discord.tenant');
    const answered = await lee.pick('discord.tenant', world.acme.id, /Thank you for telling us/);
    const later = await lee.say('It happened again this morning.', /./);

    expect(visibleText(question as StoredMessage)).toMatch(/Which server/);
    expect(customIds(question as StoredMessage)).toEqual(['discord.tenant|']);
    expect(visibleText(fake.state.messages.get((question as StoredMessage).id) as StoredMessage)).toMatch(
      /Acme/,
    );
    expect(answered.map(visibleText).join('\n')).toMatch(/Thank you for telling us, Lee/);
    expect(later.map(visibleText).join('\n')).not.toMatch(/Which server/);
  });

  test('someone who shares no server with the bot is told kindly where to go', async () => {
    const rue = conversation(story.world.users.rue);

    const [answer] = await rue.say('Your product broke.', /./);

    expect(visibleText(answer as StoredMessage)).toMatch(/use `\/complain` in the server/);
  });

  test('/complain in a DM from someone in two servers: after the pick, the form opens', async () => {
    const { fake, world } = story;
    const lee = story.inDm(world.users.lee);

    const command = fake.slash(lee, 'complain', 'new');
    const [question] = await story.repliesTo(command);
    const pick = fake.select(lee, question!, 'discord.tenant|', [world.globex.id]);
    const modal = await waitFor(() => fake.interaction(pick).modal, 'the complaint form');
    const submit = fake.submitModal(lee, pick, { ...BROKEN_ORDER });
    const [confirmation] = await story.repliesTo(submit);

    expect(visibleText(question!)).toMatch(/Which server/);
    expect(modal.custom_id).toBe('form|-|intake.form');
    expect(visibleText(confirmation!)).toMatch(/C-\d+/);
  });
});
