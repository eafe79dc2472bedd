/**
 * Discord storing a message but answering 500, through real discord.js (which retries a server
 * error itself) and the fake, which honours `enforce_nonce` as Discord does: the same nonce in the
 * same channel returns the first message. The card shows once, however many times it was sent.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscord } from '../../adapters/discord/index.js';
import { outbox } from '../../db/schema.js';
import { Hearken } from '../../src/core.js';
import { createHost } from '../../src/host.js';
import { HttpServer } from '../../src/http.js';
import { silentLogger } from '../../src/log.js';
import { enqueue } from '../../src/outbox/outbox.js';
import type { AdapterHandle } from '../../src/ports.js';
import { FakeDiscord } from '../kit/discord-fake.js';
import { BROKEN_ORDER } from '../kit/discord-harness.js';
import { makeWorld, type World, waitFor } from '../kit/discord-world.js';
import { ManualClock } from '../support/clock.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let database: TestDatabase;
let fake: FakeDiscord;
let adapter: AdapterHandle;
let core: Hearken;
let world: World;
const clock = new ManualClock();

beforeAll(async () => {
  database = await createTestDatabase();
  world = makeWorld();
  fake = await FakeDiscord.start({ guilds: [world.acme] });
  core = new Hearken({ database, logger: silentLogger, clock });
  adapter = await startDiscord(createHost(core, new HttpServer()), {
    token: fake.token,
    apiUrl: fake.apiUrl,
  });
  await core.configureTenant(`discord:${world.acme.id}`, 'discord', {
    staffChannelId: `discord:${world.channels.staff}`,
    managerChannelId: `discord:${world.channels.managers}`,
  });
});
afterAll(async () => {
  await adapter.stop();
  await core.outbox.stop();
  await fake.stop();
  await database.destroy();
});

describe('Discord stores the card but answers 500', () => {
  it('every retry (discord.js’s and the outbox’s) carries the same enforced nonce: one card', async () => {
    const ana = { user: world.users.ana, guildId: world.acme.id, channelId: world.channels.general };
    const command = fake.slash(ana, 'complain', 'new');
    await waitFor(() => fake.interaction(command).modal, 'the complaint form');
    const submit = fake.submitModal(ana, command, BROKEN_ORDER);
    await waitFor(() => fake.repliesTo(submit)[0], 'the confirmation');
    const cardPath = new RegExp(`^/channels/${world.channels.staff}/messages$`);
    // More stored-500s than discord.js retries, so the outbox retries the row as well.
    fake.storeThenFailNext('POST', cardPath, 500, 6);
    const card = async () => {
      const [row] = await database.db.select().from(outbox).where(eq(outbox.purpose, 'card'));
      if (!row) throw new Error('no card row');
      return row;
    };

    await core.outbox.drain();
    for (let i = 0; i < 5 && (await card()).status === 'pending'; i += 1) {
      clock.set((await card()).nextAttemptAt.toISOString());
      await core.outbox.drain();
    }

    expect((await card()).status).toBe('sent');
    const posts = fake.callsTo('POST', cardPath);
    expect(posts.length).toBeGreaterThan(4);
    expect(new Set(posts.map((c) => (c.body as { nonce?: string } | null)?.nonce)).size).toBe(1);
    expect(posts.every((c) => (c.body as { enforce_nonce?: boolean } | null)?.enforce_nonce === true)).toBe(
      true,
    );
    expect(fake.messagesIn(world.channels.staff)).toHaveLength(1);
  });
});

describe('Discord does not answer', () => {
  it('a hung post to the staff channel does not delay a post to the manager channel', async () => {
    const tenantId = `discord:${world.acme.id}`;
    const staffPath = new RegExp(`^/channels/${world.channels.staff}/messages$`);
    const hung = fake.hangNext('POST', staffPath);
    for (const [key, channel] of [
      ['hang-staff', world.channels.staff],
      ['then-managers', world.channels.managers],
    ] as const) {
      await enqueue(database.db, {
        key,
        tenantId,
        platform: 'discord',
        target: { kind: 'channel', channelId: `discord:${channel}` },
        message: { text: `to ${key}` },
        purpose: 'thread',
      });
    }
    const before = fake.messagesIn(world.channels.staff).length;

    let drained = false;
    const drain = core.outbox.drain().then(() => {
      drained = true;
    });
    await hung.arrived;
    await waitFor(
      () => fake.messagesIn(world.channels.managers).some((m) => m.content.includes('then-managers')),
      'the post to the manager channel',
    );

    expect(fake.messagesIn(world.channels.staff)).toHaveLength(before);
    expect(drained).toBe(false);
    hung.release();
    await drain;
    expect(
      fake.messagesIn(world.channels.staff).filter((m) => m.content.includes('hang-staff')),
    ).toHaveLength(1);
  });
});
