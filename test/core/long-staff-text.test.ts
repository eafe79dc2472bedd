import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_SHORT, MAX_TEXT } from '../../src/text.js';
import { createHarness, customer, type Harness, shown, staff } from '../support/harness.js';

describe('long staff texts: whole, or refused with the limit named, never cut', () => {
  let h: Harness;
  const ana = customer('Ana');
  beforeEach(async () => {
    h = await createHarness();
    await h.submit(ana, 'intake.form', {
      description: 'The blender arrived broken.',
      category: 'product',
      impact: 'normal',
      outcome: 'replacement',
    });
  });
  afterEach(() => h.close());

  it('a 10,000-character /ticket reply reaches the customer whole', async () => {
    const long = 'A replacement blender leaves our warehouse today. '.repeat(210).trim();
    expect(long.length).toBeGreaterThan(10_000);

    const answer = await h.command(staff('Bo'), 'ticket', `reply C-1001 ${long}`);
    await h.deliver();

    expect(shown(answer)).toContain('C-1001');
    const relayed = h.port
      .dmsTo(ana.userId)
      .map((m) => m.text)
      .join('\n');
    expect(relayed.split('warehouse').length - 1).toBe(210);
  });

  it('a reply over the limit is refused whole, naming the limit, and nothing is sent or kept', async () => {
    const tooLong = 'x'.repeat(MAX_TEXT + 1);

    const answer = await h.command(staff('Bo'), 'ticket', `reply C-1001 ${tooLong}`);
    await h.deliver();

    expect(shown(answer)).toContain(MAX_TEXT.toLocaleString('en'));
    expect(h.port.dmsTo(ana.userId)).toHaveLength(0);
  });

  it('an escalation reason over its limit is refused, not shortened', async () => {
    const answer = await h.command(staff('Bo'), 'ticket', `escalate C-1001 ${'why '.repeat(MAX_SHORT)}`);

    expect(shown(answer)).toContain(MAX_SHORT.toLocaleString('en'));
    expect(shown(answer)).not.toMatch(/escalated/i);
  });
});
