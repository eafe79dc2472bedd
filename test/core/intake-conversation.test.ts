/**
 * The conversation as slot filling: every message fills what it can, only what is missing is
 * asked, a question is never repeated in the same words, and a person is one word away.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintEvents, complaints } from '../../db/schema.js';
import type { Actor } from '../../src/messages.js';
import { buttons, createHarness, customer, type Harness, shown, staff } from '../support/harness.js';

describe('a conversation that listens', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  const filed = async (who: Actor) => {
    const [row] = await h.database.db.select().from(complaints).where(eq(complaints.customerId, who.userId));
    return row;
  };

  it('a customer who says everything at once is asked nothing but the confirmation', async () => {
    const ada = customer('Ada Lovelace');
    const first = await h.dm(
      ada,
      'This is the THIRD time my order is late and nobody answers me. I want my money back NOW!!',
    );
    expect(shown(first)).toContain('Thank you for telling us, Ada.');
    expect(shown(first)).not.toContain('Lovelace');
    expect(shown(first)).toContain('Here is what I understood');
    expect(shown(first)).toContain('Urgency: Serious (you said “THIRD time”)');
    // Restated in the agent's words, not quoted back.
    expect(shown(first)).toContain('your order is late');

    await h.dm(ada, 'yes');
    expect(await filed(ada)).toMatchObject({
      category: 'delivery',
      severity: 'high',
      desiredOutcome: 'refund',
      sentiment: 'angry',
    });
  });

  it('the same story sent twice (a double send) is kept once, and so is each new part', async () => {
    const lin = customer('Lin Park');
    const story =
      'Your courier left my parcel in the rain yesterday, order #A-1182, the laptop inside is ruined. I want a replacement.';
    await h.dm(lin, story);
    await h.dm(lin, `  ${story.replace('rain', 'rain ')}`);
    await h.dm(lin, 'The box was also left open on the street.');
    await h.dm(lin, 'yes');

    expect((await filed(lin))?.description).toBe(`${story}\nThe box was also left open on the street.`);
  });

  it('an answer to a question not yet asked is taken, and that question is never asked', async () => {
    const bo = customer('Bo');
    await h.dm(bo, 'Something I got from you last week is not right.');
    const next = await h.dm(bo, 'the delivery was late, I would like a refund');
    expect(shown(next)).toContain('Here is what I understood');
    expect(shown(next)).not.toContain('What would put this right');
  });

  it('a vague opener gets an open question, and the story told then is what gets restated', async () => {
    const cy = customer('Cy');
    const first = await h.dm(cy, 'not happy with you guys');
    expect(shown(first)).toContain('In your own words, what happened?');
    expect(buttons(first).some((b) => b.action === 'intake.category')).toBe(false);
    await h.dm(cy, 'I was charged twice for the same subscription and want the extra charge refunded.');
    await h.dm(cy, 'yes');
    const row = await filed(cy);
    expect(row?.description).toContain('charged twice');
    expect(row).toMatchObject({ category: 'billing', severity: 'urgent', desiredOutcome: 'refund' });
  });

  it('an answer it cannot place gets the question reworded with the options in words, then a way out', async () => {
    const di = customer('Di');
    const asked = await h.dm(di, 'I am writing about something that went wrong for me last month.');
    const second = await h.dm(di, 'hmm');
    const third = await h.dm(di, 'dunno really what to say');
    const fourth = await h.dm(di, 'whatever');
    const texts = [asked, second, third, fourth].map((r) => r.messages.at(-1)?.text ?? '');
    expect(new Set(texts).size).toBe(4);
    expect(texts[1]).toContain('You can say “Product quality”');
    expect(buttons(fourth).map((b) => b.action)).toContain('intake.person');
    expect(shown(fourth)).toContain('pass this to a person');
  });

  it.each([['help'], ['?'], ['talk to a person'], ['人工'], ['转人工']])(
    '“%s” at any step files what is known, marked as wanting a person, with the time promise',
    async (words) => {
      const who = customer(`Ed${words.length}${words.charCodeAt(0)}`);
      await h.dm(who, 'The kettle I bought leaks from the base.');
      const reply = await h.dm(who, words);
      expect(shown(reply)).toMatch(/A person will reply to you here within \d+ hours|工作人员在这里回复您/);
      expect(shown(reply)).toMatch(/C-\d+/);
      const row = await filed(who);
      expect(row?.details).toContain('Asked to talk to a person');
      expect(row?.category).toBe('product');
    },
  );

  it('asking for a person is its own timeline event, right after the filing, shown in words by /ticket show', async () => {
    const ida = customer('Ida Person');
    await h.dm(ida, 'The toaster I bought burns every slice on the lowest setting.');
    await h.dm(ida, 'talk to a person');
    const row = await filed(ida);
    if (!row) throw new Error('not filed');
    const events = await h.database.db
      .select()
      .from(complaintEvents)
      .where(eq(complaintEvents.complaintId, row.id))
      .orderBy(complaintEvents.id);
    expect(events.map((e) => e.type)).toEqual(['created', 'person_requested']);
    expect(events[1]?.actorName).toBe('Ida Person');
    const text = shown(await h.command(staff('Bo'), 'ticket', `show ${row.code}`));
    expect(text).toContain('Ida Person asked to talk to a person');
    expect(text).not.toContain('person_requested');

    // Finishing the questions files with the `created` event alone.
    const jo = customer('Jo Finisher');
    await h.dm(jo, 'My parcel never arrived and I want a refund.');
    await h.dm(jo, 'yes');
    const done = await filed(jo);
    if (!done) throw new Error('not filed');
    const only = await h.database.db
      .select()
      .from(complaintEvents)
      .where(eq(complaintEvents.complaintId, done.id));
    expect(only.map((e) => e.type)).toEqual(['created']);
  });

  it('urgency never said: wanting only an explanation is guessed low, wanting money back stays normal', async () => {
    const kay = customer('Kay Calm');
    await h.dm(kay, 'The staff at your store were unhelpful and I would like an explanation.');
    await h.dm(kay, 'yes');
    expect(await filed(kay)).toMatchObject({
      category: 'service',
      desiredOutcome: 'apology',
      severity: 'low',
    });
    const lee = customer('Lee Calm');
    await h.dm(lee, 'I was charged for a delivery fee I did not agree to and I would like a refund.');
    await h.dm(lee, 'yes');
    expect(await filed(lee)).toMatchObject({ desiredOutcome: 'refund', severity: 'normal' });
  });

  it('filler is never stored: “no that is all, thanks”, 👍 and 🤷 become no details and no outcome note', async () => {
    const flo = customer('Flo');
    await h.dm(flo, 'The lamp I ordered arrived with a crack in the base.');
    await h.dm(flo, '🤷');
    await h.click(flo, 'intake.editField', 'details');
    await h.dm(flo, 'no that is all, thanks');
    await h.dm(flo, '👍');
    const row = await filed(flo);
    expect(row?.details).toBeNull();
    expect(row?.outcomeNote).toBeNull();
    expect(row?.desiredOutcome).toBe('other');
  });

  it('typed answers to the restatement work in both languages: “Yes, that is right”, “对，没错”', async () => {
    const gil = customer('Gil');
    await h.dm(gil, 'My parcel never arrived and I want a refund.');
    expect(shown(await h.dm(gil, 'Yes, that is right'))).toMatch(/logged as \*C-\d+\*/);
    const hu = customer('Hu', 'zh-CN');
    await h.dm(hu, '快递一直没到，我要退款。');
    expect(shown(await h.dm(hu, '对，没错'))).toMatch(/编号是\*C-\d+\*/);
  });

  it('a correction typed at the restatement is taken and restated, not asked again', async () => {
    const ivo = customer('Ivo');
    await h.dm(ivo, 'My parcel never arrived and I want a refund.');
    const changed = await h.dm(ivo, 'It can wait a few days');
    expect(shown(changed)).toContain('Urgency: Can wait a few days (you said “It can wait”)');
    expect(shown(changed)).toContain('I have updated it');
  });

  it('polite Chinese is calm, and Chinese replies have no space after full-width punctuation', async () => {
    const jia = customer('Jia', 'zh-CN');
    const reply = await h.dm(jia, '麻烦帮我看一下，买的水壶用了两天就坏了，能换一个吗？');
    expect(shown(reply)).not.toMatch(/难受|生气|担心/);
    expect(shown(reply)).not.toMatch(/[，。：；！？] /);
    await h.dm(jia, '对');
    expect((await filed(jia))?.sentiment).toBe('calm');
  });
});
