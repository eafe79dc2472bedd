/**
 * The inbox's and outbox's statements are built once (src/prepared.ts): a list goes as one array
 * value, so it must reach Postgres item for item whatever the items hold, and a bound null must be
 * SQL NULL as drizzle sends it when given directly.
 */
import { randomUUID } from 'node:crypto';
import { eq, type Query, sql } from 'drizzle-orm';
import type { PreparedQueryConfig } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeSessions, outbox } from '../../db/schema.js';
import { acceptLeasing, leaseDue, orderingKeyOf } from '../../src/inbox/inbox.js';
import type { MessageEvent } from '../../src/messages.js';
import { enqueue } from '../../src/outbox/outbox.js';
import { bind, type Fields, listOf, statement } from '../../src/prepared.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { customer } from '../support/harness.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

/** Keys a platform could send that an array literal must quote or escape. */
const AWKWARD = ['a"b', 'back\\slash', 'com,ma', '{brace}', ' spaced ', 'NULL', '', '客户', "it's"];

function rowsOf(result: unknown): Record<string, unknown>[] {
  if (Array.isArray(result)) return result;
  const rows = (result as { rows?: unknown }).rows;
  return Array.isArray(rows) ? rows : [];
}

describe('statements built once', () => {
  it('sends a list item for item, however its items are spelled', async () => {
    const [row] = rowsOf(await database.db.execute(sql`select ${listOf(AWKWARD)}::text[] as list`));
    expect(row?.list).toEqual(AWKWARD);
  });

  it('skips a busy customer whose id needs quoting, and leases the others', async () => {
    const now = new Date('2026-01-01T12:00:00Z');
    const events = ['x"y,z', 'plain'].map(
      (name): MessageEvent => ({
        kind: 'message',
        id: `sandbox:${randomUUID()}`,
        actor: customer(name),
        place: { kind: 'dm' },
        text: 'hello',
      }),
    );
    for (const event of events) await acceptLeasing(database.db, event, now, undefined);
    const [awkward, plain] = events.map(orderingKeyOf);

    const leased = await leaseDue(database.db, {
      now,
      limit: 8,
      leaseMs: 60_000,
      busy: [awkward ?? ''],
      platforms: ['sandbox'],
    });

    expect(leased.map((row) => row.orderingKey)).toEqual([plain]);
  });

  it("returns the rows drizzle's own prepared query maps: dates, JSON, nulls, nested and sql fields", async () => {
    const id = randomUUID();
    await database.db.insert(intakeSessions).values({
      id,
      tenantId: 'sandbox:prepared',
      platform: 'sandbox',
      customerId: 'sandbox:prepared:u1',
      customerName: 'Ann',
      step: 'describe',
      history: ['describe'],
      answers: { description: 'late', asked: { describe: 2 } },
      locale: 'en',
      lastActivityAt: new Date('2026-01-01T12:00:00.123Z'),
    });
    const fields = {
      session: {
        id: intakeSessions.id,
        answers: intakeSessions.answers,
        history: intakeSessions.history,
        remindedAt: intakeSessions.remindedAt,
        lastActivityAt: intakeSessions.lastActivityAt,
      },
      later: sql<Date>`${intakeSessions.lastActivityAt} + interval '1 hour'`.mapWith(
        intakeSessions.lastActivityAt,
      ),
      steps: sql<number>`jsonb_array_length(${intakeSessions.history})`,
      none: sql<string | null>`null::text`,
    } satisfies Fields;
    const make = (q: typeof database.db) =>
      q
        .select(fields)
        .from(intakeSessions)
        .where(eq(intakeSessions.id, sql.placeholder('id')));
    const read = statement<Record<string, unknown>, { id: string }>(make, fields);

    const rows = await read(database.db, { id });
    const query: Query = make(database.db).toSQL();
    const drizzles = await database.db._.session
      .prepareQuery<PreparedQueryConfig & { execute: unknown[] }>(
        query,
        Object.entries(fields).flatMap(([key, field]) =>
          key === 'session'
            ? Object.entries(field).map(([inner, column]) => ({ path: [key, inner], field: column }))
            : [{ path: [key], field }],
        ),
        undefined,
        true,
      )
      .execute({ id });

    expect(rows).toEqual(drizzles);
    expect(rows[0]?.session).toMatchObject({
      answers: { description: 'late', asked: { describe: 2 } },
      remindedAt: null,
      lastActivityAt: new Date('2026-01-01T12:00:00.123Z'),
    });
    expect(rows[0]?.later).toEqual(new Date('2026-01-01T13:00:00.123Z'));
  });

  it('fails a statement whose value is missing, and wraps a refused one as drizzle does', async () => {
    const read = statement<{ id: number }, Record<string, unknown>>(
      (q) =>
        q
          .select({ id: outbox.id })
          .from(outbox)
          .where(eq(outbox.id, sql.placeholder('id'))),
      { id: outbox.id },
    );
    await expect(read(database.db, {})).rejects.toThrow('No value for placeholder "id" was provided');
    await expect(read(database.db, { id: 'not a number' })).rejects.toThrow(/^Failed query: /);
  });

  it('binds a null as SQL NULL, not as the JSON null or a failed date', async () => {
    const key = `prepared:${randomUUID()}`;
    await enqueue(database.db, {
      key,
      tenantId: 'sandbox:prepared',
      platform: 'sandbox',
      target: { kind: 'channel', channelId: 'C1' },
      message: { text: 'hi' },
      purpose: 'digest',
    });
    const clear = statement<{ id: number }, { key: string; ref: null; at: null }>(
      (q) =>
        q
          .update(outbox)
          .set({ resultRef: bind('ref', outbox.resultRef), sentAt: bind('at', outbox.sentAt) })
          .where(eq(outbox.idempotencyKey, sql.placeholder('key')))
          .returning({ id: outbox.id }),
      { id: outbox.id },
    );

    const [cleared] = await clear(database.db, { key, ref: null, at: null });
    const [row] = rowsOf(
      await database.db.execute(
        sql`select result_ref is null as "refNull", sent_at is null as "atNull" from outbox where id = ${cleared?.id}`,
      ),
    );

    expect(row).toEqual({ refNull: true, atNull: true });
  });
});
