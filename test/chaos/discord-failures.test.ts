/**
 * Discord answering 500 and 502 while the outbox posts a staff card, through real discord.js
 * (which retries a server error a few times itself) and the fake: the outbox retries with growing
 * delays after that, and the card shows once.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscord } from '../../adapters/discord/index.js';
import { outbox } from '../../db/schema.js';
import { Hearken } from '../../src/core.js';
import { createHost } from '../../src/host.js';
import { HttpServer } from '../../src/http.js';
import { silentLogger } from '../../src/log.js';
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

describe('Discord failing for a while', () => {
  it('500s and 502s: retried with growing delays after discord.js gives up, then one card', async () => {
    const ana = { user: world.users.ana, guildId: world.acme.id, channelId: world.channels.general };
    const command = fake.slash(ana, 'complain', 'new');
    await waitFor(() => fake.interaction(command).modal, 'the complaint form');
    const submit = fake.submitModal(ana, command, BROKEN_ORDER);
    await waitFor(() => fake.repliesTo(submit)[0], 'the confirmation');
    const cardPath = new RegExp(`^/channels/${world.channels.staff}/messages$`);
    fake.failNext('POST', cardPath, 500, 0, 6);
    fake.failNext('POST', cardPath, 502, 0, 4);
    const card = async () => {
      const rows = await database.db.select().from(outbox).where(eq(outbox.purpose, 'card'));
      if (!rows[0]) throw new Error('no card row');
      return rows[0];
    };

    const delays: number[] = [];
    await core.outbox.drain();
    for (let i = 0; i < 10 && (await card()).status === 'pending'; i += 1) {
      const due = (await card()).nextAttemptAt.getTime();
      delays.push(due - clock.now().getTime());
      clock.set(new Date(due).toISOString());
      await core.outbox.drain();
    }

    expect((await card()).status).toBe('sent');
    expect(delays.length).toBeGreaterThanOrEqual(2);
    expect(delays[1]).toBeGreaterThan(delays[0] ?? 0);
    expect(fake.callsTo('POST', cardPath).filter((c) => c.status >= 500).length).toBe(10);
    expect(fake.messagesIn(world.channels.staff)).toHaveLength(1);
  });
});
