/** The block list: a blocked customer is told once, reaches no one on staff, and every block is audited. */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { complaintEvents, complaints, customerBlocks, outbox } from '../../db/schema.js';
import { seedComplaint } from '../jobs/support.js';
import { anAdmin, createHarness, customer, type Harness, shown, staff } from '../support/harness.js';

const admin = anAdmin('Olu');
const ana = customer('Ana');

describe('the block list', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.close());

  it('a blocked customer gets one neutral notice, then silence, and nothing reaches staff', async () => {
    const blocked = await h.command(admin, 'hearken', `block ${ana.userId}`, undefined);
    expect(shown(blocked)).toContain(`Blocked ${ana.userId}`);

    const first = await h.dm(ana, 'Your courier broke my parcel and I want a refund now');
    const second = await h.dm(ana, 'Hello? Anyone?');
    const form = await h.submit(ana, 'intake.form', {
      description: 'Broken parcel',
      category: 'delivery',
      impact: 'high',
      details: '',
      outcome: 'refund',
    });
    await h.deliver();

    expect(shown(first)).toBe(
      'Thank you for your message. This channel cannot pass on your messages at the moment.',
    );
    expect(first.messages).toHaveLength(1);
    expect(second.messages).toEqual([]);
    expect(shown(form)).toContain('cannot pass on your messages');
    expect(await h.database.db.select().from(complaints)).toEqual([]);
    expect(await h.database.db.select().from(outbox)).toEqual([]);
  });

  it('unblocking lets the customer through again, and both are on the audit timeline and the complaint’s', async () => {
    const open = await seedComplaint(h.database, { customerId: ana.userId, createdAt: h.clock.now() });
    await h.command(admin, 'hearken', `block ${ana.userId}`);
    const relayed = await h.dm(ana, 'Still waiting on C-1001');
    expect(shown(relayed)).toContain('cannot pass on');

    const unblocked = await h.command(admin, 'hearken', `unblock ${ana.userId}`);
    const after = await h.dm(ana, 'Hello again');

    expect(shown(unblocked)).toContain('Unblocked');
    expect(shown(after)).not.toContain('cannot pass on');
    const audit = await h.database.db.select().from(customerBlocks);
    expect(audit.map((row) => [row.action, row.customerId, row.actorName])).toEqual([
      ['blocked', ana.userId, 'Olu'],
      ['unblocked', ana.userId, 'Olu'],
    ]);
    const events = await h.database.db
      .select({ type: complaintEvents.type, visibility: complaintEvents.visibility })
      .from(complaintEvents)
      .where(eq(complaintEvents.complaintId, open.id));
    expect(events).toEqual(
      expect.arrayContaining([
        { type: 'customer_blocked', visibility: 'internal' },
        { type: 'customer_unblocked', visibility: 'internal' },
      ]),
    );
    const shownTimeline = shown(await h.command(staff('Bo'), 'ticket', `show ${open.code}`));
    expect(shownTimeline).toContain('Olu blocked the customer');
  });

  it('lists who is blocked, and refuses staff who are not admins', async () => {
    await h.command(admin, 'hearken', `block ${ana.userId}`);

    expect(shown(await h.command(admin, 'hearken', 'blocked'))).toContain('Blocked customers: 1');
    expect(shown(await h.command(staff('Bo'), 'hearken', `unblock ${ana.userId}`))).toContain(
      'Only workspace admins',
    );
    expect(shown(await h.command(admin, 'hearken', `block ${ana.userId}`))).toContain('already blocked');
  });
});
