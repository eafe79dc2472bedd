import { describe, expect, it } from 'vitest';
import type { Body } from '../kit/slack-api.js';
import {
  inMessage,
  PEOPLE,
  readable,
  type SlackWorld,
  STAFF_CHANNEL,
  STAFF_GROUP,
  slackWorldPerTest,
} from '../kit/slack-world.js';

let w: SlackWorld;
const { mei, li, ana, bo } = { mei: PEOPLE.mei.id, li: PEOPLE.li.id, ana: PEOPLE.ana.id, bo: PEOPLE.bo.id };

slackWorldPerTest((world) => {
  w = world;
});

async function fileComplaint(who: string, description: string) {
  await w.command(who, '/complain', '');
  await w.submit(who, w.lastModal(), {
    description,
    category: 'delivery',
    impact: 'high',
    outcome: 'replacement',
  });
  await w.deliver();
  const card = w.cards().at(-1);
  if (!card) throw new Error('no staff card');
  return card;
}

const text = (bodies: Body[]) =>
  bodies.map((b) => `${String(b.text)}\n${readable((b.blocks as Body[]) ?? [])}`).join('\n');

describe('macros, auto-assignment and the staff mention in Slack', () => {
  it('a new card mentions the staff user group once; its updates do not', async () => {
    const card = await fileComplaint(mei, 'My parcel was left in the rain and the charger is ruined.');
    const posted = w.slack.callsTo('chat.postMessage').find((c) => c.body.channel === STAFF_CHANNEL);

    await w.click(ana, inMessage(card), 'Claim');
    await w.deliver();

    expect(String(posted?.body.text)).toMatch(new RegExp(`^<!subteam\\^${STAFF_GROUP}> `));
    expect(JSON.stringify(posted?.body.blocks)).toContain(`<!subteam^${STAFF_GROUP}>`);
    const updates = w.slack.callsTo('chat.update');
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.every((u) => !JSON.stringify(u.body).includes('subteam'))).toBe(true);
  });

  it('a macro saved with /ticket macro is offered in the Reply modal and reaches a Chinese customer in Chinese', async () => {
    const saved = await w.command(
      bo,
      '/ticket',
      'macro add sorry Sorry, {first_name}: {code} is with {assignee}.',
      {
        channel: STAFF_CHANNEL,
      },
    );
    await w.command(
      bo,
      '/ticket',
      'macro add sorry lang=zh-CN {first_name}，抱歉：{code} 由 {assignee} 负责。',
      {
        channel: STAFF_CHANNEL,
      },
    );
    const card = await fileComplaint(li, '快递被雨淋湿了，里面的充电器坏了。');

    await w.click(ana, inMessage(card), 'Reply');
    const modal = w.lastModal();
    const blocks = modal.blocks as { block_id: string; element: { type: string } }[];
    const select = blocks.find((b) => b.element.type === 'static_select');
    await w.submit(ana, modal, { [select?.block_id ?? '']: 'sorry' });
    await w.deliver();

    expect(text(saved.responses)).toContain('Saved: `sorry` (English).');
    expect(select).toBeDefined();
    expect(w.lastDm(li).text).toContain('li，抱歉：C-1001 由 ana 负责。');
  });

  it('with round robin on, the card shows the assignee and the assignee hears about it', async () => {
    await w.hearken.configureTenant(w.tenant, 'slack', { assignmentMode: 'round_robin' });
    await w.command(ana, '/ticket', 'away', { channel: STAFF_CHANNEL });
    const back = await w.command(bo, '/ticket', 'back', { channel: STAFF_CHANNEL });

    const card = await fileComplaint(mei, 'My parcel was left in the rain and the charger is ruined.');
    await w.deliver();

    expect(text(back.responses)).toContain('you are available');
    expect(readable(card.blocks)).toContain('*Assignee*\nbo');
    expect(w.lastDm(bo).text).toContain('A new complaint was given to you: *C-1001*');
    expect(w.dmsOf(ana)).toEqual([]);
  });

  it('the same form submitted twice makes one complaint and one card', async () => {
    const values = {
      description: 'My parcel was left in the rain and the charger is ruined.',
      category: 'delivery',
      impact: 'high',
      outcome: 'replacement',
    };
    await w.command(mei, '/complain', '', { channel: 'C0GENERAL' });
    await w.submit(mei, w.lastModal(), values);
    const again = await w.command(mei, '/complain', '', { channel: 'C0GENERAL' });
    await w.submit(mei, w.lastModal(), values);
    await w.deliver();

    expect(w.cards()).toHaveLength(1);
    const answer = w.responsesTo(again.responseUrl.split('/').at(-1) ?? '').at(-1);
    expect(String(answer?.text)).toContain('You sent this a moment ago, so I have kept it on *C-1001*');
  });

  it('a customer writing after the resolution reopens the complaint and the thread hears it', async () => {
    const card = await fileComplaint(mei, 'My parcel was left in the rain and the charger is ruined.');
    await w.command(ana, '/ticket', 'resolve C-1001 A new charger is on its way.', {
      channel: STAFF_CHANNEL,
    });
    await w.deliver();

    await w.dm(mei, 'The new charger arrived broken as well, sadly.');
    await w.deliver();

    expect(w.lastDm(mei).text).toContain('I have reopened *C-1001*');
    expect(readable(card.blocks)).toContain('Reopened');
    const thread = w.slack.threadOf(STAFF_CHANNEL, card.ts).map((m) => m.text);
    expect(thread.join('\n')).toContain('The new charger arrived broken as well, sadly.');
  });
});
