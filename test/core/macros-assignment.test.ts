import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { complaints } from '../../db/schema.js';
import { unmarked } from '../../src/messages.js';
import { createHarness, customer, type Harness, STAFF_CHANNEL, shown, staff } from '../support/harness.js';

const form = (description: string) => ({
  description,
  category: 'product',
  impact: 'normal',
  outcome: 'replacement',
});

const staffPlace = { kind: 'channel' as const, channelId: STAFF_CHANNEL };

async function complaintByCode(h: Harness, code: string) {
  const [row] = await h.database.db.select().from(complaints).where(eq(complaints.code, code));
  if (!row) throw new Error(`no ${code}`);
  return row;
}

describe('macros', () => {
  let h: Harness;
  const bo = staff('Bo');
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.close());

  it('staff save, list, edit and delete macros, one text per language', async () => {
    const added = await h.command(bo, 'ticket', 'macro add thanks Thank you, {first_name}!');
    const addedZh = await h.command(bo, 'ticket', 'macro add thanks lang=zh-CN 谢谢您，{first_name}！');
    const twice = await h.command(bo, 'ticket', 'macro add thanks Thanks again');
    const edited = await h.command(bo, 'ticket', 'macro edit thanks Thank you so much, {first_name}!');
    const listed = await h.command(bo, 'ticket', 'macro list');
    const deleted = await h.command(bo, 'ticket', 'macro delete thanks');
    const empty = await h.command(bo, 'ticket', 'macro list');

    expect(shown(added)).toBe('Saved: `thanks` (English).');
    expect(shown(addedZh)).toBe('Saved: `thanks` (Chinese).');
    expect(shown(twice)).toContain('already has a text in that language');
    expect(shown(edited)).toBe('Saved: `thanks` (English).');
    expect(shown(listed)).toContain(
      '• `thanks`: English Thank you so much, {first_name}! · Chinese 谢谢您，{first_name}！',
    );
    expect(shown(deleted)).toBe('Deleted the macro `thanks`.');
    expect(shown(empty)).toContain('No macros yet.');
  });

  it('a macro reply is relayed like any reply, placeholders filled in the customer’s language', async () => {
    await h.command(bo, 'ticket', 'macro add eta Hi {first_name}, {code} is with {assignee}; done by {due}.');
    await h.command(
      bo,
      'ticket',
      'macro add eta lang=zh-CN {first_name}您好，{code} 由 {assignee} 负责，预计 {due} 前处理完。',
    );
    const wei = customer('Wei', 'zh-CN');
    await h.submit(wei, 'intake.form', form('水壶底部漏水，已经用不了了。'));
    await h.command(bo, 'ticket', 'claim C-1001');

    const sent = await h.command(bo, 'ticket', 'reply C-1001 macro:eta 我们今天就寄出新的。');
    await h.deliver();

    expect(shown(sent)).toContain('Your reply is on its way');
    const dm = unmarked(h.port.dmsTo(wei.userId).at(-1)?.text ?? '');
    expect(dm).toContain('Wei您好，C-1001 由 Bo 负责，预计 11月30日周一 UTC 09:00 前处理完。');
    expect(dm).toContain('我们今天就寄出新的。');
    const c = await complaintByCode(h, 'C-1001');
    expect(c.firstRespondedAt).not.toBeNull();
  });

  it('the card’s Reply form offers the macros; a picked one is sent, in English for an English customer', async () => {
    await h.command(bo, 'ticket', 'macro add sorry Sorry, {first_name}: we are on it ({code}).');
    await h.submit(customer('Ana Lima'), 'intake.form', form('The kettle leaks.'));
    const c = await complaintByCode(h, 'C-1001');

    const opened = await h.click(bo, 'ticket.reply', c.id, staffPlace);
    await h.submit(bo, 'ticket.reply', { macro: 'sorry', text: '' }, c.id);
    await h.deliver();

    expect(opened.form?.fields.map((f) => [f.id, f.kind, f.required])).toEqual([
      ['macro', 'select', false],
      ['text', 'paragraph', false],
    ]);
    expect(opened.form?.fields[0]?.options).toEqual([{ value: 'sorry', label: 'sorry' }]);
    expect(unmarked(h.port.dmsTo('sandbox:acme:ana lima').at(-1)?.text ?? '')).toContain(
      'Sorry, Ana: we are on it (C-1001).',
    );
  });

  it('an unknown macro is refused and nothing reaches the customer', async () => {
    await h.submit(customer('Ana'), 'intake.form', form('The kettle leaks.'));
    await h.deliver();
    const before = h.port.posted.length;

    const refused = await h.command(bo, 'ticket', 'reply C-1001 macro:nope');
    await h.deliver();

    expect(shown(refused)).toContain('There is no macro called `nope`');
    expect(h.port.posted.length).toBe(before);
  });
});

