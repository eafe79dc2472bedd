/**
 * Complaint and intake session ids grow with the time they were made (UUID version 7), so each new
 * row appends to the indexes that start with its id instead of landing on a random page of them.
 */
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaints, intakeSessions } from '../../db/schema.js';
import { timeOrderedId } from '../../src/complaints/ids.js';
import { createHarness, customer, type Harness } from '../support/harness.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('time-ordered complaint ids', () => {
  it('are version 7 UUIDs whose first 48 bits are the milliseconds of the time given', () => {
    const at = new Date('2026-03-02T10:00:00.123Z');
    const id = timeOrderedId(at);
    expect(id).toMatch(V7);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at.getTime());
  });

  it('sort as text in the order of their times, across a byte boundary of the clock', () => {
    const times = [0, 255, 256, 65_535, 65_536, Date.UTC(2026, 0, 1), Date.UTC(2100, 0, 1)];
    const ids = times.map((t) => timeOrderedId(new Date(t)));
    expect([...ids].sort()).toEqual(ids);
  });

  it('differ for ids made at the same millisecond', () => {
    const at = new Date('2026-03-02T10:00:00Z');
    const ids = new Set(Array.from({ length: 1000 }, () => timeOrderedId(at)));
    expect(ids.size).toBe(1000);
  });

  describe('on filed complaints', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await createHarness();
    });
    afterAll(() => h.close());

    it('a complaint filed later has a greater id', async () => {
      const file = (name: string) =>
        h.submit(customer(name), 'intake.form', {
          description: `${name}'s order never arrived.`,
          category: 'delivery',
          impact: 'normal',
          outcome: 'refund',
        });
      await file('Ana');
      h.clock.advance(60_000);
      await file('Ben');
      const rows = await h.database.db.select().from(complaints).orderBy(asc(complaints.createdAt));
      expect(rows.map((c) => c.customerName)).toEqual(['Ana', 'Ben']);
      expect(rows.every((c) => V7.test(c.id))).toBe(true);
      expect((rows[0]?.id ?? '') < (rows[1]?.id ?? '')).toBe(true);
    });

    it('an intake session started later has a greater id', async () => {
      await h.dm(customer('Cy'), 'My parcel never arrived and nobody answers my emails.');
      h.clock.advance(60_000);
      await h.dm(customer('Di'), 'My parcel never arrived and nobody answers my emails.');
      const rows = await h.database.db.select().from(intakeSessions).orderBy(asc(intakeSessions.createdAt));
      const ids = rows.filter((r) => ['Cy', 'Di'].includes(r.customerName)).map((r) => r.id);
      expect(ids).toHaveLength(2);
      expect(ids.every((id) => V7.test(id))).toBe(true);
      expect((ids[0] ?? '') < (ids[1] ?? '')).toBe(true);
    });
  });
});
