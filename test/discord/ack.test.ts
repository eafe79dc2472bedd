/**
 * What happens before an interaction's acknowledgement, read on the fake Discord in the order it
 * saw things (never by time): a command that may answer with a form, such as `/complain`, is
 * acknowledged by its answer itself (a form can only be a first response), sent straight to the
 * interaction callback with nothing before it, and only once its delivery is claimed (so a replay
 * after a gateway resume is not answered twice: that a replay gets no second answer is
 * complaint-by-modal.test.ts's "delivered twice"). A command that never answers with a form is
 * acknowledged before the core runs instead (defer.test.ts).
 */
import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, test } from 'vitest';
import { processedEvents } from '../../db/schema.js';
import { type Story, storyPerTest } from '../kit/discord-harness.js';
import type { RecordedCall } from '../kit/discord-rest.js';
import { waitFor } from '../kit/discord-world.js';

const callbackOf = (id: string) => new RegExp(`^/interactions/${id}/[^/]+/callback$`);

/** Whether `id`'s delivery is recorded as claimed, read the moment its callback reached the fake. */
function claimedAtCallback(story: Story, id: string): Promise<boolean> {
  const calls = story.fake.calls;
  const record = calls.push.bind(calls);
  return new Promise((resolve) => {
    calls.push = (...added: RecordedCall[]) => {
      if (added.some((call) => call.method === 'POST' && callbackOf(id).test(call.path))) {
        calls.push = record;
        void story.database.db
          .select({ id: processedEvents.eventId })
          .from(processedEvents)
          .where(and(eq(processedEvents.platform, 'discord'), eq(processedEvents.eventId, id)))
          .then((rows) => resolve(rows.length === 1));
      }
      return record(...added);
    };
  });
}

describe('acknowledging an interaction', () => {
  const current = storyPerTest();
  let story: Story;
  beforeEach(() => {
    story = current();
  });

  test('/complain is acknowledged by its form alone, and only once its delivery is claimed', async () => {
    const { fake, world } = story;
    const before = fake.calls.length;
    const command = fake.slash(story.inAcme(world.users.ana), 'complain', 'new');
    const id = String(command.id);
    const claimed = claimedAtCallback(story, id);
    await waitFor(() => fake.interaction(command).modal, 'the complaint form');
    await story.adapter.idle();

    // Nothing went to Discord before the answer: no deferral, no look-up, no edit after it.
    const calls = fake.calls.slice(before);
    expect(calls.map((c) => [c.method, callbackOf(id).test(c.path)])).toEqual([['POST', true]]);
    expect(calls[0]?.body).toMatchObject({ type: 9, data: { title: expect.stringMatching(/\S/) } });
    expect(fake.interaction(command).callbackType).toBe(9);
    expect(await claimed).toBe(true);
  });

  test('the core is handed the interaction as its raw payload, which serialises as discord.js’s JSON', async () => {
    const { fake, world } = story;
    const command = fake.slash(story.inAcme(world.users.ana), 'complain', 'status');
    await story.repliesTo(command);

    const event = story.host.received.find((e) => e.id === String(command.id));
    // discord.js's JSON holds permissions as BigInts, as `interaction.toJSON()` always did.
    const json = JSON.stringify(event?.raw, (_key, value: unknown) =>
      typeof value === 'bigint' ? String(value) : value,
    );
    expect(JSON.parse(json)).toMatchObject({
      id: String(command.id),
      commandName: 'complain',
      guildId: world.acme.id,
    });
  });
});
