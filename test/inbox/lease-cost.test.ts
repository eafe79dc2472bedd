/**
 * What one lease costs Postgres, read from its plan (EXPLAIN ANALYZE, BUFFERS), not a clock: the
 * index and table pages it touches stay the same when the backlog grows fourfold, whether the
 * backlog is one customer's many messages or many customers' one message each.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaseStatement } from '../../src/inbox/inbox.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

const now = new Date('2026-01-01T12:00:00Z');
const LEASE_MS = 60_000;

/** `rows` pending messages spread over `customers` (received in turn, oldest first). */
async function seed(customers: number, rows: number): Promise<void> {
  await database.db.execute(sql`delete from inbox`);
  await database.db.execute(
    sql`insert into inbox (platform, dedupe_key, ordering_key, event, received_at, next_attempt_at)
        select 'sandbox', 'sandbox:' || g, 'sandbox:U' || lpad((g % ${customers})::text, 6, '0'),
               '{}'::jsonb, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
        from generate_series(1, ${rows}) g`,
  );
  // The last seed's rows gone from the indexes too, as autovacuum leaves a live inbox.
  await database.db.execute(sql`vacuum analyze inbox`);
}

interface PlanNode {
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

/** postgres.js answers an array of rows, PGlite an object holding them. */
function rowsOf(result: unknown): Record<string, unknown>[] {
  if (Array.isArray(result)) return result;
  if (typeof result === 'object' && result !== null && 'rows' in result && Array.isArray(result.rows))
    return result.rows;
  return [];
}

/** Inbox rows the plan's scans read (returned or filtered out), over every loop. */
function examined(node: PlanNode): number {
  const own =
    node['Relation Name'] === 'inbox'
      ? ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * (node['Actual Loops'] ?? 1)
      : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + examined(child), 0);
}

/**
 * One lease of `limit` rows, EXPLAINed as it runs: inbox rows its scans read, pages its reading
 * touched (the UPDATE's own writes left out: they follow the rows leased), rows leased after it.
 */
async function leaseCost(
  limit: number,
  busy: string[] = [],
): Promise<{ examined: number; pages: number; leased: number }> {
  const statement = leaseStatement(database.db, {
    now,
    limit,
    leaseMs: LEASE_MS,
    busy,
    platforms: ['sandbox'],
  });
  const [explained] = rowsOf(
    await database.db.execute(sql`explain (analyze, buffers, format json) ${statement.getSQL()}`),
  );
  const cell = Object.values(explained ?? {})[0];
  const [top] = (typeof cell === 'string' ? JSON.parse(cell) : cell) as { Plan: PlanNode }[];
  const reading = top?.Plan.Plans?.[0] ?? {};
  const [count] = rowsOf(
    await database.db.execute(sql`select count(*)::int as n from inbox where locked_until is not null`),
  );
  return {
    examined: examined(reading),
    pages: (reading['Shared Hit Blocks'] ?? 0) + (reading['Shared Read Blocks'] ?? 0),
    leased: Number(count?.n),
  };
}

describe('one lease', () => {
  it('reads as much for one customer with 4,000 waiting messages as with 1,000', async () => {
    const costs = [];
    for (const rows of [1_000, 4_000]) {
      await seed(1, rows);
      const first = await leaseCost(8);
      // Their first message in hand: the next lease finds nothing, and must not read the rest to know.
      const inHand = await leaseCost(8);
      costs.push({ first, inHand });
    }
    const [small, large] = costs;
    expect([small?.first.leased, large?.first.leased, large?.inHand.leased]).toEqual([1, 1, 1]);
    expect(large?.first.examined).toBe(small?.first.examined);
    expect(large?.inHand.examined).toBe(small?.inHand.examined);
    expect(large?.inHand.examined).toBeLessThan(10);
    // Pages: one more level of an index may be crossed per probe, no more.
    expect(large?.inHand.pages).toBeLessThanOrEqual((small?.inHand.pages ?? 0) + 4);
  });

  it('reads as much for 4,000 customers with one message each as for 1,000', async () => {
    const costs = [];
    for (const rows of [1_000, 4_000]) {
      await seed(rows, rows);
      costs.push(await leaseCost(8, ['sandbox:U000000']));
    }
    const [small, large] = costs;
    expect([small?.leased, large?.leased]).toEqual([8, 8]);
    expect(large?.examined).toBe(small?.examined);
    expect(large?.examined).toBeLessThan(40);
    expect(large?.pages).toBeLessThanOrEqual((small?.pages ?? 0) + 20);
  });
});
