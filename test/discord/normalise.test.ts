/**
 * Recorded, real-shaped Discord payloads (test/fixtures/discord) pushed through the fake gateway
 * into real discord.js, and the neutral events the adapter hands the core.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startDiscord } from '../../adapters/discord/index.js';
import type { AdapterHandle } from '../../src/ports.js';
import { FakeDiscord } from '../kit/discord-fake.js';
import { EVERYONE_PERMISSIONS, type FakeGuild, PERMISSIONS } from '../kit/discord-model.js';
import { type RecordingCore, recordingCore } from '../kit/discord-recording-core.js';
import { waitFor } from '../kit/discord-world.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/discord/${name}.json`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
const world = fixture('world') as {
  guildId: string;
  channels: Record<'general' | 'staff' | 'managers', string>;
  staffRole: string;
  users: Record<'ana' | 'sam' | 'ola', string>;
  dmChannel: string;
};
const G = world.guildId;

function fixtureGuild(): FakeGuild {
  const user = (name: 'ana' | 'sam' | 'ola') => ({
    id: world.users[name],
    username: name,
    globalName: name[0]?.toUpperCase() + name.slice(1),
  });
  return {
    id: G,
    name: 'Acme',
    roles: [
      { id: G, name: '@everyone', permissions: EVERYONE_PERMISSIONS },
      { id: world.staffRole, name: 'Staff', permissions: EVERYONE_PERMISSIONS },
    ],
    channels: [
      { id: world.channels.general, name: 'general', type: 0 },
      { id: world.channels.staff, name: 'staff', type: 0 },
      { id: world.channels.managers, name: 'managers', type: 0 },
    ],
    // The first member owns the guild (and so has every permission): the admin.
    members: [
      {
        user: user('ola'),
        roles: [],
        permissions: String(BigInt(EVERYONE_PERMISSIONS) | PERMISSIONS.manageGuild),
      },
      { user: user('ana'), roles: [] },
      { user: user('sam'), roles: [world.staffRole] },
    ],
  };
}

describe('normalising recorded Discord payloads', () => {
  let fake: FakeDiscord;
  let core: RecordingCore;
  let adapter: AdapterHandle;

  beforeEach(async () => {
    fake = await FakeDiscord.start({ guilds: [fixtureGuild()] });
    fake.state.channels.set(world.dmChannel, {
      id: world.dmChannel,
      name: '',
      type: 1,
      recipientId: world.users.ana,
    });
    core = recordingCore();
    const config = { token: fake.token, apiUrl: fake.apiUrl };
    adapter = await startDiscord(core, config);
  });
  afterEach(async () => {
    await adapter.stop();
    await fake.stop();
  });

  const push = async (type: string, name: string) => {
    const payload = fixture(name);
    fake.dispatch(type, payload);
    return payload;
  };
  const nextEvent = () => waitFor(() => core.events[0], 'an event at the core');

  test('a DM becomes a message event in the guild the customer shares with the bot', async () => {
    await push('MESSAGE_CREATE', 'message-create-dm');
    const event = await nextEvent();
    expect(event).toMatchObject({
      id: '1800000000000000001',
      kind: 'message',
      text: 'My order arrived broken and I am upset',
      place: { kind: 'dm' },
      actor: {
        platform: 'discord',
        tenantId: `discord:${G}`,
        userId: `discord:${G}:${world.users.ana}`,
        displayName: 'Ana',
        roles: [],
      },
    });
    await waitFor(() => fake.messagesIn(world.dmChannel).length, 'the reply in the DM');
  });

  test("the bot's own message echoed by the gateway is ignored", async () => {
    await push('MESSAGE_CREATE', 'message-create-own-echo');
    await push('MESSAGE_CREATE', 'message-create-dm');
    const event = await nextEvent();
    expect(core.events).toHaveLength(1);
    expect(event.id).toBe('1800000000000000001');
  });

  test('/ticket claim becomes a command with the typed words and the member roles', async () => {
    await push('INTERACTION_CREATE', 'interaction-ticket-claim');
    expect(await nextEvent()).toMatchObject({
      id: '1900000000000000001',
      kind: 'command',
      command: 'ticket',
      text: 'claim C-1001',
      place: { kind: 'channel', channelId: `discord:${world.channels.staff}` },
      actor: {
        locale: 'en-US',
        roles: [`discord:${G}:${world.staffRole}`],
        userId: `discord:${G}:${world.users.sam}`,
      },
    });
  });

  test('/hearken setup turns channel and role options into opaque ids, and ManageGuild into admin', async () => {
    await push('INTERACTION_CREATE', 'interaction-hearken-setup');
    expect(await nextEvent()).toMatchObject({
      kind: 'command',
      command: 'hearken',
      text: `setup staff=discord:${world.channels.staff} manager=discord:${world.channels.managers} role=discord:${G}:${world.staffRole}`,
      actor: { roles: [], platformAdmin: true },
    });
  });

  test('a card button becomes an action with its value and the card as source', async () => {
    await push('INTERACTION_CREATE', 'interaction-button-claim');
    expect(await nextEvent()).toMatchObject({
      kind: 'action',
      action: 'ticket.claim',
      value: '8e0c6a9e-2f55-4d34-a5b8-0d1f3f6f2a10',
      source: {
        platform: 'discord',
        channelId: `discord:${world.channels.staff}`,
        messageId: '1700000000000000001',
      },
    });
  });

  test('a modal submit becomes a form event with text and select values, in the user locale', async () => {
    await push('INTERACTION_CREATE', 'interaction-modal-submit');
    expect(await nextEvent()).toMatchObject({
      kind: 'form',
      formId: 'intake.form',
      values: { description: 'The parcel never came', category: 'delivery', details: '' },
      place: { kind: 'form' },
      actor: { locale: 'zh-CN' },
    });
  });

  test('a button in a DM is given the tenant of the guild the customer shares', async () => {
    await push('INTERACTION_CREATE', 'interaction-dm-button');
    expect(await nextEvent()).toMatchObject({
      kind: 'action',
      action: 'intake.outcome',
      value: 'refund',
      place: { kind: 'dm' },
      actor: { tenantId: `discord:${G}`, userId: `discord:${G}:${world.users.ana}` },
    });
  });

  test('autocomplete asks the core for open codes and answers with choices, without an event', async () => {
    const payload = await push('INTERACTION_CREATE', 'interaction-autocomplete');
    const choices = await waitFor(() => fake.interaction(payload).choices, 'autocomplete choices');
    expect(choices).toEqual([
      { name: 'C-1001', value: 'C-1001' },
      { name: 'C-1002', value: 'C-1002' },
    ]);
    expect(core.events).toEqual([]);
  });

  test('an unknown command is unsupported: nothing reaches the core', async () => {
    await push('INTERACTION_CREATE', 'interaction-unknown-command');
    await push('INTERACTION_CREATE', 'interaction-ticket-claim');
    await nextEvent();
    expect(core.events.map((e) => e.kind)).toEqual(['command']);
    expect(core.events[0]).toMatchObject({ command: 'ticket' });
  });
});
