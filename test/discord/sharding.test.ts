/**
 * One Discord bot, four shards, two Hearken instances on one database: instance A runs shards 0
 * and 1, instance B shards 2 and 3, against the fake gateway, which shards as Discord does (each
 * connection gets only its guilds' events; DMs go to shard 0). A guild sits on each shard.
 * Customers complain in every guild and by DM; staff answer. Every card and DM arrives once,
 * each interaction is answered by the instance whose shard received it, and an instance leaving
 * (and another taking its shards) changes nothing a customer sees.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { type DiscordHandle, startDiscord } from '../../adapters/discord/index.js';
import { Hearken } from '../../src/core.js';
import { silentLogger } from '../../src/log.js';
import type { InboundEvent } from '../../src/messages.js';
import { claimDue } from '../../src/outbox/outbox.js';
import { OUTBOX_DEFAULTS } from '../../src/outbox/worker.js';
import { FakeDiscord } from '../kit/discord-fake.js';
import { shardOf } from '../kit/discord-gateway.js';
import { customIds, thinking, visibleText } from '../kit/discord-harness.js';
import type { Invoker } from '../kit/discord-interactions.js';
import {
  EVERYONE_PERMISSIONS,
  type FakeGuild,
  type FakeUser,
  snowflake,
  snowflakeOnShard,
} from '../kit/discord-model.js';
import type { StoredMessage } from '../kit/discord-rest.js';
import { waitFor } from '../kit/discord-world.js';
import { recordingHost } from '../kit/host.js';
import { ManualClock } from '../support/clock.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const SHARD_COUNT = 4;

/** A guild on `shard` with a support, staff and managers channel, a customer and a staff member. */
interface ShardGuild {
  guild: FakeGuild;
  shard: number;
  general: string;
  staff: string;
  managers: string;
  staffRole: string;
  customer: FakeUser;
  agent: FakeUser;
}

function user(username: string): FakeUser {
  return { id: snowflake(), username, globalName: username[0]?.toUpperCase() + username.slice(1) };
}

function shardGuild(shard: number): ShardGuild {
  const id = snowflakeOnShard(shard, SHARD_COUNT);
  const [general, staff, managers, staffRole] = [snowflake(), snowflake(), snowflake(), snowflake()];
  const customer = user(`customer${shard}`);
  const agent = user(`agent${shard}`);
  const guild: FakeGuild = {
    id,
    name: `Shop ${shard}`,
    roles: [
      { id, name: '@everyone', permissions: EVERYONE_PERMISSIONS },
      { id: staffRole, name: 'Staff', permissions: EVERYONE_PERMISSIONS },
    ],
    channels: [
      { id: general, name: `general-${shard}`, type: 0 },
      { id: staff, name: `staff-${shard}`, type: 0 },
      { id: managers, name: `managers-${shard}`, type: 0 },
    ],
    members: [
      { user: customer, roles: [] },
      { user: agent, roles: [staffRole] },
    ],
  };
  return { guild, shard, general, staff, managers, staffRole, customer, agent };
}

/** One Hearken: its own core and discord.js client, on the shared database and clock. */
interface Instance {
  name: string;
  core: Hearken;
  adapter: DiscordHandle;
  received: InboundEvent[];
  stop(): Promise<void>;
}

