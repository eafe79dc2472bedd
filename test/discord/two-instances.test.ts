/**
 * Two instances on one bot token both receive every interaction. Exactly one answers each. Where
 * the answer waits for the core (a form may follow), the one that drops the copy must not
 * acknowledge it at all, or the real answer fails with 40060. A command that never answers with a
 * form is acknowledged at once by both: the first callback wins, the other's 40060 is expected,
 * and the instance whose core owns the delivery edits the one response.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type DiscordHandle, startDiscord } from '../../adapters/discord/index.js';
import { Hearken } from '../../src/core.js';
import { HttpServer } from '../../src/http.js';
import { catalog } from '../../src/i18n/index.js';
import { silentLogger } from '../../src/log.js';
import { BROKEN_ORDER, control, type Story, storyPerTest, visibleText } from '../kit/discord-harness.js';
import { waitFor } from '../kit/discord-world.js';
import { recordingHost } from '../kit/host.js';

describe('two instances on one Discord token', () => {
  const current = storyPerTest();
  let story: Story;
  let second: DiscordHandle;
  let secondCore: Hearken;
  beforeEach(async () => {
    story = current();
    secondCore = new Hearken({ database: story.database, logger: silentLogger });
    const host = recordingHost(secondCore, new HttpServer(), []);
    second = await startDiscord(
      host,
      { token: story.fake.token, apiUrl: story.fake.apiUrl },
      { deferAfterMs: 1500 },
    );
  });
  afterEach(async () => {
    await second.stop();
    await secondCore.outbox.stop();
  });

  /** Waits until both instances have finished with everything they received. */
  const settle = async () => {
    await story.adapter.idle();
    await second.idle();
  };
  const alreadyAcknowledged = () =>
    story.fake.calls.filter((c) => (c.response as { code?: number } | null)?.code === 40060);
  const callbacksFor = (payload: Record<string, unknown>) =>
    story.fake.callsTo('POST', new RegExp(`^/interactions/${String(payload.id)}/`));
  const editsOf = (payload: Record<string, unknown>) =>
    story.fake.callsTo('PATCH', new RegExp(`^/webhooks/\\d+/${String(payload.token)}/messages/@original$`));

  test('every command, form and click gets exactly its real answer, once', async () => {
    const { fake, world } = story;
    expect(fake.gateway.connected).toBe(2);
    const ana = story.inAcme(world.users.ana);

    const status = fake.slash(ana, 'complain', 'status');
    const [statusAnswer] = await story.repliesTo(status);
    await settle();

    const command = fake.slash(ana, 'complain', 'new');
    await waitFor(() => fake.interaction(command).modal, 'the complaint form');
    await settle();
    const submit = fake.submitModal(ana, command, BROKEN_ORDER);
    const [confirmation] = await story.repliesTo(submit);
    await settle();
    await story.deliver();
    const code = visibleText(confirmation!).match(/C-\d+/)?.[0] ?? 'no code';
    const card = await waitFor(
      () => fake.messagesIn(world.channels.staff).find((m) => visibleText(m).includes(code)),
      'the card',
    );

    const click = fake.click(story.inAcme(world.users.sam, 'staff'), card, control(card, 'ticket.claim'));
    const [claimed] = await story.repliesTo(click);
    await settle();

    expect(visibleText(statusAnswer!)).not.toBe('Done.');
    expect(confirmation && visibleText(confirmation)).toContain(code);
    expect(visibleText(claimed!)).toContain('You have claimed');
    for (const payload of [command, submit, click]) expect(callbacksFor(payload)).toHaveLength(1);
    // /complain status: both acknowledged it at once, one of them first; one edit, by the owner.
    expect(
      callbacksFor(status)
        .map((c) => c.status)
        .sort(),
    ).toEqual([204, 400]);
    expect(alreadyAcknowledged().map((c) => c.path)).toEqual([callbacksFor(status)[1]?.path]);
    expect(editsOf(status)).toHaveLength(1);
    expect(fake.repliesTo(status)).toHaveLength(1);
  });

  test('someone in two servers gets one server picker, and their pick one answer', async () => {
    const { fake, world } = story;
    const lee = world.users.lee;

    fake.dm(lee, 'The app keeps charging me twice.');
    const [question] = await story.dmsTo(lee, 1);
    await settle();
    const pickers = fake.messagesIn(fake.dmChannel(lee).id).map(visibleText);
    const pick = fake.select(story.inDm(lee), question!, control(question!, 'discord.tenant'), [
      world.acme.id,
    ]);
    await waitFor(() => callbacksFor(pick).length > 0, 'the answer to the pick');
    await settle();

    expect(pickers).toHaveLength(1);
    expect(pickers[0]).toMatch(/Which server/);
    expect(callbacksFor(pick)).toHaveLength(1);
    expect(alreadyAcknowledged()).toEqual([]);
  });
});

