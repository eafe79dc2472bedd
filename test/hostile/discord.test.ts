/**
 * Discord's entry points under hostile input, through real discord.js and the fake gateway:
 * hostile DMs, dispatches with fields of the wrong type, forged custom ids and another server's
 * codes. Nothing crashes, the bot keeps answering, and no server sees another's complaint.
 */
import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, test } from 'vitest';
import { packAction } from '../../adapters/discord/custom-id.js';
import { complaints } from '../../db/schema.js';
import { BROKEN_ORDER, control, type Story, storyPerTest, visibleText } from '../kit/discord-harness.js';
import { snowflake } from '../kit/discord-model.js';
import { waitFor } from '../kit/discord-world.js';
import { HOSTILE_TEXT, prototypeIsClean, WRONG_TYPES } from './corpus.js';

const GLOBEX_STORY = 'Globex secret: invoice QX-90210 was double charged';

describe('Discord under hostile input', () => {
  const current = storyPerTest();
  let story: Story;
  beforeEach(() => {
    story = current();
  });

  /** Files the one-page form as `who` and returns the confirmation's text. */
  async function file(who: ReturnType<Story['inAcme']>, description: string): Promise<string> {
    const command = story.fake.slash(who, 'complain', 'new');
    await waitFor(() => story.fake.interaction(command).modal, 'the complaint form');
    const submit = story.fake.submitModal(who, command, { ...BROKEN_ORDER, description });
    const [confirmation] = await story.repliesTo(submit);
    return visibleText(confirmation!);
  }

  test('hostile DMs and malformed dispatches crash nothing, and a normal complaint still goes through', async () => {
    const { fake, world } = story;
    const before = fake.messagesIn(fake.dmChannel(world.users.bo).id).length;
    for (const text of HOSTILE_TEXT) fake.dm(world.users.bo, text);
    const dmChannel = fake.dmChannel(world.users.bo).id;
    // What a customer controls in a dispatch is its content; the envelope is Discord's own.
    for (const value of WRONG_TYPES) {
      fake.dispatch('MESSAGE_CREATE', {
        id: snowflake(),
        channel_id: dmChannel,
        author: { id: world.users.bo.id, username: 'bo' },
        content: value,
        type: 0,
      });
    }
    const acme = story.inAcme(world.users.bo);
    for (const customId of [
      '',
      '|',
      'ticket.claim|',
      'intake.confirm|yes|extra',
      'x'.repeat(100),
      '\u0000|\u0000',
    ])
      fake.click(
        acme,
        fake.messagesIn(world.channels.general)[0] ?? fakeMessage(world.channels.general),
        customId,
      );

    await waitFor(
      () => fake.messagesIn(dmChannel).length >= before + 1 && true,
      'an answer to at least one hostile DM',
    );
    const receipt = await file(story.inAcme(world.users.ana), 'My order arrived broken.');
    expect(receipt).toMatch(/C-\d+/);
    expect(prototypeIsClean()).toBe(true);
  });

  test('another server’s code and a forged complaint id reveal and change nothing', async () => {
    const { fake, world, database } = story;
    const lee = { user: world.users.lee, guildId: world.globex.id, channelId: world.channels.globexGeneral };
    await file(lee, GLOBEX_STORY);
    const acmeReceipt = await file(story.inAcme(world.users.ana), 'My order arrived broken.');
    const [globex] = await database.db
      .select()
      .from(complaints)
      .where(and(eq(complaints.tenantId, `discord:${world.globex.id}`)));
    if (!globex) throw new Error('the Globex complaint was not filed');
    await story.deliver();
    const card = await waitFor(() => fake.messagesIn(world.channels.staff)[0], 'the Acme staff card');
    const sam = story.inAcme(world.users.sam, 'staff');

    const show = fake.slash(sam, 'ticket', 'show', { code: globex.code });
    const status = fake.slash(story.inAcme(world.users.ana), 'complain', 'status', { code: globex.code });
    const forged = fake.click(sam, card, packAction('ticket.claim', globex.id));
    const forgedResolve = fake.click(
      sam,
      card,
      control(card, 'ticket.resolve').replace(/\|.*/, `|${globex.id}`),
    );
    const seen = [
      ...(await story.repliesTo(show)),
      ...(await story.repliesTo(status)),
      ...(await story.repliesTo(forged)),
    ].map(visibleText);
    await waitFor(
      () => fake.interaction(forgedResolve).callbackType !== undefined,
      'an answer to the forged resolve',
    );
    const [after] = await database.db.select().from(complaints).where(eq(complaints.id, globex.id));

    expect(acmeReceipt).toMatch(/C-\d+/);
    expect(seen.join('\n')).not.toContain('QX-90210');
    expect(after?.status).toBe('open');
    expect(after?.assigneeId).toBeNull();
  });
});

/** A message to click on when the channel has none yet (a stale or forged source). */
function fakeMessage(channelId: string) {
  return {
    id: snowflake(),
    channel_id: channelId,
    author: { id: snowflake(), username: 'ghost' },
    content: '',
    embeds: [],
    components: [],
    attachments: [],
    flags: 0,
    edits: 0,
  };
}
