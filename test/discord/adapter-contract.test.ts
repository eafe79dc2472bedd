/**
 * The shared adapter contract (test/kit/shared-contract.ts) for Discord: real discord.js logged in
 * to the fake gateway and REST API, in front of the real core.
 *
 * A retried delivery: discord.js itself drops a MESSAGE_CREATE for a message it has cached, so
 * the one that reaches the core again is the one a process that has not seen it receives, as a
 * restarted instance does when the gateway replays a dispatch. The driver restarts the adapter
 * (and core) on the same database and delivers the same dispatch: only the core's dedupe stands
 * between it and a second handling.
 */
import { afterAll, beforeAll } from 'vitest';
import { BROKEN_ORDER, startStory, visibleText } from '../kit/discord-harness.js';
import type { FakeUser } from '../kit/discord-model.js';
import type { StoredMessage } from '../kit/discord-rest.js';
import { waitFor } from '../kit/discord-world.js';
import { adapterContract, type ContractDriver } from '../kit/shared-contract.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

/** The label of each button of a message, with its custom id. */
function buttons(message: StoredMessage): { label: string; customId: string }[] {
  const rows = message.components as { components: { label?: string; custom_id?: string }[] }[];
  return rows.flatMap((row) =>
    row.components.map((c) => ({ label: c.label ?? '', customId: c.custom_id ?? '' })),
  );
}

async function discordDriver(): Promise<ContractDriver> {
  const story = await startStory({ database });
  const { fake, world } = story;
  const people = Object.values(world.users);
  const person = (id: string): FakeUser => {
    const found = people.find((user) => user.id === id);
    if (!found) throw new Error(`no one with id ${id} in the Discord world`);
    return found;
  };
  // Someone outside the contract's story, whose DM shows that what came before it was processed.
  const sentinel = world.users.bo;
  let last: Record<string, unknown> | undefined;

  /** Waits until the adapter has handed the core one more event, then until it is all handled. */
  const handled = async (act: () => void) => {
    const before = story.host.received.length;
    act();
    await waitFor(() => story.host.received.length > before, 'the event to reach the core');
    await story.adapter.idle();
    // A DM goes through the inbox: wait for it to be handled and its answer delivered.
    await story.host.idle();
  };
  const botMessagesIn = (channelId: string) =>
    fake.messagesIn(channelId).filter((m) => (m.author as { id?: string } | undefined)?.id === fake.bot.id);
  const interact = async (payload: Record<string, unknown>) => {
    await waitFor(() => fake.interaction(payload).callbackType !== undefined, 'the interaction answered');
    await story.adapter.idle();
  };

  return {
    get core() {
      return story.core;
    },
    get port() {
      const port = story.host.port;
      if (!port) throw new Error('the Discord adapter registered no port');
      return port;
    },
    get received() {
      return story.host.received.filter((event) => !event.actor.userId.endsWith(`:${sentinel.id}`));
    },
    people: { customer: world.users.ana.id, staff: world.users.sam.id },
    staffChannel: `discord:${world.channels.staff}`,
    async dm(user, text) {
      await handled(() => {
        last = fake.dm(person(user), text);
      });
    },
    async redeliverLastDm() {
      const again = last;
      if (!again) throw new Error('no DM to redeliver');
      await story.restart();
      await handled(() => fake.dispatch('MESSAGE_CREATE', again));
    },
    async echoOwnMessage(user, text) {
      const channel = fake.dmChannel(person(user));
      fake.dispatch('MESSAGE_CREATE', {
        id: `${Date.now()}${Math.floor(Math.random() * 1000)}`,
        type: 0,
        channel_id: channel.id,
        channel_type: 1,
        author: { id: fake.bot.id, username: fake.bot.username, bot: true },
        content: text,
        timestamp: new Date().toISOString(),
        mentions: [],
        attachments: [],
        embeds: [],
        components: [],
      });
      // Dispatches are handled in order: once the sentinel's DM is in, the echo was seen.
      await handled(() => fake.dm(sentinel, 'Hello?'));
    },
    async clickInLastDm(user, label) {
      const message = botMessagesIn(fake.dmChannel(person(user)).id).at(-1);
      const button = message && buttons(message).find((b) => b.label === label);
      if (!message || !button) throw new Error(`no button "${label}" in the last DM`);
      await interact(fake.click(story.inDm(person(user)), message, button.customId));
    },
    async fileComplaint(user, description) {
      const who = story.inAcme(person(user));
      const command = fake.slash(who, 'complain', 'new');
      await waitFor(() => fake.interaction(command).modal, 'the complaint form');
      await interact(fake.submitModal(who, command, { ...BROKEN_ORDER, description }));
      await story.deliver();
    },
    async clickOnCard(user, code, label) {
      const card = fake.messagesIn(world.channels.staff).find((m) => visibleText(m).includes(code));
      const button = card && buttons(card).find((b) => b.label === label);
      if (!card || !button) throw new Error(`no "${label}" on the staff card for ${code}`);
      await interact(fake.click(story.inAcme(person(user), 'staff'), card, button.customId));
    },
    botMessagesTo: async (user) => botMessagesIn(fake.dmChannel(person(user)).id).length,
    messagesInStaffChannel: async () => fake.messagesIn(world.channels.staff).length,
    close: () => story.close(),
  };
}

adapterContract('Discord', discordDriver);