describe('two instances on one Discord token, the copy slow to learn it is one', () => {
  const current = storyPerTest();
  let story: Story;
  let slow: DiscordHandle;
  let slowCore: Hearken;
  beforeEach(async () => {
    story = current();
    slowCore = new Hearken({ database: story.database, logger: silentLogger });
    const host = recordingHost(slowCore, new HttpServer(), []);
    // This instance's database answers late, and it would defer after 10 ms: far before it knows
    // the interaction is a copy the other instance owns.
    const late = {
      ...host,
      handle: async (...args: Parameters<typeof host.handle>) => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return host.handle(...args);
      },
    };
    slow = await startDiscord(
      late,
      { token: story.fake.token, apiUrl: story.fake.apiUrl },
      { deferAfterMs: 10 },
    );
  });
  afterEach(async () => {
    await slow.stop();
    await slowCore.outbox.stop();
  });

  test('it never acknowledges the copy, so the owner’s real answer goes through', async () => {
    const { fake, world } = story;
    // /complain may open the form, which only a first response can: it waits for the core.
    const command = fake.slash(story.inAcme(world.users.ana), 'complain', 'new');

    await waitFor(() => fake.interaction(command).modal, 'the complaint form');
    await story.adapter.idle();
    await slow.idle();

    expect(fake.interaction(command).callbackType).toBe(9);
    expect(story.fake.callsTo('POST', new RegExp(`^/interactions/${String(command.id)}/`))).toHaveLength(1);
    expect(story.fake.calls.filter((c) => (c.response as { code?: number } | null)?.code === 40060)).toEqual(
      [],
    );
  });
});

describe('two instances on one Discord token, the copy’s database failing before its claim', () => {
  const current = storyPerTest();
  let story: Story;
  let failing: DiscordHandle;
  let failingCore: Hearken;
  beforeEach(async () => {
    story = current();
    failingCore = new Hearken({ database: story.database, logger: silentLogger });
    const host = recordingHost(failingCore, new HttpServer(), []);
    // What the core answers when its transaction fails before the claim: its kind apology, which
    // is not marked as a copy's.
    const broken = {
      ...host,
      handle: async () => ({ messages: [{ text: catalog('en').errors.generic }], ephemeral: true }),
    };
    failing = await startDiscord(
      broken,
      { token: story.fake.token, apiUrl: story.fake.apiUrl },
      { deferAfterMs: 1500 },
    );
  });
  afterEach(async () => {
    await failing.stop();
    await failingCore.outbox.stop();
  });

  test('a copy whose acknowledgement was not the one Discord took edits nothing: the owner’s answer stands', async () => {
    const { fake, world } = story;
    const status = fake.slash(story.inAcme(world.users.ana), 'complain', 'status');
    // A third instance's callback wins: both of these get 40060, and only the owner may edit.
    fake.answerElsewhere(status, { type: 5, data: { flags: 64 } });
    await waitFor(
      () => fake.repliesTo(status).find((m) => visibleText(m) === catalog('en').status.none),
      'the owner’s answer',
    );
    await story.adapter.idle();
    await failing.idle();

    const edits = story.fake.callsTo(
      'PATCH',
      new RegExp(`^/webhooks/\\d+/${String(status.token)}/messages/@original$`),
    );
    expect(edits.map((c) => c.status)).toEqual([200]);
    expect(fake.repliesTo(status).map(visibleText)).toEqual([catalog('en').status.none]);
  });
});