describe('a Discord bot with four shards over two instances', () => {
  let database: TestDatabase;
  let fake: FakeDiscord;
  let clock: ManualClock;
  let guilds: ShardGuild[];
  /** Customers who complain by DM: one shares only the guild on shard 1, one only shard 3's. */
  let dmCustomers: { user: FakeUser; home: ShardGuild }[];
  let a: Instance;
  let b: Instance;

  async function startInstance(name: string, shards: number[]): Promise<Instance> {
    // One row per lease, so both instances take turns on the same rows, as under load.
    const core = new Hearken({ database, logger: silentLogger, clock, outbox: { batchSize: 1 } });
    const received: InboundEvent[] = [];
    const host = recordingHost(core, undefined, received);
    const adapter = await startDiscord(host, {
      token: fake.token,
      apiUrl: fake.apiUrl,
      shards,
      shardCount: SHARD_COUNT,
    });
    return {
      name,
      core,
      adapter,
      received,
      async stop() {
        await adapter.stop();
        await core.outbox.stop();
      },
    };
  }

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.destroy();
  });

  beforeEach(async () => {
    clock = new ManualClock();
    guilds = [0, 1, 2, 3].map(shardGuild);
    const [, one, , three] = guilds as [ShardGuild, ShardGuild, ShardGuild, ShardGuild];
    dmCustomers = [
      { user: user('dana'), home: one },
      { user: user('dmitri'), home: three },
    ];
    one.guild.members.push({ user: dmCustomers[0]?.user as FakeUser, roles: [] });
    three.guild.members.push({ user: dmCustomers[1]?.user as FakeUser, roles: [] });
    fake = await FakeDiscord.start({ guilds: guilds.map((g) => g.guild), shards: SHARD_COUNT });
    a = await startInstance('a', [0, 1]);
    b = await startInstance('b', [2, 3]);
    for (const g of guilds) {
      await a.core.configureTenant(`discord:${g.guild.id}`, 'discord', {
        staffChannelId: `discord:${g.staff}`,
        managerChannelId: `discord:${g.managers}`,
        staffRoles: [`discord:${g.guild.id}:${g.staffRole}`],
      });
    }
  });
  afterEach(async () => {
    await a.stop();
    await b.stop();
    await fake.stop();
  });

  /** The instance running a guild's shard. */
  const runner = (g: ShardGuild) => (g.shard < 2 ? a : b);
  const inGuild = (g: ShardGuild, who: FakeUser, channel = g.general): Invoker => ({
    user: who,
    guildId: g.guild.id,
    channelId: channel,
    locale: 'en-US',
  });

  /** Both instances deliver at once, until neither finds a row. */
  async function deliverOnBoth(instances = [a, b]): Promise<number> {
    let total = 0;
    for (;;) {
      const counts = await Promise.all(instances.map((i) => i.core.outbox.drain()));
      const round = counts.reduce((x, y) => x + y, 0);
      if (round === 0) return total;
      total += round;
    }
  }

  /** The customer files with /complain new in their guild; returns the code they were given. */
  async function complainInGuild(g: ShardGuild): Promise<string> {
    const who = inGuild(g, g.customer);
    const command = fake.slash(who, 'complain', 'new');
    await waitFor(() => fake.interaction(command).modal, `the complaint form in ${g.guild.name}`);
    const submit = fake.submitModal(who, command, {
      description: `My order from ${g.guild.name} arrived broken.`,
      category: 'product',
      impact: 'high',
      details: `Order ${g.shard}`,
      outcome: 'replacement',
    });
    const [confirmation] = await waitFor(() => {
      const replies = fake.repliesTo(submit);
      return replies.length > 0 && replies;
    }, `the confirmation in ${g.guild.name}`);
    for (const payload of [command, submit]) expectHandledBy(runner(g), String(payload.id));
    return codeIn(confirmation);
  }

  /** The customer files by DM: says what happened, picks the outcome, confirms. */
  async function complainByDm(customer: FakeUser): Promise<string> {
    const dm = () => fake.messagesIn(fake.dmChannel(customer).id);
    const answered = async (act: () => Record<string, unknown>, until: (m: StoredMessage) => boolean) => {
      const before = dm().length;
      const payload = act();
      // DMs and DM clicks come on shard 0, which instance A runs.
      const found = await waitFor(
        () => dm().slice(before).find(until),
        `the bot's answer to ${customer.username}`,
      );
      expectHandledBy(a, String(payload.id));
      return found;
    };
    const offers = (action: string) => (m: StoredMessage) =>
      customIds(m).some((id) => id.startsWith(`${action}|`));
    const outcome = await answered(
      () => fake.dm(customer, 'Hi, my parcel never arrived and I am really upset.'),
      offers('intake.outcome'),
    );
    const confirm = await answered(
      () => fake.click({ user: customer }, outcome, 'intake.outcome|refund'),
      offers('intake.confirm'),
    );
    const filed = await answered(
      () => fake.click({ user: customer }, confirm, 'intake.confirm|yes'),
      (m) => /C-\d+/.test(visibleText(m)),
    );
    return codeIn(filed);
  }

  /** Staff answer with /ticket reply in the guild's staff channel. */
  async function staffReply(g: ShardGuild, code: string, message: string, by: Instance): Promise<void> {
    const command = fake.slash(inGuild(g, g.agent, g.staff), 'ticket', 'reply', { code, message });
    // The answer, not the acknowledgement: /ticket is deferred at once and its answer edited in.
    await waitFor(() => fake.repliesTo(command).some((m) => !thinking(m)), 'the answer');
    expectHandledBy(by, String(command.id));
  }

  function expectHandledBy(instance: Instance, interactionId: string): void {
    const other = instance === a ? b : a;
    expect(
      instance.received.map((e) => e.id),
      `${instance.name} received ${interactionId}`,
    ).toContain(interactionId);
    expect(other.received.map((e) => e.id)).not.toContain(interactionId);
  }

  const codeIn = (message: StoredMessage | undefined): string => {
    const code = message ? visibleText(message).match(/C-\d+/)?.[0] : undefined;
    if (!code) throw new Error('no complaint code in the answer');
    return code;
  };
  /** Messages the outbox posted in a channel about `code` (answers to staff's commands left out). */
  const cardsIn = (channel: string, code: string) =>
    fake.messagesIn(channel).filter((m) => !m.interactionId && visibleText(m).includes(code));
  const dmsWith = (customer: FakeUser, words: string) =>
    fake.messagesIn(fake.dmChannel(customer).id).filter((m) => visibleText(m).includes(words));

  test('each instance connects its own two shards and gets only their guilds; health lists each shard and names one that is lost', async () => {
    expect(fake.callsTo('GET', /^\/gateway\/bot$/)).toHaveLength(2);
    expect(fake.gateway.shards).toEqual([
      [0, 4],
      [1, 4],
      [2, 4],
      [3, 4],
    ]);
    const guildCreates = fake.gateway.log.dispatched.filter((d) => d.type === 'GUILD_CREATE');
    expect(guildCreates.map((d) => d.shard).sort()).toEqual([0, 1, 2, 3]);
    for (const g of guilds) expect(shardOf(g.guild.id, SHARD_COUNT)).toBe(g.shard);
    await waitFor(
      () => a.adapter.health().shards?.every((s) => s.pingMs !== null),
      'a heartbeat on every shard',
    );
    expect(a.adapter.health()).toEqual({
      status: 'connected',
      shardCount: 4,
      shards: [
        { id: 0, status: 'Ready', pingMs: expect.any(Number) },
        { id: 1, status: 'Ready', pingMs: expect.any(Number) },
      ],
    });
    expect(b.adapter.health().shards?.map((s) => s.id)).toEqual([2, 3]);

    // One shard lost for good (Discord closed it with 4004): the instance is degraded and says which.
    fake.gateway.drop(4004, 3);
    await waitFor(() => b.adapter.health().status === 'degraded', 'b to notice');
    expect(b.adapter.health()).toMatchObject({
      status: 'degraded',
      reason: 'shard 3 Disconnected',
      shards: [
        { id: 2, status: 'Ready' },
        { id: 3, status: 'Disconnected' },
      ],
    });
    expect(a.adapter.health().status).toBe('connected');
  });

  test('customers in every guild and by DM: each card and each staff reply is delivered exactly once', async () => {
    const filed: { g: ShardGuild; customer: FakeUser; code: string }[] = [];
    for (const g of guilds) filed.push({ g, customer: g.customer, code: await complainInGuild(g) });
    for (const { user: customer, home } of dmCustomers) {
      filed.push({ g: home, customer, code: await complainByDm(customer) });
    }
    expect(await deliverOnBoth()).toBeGreaterThan(0);

    for (const { g, customer, code } of filed) {
      await staffReply(g, code, `We are on it, ${customer.username}.`, runner(g));
    }
    await deliverOnBoth();

    const counts = filed.map(({ g, customer, code }) => ({
      shard: g.shard,
      customer: customer.username,
      cards: cardsIn(g.staff, code).length,
      replies: dmsWith(customer, `We are on it, ${customer.username}.`).length,
    }));
    expect(counts).toEqual([
      { shard: 0, customer: 'customer0', cards: 1, replies: 1 },
      { shard: 1, customer: 'customer1', cards: 1, replies: 1 },
      { shard: 2, customer: 'customer2', cards: 1, replies: 1 },
      { shard: 3, customer: 'customer3', cards: 1, replies: 1 },
      { shard: 1, customer: 'dana', cards: 1, replies: 1 },
      { shard: 3, customer: 'dmitri', cards: 1, replies: 1 },
    ]);
    // Nothing was posted twice anywhere: one staff card per complaint in each staff channel.
    for (const g of guilds) {
      const cards = fake.messagesIn(g.staff).filter((m) => !m.interactionId && /C-\d+/.test(visibleText(m)));
      expect(cards).toHaveLength(filed.filter((f) => f.g === g).length);
    }
  });

  test('an instance leaving mid-delivery: the other delivers its rows after the lease, and a new one takes its shards', async () => {
    const [zero, , two] = guilds as [ShardGuild, ShardGuild, ShardGuild, ShardGuild];
    const codeZero = await complainInGuild(zero);
    const codeTwo = await complainInGuild(two);

    // A leases every due row (both cards) and dies before posting them.
    const leased = await claimDue(database.db, clock.now(), 20, OUTBOX_DEFAULTS.leaseMs, ['discord']);
    expect(leased.length).toBeGreaterThanOrEqual(2);
    await a.stop();
    await waitFor(() => fake.gateway.shards.length === 2, 'shards 0 and 1 to go');

    // B cannot take them while the lease holds; once it runs out, B posts each once.
    expect(await deliverOnBoth([b])).toBe(0);
    clock.advance(OUTBOX_DEFAULTS.leaseMs + 1_000);
    expect(await deliverOnBoth([b])).toBe(leased.length);
    expect(cardsIn(zero.staff, codeZero)).toHaveLength(1);
    expect(cardsIn(two.staff, codeTwo)).toHaveLength(1);

    // A replacement runs shards 0 and 1; staff in guild 0 answer through it, as before.
    a = await startInstance('a2', [0, 1]);
    expect(fake.gateway.shards.map(([id]) => id)).toEqual([0, 1, 2, 3]);
    await staffReply(zero, codeZero, 'Sorted, customer0.', a);
    await deliverOnBoth();
    expect(dmsWith(zero.customer, 'Sorted, customer0.')).toHaveLength(1);
    expect(cardsIn(zero.staff, codeZero)).toHaveLength(1);
  });
});

