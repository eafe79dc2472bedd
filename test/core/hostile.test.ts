/** Bad input gets a kind, clear answer and changes nothing it should not. */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaints, intakeSessions } from '../../db/schema.js';
import type { InboundEvent } from '../../src/messages.js';
import { spans } from '../../src/messages.js';
import { MAX_TEXT } from '../../src/text.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createHarness, customer, type Harness, STAFF_CHANNEL, shown, staff } from '../support/harness.js';

describe('hostile and malformed input', () => {
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

  const fileOne = async (name: string) => {
    const reply = await h.submit(customer(name), 'intake.form', {
      description: `${name}'s toaster is broken.`,
      category: 'product',
      impact: 'normal',
      outcome: 'fix',
    });
    return shown(reply).match(/C-\d+/)?.[0] ?? '';
  };

  it('an empty message gets an invitation, not silence, and starts nothing', async () => {
    const mo = customer('Mo');
    for (const text of ['', '   ', '\u0000\u0007'])
      expect(shown(await h.dm(mo, text))).toContain('did not catch anything');
    expect(
      await database.db.select().from(intakeSessions).where(eq(intakeSessions.customerId, mo.userId)),
    ).toHaveLength(0);
  });

  it('100 KB of text is kept to 40,000 characters and the customer is told', async () => {
    const reply = await h.dm(customer('Ned'), `My order was wrong. ${'x'.repeat(100 * 1024)}`);
    expect(shown(reply)).toContain('I kept the first 40,000 characters');
    const [session] = await database.db
      .select()
      .from(intakeSessions)
      .where(eq(intakeSessions.customerId, customer('Ned').userId));
    expect([...((session?.answers as Record<string, string> | undefined)?.description ?? '')]).toHaveLength(
      MAX_TEXT,
    );
  });

  it('control characters and bidi overrides are stripped before anything is stored', async () => {
    await h.dm(customer('Oz'), 'The \u202Ereceipt\u202C is wrong\u0000 and \u0008I was overcharged.');
    const [session] = await database.db
      .select()
      .from(intakeSessions)
      .where(eq(intakeSessions.customerId, customer('Oz').userId));
    expect((session?.answers as Record<string, string> | undefined)?.description).toBe(
      'The receipt is wrong and I was overcharged.',
    );
  });

  it('SQL in a complaint is stored as words, and the tables are still there', async () => {
    const attack = "Robert'); DROP TABLE complaints; -- my parcel is missing";
    await h.submit(customer('Pat'), 'intake.form', {
      description: attack,
      category: 'delivery',
      impact: 'low',
      outcome: 'other',
    });
    const [row] = await database.db.select().from(complaints).where(eq(complaints.description, attack));
    expect(row?.description).toBe(attack);
    const [count] = await database.db.select({ n: sql<number>`count(*)::int` }).from(complaints);
    expect(count?.n).toBeGreaterThan(0);
  });

  it("mass mentions and markdown from a customer reach the staff card marked as the customer's words, for the adapter to render inert", async () => {
    const words = '@everyone <!channel> look at this ```rm -rf```';
    await h.submit(customer('Quinn'), 'intake.form', {
      description: words,
      category: 'other',
      impact: 'low',
      outcome: 'apology',
    });
    await h.deliver();
    const card = h.port.inChannel(STAFF_CHANNEL).at(-1);
    // The core knows no platform's syntax: it marks whose words these are (test/hostile/render.test.ts
    // shows each adapter rendering them inert).
    expect(spans(card?.message.text ?? '')).toEqual([{ text: words, person: true }]);
  });

  it('a customer calling staff commands and buttons is refused kindly and changes nothing', async () => {
    const code = await fileOne('Ray');
    const intruder = customer('Sly');
    expect(shown(await h.command(intruder, 'ticket', `claim ${code}`))).toContain('for the support team');
    expect(shown(await h.command(intruder, 'hearken', 'setup'))).toContain('Only workspace admins');
    const [c] = await database.db.select().from(complaints).where(eq(complaints.code, code));
    expect(shown(await h.click(intruder, 'ticket.resolve', c?.id ?? ''))).toContain('for the support team');
    const [after] = await database.db.select().from(complaints).where(eq(complaints.code, code));
    expect(after?.assigneeId).toBeNull();
    expect(after?.status).toBe('open');
  });

  it("a customer asking for someone else's code hears only 'not found'", async () => {
    const code = await fileOne('Tia');
    const reply = await h.command(customer('Uma'), 'complain', `status ${code}`, { kind: 'dm' });
    expect(shown(reply)).toContain(`could not find ${code} among your complaints`);
    expect(shown(reply)).not.toContain('toaster');
    const own = await h.command(customer('Tia'), 'complain', `status ${code}`, { kind: 'dm' });
    expect(shown(own)).toContain('toaster');
  });

  it('staff of another tenant cannot act on this tenant’s complaint by forging its id', async () => {
    const code = await fileOne('Vic');
    const [c] = await database.db.select().from(complaints).where(eq(complaints.code, code));
    const outsider = { ...staff('Wes'), tenantId: 'sandbox:other' };
    expect(shown(await h.click(outsider, 'ticket.claim', c?.id ?? ''))).toContain('expired');
    expect(shown(await h.command(outsider, 'ticket', `claim ${code}`))).toContain(`could not find ${code}`);
  });

  it('unknown commands and stale buttons get a pointer to what works', async () => {
    expect(shown(await h.command(staff('Xu'), 'ticket', 'frobnicate C-1001'))).toContain('/ticket list');
    expect(shown(await h.command(customer('Yan'), 'complain', 'xyz', { kind: 'dm' }))).toContain(
      '/complain status',
    );
    expect(shown(await h.click(customer('Yan'), 'intake.category', 'delivery'))).toContain('expired');
    expect(shown(await h.click(customer('Yan'), 'nonsense.action', '1'))).toContain('expired');
  });

  it('a malformed event from an adapter gets an answer instead of an exception', async () => {
    const broken = [
      { id: 'x', kind: 'message', text: 'hi' },
      { id: 'y'.repeat(5000), kind: 'message', actor: customer('Zed'), place: { kind: 'dm' }, text: 'hi' },
      { id: 'z', kind: 'teleport', actor: customer('Zed'), place: { kind: 'dm' } },
      {
        id: 'w',
        kind: 'command',
        command: 'complain',
        actor: customer('Zed'),
        place: { kind: 'dm' },
        text: 42,
      },
    ];
    for (const event of broken) {
      const reply = await h.hearken.handle(event as unknown as InboundEvent);
      expect(shown(reply)).toContain('please try again');
    }
  });
});
