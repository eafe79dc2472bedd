/**
 * A clicked question becomes a record of the answer (`replaceSource`: the same words, no buttons,
 * the choice named), and a click on a question that is no longer open changes nothing.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeSessions } from '../../db/schema.js';
import type { Actor, OutboundMessage } from '../../src/messages.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { buttons, createHarness, customer, type Harness, shown } from '../support/harness.js';

/** The customer's active intake, as stored. */
async function activeIntake(database: TestDatabase, actor: Actor) {
  const [row] = await database.db
    .select()
    .from(intakeSessions)
    .where(and(eq(intakeSessions.customerId, actor.userId), eq(intakeSessions.status, 'active')));
  return row;
}

function expectAnswered(message: OutboundMessage | undefined, question: string, chosen: string) {
  expect(message?.text).toContain(question);
  expect(message?.text.split('\n').at(-1)).toBe(chosen);
  expect(message?.buttons).toBeUndefined();
  expect(message?.choices).toBeUndefined();
}

describe('answered questions', () => {
  let database: TestDatabase;
  let h: Harness;
  beforeAll(async () => {
    database = await createTestDatabase();
    h = await createHarness({ database });
  });
  afterAll(async () => {
    await h.close();
    await database.destroy();
  });

  it('a category click replaces its question with the answered version, and the next question follows', async () => {
    const ana = customer('Ana');
    await h.dm(ana, 'Something went wrong with what I got from you last week and I am not pleased.');

    const reply = await h.click(ana, 'intake.category', 'delivery');

    expectAnswered(reply.replaceSource, 'What is it mainly about?', '✓ Category: Delivery');
    expect(shown(reply)).toContain('What would put this right for you?');
    expect(buttons(reply).some((b) => b.action === 'intake.outcome')).toBe(true);
  });

  it('in Chinese the answered question names the choice in Chinese', async () => {
    const wang = customer('Wang', 'zh-CN');
    await h.dm(wang, '上个月发生的事情让我很困扰，想跟你们说一下。');

    const reply = await h.click(wang, 'intake.category', 'delivery');

    expectAnswered(reply.replaceSource, '这主要是哪方面的问题', '✓ 类别：配送物流');
    const outcome = await h.click(wang, 'intake.outcome', 'refund');
    expectAnswered(outcome.replaceSource, '您希望我们怎样处理', '✓ 您希望：退款');
  });

  it('each answer button names what was picked: urgency, skipped details, outcome', async () => {
    const bea = customer('Bea');
    await h.dm(bea, 'The lamp I ordered arrived with a small crack in the base.');
    const outcome = await h.click(bea, 'intake.outcome', 'replacement');
    await h.click(bea, 'intake.editField', 'impact');
    const impact = await h.click(bea, 'intake.impact', 'low');
    await h.click(bea, 'intake.edit');
    await h.click(bea, 'intake.editField', 'details');
    const skip = await h.click(bea, 'intake.skip');

    expectAnswered(
      outcome.replaceSource,
      'What would put this right for you?',
      '✓ You would like: A replacement',
    );
    expectAnswered(impact.replaceSource, 'How soon do you need this sorted?', '✓ Urgency: Not urgent');
    expectAnswered(skip.replaceSource, 'What else should the team know?', '✓ Details: skipped');
  });

  it('confirming keeps the restatement, its fields included, and marks it confirmed', async () => {
    const cal = customer('Cal');
    await h.dm(cal, 'My order #A-7731 arrived broken three weeks ago and nobody answers');
    const summary = await h.click(cal, 'intake.outcome', 'refund');
    expect(shown(summary)).toContain('my guess: tap to change');

    const receipt = await h.click(cal, 'intake.confirm', 'yes');

    expectAnswered(receipt.replaceSource, 'Here is what I understood', '✓ Confirmed');
    expect(receipt.replaceSource?.fields?.map((f) => f.value)).toContain('A refund');
    // Its buttons are gone, so nothing invites a tap any more.
    expect(JSON.stringify(receipt.replaceSource?.fields)).not.toContain('tap to change');
    expect(shown(receipt)).toMatch(/logged as \*C-\d+\*/);
  });

  it('cancelling marks the question cancelled and still says nothing was filed', async () => {
    const dot = customer('Dot');
    await h.dm(dot, 'The courier left my parcel out in the rain.');

    const reply = await h.click(dot, 'intake.cancel', 'outcome');

    expectAnswered(reply.replaceSource, 'What would put this right for you?', '✗ Cancelled');
    expect(shown(reply)).toContain('nothing was filed');
  });

  it('a click on an earlier question is answered kindly and leaves the intake as it was', async () => {
    const eve = customer('Eve');
    await h.dm(eve, 'Something I got from you is not right and I would like it looked at.');
    await h.click(eve, 'intake.category', 'product');
    const before = await activeIntake(database, eve);

    // Buttons from the category question, still on screen somewhere.
    const late = await h.click(eve, 'intake.category', 'billing');
    const oldBack = await h.click(eve, 'intake.back', 'category');
    const oldCancel = await h.click(eve, 'intake.cancel', 'category');
    const oldNewProblem = await h.click(eve, 'intake.new');

    for (const reply of [late, oldBack, oldCancel, oldNewProblem]) {
      expect(shown(reply)).toContain('That button is from an earlier question');
      expect(shown(reply)).toContain('What would put this right for you?');
      expect(reply.replaceSource).toBeUndefined();
    }
    const after = await activeIntake(database, eve);
    expect(after?.id).toBe(before?.id);
    expect(after?.step).toBe('outcome');
    expect(after?.answers).toEqual(before?.answers);
    expect(after?.history).toEqual(before?.history);
    expect(after?.lastActivityAt).toEqual(before?.lastActivityAt);
  });

  it('a stale click in Chinese is answered in Chinese', async () => {
    const li = customer('Li', 'zh-CN');
    await h.dm(li, '您好，上周的事情我想反映一下，一直没有人处理。');
    await h.click(li, 'intake.category', 'product');

    const reply = await h.click(li, 'intake.category', 'product');

    expect(shown(reply)).toContain('那个按钮来自之前的问题');
    expect((await activeIntake(database, li))?.step).toBe('outcome');
  });
});
