import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { complaints } from '../../db/schema.js';
import { runAutoClose } from '../../src/jobs/index.js';
import { unmarked } from '../../src/messages.js';
import { jobsDepsFor } from '../jobs/support.js';
import { DAY, HOUR, MINUTE } from '../support/clock.js';
import { createHarness, customer, type Harness, STAFF_CHANNEL, shown, staff } from '../support/harness.js';

const form = (description: string) => ({
  description,
  category: 'product',
  impact: 'normal',
  outcome: 'replacement',
});

async function complaintByCode(h: Harness, code: string) {
  const [row] = await h.database.db.select().from(complaints).where(eq(complaints.code, code));
  if (!row) throw new Error(`no ${code}`);
  return row;
}

const threadTexts = (h: Harness, cardMessageId: string) =>
  h.port.posted
    .filter((p) => p.target.kind === 'thread' && p.target.parent.messageId === cardMessageId)
    .map((p) => unmarked(p.message.text));

describe('the customer lifecycle', () => {
  let h: Harness;
  const ana = customer('Ana Lima');
  const bo = staff('Bo');
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.close());

  it('a message within the reopen window reopens the resolved complaint, and staff hear it in the thread', async () => {
    await h.submit(ana, 'intake.form', form('The kettle leaks from the base.'));
    await h.command(bo, 'ticket', 'resolve C-1001 A new kettle is on its way.');
    await h.deliver();
    h.clock.advance(2 * DAY);

    const answer = await h.dm(ana, 'The new kettle leaks from the base as well, I am afraid.');
    await h.deliver();

    expect(shown(answer)).toContain('I have reopened *C-1001*');
    const c = await complaintByCode(h, 'C-1001');
    expect(c.status).toBe('reopened');
    const thread = threadTexts(h, c.cardRef?.messageId ?? '');
    expect(thread.some((text) => text.includes('Ana Lima: reopened this complaint'))).toBe(true);
    expect(thread.at(-1)).toContain('The new kettle leaks from the base as well');
    const [card] = h.port.inChannel(STAFF_CHANNEL);
    expect(card && h.port.current(card).fields?.find((f) => f.label === 'Status')?.value).toBe('Reopened');
  });

  it('a short "it broke again" after the resolution reopens it; a bare "hi" only hears where things stand', async () => {
    await h.submit(ana, 'intake.form', form('The kettle leaks from the base.'));
    await h.command(bo, 'ticket', 'resolve C-1001 A new kettle is on its way.');
    await h.deliver();
    h.clock.advance(DAY);

    const hello = await h.dm(ana, 'hi');
    expect(shown(hello)).toContain('tell me what happened and I will reopen it');
    expect((await complaintByCode(h, 'C-1001')).status).toBe('resolved');

    const again = await h.dm(ana, 'it broke again');
    await h.deliver();
    expect(shown(again)).toContain('I have reopened *C-1001*');
    const c = await complaintByCode(h, 'C-1001');
    expect(c.status).toBe('reopened');
    expect(threadTexts(h, c.cardRef?.messageId ?? '').at(-1)).toContain('it broke again');
  });

  it('a screenshot alone within the reopen window reopens the complaint, as words would', async () => {
    await h.submit(ana, 'intake.form', form('The kettle leaks from the base.'));
    await h.command(bo, 'ticket', 'resolve C-1001 A new kettle is on its way.');
    await h.deliver();
    h.clock.advance(DAY);

    const photo = { name: 'leak.png', mimeType: 'image/png', size: 48_000, ref: 'test-file:leak' };
    const answer = await h.send({
      kind: 'message',
      actor: ana,
      place: { kind: 'dm' },
      text: '',
      files: [photo],
    });
    await h.deliver();

    expect(shown(answer)).toContain('I have reopened *C-1001*');
    const c = await complaintByCode(h, 'C-1001');
    expect(c.status).toBe('reopened');
  });

  it('a thank-you after the resolution reaches the thread but does not reopen; thanks with a problem does', async () => {
    await h.submit(ana, 'intake.form', form('The kettle leaks from the base.'));
    await h.command(bo, 'ticket', 'resolve C-1001 A new kettle is on its way.');
    h.clock.advance(DAY);

    const thanks = await h.dm(ana, 'Thank you, the new kettle works perfectly!');
    const stillResolved = (await complaintByCode(h, 'C-1001')).status;
    const but = await h.dm(ana, 'Thanks, but the new one leaks as well.');

    expect(shown(thanks)).toContain(
      'You are welcome, Ana. I have passed your thanks to the team; *C-1001* stays resolved.',
    );
    expect(stillResolved).toBe('resolved');
    expect(shown(but)).toContain('I have reopened *C-1001*');
  });

  it('after the reopen window the message starts a new complaint linked to the old one', async () => {
    await h.submit(ana, 'intake.form', form('The kettle leaks from the base.'));
    await h.command(bo, 'ticket', 'resolve C-1001 A new kettle is on its way.');
    await h.deliver();
    h.clock.advance(8 * DAY);

    const answer = await h.dm(ana, 'The replacement kettle stopped heating after a week of use.');
    const filed = await h.submit(ana, 'intake.form', form('The replacement kettle stopped heating.'));
    await h.deliver();

    expect(shown(answer)).toContain('Your earlier complaint *C-1001* was closed a while ago');
    expect(shown(filed)).toContain('*C-1002*');
    const [old, next] = [await complaintByCode(h, 'C-1001'), await complaintByCode(h, 'C-1002')];
    expect(old.status).toBe('resolved');
    expect(next.followsId).toBe(old.id);
    expect(threadTexts(h, next.cardRef?.messageId ?? '')).toContain(
      '_This complaint follows C-1001: the customer wrote again after its reopen window._',
    );
    expect(threadTexts(h, old.cardRef?.messageId ?? '').join('\n')).toContain('new complaint C-1002');
  });

  it('a complaint waiting on the customer closes itself after the auto-close delay, with a kind notice', async () => {
    await h.command(anAdmin(), 'hearken', 'settings auto-close 72h');
    await h.submit(ana, 'intake.form', form('The kettle leaks from the base.'));
    await h.command(bo, 'ticket', 'ask C-1001 Which model is it?');
    await h.deliver();
    const deps = jobsDepsFor(h);

    h.clock.advance(71 * HOUR);
    expect(await runAutoClose(deps, h.clock.now())).toBe(0);
    h.clock.advance(2 * HOUR);
    expect(await runAutoClose(deps, h.clock.now())).toBe(1);
    expect(await runAutoClose(deps, h.clock.now())).toBe(0);
    await h.deliver();

    expect((await complaintByCode(h, 'C-1001')).status).toBe('closed');
    const notices = h.port.dmsTo(ana.userId).filter((m) => m.text.includes('closed it for now'));
    expect(notices).toHaveLength(1);
    expect(unmarked(notices[0]?.text ?? '')).toBe(
      'We have not heard back about *C-1001* for 3 days, so we have closed it for now. Nothing is lost: if you still need help, just reply here and we will pick it up again.',
    );
  });

  it('a customer answering after an auto-close reopens the complaint, as its notice promised', async () => {
    await h.submit(ana, 'intake.form', form('The kettle leaks from the base.'));
    await h.command(bo, 'ticket', 'ask C-1001 Which model is it?');
    h.clock.advance(73 * HOUR);
    await runAutoClose(jobsDepsFor(h), h.clock.now());
    h.clock.advance(HOUR);

    const answer = await h.dm(ana, 'Sorry for the delay, it is the KX-200 model from your shop.');

    expect(shown(answer)).toContain('I have reopened *C-1001*');
    expect((await complaintByCode(h, 'C-1001')).status).toBe('reopened');
  });

  it('the same form submitted twice within ten minutes joins the first complaint', async () => {
    const first = await h.submit(ana, 'intake.form', form('The kettle leaks from the base.'));
    h.clock.advance(3 * MINUTE);
    const again = await h.submit(ana, 'intake.form', form('The  kettle leaks from the base. '));
    h.clock.advance(11 * MINUTE);
    const later = await h.submit(ana, 'intake.form', form('The kettle leaks from the base.'));

    expect(shown(first)).toContain('*C-1001*');
    expect(shown(again)).toContain('You sent this a moment ago, so I have kept it on *C-1001*');
    expect(shown(later)).toContain('*C-1002*');
    expect(await h.database.db.select().from(complaints)).toHaveLength(2);
  });

  it('the same form sent twice at the same moment still makes one complaint', async () => {
    const [a, b] = await Promise.all([
      h.submit(ana, 'intake.form', form('The kettle leaks from the base.')),
      h.submit(ana, 'intake.form', form('The kettle leaks from the base.')),
    ]);

    expect([shown(a), shown(b)].filter((text) => text.includes('You sent this a moment ago'))).toHaveLength(
      1,
    );
    expect(await h.database.db.select().from(complaints)).toHaveLength(1);
  });

  it('filed on a Saturday: the customer is told when the team is back, and the promise counts business time', async () => {
    await h.hearken.configureTenant('sandbox:acme', 'sandbox', {
      timeZone: 'Europe/London',
      businessHours: {
        weekly: Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, [['09:00', '17:00']]])),
        holidays: [],
      },
    });
    h.clock.set('2026-11-28T14:00:00Z');

    const filed = await h.submit(ana, 'intake.form', { ...form('The kettle leaks.'), impact: 'high' });
    const zh = await h.submit(customer('Wei', 'zh-CN'), 'intake.form', {
      ...form('水壶底部漏水，已经用不了了。'),
      impact: 'high',
    });

    // High: a first reply within 4 business hours, so by 13:00 on Monday, not by Saturday evening.
    expect(shown(filed)).toContain(
      'Our team is away right now. They are back Mon, Nov 30, 09:00 GMT, and a person will reply to you by Mon, Nov 30, 13:00 GMT.',
    );
    expect(shown(zh)).toContain(
      '他们会在 11月30日周一 GMT+0 09:00 回来，最晚在 11月30日周一 GMT+0 13:00 前会有专人回复您',
    );
  });

  it('within business hours there is no out-of-hours notice, nor when the notice is off', async () => {
    await h.hearken.configureTenant('sandbox:acme', 'sandbox', {
      businessHours: { weekly: { '1': [['09:00', '17:00']] }, holidays: [] },
    });
    const during = await h.submit(ana, 'intake.form', form('The kettle leaks.'));
    await h.command(anAdmin(), 'hearken', 'settings out-of-hours off');
    h.clock.set('2026-11-28T14:00:00Z');
    const off = await h.submit(customer('Kim'), 'intake.form', form('The toaster burns.'));

    expect(shown(during)).not.toContain('away right now');
    expect(shown(off)).not.toContain('away right now');
  });
});

function anAdmin() {
  return { ...staff('Ada'), platformAdmin: true };
}
