import { describe, expect, it } from 'vitest';
import type { Body } from '../kit/slack-api.js';
import {
  inMessage,
  PEOPLE,
  readable,
  type SlackWorld,
  STAFF_CHANNEL,
  slackWorldPerTest,
} from '../kit/slack-world.js';

let w: SlackWorld;
const { mei, ana, bo } = { mei: PEOPLE.mei.id, ana: PEOPLE.ana.id, bo: PEOPLE.bo.id };

slackWorldPerTest((world) => {
  w = world;
});

/** Mei files C-1001 through the modal; its card lands in the staff channel. */
const fileComplaint = () => w.fileByForm(mei);

const text = (bodies: Body[]) =>
  bodies.map((b) => `${String(b.text)}\n${readable((b.blocks as Body[]) ?? [])}`).join('\n');

describe('staff in Slack', () => {
  it('claim a complaint with the card button, and the card shows it', async () => {
    const card = await fileComplaint();

    const clicked = await w.click(ana, inMessage(card), 'Claim');
    await w.deliver();

    expect(clicked.responses[0]).toMatchObject({ response_type: 'ephemeral' });
    expect(text(clicked.responses)).toContain('You have claimed');
    expect(card.updates).toBeGreaterThan(0);
    expect(readable(card.blocks)).toContain('*Assignee*\nana');
  });

  it('claim a complaint with /ticket claim', async () => {
    const card = await fileComplaint();

    const typed = await w.command(bo, '/ticket', 'claim C-1001', { channel: STAFF_CHANNEL });
    await w.deliver();

    expect(text(typed.responses)).toContain('You have claimed');
    expect(readable(card.blocks)).toContain('*Assignee*\nbo');
  });

  it('lets one of two staff win when both claim at once, and tells the other who has it', async () => {
    const card = await fileComplaint();

    const [first, second] = await Promise.all([
      w.click(ana, inMessage(card), 'Claim'),
      w.click(bo, inMessage(card), 'Claim'),
    ]);

    const answers = [
      { name: 'ana', said: text(first.responses) },
      { name: 'bo', said: text(second.responses) },
    ];
    const winners = answers.filter((a) => a.said.includes('You have claimed'));
    expect(winners).toHaveLength(1);
    const loser = answers.find((a) => !a.said.includes('You have claimed'));
    expect(loser?.said).toContain(`already claimed by ${winners[0]?.name}`);
  });

  it('relays a staff reply from the Reply modal to the customer, and the customer’s answer to the thread', async () => {
    const card = await fileComplaint();

    await w.click(ana, inMessage(card), 'Reply');
    const modal = w.lastModal();
    expect(modal).toMatchObject({ callback_id: 'hearken:ticket.reply' });
    const field = (modal.blocks as { block_id: string }[])[0]?.block_id ?? '';
    await w.submit(ana, modal, { [field]: 'So sorry, Mei. A new charger ships today.' });
    await w.deliver();

    expect(w.lastDm(mei).text).toContain('A new charger ships today');
    expect(w.lastDm(mei).text).toContain('ana');

    await w.dm(mei, 'Thank you, that is kind.');
    await w.deliver();
    const thread = w.slack.threadOf(STAFF_CHANNEL, card.ts).map((m) => m.text);
    expect(thread.join('\n')).toContain('Thank you, that is kind.');
  });

  it('resolves from the Resolve modal and the customer is told', async () => {
    const card = await fileComplaint();
    await w.click(ana, inMessage(card), 'Claim');

    await w.click(ana, inMessage(card), 'Resolve');
    const modal = w.lastModal();
    expect(modal).toMatchObject({ callback_id: 'hearken:ticket.resolve' });
    const field = (modal.blocks as { block_id: string }[])[0]?.block_id ?? '';
    await w.submit(ana, modal, { [field]: 'Replacement charger sent by courier.' });
    await w.deliver();

    expect(w.lastDm(mei).text).toContain('resolved');
    expect(readable(card.blocks)).toContain('*Status*\nResolved');
  });

  it('assign a complaint to a colleague mentioned by Slack id alone, by name', async () => {
    const card = await fileComplaint();

    await w.command(ana, '/ticket', `assign C-1001 <@${bo}>`, { channel: STAFF_CHANNEL });
    await w.deliver();

    expect(readable(card.blocks)).toContain('*Assignee*\nbo');
  });

  it('refuses /ticket kindly to someone who is not staff, and only to them', async () => {
    await fileComplaint();

    const typed = await w.command(mei, '/ticket', 'claim C-1001', { channel: 'C0GENERAL' });

    expect(typed.responses).toHaveLength(1);
    expect(typed.responses[0]).toMatchObject({ response_type: 'ephemeral' });
    expect(text(typed.responses)).not.toContain('You have claimed');
    expect(w.slack.callsTo('chat.postMessage').filter((c) => c.body.channel === 'C0GENERAL')).toHaveLength(0);
  });

  it('counts members of the staff channel as staff even without a user group', async () => {
    await fileComplaint();
    w.slack.usergroups.set('S0SUPPORT', []);

    const typed = await w.command(ana, '/ticket', 'list', { channel: STAFF_CHANNEL });

    expect(text(typed.responses)).toContain('C-1001');
  });
});
