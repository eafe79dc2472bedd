/**
 * The adapter's contract with Discord and with the core, checked with a recording core: the
 * gateway handshake, least intents, answering in time, ignoring itself, and the port's
 * idempotent, thread-aware delivery.
 */
import { GatewayIntentBits } from 'discord.js';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type DiscordOptions, startDiscord } from '../../adapters/discord/index.js';
import { type AdapterHandle, PermanentDeliveryError, type PlatformPort } from '../../src/ports.js';
import { FakeDiscord } from '../kit/discord-fake.js';
import { thinking } from '../kit/discord-harness.js';
import { holdCore, type RecordingCore, recordingCore } from '../kit/discord-recording-core.js';
import { makeWorld, type World, waitFor } from '../kit/discord-world.js';

describe('the Discord adapter contract', () => {
  let world: World;
  let fake: FakeDiscord;
  let core: RecordingCore;
  let adapter: AdapterHandle;
  const start = async (options: Partial<DiscordOptions> = {}) => {
    const config = { token: fake.token, apiUrl: fake.apiUrl };
    adapter = await startDiscord(core, config, options);
  };
  const port = (): PlatformPort => {
    if (!core.port) throw new Error('no port registered');
    return core.port;
  };
  const general = () => ({
    user: world.users.ana,
    guildId: world.acme.id,
    channelId: world.channels.general,
  });

  beforeEach(async () => {
    world = makeWorld();
    fake = await FakeDiscord.start({ guilds: [world.acme, world.globex], heartbeatIntervalMs: 100 });
    core = recordingCore();
  });
  afterEach(async () => {
    await adapter?.stop();
    await fake.stop();
  });

  test('connects through GET /gateway/bot with v10 JSON, the least intents, and answers heartbeats', async () => {
    await start();
    await waitFor(() => fake.gateway.log.acks >= 2, 'two heartbeats acknowledged');

    const identify = fake.gateway.log.identifies[0];
    expect(fake.callsTo('GET', /^\/gateway\/bot$/)).toHaveLength(1);
    expect(fake.gateway.log.connectQueries).toEqual(['v=10&encoding=json']);
    // Card threads need guild messages and their content; nothing else (no members, no presences).
    expect(identify?.intents).toBe(
      GatewayIntentBits.Guilds |
        GatewayIntentBits.DirectMessages |
        GatewayIntentBits.GuildMessages |
        GatewayIntentBits.MessageContent,
    );
    expect(identify?.token).toBe(fake.token);
    expect(identify?.shard).toEqual([0, 1]);
    expect(adapter.health()).toEqual({
      status: 'connected',
      shardCount: 1,
      shards: [{ id: 0, status: 'Ready', pingMs: expect.any(Number) }],
    });
  });

  test('after the gateway drops, the bot resumes its session and keeps listening', async () => {
    await start();
    fake.gateway.drop();
    await waitFor(
      () => fake.gateway.connected === 1 && fake.gateway.log.resumes.length === 1,
      'the resumed session',
    );

    fake.dm(world.users.ana, 'Are you still there?');
    await waitFor(() => core.events.length === 1, 'the DM after reconnecting');
    expect(fake.gateway.log.identifies).toHaveLength(1);
    expect(fake.gateway.log.resumes[0]).toMatchObject({ token: fake.token, session_id: expect.any(String) });
    expect(adapter.health()).toMatchObject({ status: 'connected', shards: [{ id: 0, status: 'Ready' }] });
  });

  test('a DM sent while the connection is down arrives after the resume, as Discord replays it', async () => {
    await start();
    fake.gateway.drop();
    await waitFor(() => fake.gateway.connected === 0, 'the dropped connection');

    fake.dm(world.users.ana, 'Did my last message get through?');
    await waitFor(() => core.events.length === 1, 'the DM replayed on the resume');

    expect(core.events[0]).toMatchObject({ kind: 'message', text: 'Did my last message get through?' });
    expect(fake.gateway.log.resumes).toHaveLength(1);
    expect(fake.gateway.log.identifies).toHaveLength(1);
  });

  test('stop() closes the gateway and reports disconnected', async () => {
    await start();
    await adapter.stop();
    await waitFor(() => fake.gateway.connected === 0, 'the socket to close');
    expect(adapter.health()).toMatchObject({ status: 'degraded' });
  });

  test('ignores its own messages when Discord echoes them back', async () => {
    await start();
    fake.dm(world.users.ana, 'Hello?');
    const [answer] = await waitFor(() => fake.messagesIn(fake.dmChannel(world.users.ana).id), 'the answer');

    fake.dispatch('MESSAGE_CREATE', { ...answer!, channel_type: 1 });
    fake.dm(world.users.ana, 'Still there?');
    await waitFor(() => core.events.length === 2, 'the second customer message');

    expect(core.events.map((e) => (e.kind === 'message' ? e.text : e.kind))).toEqual([
      'Hello?',
      'Still there?',
    ]);
  });

  test('a DM delivered twice reaches the core once', async () => {
    await start();
    const first = fake.dm(world.users.ana, 'My order is late.');
    fake.dispatch('MESSAGE_CREATE', first);
    fake.dm(world.users.ana, 'Order 5521.');
    await waitFor(() => core.events.length >= 2, 'both messages');

    expect(core.events.map((e) => e.id)).toEqual([first.id, expect.any(String)]);
    expect(new Set(core.events.map((e) => e.id)).size).toBe(2);
  });

  test('a slow core is covered by a deferred response, then the reply is edited in', async () => {
    await start({ deferAfterMs: 20 });
    const slowCore = holdCore(core);
    core.reply = {
      messages: [{ text: 'Here is your list.' }, { text: 'And one more thing.' }],
      ephemeral: true,
    };

    // A command that may open a form waits for the core (others are deferred at once, defer.test.ts).
    const command = fake.slash(general(), 'complain', 'new');
    await waitFor(() => fake.interaction(command).callbackType === 5, 'the deferred acknowledgement');
    slowCore.release();
    const messages = await waitFor(() => {
      const replies = fake.repliesTo(command);
      return replies.length === 2 && replies[0]?.edits === 1 && replies;
    }, 'the deferred reply to be edited and followed up');

    expect(fake.interaction(command).callbackType).toBe(5);
    expect(messages.map((m) => [m.content, m.flags])).toEqual([
      ['Here is your list.', 64],
      ['And one more thing.', 64],
    ]);
  });

  test('a command acknowledged at once: the first message of its answer replaces "thinking…", the rest follow, all private', async () => {
    await start();
    core.reply = {
      messages: [{ text: 'Here is your list.' }, { text: 'And one more thing.' }],
      ephemeral: true,
    };

    const command = fake.slash(general(), 'ticket', 'list');
    const messages = await waitFor(() => {
      const replies = fake.repliesTo(command);
      return replies.length === 2 && replies[0]?.edits === 1 && replies;
    }, 'the deferred reply to be edited and followed up');

    expect(fake.interaction(command).callbackType).toBe(5);
    expect(messages.map((m) => [m.content, m.flags])).toEqual([
      ['Here is your list.', 64],
      ['And one more thing.', 64],
    ]);
  });

  test('a slow click is acknowledged silently, then the card is replaced', async () => {
    await start({ deferAfterMs: 20 });
    const card = await port().send(
      { kind: 'channel', channelId: `discord:${world.channels.staff}` },
      { text: 'C-1', buttons: [{ action: 'ticket.claim', value: 'id-1', label: 'Claim' }] },
      { idempotencyKey: 'card-1', attempt: 1 },
    );
    const slowCore = holdCore(core);
    core.reply = { messages: [], replaceSource: { text: 'C-1 · claimed by Sam' }, ephemeral: true };

    const stored = fake.state.messages.get(card.messageId)!;
    const click = fake.click(
      { ...general(), user: world.users.sam, channelId: world.channels.staff },
      stored,
      'ticket.claim|id-1',
    );
    await waitFor(() => fake.interaction(click).callbackType === 6, 'the silent acknowledgement');
    slowCore.release();
    const edited = await waitFor(
      () => fake.state.messages.get(card.messageId)?.edits === 1 && fake.state.messages.get(card.messageId),
      'the card edit',
    );

    expect(fake.interaction(click).callbackType).toBe(6);
    expect(edited?.content).toBe('C-1 · claimed by Sam');
    expect(edited?.components).toEqual([]);
  });

  // `status` is acknowledged at once and its answer edited in; `new` (it may open the form) waits.
  test.each(['status', 'new'])(
    'a core that throws anyway still leaves the person with an answer (/complain %s)',
    async (sub) => {
      await start();
      core.handle = async () => {
        throw new Error('boom');
      };
      const command = fake.slash(general(), 'complain', sub);
      const [answer] = await waitFor(() => {
        const replies = fake.repliesTo(command).filter((m) => !thinking(m));
        return replies.length > 0 && replies;
      }, 'an answer');
      expect(answer?.content).toMatch(/something went wrong on my side/);
    },
  );

  describe('the platform port', () => {
    test('two sends with the same idempotency key show one message (nonce + enforce_nonce)', async () => {
      await start();
      const target = { kind: 'channel', channelId: `discord:${world.channels.staff}` } as const;
      const first = await port().send(
        target,
        { text: 'New complaint C-1' },
        { idempotencyKey: 'outbox-7', attempt: 1 },
      );
      const again = await port().send(
        target,
        { text: 'New complaint C-1' },
        { idempotencyKey: 'outbox-7', attempt: 2 },
      );

      const posts = fake.callsTo('POST', /^\/channels\/\d+\/messages$/);
      expect(again).toEqual(first);
      expect(fake.messagesIn(world.channels.staff)).toHaveLength(1);
      expect(posts.map((c) => [c.body?.enforce_nonce, String(c.body?.nonce).length <= 25])).toEqual([
        [true, true],
        [true, true],
      ]);
      expect(posts[0]?.body?.allowed_mentions).toEqual({ parse: [] });
    });

    test('a thread target starts the thread from the card once, named after it, then posts in it', async () => {
      await start();
      const card = await port().send(
        { kind: 'channel', channelId: `discord:${world.channels.staff}` },
        { title: 'C-1042 · Delivery', text: 'Parcel never arrived' },
        { idempotencyKey: 'card', attempt: 1 },
      );
      const one = await port().send(
        { kind: 'thread', parent: card },
        { text: 'Ana: it was wet too' },
        { idempotencyKey: 't1', attempt: 1 },
      );
      const two = await port().send(
        { kind: 'thread', parent: card },
        { text: 'Sam claimed it' },
        { idempotencyKey: 't2', attempt: 1 },
      );

      expect(fake.callsTo('POST', /\/messages\/\d+\/threads$/).map((c) => c.body?.name)).toEqual([
        'C-1042 · Delivery',
      ]);
      expect([one.channelId, two.channelId]).toEqual([
        `discord:${card.messageId}`,
        `discord:${card.messageId}`,
      ]);
      expect(fake.messagesIn(card.messageId).map((m) => m.content)).toEqual([
        'Ana: it was wet too',
        'Sam claimed it',
      ]);
    });

    test('update edits the message in place', async () => {
      await start();
      const ref = await port().send(
        { kind: 'channel', channelId: `discord:${world.channels.staff}` },
        { text: 'open' },
        { idempotencyKey: 'u', attempt: 1 },
      );
      await port().update(ref, { text: 'claimed', tone: 'info', title: 'C-1' });
      expect(fake.state.messages.get(ref.messageId)).toMatchObject({
        content: '',
        edits: 1,
        embeds: [{ title: 'C-1' }],
      });
    });

    test('closed DMs and unknown channels are permanent failures with a reason; the outbox stops retrying', async () => {
      await start();
      const send = (channelOrUser: string, kind: 'user' | 'channel') =>
        port().send(
          kind === 'user' ? { kind, userId: channelOrUser } : { kind, channelId: channelOrUser },
          { text: 'Hi' },
          { idempotencyKey: channelOrUser, attempt: 1 },
        );

      await expect(send(`discord:${world.acme.id}:${world.users.zoe.id}`, 'user')).rejects.toMatchObject({
        name: 'PermanentDeliveryError',
        reason: 'dm_closed',
      });
      await expect(send('discord:999999999999999999', 'channel')).rejects.toMatchObject({
        reason: 'channel_not_found',
      });
      await expect(send('slack:C123', 'channel')).rejects.toBeInstanceOf(PermanentDeliveryError);
    });

    test('a server error is not permanent, so the outbox retries it later', async () => {
      await start();
      fake.failNext('POST', /^\/channels\/\d+\/messages$/, 503, 0, 10);

      const sending = port().send(
        { kind: 'channel', channelId: `discord:${world.channels.staff}` },
        { text: 'Card' },
        { idempotencyKey: 'k', attempt: 1 },
      );

      await expect(sending).rejects.toMatchObject({ status: 503 });
      await expect(sending).rejects.not.toBeInstanceOf(PermanentDeliveryError);
    });

    test('a chart travels as an uploaded file with its alt text, shown in the embed', async () => {
      await start();
      const png = Buffer.from('89504e470d0a1a0a', 'hex').toString('base64');
      await port().send(
        { kind: 'channel', channelId: `discord:${world.channels.managers}` },
        {
          title: 'Daily digest',
          text: 'Volume',
          attachments: [
            { filename: 'volume.png', contentType: 'image/png', base64: png, alt: 'Complaints per day' },
          ],
        },
        { idempotencyKey: 'digest', attempt: 1 },
      );

      const [call] = fake.callsTo('POST', /^\/channels\/\d+\/messages$/);
      expect(call?.files).toEqual([{ name: 'volume.png', size: 8, contentType: 'image/png' }]);
      expect(call?.body?.attachments).toEqual([
        { id: 0, filename: 'volume.png', description: 'Complaints per day' },
      ]);
      expect(call?.body?.embeds).toMatchObject([{ image: { url: 'attachment://volume.png' } }]);
    });

    test('a DM to a customer lands in their DM channel', async () => {
      await start();
      const ref = await port().send(
        { kind: 'user', userId: `discord:${world.acme.id}:${world.users.ana.id}` },
        { text: 'Your reply' },
        { idempotencyKey: 'dm', attempt: 1 },
      );
      expect(ref.channelId).toBe(`discord:${fake.dmChannel(world.users.ana).id}`);
    });
  });
});
