/**
 * A whole Hearken on Discord for stories: the fake Discord, a fresh database, the real core and
 * the real adapter logged in through real discord.js. Helpers act as people in the Acme world.
 */

import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { type DiscordHandle, startDiscord } from '../../adapters/discord/index.js';
import type { WaitingOptions } from '../../adapters/discord/waiting.js';
import { Hearken } from '../../src/core.js';
import { HttpServer } from '../../src/http.js';
import { silentLogger } from '../../src/log.js';
import type { InboundEvent } from '../../src/messages.js';
import type { Logger } from '../../src/ports.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { FakeDiscord } from './discord-fake.js';
import type { Invoker } from './discord-interactions.js';
import type { FakeUser } from './discord-model.js';
import type { StoredMessage } from './discord-rest.js';
import { makeWorld, type World, waitFor } from './discord-world.js';
import { type RecordingHost, recordingHost } from './host.js';

export interface Story {
  world: World;
  fake: FakeDiscord;
  core: Hearken;
  /** The host the adapter was given, with every event it handed the core (across restarts). */
  host: RecordingHost;
  adapter: DiscordHandle;
  database: TestDatabase;
  /** The user acting in an Acme channel (default #general). */
  inAcme(user: FakeUser, channel?: keyof World['channels'], locale?: string): Invoker;
  /** The user acting in their DM with the bot. */
  inDm(user: FakeUser, locale?: string): Invoker;
  /** Delivers what the outbox holds now (cards, relays, card edits). */
  deliver(): Promise<number>;
  /** Waits for the bot's answer(s) to an interaction (a deferred one once its answer is edited in). */
  repliesTo(payload: Record<string, unknown>, count?: number): Promise<StoredMessage[]>;
  /** Waits for the bot's messages in a DM with `user` (replies to clicks included), at least `count`. */
  dmsTo(user: FakeUser, count: number): Promise<StoredMessage[]>;
  /**
   * A redeploy: the adapter stops, then a new core and adapter start on the same database and the
   * same Discord, with nothing carried over in memory. `core` and `adapter` are the new ones after.
   */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface StoryOptions {
  /** One migrated database per test file (they are slow to make); each story has its own guilds. */
  database: TestDatabase;
  /** Make /hearken setup unnecessary: staff channel, manager channel and staff role set. */
  configured?: boolean;
  deferAfterMs?: number;
  /** How DMs wait while the database is down (short in tests). */
  waiting?: WaitingOptions;
  /** Where the core and the adapter log (silent by default). */
  logger?: Logger;
}

export async function startStory(options: StoryOptions): Promise<Story> {
  const world = makeWorld();
  const fake = await FakeDiscord.start({ guilds: [world.acme, world.globex], strangers: [world.users.rue] });
  const database = options.database;
  const config = { token: fake.token, apiUrl: fake.apiUrl };
  const received: InboundEvent[] = [];
  const boot = async () => {
    const core = new Hearken({ database, logger: options.logger ?? silentLogger });
    const host = recordingHost(core, new HttpServer(), received);
    const adapter = await startDiscord(host, config, {
      deferAfterMs: options.deferAfterMs ?? 1500,
      ...(options.waiting ? { waiting: options.waiting } : {}),
    });
    return { core, host, adapter };
  };
  const { core, host, adapter } = await boot();
  if (options.configured !== false) {
    await core.configureTenant(`discord:${world.acme.id}`, 'discord', {
      staffChannelId: `discord:${world.channels.staff}`,
      managerChannelId: `discord:${world.channels.managers}`,
      staffRoles: [`discord:${world.acme.id}:${world.staffRole}`],
    });
  }
  const story: Story = {
    world,
    fake,
    core,
    host,
    adapter,
    database,
    inAcme: (user, channel = 'general', locale = 'en-US') => ({
      user,
      guildId: world.acme.id,
      channelId: world.channels[channel],
      locale,
    }),
    inDm: (user, locale = 'en-US') => ({ user, locale }),
    deliver: () => story.core.outbox.drain(),
    repliesTo: (payload, count = 1) =>
      waitFor(
        () => {
          // A deferred response still "thinking…" is no answer yet: its edit is.
          const replies = fake.repliesTo(payload).filter((m) => !thinking(m));
          return replies.length >= count && replies;
        },
        `${count} replies to interaction ${String(payload.id)}`,
      ),
    dmsTo: (user, count) =>
      waitFor(() => {
        const dms = fake.messagesIn(fake.dmChannel(user).id);
        return dms.length >= count && dms;
      }, `${count} DMs to ${user.username}`),
    async restart() {
      await story.adapter.stop();
      await story.core.inbox.stop();
      Object.assign(story, await boot());
    },
    async close() {
      await story.adapter.stop();
      await story.core.inbox.stop();
      await fake.stop();
    },
  };
  return story;
}

/**
 * Registers hooks for a file of stories: one migrated database for the file (they are slow to
 * make), a fresh story (its own guilds, so its own tenants) for each test. Call the returned
 * function inside a test or a later hook to get the current story.
 */
export function storyPerTest(options: Omit<StoryOptions, 'database'> = {}): () => Story {
  let database: TestDatabase | undefined;
  let story: Story | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.destroy();
  });
  beforeEach(async () => {
    if (!database) throw new Error('the test database did not start');
    story = await startStory({ ...options, database });
  });
  afterEach(async () => {
    await story?.close();
  });
  return () => {
    if (!story) throw new Error('no story is running: call this inside a test');
    return story;
  };
}

