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
    await h.dm(ana, 'My parcel arrived two weeks late and the box was crushed.');

    const reply = await h.click(ana, 'intake.category', 'delivery');

    expectAnswered(reply.replaceSource, 'sounds like *Delivery*', '✓ Category: Delivery');
    expect(shown(reply)).toContain('How is this affecting you');
    expect(buttons(reply).some((b) => b.action === 'intake.impact')).toBe(true);
  });

  it('in Chinese the answered question names the choice in Chinese', async () => {
    const wang = customer('Wang', 'zh-CN');
    await h.dm(wang, '快递三天了还没收到，客服也不回复。');

    const reply = await h.click(wang, 'intake.category', 'delivery');

    expectAnswered(reply.replaceSource, '配送物流', '✓ 类别：配送物流');
    await h.click(wang, 'intake.impact', 'high');
    await h.click(wang, 'intake.skip');
    const outcome = await h.click(wang, 'intake.outcome', 'refund');
    expectAnswered(outcome.replaceSource, '您希望我们怎样处理', '✓ 您希望：退款');
  });

  it('each answer button names what was picked: urgency, skipped details, outcome', async () => {
    const bea = customer('Bea');
    await h.dm(bea, 'The lamp I ordered arrived with a small crack in the base.');
    await h.click(bea, 'intake.category', 'product');

    const impact = await h.click(bea, 'intake.impact', 'low');
    const skip = await h.click(bea, 'intake.skip');
    const outcome = await h.click(bea, 'intake.outcome', 'replacement');

    expectAnswered(
      impact.replaceSource,
      'How is this affecting you',
      '✓ Urgency: Not urgent: I want you to know',
    );
    expectAnswered(skip.replaceSource, 'Two details help the team', '✓ Details: skipped');
    expectAnswered(outcome.replaceSource, 'What would you like us to do', '✓ You would like: A replacement');
  });

  it('confirming keeps the restatement, its fields included, and marks it confirmed', async () => {
    const cal = customer('Cal');
    await h.dm(cal, 'I was charged twice for my subscription this month.');
    await h.click(cal, 'intake.category', 'billing');
    await h.click(cal, 'intake.impact', 'high');
    await h.click(cal, 'intake.skip');
    await h.click(cal, 'intake.outcome', 'refund');

    const receipt = await h.click(cal, 'intake.confirm', 'yes');

    expectAnswered(receipt.replaceSource, 'Here is what I understood', '✓ Confirmed');
    expect(receipt.replaceSource?.fields?.map((f) => f.value)).toContain('A refund');
    expect(shown(receipt)).toMatch(/logged as \*C-\d+\*/);
  });

  it('cancelling marks the question cancelled and still says nothing was filed', async () => {
    const dot = customer('Dot');
    await h.dm(dot, 'The courier left my parcel out in the rain.');
    await h.click(dot, 'intake.category', 'delivery');

    const reply = await h.click(dot, 'intake.cancel', 'impact');

    expectAnswered(reply.replaceSource, 'How is this affecting you', '✗ Cancelled');
    expect(shown(reply)).toContain('nothing was filed');
  });

  it('a click on an earlier question is answered kindly and leaves the intake as it was', async () => {
    const eve = customer('Eve');
    await h.dm(eve, 'The blender I bought stopped working after two days.');
    await h.click(eve, 'intake.category', 'product');
    await h.click(eve, 'intake.impact', 'normal');
    const before = await activeIntake(database, eve);

    // Buttons from the category and impact questions, still on screen somewhere.
    const late = await h.click(eve, 'intake.category', 'billing');
    const oldBack = await h.click(eve, 'intake.back', 'impact');
    const oldCancel = await h.click(eve, 'intake.cancel', 'category');
    const oldNewProblem = await h.click(eve, 'intake.new');

    for (const reply of [late, oldBack, oldCancel, oldNewProblem]) {
      expect(shown(reply)).toContain('That button is from an earlier question');
      expect(shown(reply)).toContain('Two details help the team');
      expect(reply.replaceSource).toBeUndefined();
    }
    const after = await activeIntake(database, eve);
    expect(after?.id).toBe(before?.id);
    expect(after?.step).toBe('details');
    expect(after?.answers).toEqual(before?.answers);
    expect(after?.history).toEqual(before?.history);
    expect(after?.lastActivityAt).toEqual(before?.lastActivityAt);
  });

  it('a stale click in Chinese is answered in Chinese', async () => {
    const li = customer('Li', 'zh-CN');
    await h.dm(li, '您好，我买的台灯底座有一点裂痕，质量有问题。');
    await h.click(li, 'intake.category', 'product');

    const reply = await h.click(li, 'intake.category', 'product');

    expect(shown(reply)).toContain('那个按钮来自之前的问题');
    expect((await activeIntake(database, li))?.step).toBe('impact');
  });
});
