/**
 * Customers should never repeat themselves: an order number or a time already in their first
 * message is noted, the details question says so, and the restatement and card carry it.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaints } from '../../db/schema.js';
import { buttons, createHarness, customer, type Harness, shown } from '../support/harness.js';

describe('details the customer already gave', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it('are noted rather than asked again, and reach the complaint when they add nothing', async () => {
    const ana = customer('Ana');
    const first = await h.dm(
      ana,
      "I've been waiting three weeks for my order #A-7731 and nobody answers my emails.",
    );
    expect(shown(first)).not.toContain('reference number');

    const restated = await h.click(ana, 'intake.outcome', 'refund');
    expect(shown(restated)).toContain('Reference A-7731 · when: three weeks');
    const asked = await h.click(ana, 'intake.editField', 'details');
    expect(shown(asked)).toContain('I have noted the reference A-7731 and when it happened (“three weeks”)');
    expect(shown(asked)).not.toContain('do you have an order or reference number');
    expect(buttons(asked).find((b) => b.action === 'intake.skip')?.label).toBe('That is all');
    const added = await h.click(ana, 'intake.skip');
    expect(added.replaceSource?.text).toContain('✓ Details: Reference A-7731 · when: three weeks');
    await h.click(ana, 'intake.confirm', 'yes');
    const [filed] = await h.database.db.select().from(complaints).where(eq(complaints.customerName, 'Ana'));
    expect(filed?.details).toBe('Reference A-7731 · when: three weeks');
  });

  it('in Chinese, keep what was noted and add what the customer types', async () => {
    const wang = customer('Wang', 'zh-CN');
    await h.dm(wang, '我的订单号是 88231，昨天收到的水壶一用就漏水。');
    await h.click(wang, 'intake.outcome', 'replacement');

    const asked = await h.click(wang, 'intake.editField', 'details');
    expect(shown(asked)).toContain('您提到的编号88231和时间（“昨天”）我已经记下了');
    const restated = await h.dm(wang, '是在官网买的');

    expect(shown(restated)).toContain('编号：88231 · 时间：昨天 · 是在官网买的');
  });

  it('leave the question as it was when the first message gave neither', async () => {
    const bo = customer('Bo');
    await h.dm(bo, 'The kettle I bought leaks from the base.');
    await h.click(bo, 'intake.outcome', 'replacement');

    const asked = await h.click(bo, 'intake.editField', 'details');

    expect(shown(asked)).toContain('When it happened, an order or reference number?');
    expect(buttons(asked).find((b) => b.action === 'intake.skip')?.label).toBe('Skip');
  });
});
