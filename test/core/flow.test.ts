import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buttons,
  createHarness,
  customer,
  type Harness,
  MANAGER_CHANNEL,
  STAFF_CHANNEL,
  shown,
  staff,
} from '../support/harness.js';

describe('a whole complaint through the core', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.close());

  it('files by DM, posts a card, relays staff replies and resolves', async () => {
    const ana = customer('Ana');
    const first = await h.dm(
      ana,
      'My parcel never arrived and nobody answers my emails. This is ridiculous.',
    );
    expect(shown(first)).toContain('Thank you for telling us, Ana');
    expect(shown(first)).toContain('angry');
    // The category is understood, not asked: the one question left is what would put it right.
    expect(buttons(first)[0]).toMatchObject({ action: 'intake.outcome', value: 'refund' });

    const restated = await h.dm(ana, 'a refund please, it was order 88231 last Tuesday');
    expect(shown(restated)).toContain('Here is what I understood');
    expect(shown(restated)).toContain('Type: Delivery (you said');
    expect(shown(restated)).toContain('Reference 88231');

    const receipt = await h.click(ana, 'intake.confirm', 'yes');
    expect(shown(receipt)).toMatch(/logged as \*C-1001\*/);
    expect(shown(receipt)).toContain('within 4 hours');
    expect(shown(receipt)).toContain('/complain status C-1001');

    await h.deliver();
    const [card] = h.port.inChannel(STAFF_CHANNEL);
    expect(card?.message.title).toBe('C-1001 · Delivery');
    expect(card?.message.buttons?.map((b) => b.action)).toEqual([
      'ticket.claim',
      'ticket.reply',
      'ticket.escalate',
      'ticket.resolve',
    ]);

    const bo = staff('Bo');
    const complaintId = card?.message.buttons?.[0]?.value ?? '';
    expect(
      shown(await h.click(bo, 'ticket.claim', complaintId, { kind: 'channel', channelId: STAFF_CHANNEL })),
    ).toContain('You have claimed');
    const form = await h.click(bo, 'ticket.reply', complaintId, {
      kind: 'channel',
      channelId: STAFF_CHANNEL,
    });
    expect(form.form?.id).toBe('ticket.reply');
    await h.submit(
      bo,
      'ticket.reply',
      { text: 'So sorry, Ana. I have chased the courier and will update you today.' },
      complaintId,
    );
    await h.deliver();
    const dms = h.port.dmsTo(ana.userId).map((m) => m.text);
    expect(dms.at(-1)).toContain('*Bo* from the support team');
    expect(dms.at(-1)).toContain('chased the courier');

    await h.dm(ana, 'Thank you, I will wait.');
    await h.deliver();
    const thread = h.port.inThread(card?.ref.messageId ?? '').map((m) => m.text);
    expect(thread.some((t) => t.includes('Thank you, I will wait.'))).toBe(true);

    await h.command(bo, 'ticket', 'resolve C-1001 Refund issued for order 88231.');
    await h.deliver();
    expect(h.port.dmsTo(ana.userId).at(-1)?.text).toContain('has been resolved by Bo');
    expect(card && h.port.current(card).fields?.find((f) => f.label === 'Status')?.value).toBe('Resolved');
  });

  it('keeps internal notes away from the customer', async () => {
    const ana = customer('Ana');
    await h.submit(ana, 'intake.form', {
      description: 'The blender arrived broken.',
      category: 'product',
      impact: 'normal',
      outcome: 'replacement',
    });
    await h.command(staff('Bo'), 'ticket', 'note C-1001 Customer has complained twice before');
    await h.deliver();
    expect(h.port.dmsTo(ana.userId)).toHaveLength(0);
    const [card] = h.port.inChannel(STAFF_CHANNEL);
    expect(h.port.inThread(card?.ref.messageId ?? '').some((m) => m.text.includes('internal note'))).toBe(
      true,
    );
  });

  it('tells managers about an escalation', async () => {
    await h.submit(customer('Ana'), 'intake.form', {
      description: 'Nobody has called me back in a week.',
      category: 'service',
      impact: 'high',
      outcome: 'apology',
    });
    const reply = await h.command(staff('Bo'), 'ticket', 'escalate C-1001 third follow-up');
    expect(shown(reply)).toContain('level 1');
    await h.deliver();
    expect(h.port.inChannel(MANAGER_CHANNEL)[0]?.message.text).toContain('third follow-up');
  });
});