/** Discord's "thinking…" state: a deferred response not yet edited (flag 128, LOADING). */
export const thinking = (message: StoredMessage): boolean => (message.flags & 128) !== 0;

/** The text a person sees in a message: its content, or its embed's title, description, fields and footer. */
export function visibleText(message: StoredMessage): string {
  const embeds = message.embeds as {
    title?: string;
    description?: string;
    fields?: { name: string; value: string }[];
    footer?: { text: string };
  }[];
  return [
    message.content,
    ...embeds.flatMap((e) => [
      e.title,
      e.description,
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
      e.footer?.text,
    ]),
  ]
    .filter(Boolean)
    .join('\n');
}

/** The custom ids of a message's buttons and selects, in order. */
export function customIds(message: StoredMessage): string[] {
  const rows = message.components as { components: { custom_id?: string }[] }[];
  return rows.flatMap((row) => row.components.map((c) => c.custom_id ?? ''));
}

/** The custom id of the component whose custom id starts with `action|`. */
export function control(message: StoredMessage, action: string): string {
  const found = customIds(message).find((id) => id.startsWith(`${action}|`));
  if (!found) throw new Error(`no ${action} control on message: ${customIds(message).join(', ')}`);
  return found;
}

/** The intake form filled in the usual way. */
export const BROKEN_ORDER = {
  description: 'My order arrived broken and nobody answers my emails.',
  category: 'product',
  impact: 'high',
  details: 'Order 5521',
  outcome: 'replacement',
} as const;

/**
 * A customer files a complaint with /complain in #general; the outbox delivers the staff card.
 * Returns the complaint code and the card as the staff channel shows it.
 */
export async function fileComplaint(
  story: Story,
  user: FakeUser,
  values: Record<string, string> = BROKEN_ORDER,
): Promise<{ code: string; card: StoredMessage; confirmation: StoredMessage }> {
  const { fake, world } = story;
  const who = story.inAcme(user);
  const command = fake.slash(who, 'complain', 'new');
  await waitFor(() => fake.interaction(command).modal, 'the complaint form');
  const submit = fake.submitModal(who, command, values);
  const [confirmation] = await story.repliesTo(submit);
  const code = visibleText(confirmation as StoredMessage).match(/C-\d+/)?.[0];
  if (!code) throw new Error(`no code in the confirmation: ${visibleText(confirmation as StoredMessage)}`);
  await story.deliver();
  const card = await waitFor(
    () => fake.messagesIn(world.channels.staff).find((m) => visibleText(m).includes(code)),
    `the staff card for ${code}`,
  );
  // Filed in a server, the code also comes as a DM receipt, sent after the answer: a story that
  // counts the customer's DMs next must not count it as an answer to what it does.
  if (!user.dmsClosed)
    await waitFor(
      () => fake.messagesIn(fake.dmChannel(user).id).find((m) => visibleText(m).includes(code)),
      `the DM receipt for ${code}`,
    );
  return { code, card, confirmation: confirmation as StoredMessage };
}

/** The latest state of a message the bot posted (after edits). */
export function latest(story: Story, message: StoredMessage): StoredMessage {
  return story.fake.state.messages.get(message.id) ?? message;
}
