/**
 * `/hearken forget C-…`: a customer asks to be erased. Their words and name go from every
 * complaint they filed in that workspace, from the timeline, from any unfinished intake and from
 * what adapters keep about them; staff replies and the audit trail of who did what stay.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { complaintEvents, complaints, intakeSessions, outbox, surveys } from '../../db/schema.js';
import { unmarked } from '../../src/messages.js';
import {
  anAdmin,
  createHarness,
  customer,
  type Harness,
  STAFF_CHANNEL,
  shown,
  staff,
} from '../support/harness.js';

const admin = anAdmin('Olu');

describe('/hearken forget', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.close());

  async function file(name: string, description: string): Promise<string> {
    const reply = await h.submit(customer(name), 'intake.form', {
      description,
      category: 'billing',
      impact: 'normal',
      outcome: 'refund',
    });
    return shown(reply).match(/C-\d+/)?.[0] ?? '';
  }

  it("erases the customer's words and name everywhere, and nobody else's", async () => {
    const first = await file('Rosa', 'My card ending 4242 was charged twice at the Leeds store.');
    await file('Rosa', 'The refund for my second order never came.');
    const other = await file('Tom', 'My invoice has the wrong address.');
    await h.command(staff('Bo'), 'ticket', `reply ${first} We have refunded the second charge.`);
    await h.dm(customer('Rosa'), 'My new problem: the store');
    const rosa = customer('Rosa').userId;
    await h.hearken.adapterState.set('discord.private-thread', rosa, '1234567890123456789');
    const [complaint] = await h.database.db.select().from(complaints).where(eq(complaints.code, first));
    await h.database.db.insert(surveys).values({
      complaintId: complaint?.id ?? '',
      tenantId: complaint?.tenantId ?? '',
      customerId: rosa,
      resolutionNo: 1,
      comment: 'The Leeds manager was lovely.',
      sentAt: h.clock.now(),
    });
    await h.deliver();

    const reply = await h.command(admin, 'hearken', `forget ${first}`);

    expect(shown(reply)).toMatch(/2/);
    const rows = await h.database.db.select().from(complaints);
    const rosas = rows.filter((c) => c.code !== other);
    expect(rosas.map((c) => [c.customerName, c.description, c.customerId.startsWith('erased:')])).toEqual([
      ['[erased]', '[erased]', true],
      ['[erased]', '[erased]', true],
    ]);
    expect(rows.find((c) => c.code === other)?.description).toBe('My invoice has the wrong address.');
    const events = await h.database.db.select().from(complaintEvents);
    const words = events.map((e) => e.body ?? '').join('\n');
    expect(words).not.toMatch(/4242|Leeds|second order/);
    expect(words).toContain('We have refunded the second charge.');
    const sessions = await h.database.db
      .select()
      .from(intakeSessions)
      .where(eq(intakeSessions.customerId, rosa));
    expect(sessions).toEqual([]);
    expect(await h.hearken.adapterState.get('discord.private-thread', rosa)).toBeUndefined();
    const [survey] = await h.database.db.select().from(surveys);
    expect([survey?.comment, survey?.customerId.startsWith('erased:')]).toEqual(['[erased]', true]);
    const copies = await h.database.db.select({ message: outbox.message }).from(outbox);
    expect(JSON.stringify(copies)).not.toMatch(/4242|Leeds/);
    await h.deliver();
    const [card] = h.port.inChannel(STAFF_CHANNEL).filter((p) => p.message.title?.includes(first));
    expect(card?.message.text).toContain('4242');
    // The card quotes the customer's words (marked as theirs), which are now the erasure note.
    expect(unmarked(card?.updates.at(-1)?.text ?? '')).toBe('[erased]');
  });

  it('is refused to staff who are not admins, and erases nothing', async () => {
    const code = await file('Rosa', 'Charged twice.');

    const reply = await h.command(staff('Bo'), 'hearken', `forget ${code}`);

    expect(shown(reply)).toMatch(/admin/i);
    const [row] = await h.database.db.select().from(complaints);
    expect(row?.description).toBe('Charged twice.');
  });

  it('says kindly when there is nothing to erase', async () => {
    const reply = await h.command(admin, 'hearken', 'forget C-9999');

    expect(shown(reply)).not.toMatch(/error|exception/i);
    expect(shown(reply).length).toBeGreaterThan(10);
  });
});