describe('auto-assignment and the staff mention', () => {
  let h: Harness;
  const [kim, sam, lee] = [staff('Kim'), staff('Sam'), staff('Lee')];
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.close());

  it('round robin gives new complaints to the two available staff in turn, skipping the one away', async () => {
    await h.command({ ...staff('Ada'), platformAdmin: true }, 'hearken', 'settings assignment round_robin');
    await h.command(kim, 'ticket', 'back');
    await h.command(sam, 'ticket', 'back');
    const away = await h.command(lee, 'ticket', 'away');
    // Ada set it up but is not on the rota: she went away too.
    await h.command({ ...staff('Ada'), platformAdmin: true }, 'ticket', 'away');

    for (const name of ['Ana', 'Bea', 'Cai']) {
      await h.submit(customer(name), 'intake.form', form(`${name}’s kettle leaks.`));
    }
    await h.deliver();

    expect(shown(away)).toContain('You are marked away');
    const owners = await Promise.all(
      ['C-1001', 'C-1002', 'C-1003'].map(async (code) => (await complaintByCode(h, code)).assigneeName),
    );
    expect(owners).toEqual(['Kim', 'Sam', 'Kim']);
    expect(h.port.dmsTo(kim.userId).map((m) => unmarked(m.text))).toEqual([
      'A new complaint was given to you: *C-1001*, “Ana’s kettle leaks.”. Its card is in the staff channel.',
      'A new complaint was given to you: *C-1003*, “Cai’s kettle leaks.”. Its card is in the staff channel.',
    ]);
    expect(h.port.dmsTo(lee.userId)).toEqual([]);
    const [card] = h.port.inChannel(STAFF_CHANNEL);
    expect(card && h.port.current(card).fields?.find((f) => f.label === 'Assignee')?.value).toBe('Kim');
  });

  it('least loaded gives the complaint to whoever holds the fewest open ones', async () => {
    await h.command({ ...staff('Ada'), platformAdmin: true }, 'hearken', 'settings assignment least_loaded');
    await h.command({ ...staff('Ada'), platformAdmin: true }, 'ticket', 'away');
    await h.submit(customer('Ana'), 'intake.form', form('The kettle leaks.'));
    await h.command(kim, 'ticket', 'claim C-1001');
    await h.command(sam, 'ticket', 'back');

    await h.submit(customer('Bea'), 'intake.form', form('The toaster burns.'));

    expect((await complaintByCode(h, 'C-1002')).assigneeName).toBe('Sam');
  });

  it('a new card mentions the staff team once; its updates do not', async () => {
    await h.submit(customer('Ana'), 'intake.form', form('The kettle leaks.'));
    await h.deliver();
    await h.command(kim, 'ticket', 'claim C-1001');
    await h.deliver();

    const [card] = h.port.inChannel(STAFF_CHANNEL);
    expect(card?.message.mentions).toEqual({ roles: ['staff'] });
    expect(card?.updates.length).toBeGreaterThan(0);
    expect(card?.updates.every((u) => u.mentions === undefined)).toBe(true);
  });

  it('with the staff mention off the card mentions nobody', async () => {
    await h.command({ ...staff('Ada'), platformAdmin: true }, 'hearken', 'settings staff-mention off');
    await h.submit(customer('Ana'), 'intake.form', form('The kettle leaks.'));
    await h.deliver();

    const [card] = h.port.inChannel(STAFF_CHANNEL);
    expect(card?.message.mentions).toBeUndefined();
  });
});
