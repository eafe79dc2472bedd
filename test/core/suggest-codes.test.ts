/** Code autocomplete shows each person only what they may see: staff the open queue, customers their own. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, customer, type Harness, shown, staff } from '../support/harness.js';

describe('code suggestions', () => {
  let h: Harness;
  let rosa: string[];
  let tom: string;
  beforeAll(async () => {
    h = await createHarness();
    // Two different problems: the same words again within minutes would join the first complaint.
    const file = async (name: string, what = 'order') =>
      shown(
        await h.submit(customer(name), 'intake.form', {
          description: `${name}'s ${what} came broken.`,
          category: 'product',
          impact: 'normal',
          outcome: 'fix',
        }),
      ).match(/C-\d+/)?.[0] ?? '';
    rosa = [await file('Rosa'), await file('Rosa', 'lamp')];
    tom = await file('Tom');
    await h.command(staff('Bo'), 'ticket', `resolve ${rosa[0]} Sent a new one.`);
  });
  afterAll(() => h.close());

  it('offers staff every open complaint, newest first, and not the resolved one', async () => {
    expect(await h.hearken.suggestCodes(staff('Bo'), 'C-')).toEqual([tom, rosa[1]]);
  });

  it('offers a customer only their own complaints, resolved ones included', async () => {
    expect((await h.hearken.suggestCodes(customer('Rosa'), 'C-')).sort()).toEqual([...rosa].sort());
    expect(await h.hearken.suggestCodes(customer('Tom'), 'C-')).toEqual([tom]);
    expect(await h.hearken.suggestCodes(customer('Ivy'), 'C-')).toEqual([]);
  });

  it('narrows by what was typed, digits only', async () => {
    expect(await h.hearken.suggestCodes(staff('Bo'), tom.toLowerCase())).toEqual([tom]);
    expect(await h.hearken.suggestCodes(staff('Bo'), "C-'; drop table complaints; --")).toEqual([
      tom,
      rosa[1],
    ]);
  });
});
