/**
 * A command whose answer can never be a form (`answer` in src/commands/spec.ts) is acknowledged
 * at once: "thinking…" (private in a server, as declared) before the core runs, then the core's
 * answer edited in. Read on the fake Discord in the order it saw things, never by time. A command
 * that may open a form still waits for the core, so its form can be the first response.
 */
import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, test } from 'vitest';
import { processedEvents } from '../../db/schema.js';
import { catalog } from '../../src/i18n/index.js';
import type { Reply } from '../../src/messages.js';
import type { Logger } from '../../src/ports.js';
import { type Story, storyPerTest, thinking, visibleText } from '../kit/discord-harness.js';
import { waitFor } from '../kit/discord-world.js';

type Entry = { level: string; msg?: string };
const entries: Entry[] = [];
const logger: Logger = {
  debug: (_obj, msg) => void entries.push({ level: 'debug', ...(msg ? { msg } : {}) }),
  info: (_obj, msg) => void entries.push({ level: 'info', ...(msg ? { msg } : {}) }),
  warn: (_obj, msg) => void entries.push({ level: 'warn', ...(msg ? { msg } : {}) }),
  error: (_obj, msg) => void entries.push({ level: 'error', ...(msg ? { msg } : {}) }),
  child: () => logger,
};

const en = catalog('en');
const callbackOf = (id: string) => new RegExp(`^/interactions/${id}/[^/]+/callback$`);
const originalOf = /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/;

describe('acknowledging at once when no form can follow', () => {
  const current = storyPerTest({ logger });
  let story: Story;
  beforeEach(() => {
    story = current();
    entries.length = 0;
  });

  /** Every REST call made for one interaction (its callback, edits of its response, follow-ups). */
  const callsFor = (payload: Record<string, unknown>) =>
    story.fake.calls.filter(
      (c) =>
        callbackOf(String(payload.id)).test(c.path) ||
        (c.path.startsWith('/webhooks/') && c.path.includes(`/${String(payload.token)}`)),
    );
  const claimed = async (id: string) =>
    (
      await story.database.db
        .select({ id: processedEvents.eventId })
        .from(processedEvents)
        .where(and(eq(processedEvents.platform, 'discord'), eq(processedEvents.eventId, id)))
    ).length;

  test('/complain status: "thinking…" (private) before the core runs, then one edit with the answer, mentions off', async () => {
    const { fake, world } = story;
    const held = fake.hangNext('POST', /\/callback$/);
    const command = fake.slash(story.inAcme(world.users.ana), 'complain', 'status');
    const id = String(command.id);

    // The acknowledgement has reached Discord, and is held there: the core has not been asked yet.
    await held.arrived;
    const coreAskedMeanwhile = story.host.received.some((e) => e.id === id);
    const claimedMeanwhile = await claimed(id);
    held.release();
    const [answer] = await story.repliesTo(command);
    await story.adapter.idle();

    expect(coreAskedMeanwhile).toBe(false);
    expect(claimedMeanwhile).toBe(0);
    expect(await claimed(id)).toBe(1);
    const calls = callsFor(command);
    expect(calls.map((c) => [c.method, c.status])).toEqual([
      ['POST', 204],
      ['PATCH', 200],
    ]);
    expect(calls[0]?.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(originalOf.test(calls[1]?.path ?? '')).toBe(true);
    expect(calls[1]?.body).toMatchObject({ allowed_mentions: { parse: [] } });
    expect(fake.interaction(command).callbackType).toBe(5);
    expect(fake.repliesTo(command)).toHaveLength(1);
    expect(answer && visibleText(answer)).toBe(en.status.none);
    expect(answer?.flags).toBe(64);
  });

  test('in a DM the acknowledgement is not private: the conversation there stays readable', async () => {
    const { fake, world } = story;
    const command = fake.slash(story.inDm(world.users.ana), 'complain', 'status');
    const [answer] = await story.repliesTo(command);

    expect(callsFor(command)[0]?.body).toEqual({ type: 5 });
    expect(answer && visibleText(answer)).toBe(en.status.none);
    expect(answer?.flags).toBe(0);
  });

  test('/complain, which may open the form, still waits for the core: the form is its first and only response', async () => {
    const { fake, world } = story;
    const command = fake.slash(story.inAcme(world.users.ana), 'complain', 'new');
    await waitFor(() => fake.interaction(command).modal, 'the complaint form');
    await story.adapter.idle();

    expect(callsFor(command).map((c) => [c.method, (c.body as { type?: number } | undefined)?.type])).toEqual(
      [['POST', 9]],
    );
    expect(fake.repliesTo(command)).toEqual([]);
  });

  test('acknowledged first by another instance (40060): quiet, and the work is done and shown once', async () => {
    const { fake, world } = story;
    const command = fake.slash(story.inAcme(world.users.ana), 'complain', 'status');
    // The other instance's callback wins before this one's arrives.
    fake.answerElsewhere(command, { type: 5, data: { flags: 64 } });
    const [answer] = await story.repliesTo(command);
    await story.adapter.idle();

    const calls = callsFor(command);
    expect(calls.map((c) => [c.method, c.status, (c.response as { code?: number } | null)?.code])).toEqual([
      ['POST', 400, 40060],
      ['PATCH', 200, undefined],
    ]);
    expect(answer && visibleText(answer)).toBe(en.status.none);
    expect(story.host.received.filter((e) => e.id === String(command.id))).toHaveLength(1);
    expect(await claimed(String(command.id))).toBe(1);
    expect(entries.filter((e) => e.level !== 'debug')).toEqual([]);
    expect(entries.map((e) => e.msg)).toContain('discord: another instance acknowledged it first');
  });

  test.each([
    [
      'throws',
      async (): Promise<Reply> => {
        throw new Error('the database went away');
      },
    ],
    ['returns nothing', async () => undefined as unknown as Reply],
  ])('a core that %s: "thinking…" is replaced with the kind failure words', async (_what, handle) => {
    const { fake, world } = story;
    story.host.handle = handle;
    const command = fake.slash(story.inAcme(world.users.ana), 'ticket', 'list');
    const [answer] = await story.repliesTo(command);
    await story.adapter.idle();

    expect(fake.interaction(command).callbackType).toBe(5);
    expect(answer && visibleText(answer)).toBe(en.discord.failed);
    expect(fake.repliesTo(command).filter(thinking)).toEqual([]);
  });
});
