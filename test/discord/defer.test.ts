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

type Entry = { level: string; msg?: string; obj: Record<string, unknown> };
const entries: Entry[] = [];
const at =
  (level: string) =>
  (obj: Record<string, unknown>, msg?: string): void =>
    void entries.push({ level, obj, ...(msg ? { msg } : {}) });
const logger: Logger = {
  debug: at('debug'),
  info: at('info'),
  warn: at('warn'),
  error: at('error'),
  child: () => logger,
};
/** What was logged above debug, as level and message. */
const heard = () => entries.filter((e) => e.level !== 'debug').map((e) => [e.level, e.msg]);

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

  test('acknowledgements travel on connections of their own: nothing else the bot sends ever holds one', async () => {
    const { fake, world } = story;
    // One after another, with the answers' edits between them: on a shared keep-alive pool the
    // acknowledgements would go on connections that carried the gateway look-up or the edits.
    for (const user of [world.users.ana, world.users.ana, world.users.zoe]) {
      await story.repliesTo(fake.slash(story.inAcme(user), 'complain', 'status'));
      await story.adapter.idle();
    }

    const isCallback = (path: string) => /^\/interactions\/\d+\/[^/]+\/callback$/.test(path);
    const callbacks = fake.calls.filter((call) => call.method === 'POST' && isCallback(call.path));
    const theirs = new Set(callbacks.map((call) => call.connection));
    const others = fake.calls.filter((call) => !isCallback(call.path));
    expect(callbacks).toHaveLength(3);
    expect(others.filter((call) => originalOf.test(call.path))).toHaveLength(3);
    expect(others.filter((call) => theirs.has(call.connection)).map((call) => call.path)).toEqual([]);
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
    expect(heard()).toEqual([]);
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

  const statusOf = (c: { status: number; response: unknown }) => [
    c.status,
    (c.response as { code?: number } | null)?.code,
  ];

  test.each([
    ['refused as an invalid body (50035)', 400, 50035, 1],
    ['a 5xx after the REST client’s retries', 500, 0, 4],
  ])(
    'the answer’s edit %s: the failure words are edited in instead of "thinking…"',
    async (_what, status, code, times) => {
      const { fake, world } = story;
      fake.failNext('PATCH', originalOf, status, code, times);
      const command = fake.slash(story.inAcme(world.users.ana), 'complain', 'status');
      const answer = await waitFor(
        () => fake.repliesTo(command).find((m) => visibleText(m) === en.discord.failed),
        'the failure words',
      );
      await story.adapter.idle();

      const edits = callsFor(command).filter((c) => c.method === 'PATCH');
      expect(edits.map(statusOf)).toEqual([...Array(times).fill([status, code]), [200, undefined]]);
      expect(fake.repliesTo(command).filter(thinking)).toEqual([]);
      expect(answer.flags).toBe(64);
      const refused = entries.find((e) => e.msg === 'discord: could not edit the answer in');
      expect(refused?.level).toBe('error');
      // Only the error's code and route reach the log, never the body with the person's words.
      expect(JSON.stringify(refused?.obj)).not.toContain('allowed_mentions');
    },
  );

  test('the acknowledgement refused as unknown (10062) within the 3 s, another instance’s callback taken: the owner still edits the answer in', async () => {
    const { fake, world } = story;
    fake.failNext('POST', /\/callback$/, 404, 10062);
    const command = fake.slash(story.inAcme(world.users.ana), 'complain', 'status');
    fake.answerElsewhere(command, { type: 5, data: { flags: 64 } });
    const [answer] = await story.repliesTo(command);
    await story.adapter.idle();

    expect(callsFor(command).map((c) => [c.method, ...statusOf(c)])).toEqual([
      ['POST', 404, 10062],
      ['PATCH', 200, undefined],
    ]);
    expect(answer && visibleText(answer)).toBe(en.status.none);
    expect(await claimed(String(command.id))).toBe(1);
    expect(heard()).toEqual([['info', 'discord: interaction unknown when acknowledged']]);
  });

  test('an interaction that reached us after its 3 s: the work is still done, the refused acknowledgement is a warning, and the edit, with nothing to edit, only told', async () => {
    const { fake, world } = story;
    const command = fake.lateSlash(4000, story.inAcme(world.users.ana), 'complain', 'status');
    await waitFor(() => callsFor(command).some((c) => c.method === 'PATCH'), 'the tried edit');
    await story.adapter.idle();

    expect(callsFor(command).map((c) => [c.method, ...statusOf(c)])).toEqual([
      ['POST', 404, 10062],
      ['PATCH', 404, 10015],
    ]);
    expect(await claimed(String(command.id))).toBe(1);
    expect(fake.repliesTo(command)).toEqual([]);
    expect(heard()).toEqual([
      ['warn', 'discord: acknowledged an interaction too late'],
      ['info', 'discord: no acknowledged response to edit the answer into'],
    ]);
  });

  test('the acknowledgement gets no answer in time: the work goes on without it, the callback is not sent again, and the answer is edited in where Discord took it', async () => {
    const { fake, world } = story;
    // Discord takes the callback, but its answer never reaches us in time (held until after the
    // deadline); the core is held until Discord has it, so the edit comes after, as it would.
    const held = fake.hangNext('POST', /\/callback$/);
    const handle = story.host.handle;
    let openCore!: () => void;
    const coreHeld = new Promise<void>((resolve) => {
      openCore = resolve;
    });
    let coreAsked = false;
    story.host.handle = async (...args) => {
      coreAsked = true;
      await coreHeld;
      return handle(...args);
    };
    const command = fake.slash(story.inAcme(world.users.ana), 'complain', 'status');
    const id = String(command.id);
    await held.arrived;
    await waitFor(() => coreAsked, 'the core asked, the callback unanswered');
    held.release();
    await waitFor(() => fake.callsTo('POST', callbackOf(id)).length > 0, 'Discord taking the callback');
    openCore();
    const [answer] = await story.repliesTo(command);
    await story.adapter.idle();

    expect(callsFor(command).map((c) => [c.method, ...statusOf(c)])).toEqual([
      ['POST', 204, undefined],
      ['PATCH', 200, undefined],
    ]);
    expect(answer && visibleText(answer)).toBe(en.status.none);
    expect(await claimed(id)).toBe(1);
    expect(heard()).toEqual([['warn', 'discord: no answer to the acknowledgement in time']]);
  });
});
