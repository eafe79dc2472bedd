import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeSessions } from '../../db/schema.js';
import { Hearken } from '../../src/core.js';
import { silentLogger } from '../../src/log.js';
import { HOUR, MINUTE } from '../support/clock.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { buttons, createHarness, customer, shown } from '../support/harness.js';

describe('intake controls: back, cancel, edit, form, resume, reminders', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());

  it('resumes mid-intake after a restart: a new core on the same database carries on', async () => {
    const h = await createHarness({ database });
    const dee = customer('Dee');
    await h.dm(dee, 'The washing machine I bought last week leaks water all over the floor.');
    await h.click(dee, 'intake.outcome', 'fix');
    await h.click(dee, 'intake.edit');
    await h.close();

    // A fresh process: nothing in memory survives, only the database.
    const restarted = new Hearken({ database, logger: silentLogger, clock: h.clock });
    const reply = await restarted.handle({
      id: 'after-restart-1',
      kind: 'action',
      actor: dee,
      place: { kind: 'dm' },
      action: 'intake.editField',
      value: 'details',
    });
    // The details question, which remembers what the first message said before the restart.
    expect(shown(reply)).toContain('I have noted when it happened (“last week”)');
  });

  it('goes back one question and forward again without losing answers', async () => {
    const h = await createHarness({ database });
    const eli = customer('Eli');
    await h.dm(eli, 'Something happened with my account last month that I am not happy about.');
    await h.click(eli, 'intake.category', 'billing');
    const back = await h.click(eli, 'intake.back');
    expect(shown(back)).toContain('You can say “Product quality”');
    expect(shown(await h.dm(eli, 'back'))).toContain('what happened?');
    expect(shown(await h.dm(eli, 'back'))).toContain('first question');
    const forward = await h.dm(eli, 'I was charged a cancellation fee I was never told about, twice.');
    // The story told again joins what was said; the type picked earlier is kept, and the outcome
    // question, shown once before, comes back reworded.
    expect(shown(forward)).toContain('You can say “a refund”');
  });

  it('cancels politely and files nothing', async () => {
    const h = await createHarness({ database });
    const fay = customer('Fay');
    await h.dm(fay, 'My order came with the wrong size shoes in the box.');
    const reply = await h.dm(fay, 'cancel');
    expect(shown(reply)).toContain('nothing was filed');
    expect(shown(await h.command(fay, 'complain', 'status', { kind: 'dm' }))).toContain('no complaints');
  });

  it('edits one answer from the restatement and returns to it', async () => {
    const h = await createHarness({ database });
    const gus = customer('Gus');
    await h.dm(gus, 'The delivery driver threw my parcel over the fence and it broke.');
    await h.click(gus, 'intake.outcome', 'replacement');
    expect(buttons(await h.click(gus, 'intake.edit')).map((b) => b.value)).toContain('outcome');
    await h.click(gus, 'intake.editField', 'outcome');
    const restated = await h.click(gus, 'intake.outcome', 'refund');
    expect(shown(restated)).toContain('You would like: A refund');
  });

  it('switches to a one-page form prefilled with what was said', async () => {
    const h = await createHarness({ database });
    const hal = customer('Hal');
    await h.dm(hal, 'Your agent hung up on me twice this morning.');
    const reply = await h.click(hal, 'intake.form');
    const description = reply.form?.fields.find((f) => f.id === 'description');
    expect(description?.initial).toBe('Your agent hung up on me twice this morning.');
    expect(reply.form?.fields.find((f) => f.id === 'category')?.initial).toBe('service');
    const filed = await h.submit(hal, 'intake.form', {
      description: description?.initial ?? '',
      category: 'service',
      impact: 'high',
      outcome: 'apology',
    });
    expect(shown(filed)).toMatch(/C-\d+/);
  });

  it('reminds an idle customer once, then pauses and offers the answers back', async () => {
    // Its own database: the sweep looks at every idle intake, not just this test's.
    const h = await createHarness();
    const ivy = customer('Ivy');
    await h.dm(ivy, 'The coffee machine makes a burning smell every morning.');
    h.clock.advance(31 * MINUTE);
    expect(await h.database.db.transaction((tx) => h.hearken.intake.sweepIdle(tx, h.clock.now()))).toEqual([
      1, 0,
    ]);
    expect(await h.database.db.transaction((tx) => h.hearken.intake.sweepIdle(tx, h.clock.now()))).toEqual([
      0, 0,
    ]);
    h.clock.advance(25 * HOUR);
    expect(await h.database.db.transaction((tx) => h.hearken.intake.sweepIdle(tx, h.clock.now()))).toEqual([
      0, 1,
    ]);
    await h.deliver();
    const dms = h.port.dmsTo(ivy.userId).map((m) => m.text);
    expect(dms[0]).toContain('just checking in');
    expect(dms[1]).toContain('Nothing is lost');
    const back = await h.dm(ivy, 'hello again');
    expect(shown(back)).toContain('burning smell');
    const resumed = await h.click(ivy, 'intake.resume', 'continue');
    // The question it stopped at, reworded: it was asked once already.
    expect(shown(resumed)).toContain('You can say “Product quality”');
    await h.close();
  });

  it('a greeting from a customer with an open complaint says where it stands and relays nothing', async () => {
    const h = await createHarness({ database });
    const kay = customer('Kay');
    await h.submit(kay, 'intake.form', {
      description: 'My invoice shows the wrong address.',
      category: 'billing',
      impact: 'low',
      outcome: 'fix',
    });
    const hello = await h.dm(kay, 'hello');
    expect(shown(hello)).toMatch(/Your complaint \*C-\d+\* is with us \(waiting for a team member\)/);
    expect(buttons(hello).map((b) => b.action)).toEqual(['intake.new']);
    const added = await h.dm(kay, 'The invoice number is INV-77.');
    expect(shown(added)).toContain('I have added that to');
    const fresh = await h.click(kay, 'intake.new');
    expect(shown(fresh)).toContain('In your own words, what happened?');
  });

  it('marks safety words urgent and says why', async () => {
    const h = await createHarness({ database });
    const jo = customer('Jo');
    const reply = await h.dm(jo, 'The heater you sold me started smoking and burned my hand.');
    expect(shown(reply)).toContain('a safety concern');
    // Picking a lower urgency afterwards keeps it urgent, and says why again.
    await h.click(jo, 'intake.category', 'product');
    await h.click(jo, 'intake.outcome', 'refund');
    await h.click(jo, 'intake.editField', 'impact');
    expect(shown(await h.click(jo, 'intake.impact', 'normal'))).toContain('a safety concern');
    const [session] = await database.db
      .select()
      .from(intakeSessions)
      .where(eq(intakeSessions.customerId, jo.userId));
    expect((session?.answers as Record<string, string> | undefined)?.severity).toBe('urgent');
  });
});
