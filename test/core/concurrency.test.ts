/**
 * Races that must have one outcome. On the Postgres server (DATABASE_URL, as in CI) these run on a
 * real connection pool with true parallelism; on PGlite the same tests run serialised by its
 * single connection, which still checks the outcome but not the race itself.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintEvents, complaints } from '../../db/schema.js';
import { firstDelivery } from '../../src/dedupe.js';
import { onServer } from '../support/db.js';
import { createHarness, customer, type Harness, shown, staff } from '../support/harness.js';

const where = onServer
  ? 'on the Postgres server'
  : 'on PGlite (serialised: set DATABASE_URL for a real race)';

describe(`concurrency ${where}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it('50 simultaneous claims of one complaint: exactly one wins, the rest are told who has it', async () => {
    await h.submit(customer('Kim'), 'intake.form', {
      description: 'Charged twice for one order.',
      category: 'billing',
      impact: 'high',
      outcome: 'refund',
    });
    const [complaint] = await h.database.db.select().from(complaints);
    const team = Array.from({ length: 50 }, (_, i) => staff(`Agent${i}`));
    const replies = await Promise.all(
      team.map((agent) => h.command(agent, 'ticket', `claim ${complaint?.code}`)),
    );
    const texts = replies.map(shown);
    const winners = texts.filter((t) => t.includes('You have claimed'));
    expect(winners).toHaveLength(1);
    const [after] = await h.database.db
      .select()
      .from(complaints)
      .where(eq(complaints.id, complaint?.id ?? ''));
    expect(texts.filter((t) => t.includes(`already claimed by ${after?.assigneeName}`))).toHaveLength(49);
    const claims = await h.database.db
      .select()
      .from(complaintEvents)
      .where(eq(complaintEvents.type, 'claimed'));
    expect(claims).toHaveLength(1);
  });

  it('200 simultaneous intakes get 200 distinct codes', async () => {
    const people = Array.from({ length: 200 }, (_, i) => customer(`Buyer${i}`));
    const replies = await Promise.all(
      people.map((person, i) =>
        h.submit(person, 'intake.form', {
          description: `Order ${i} arrived damaged.`,
          category: 'product',
          impact: 'normal',
          outcome: 'replacement',
        }),
      ),
    );
    const codes = replies.map((r) => shown(r).match(/C-\d+/)?.[0]);
    expect(codes.every(Boolean)).toBe(true);
    expect(new Set(codes).size).toBe(200);
  });

  it('the same delivery arriving twice at once is handled once', async () => {
    const lee = customer('Lee');
    const event = {
      id: 'slack-retry-Ev123',
      kind: 'message' as const,
      actor: lee,
      place: { kind: 'dm' as const },
      text: 'My refund never arrived.',
    };
    const [a, b] = await Promise.all([h.hearken.handle(event), h.hearken.handle(event)]);
    expect([a.messages.length, b.messages.length].sort()).toEqual([0, 2]);
    // The copy says it is one, so no adapter acknowledges it (Discord would refuse the real answer).
    expect([a.duplicate, b.duplicate].filter(Boolean)).toEqual([true]);
  });

  it('a copy arriving while the first delivery is still being handled learns it is a copy at once', async () => {
    const now = new Date();
    let copyAnswer: boolean | undefined;
    let copyMs = Number.POSITIVE_INFINITY;
    const copy = async () => {
      const started = performance.now();
      copyAnswer = await firstDelivery(h.database.db, 'discord', 'interaction-in-flight', now);
      copyMs = performance.now() - started;
    };
    await h.database.db.transaction(async (tx) => {
      expect(await firstDelivery(tx, 'discord', 'interaction-in-flight', now)).toBe(true);
      // Another connection, while this transaction still holds the id uncommitted: it must not
      // wait for the commit. (PGlite has one connection: there the copy can only come after it.)
      if (onServer) await copy();
    });
    if (!onServer) await copy();

    expect(copyAnswer).toBe(false);
    expect(copyMs).toBeLessThan(1000);
    expect(await firstDelivery(h.database.db, 'discord', 'interaction-in-flight', now)).toBe(false);
  });
});
