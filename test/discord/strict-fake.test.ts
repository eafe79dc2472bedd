/**
 * The fake Discord refuses what real Discord refuses, with Discord's answer (400, code 50035 and
 * an `errors` object keyed by field), through discord.js REST: every test that drives the adapter
 * also checks its payloads against the limits.
 */
import { DiscordAPIError, REST, Routes } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../kit/discord-fake.js';
import { makeWorld, type World } from '../kit/discord-world.js';

let fake: FakeDiscord;
let rest: REST;
let world: World;

beforeEach(async () => {
  world = makeWorld();
  fake = await FakeDiscord.start({ guilds: [world.acme, world.globex] });
  rest = new REST({ api: fake.apiUrl, retries: 0 }).setToken(fake.token);
});

afterEach(async () => {
  fake.expectRefusals();
  await fake.stop();
});

async function refusal(body: Record<string, unknown>): Promise<DiscordAPIError> {
  try {
    await rest.post(Routes.channelMessages(world.channels.staff), { body });
  } catch (error) {
    if (error instanceof DiscordAPIError) return error;
    throw error;
  }
  throw new Error('the fake accepted it');
}

describe('the strict fake Discord', () => {
  it('refuses content of 2,001 characters with 50035 and the field’s error', async () => {
    const error = await refusal({ content: `**a** ${'b'.repeat(1995)}` });
    expect(error.status).toBe(400);
    expect(error.code).toBe(50035);
    expect(error.rawError).toMatchObject({
      errors: {
        content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] },
      },
    });
    expect(fake.refusals).toHaveLength(1);
  });

  it('refuses embeds over the 6,000 total even when every field fits', async () => {
    const fields = Array.from({ length: 6 }, (_, i) => ({ name: `f${i}`, value: 'v'.repeat(1024) }));
    const error = await refusal({ embeds: [{ description: 'd', fields }] });
    expect(error.rawError).toMatchObject({
      errors: { embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED' }] } },
    });
  });

  it('refuses a footer over 2,048 characters and a description over 4,096', async () => {
    const footer = await refusal({ embeds: [{ footer: { text: 'f'.repeat(2049) } }] });
    expect(footer.rawError).toMatchObject({
      errors: { embeds: { 0: { footer: { text: { _errors: [{}] } } } } },
    });
    const description = await refusal({ embeds: [{ description: 'd'.repeat(4097) }] });
    expect(description.rawError).toMatchObject({
      errors: { embeds: { 0: { description: { _errors: [{}] } } } },
    });
  });

  it('refuses half an emoji as invalid JSON', async () => {
    const error = await refusal({ content: 'broken \ud83d' });
    expect(error.code).toBe(50109);
  });

  it('fails the test that sent a refused payload, unless the test expected it', async () => {
    const other = await FakeDiscord.start({ guilds: [world.acme] });
    const otherRest = new REST({ api: other.apiUrl, retries: 0 }).setToken(other.token);
    await otherRest
      .post(Routes.channelMessages(world.channels.staff), { body: { content: 'x'.repeat(2001) } })
      .catch(() => {});
    await expect(other.stop()).rejects.toThrow(/refused 1 payload/);
  });
});