describe('the fake gateway shards as Discord does', () => {
  /** A raw gateway connection that identifies as `shard` and keeps every dispatch it receives. */
  async function connect(fake: FakeDiscord, shard: unknown) {
    const socket = new WebSocket(`${fake.state.gatewayUrl}/?v=10&encoding=json`);
    const frames: { op: number; t?: string; d: Record<string, unknown> }[] = [];
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    socket.on('message', (raw) => {
      const frame = JSON.parse(String(raw));
      frames.push(frame);
      if (frame.op === 10) {
        socket.send(
          JSON.stringify({
            op: 2,
            d: { token: fake.token, intents: 4097, properties: { os: 'linux' }, ...(shard ? { shard } : {}) },
          }),
        );
      }
    });
    const dispatches = (type: string) => frames.filter((f) => f.t === type).map((f) => f.d);
    return { socket, closed, dispatches };
  }

  test('each shard gets its own guilds and their events; DMs come on shard 0; a shard outside the count is refused', async () => {
    const [even, odd] = [snowflakeOnShard(0, 2), snowflakeOnShard(1, 2)];
    const guild = (id: string, name: string): FakeGuild => ({
      id,
      name,
      roles: [{ id, name: '@everyone', permissions: EVERYONE_PERMISSIONS }],
      channels: [],
      members: [{ user: user('ivy'), roles: [] }],
    });
    const fake = await FakeDiscord.start({ guilds: [guild(even, 'Even'), guild(odd, 'Odd')], shards: 2 });
    try {
      const zero = await connect(fake, [0, 2]);
      const one = await connect(fake, [1, 2]);
      await waitFor(
        () => zero.dispatches('GUILD_CREATE').length && one.dispatches('GUILD_CREATE').length,
        'both shards ready',
      );
      expect(zero.dispatches('READY')[0]).toMatchObject({ shard: [0, 2], guilds: [{ id: even }] });
      expect(one.dispatches('READY')[0]).toMatchObject({ shard: [1, 2], guilds: [{ id: odd }] });
      expect(one.dispatches('GUILD_CREATE').map((g) => g.name)).toEqual(['Odd']);

      fake.dispatch('GUILD_UPDATE', { id: odd, name: 'Odd, renamed' });
      fake.dm(user('walt'), 'hello');
      await waitFor(
        () => zero.dispatches('MESSAGE_CREATE').length && one.dispatches('GUILD_UPDATE').length,
        'both events',
      );
      expect(one.dispatches('MESSAGE_CREATE')).toEqual([]);
      expect(zero.dispatches('GUILD_UPDATE')).toEqual([]);

      const beyond = await connect(fake, [2, 2]);
      expect(await beyond.closed).toBe(4010);
      for (const s of [zero, one]) s.socket.close();
    } finally {
      await fake.stop();
    }
  });
});
