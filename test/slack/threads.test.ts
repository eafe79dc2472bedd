import { describe, expect, it } from 'vitest';
import { PEOPLE, readable, type SlackWorld, STAFF_CHANNEL, slackWorldPerTest } from '../kit/slack-world.js';

let w: SlackWorld;
const { mei, ana } = { mei: PEOPLE.mei.id, ana: PEOPLE.ana.id };

slackWorldPerTest((world) => {
  w = world;
});

/** Mei files C-1001 through the modal; its card lands in the staff channel. */
const fileComplaint = () => w.fileByForm(mei);

const dmText = () =>
  w
    .dmsOf(mei)
    .map((m) => `${m.text}\n${readable(m.blocks)}`)
    .join('\n');
const threadText = (ts: string) =>
  w.slack
    .messagesIn(STAFF_CHANNEL)
    .filter((m) => m.threadTs === ts)
    .map((m) => `${m.text}\n${readable(m.blocks)}`)
    .join('\n');

describe('staff writing in a card thread on Slack', () => {
  it('relay: what staff write reaches the customer signed with their name, and is marked sent', async () => {
    await w.command(PEOPLE.owner.id, '/hearken', 'settings thread-replies relay');
    const card = await fileComplaint();
    const before = w.dmsOf(mei).length;

    const sent = await w.threadMessage(ana, STAFF_CHANNEL, card.ts, 'A new charger is on its way today.');
    await w.deliver();

    const dms = w.dmsOf(mei).slice(before);
    expect(dms).toHaveLength(1);
    expect(dms[0]?.text).toContain('A new charger is on its way today.');
    expect(dms[0]?.text).toMatch(/Ana|ana/);
    expect(w.slack.reactions).toEqual([
      { channel: STAFF_CHANNEL, timestamp: (sent.event as { ts: string }).ts, name: 'incoming_envelope' },
    ]);
  });

  it('relay: a message starting with // or /note (or a mistyped command) stays internal and the customer gets nothing', async () => {
    await w.command(PEOPLE.owner.id, '/hearken', 'settings thread-replies relay');
    const card = await fileComplaint();
    const before = w.dmsOf(mei).length;

    await w.threadMessage(ana, STAFF_CHANNEL, card.ts, '// she sounds ready to cancel, be gentle');
    await w.threadMessage(ana, STAFF_CHANNEL, card.ts, '/note warehouse says the box was wet');
    await w.threadMessage(ana, STAFF_CHANNEL, card.ts, '/tciket resolve C-1001 mistyped command');
    await w.deliver();

    expect(w.dmsOf(mei).slice(before)).toEqual([]);
    expect(dmText()).not.toContain('gentle');
    expect(dmText()).not.toContain('warehouse');
    expect(dmText()).not.toContain('mistyped');
    expect(w.slack.reactions.map((r) => r.name)).toEqual(['lock', 'lock', 'lock']);
    const shown = await w.command(ana, '/ticket', 'show C-1001', { channel: STAFF_CHANNEL });
    expect(JSON.stringify(shown.responses)).toContain('noted (internal)');
  });

  it('internal (the default): nothing reaches the customer, the bot reacts once, and it is kept as a note', async () => {
    const card = await fileComplaint();
    const before = w.dmsOf(mei).length;

    await w.threadMessage(ana, STAFF_CHANNEL, card.ts, 'I will call the courier about this.');
    await w.deliver();

    expect(w.dmsOf(mei).slice(before)).toEqual([]);
    expect(w.slack.reactions.map((r) => r.name)).toEqual(['lock']);
    expect(threadText(card.ts)).not.toContain('I will call the courier');
  });

  it('a customer writing in the staff thread is not staff: nothing is relayed and nothing reacts', async () => {
    await w.command(PEOPLE.owner.id, '/hearken', 'settings thread-replies relay');
    const card = await fileComplaint();
    const before = w.dmsOf(mei).length;

    await w.threadMessage(mei, STAFF_CHANNEL, card.ts, 'Please hurry');
    await w.deliver();

    expect(w.dmsOf(mei).slice(before)).toEqual([]);
    expect(w.slack.reactions).toEqual([]);
  });
});

describe('a customer editing or deleting a message on Slack', () => {
  it('an edit about an open complaint shows on the staff thread, and the original stays on the timeline', async () => {
    const card = await fileComplaint();
    const later = await w.dm(mei, 'The charger model is X100.');
    await w.deliver();

    await w.changeDm(mei, later.body, 'The charger model is X200.');
    await w.deliver();

    expect(threadText(card.ts)).toContain('edited a message');
    expect(threadText(card.ts)).toContain('X200');
    const shown = await w.command(ana, '/ticket', 'show C-1001', { channel: STAFF_CHANNEL });
    expect(JSON.stringify(shown.responses)).toContain('edited a message');
  });

  it('a deletion leaves a note on the staff thread', async () => {
    const card = await fileComplaint();
    const later = await w.dm(mei, 'Actually my neighbour has it.');
    await w.deliver();

    await w.changeDm(mei, later.body, undefined);
    await w.deliver();

    expect(threadText(card.ts)).toContain('deleted a message');
  });

  it('during an intake an edit changes nothing behind the customer and they are told kindly', async () => {
    const first = await w.dm(mei, 'My parcel is late');
    const before = w.dmsOf(mei).length;

    await w.changeDm(mei, first.body, 'My parcel is very late and broken');

    const said = w.dmsOf(mei).slice(before);
    expect(said).toHaveLength(1);
    expect(said[0]?.text).toContain('changed an earlier message');
  });
});

describe('long texts on Slack arrive whole, split, never cut', () => {
  const count = (texts: string[], word: string) => texts.join('\n').split(word).length - 1;

  it('a 20,000-character complaint by DM reaches the staff card thread whole, in several messages', async () => {
    const sentence = 'My parcel never arrived and nobody answers my emails, which is ridiculous. ';
    const long = sentence.repeat(270).trim();
    expect(long.length).toBeGreaterThan(20_000);

    await w.dm(mei, long);
    await w.dm(mei, 'a refund please');
    await w.dm(mei, 'yes that is right');
    await w.deliver();

    const card = w.cards()[0];
    if (!card) throw new Error('no staff card');
    const thread = w.slack.messagesIn(STAFF_CHANNEL).filter((m) => m.threadTs === card.ts);
    expect(thread.length).toBeGreaterThan(1);
    expect(
      count(
        thread.map((m) => readable(m.blocks)),
        'ridiculous',
      ),
    ).toBe(270);
  });

  it('a 10,000-character staff reply written in the thread reaches the customer whole, in several sections', async () => {
    await w.command(PEOPLE.owner.id, '/hearken', 'settings thread-replies relay');
    const card = await fileComplaint();
    const before = w.dmsOf(mei).length;
    const long = 'We are sorry and a replacement is on its way. '.repeat(220).trim();
    expect(long.length).toBeGreaterThan(10_000);

    await w.threadMessage(ana, STAFF_CHANNEL, card.ts, long);
    await w.deliver();

    // Slack fits it in one message of several sections (3,000 characters each at most).
    const dms = w.dmsOf(mei).slice(before);
    expect(dms.flatMap((m) => m.blocks).length).toBeGreaterThan(3);
    expect(
      count(
        dms.map((m) => readable(m.blocks)),
        'replacement',
      ),
    ).toBe(220);
  });
});
