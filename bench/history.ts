/**
 * Queries that must not grow with history, measured with EXPLAIN (ANALYZE, BUFFERS) on a database
 * seeded with `total` complaints (bench/scale.ts `seed`: one every 63 s, so 1,000,000 are two years
 * of a busy tenant and 100,000 its last 73 days) plus the history they leave behind: one completed
 * intake session per complaint and an expired one for every tenth, a delivered card per complaint
 * in the outbox (one in 200 given up), one handled platform event id per complaint.
 *
 * Only the history grows with `total`; today's traffic is the same at every size. `seed` files 2 %
 * of all complaints as open in the last five minutes (the SLA sweep's steady state), which here
 * would be current traffic growing with history: at 1,000,000, 20,000 complaints (and their
 * intake sessions) in the last five minutes against 2,000 at 100,000, and 26,477 intake sessions
 * in the metrics' last-24-hours window against 3,977. So the open ones beyond a fixed backlog
 * (`OPEN_BACKLOG`, what 100,000 leaves) are put back at their own time in the two years and
 * resolved, like the history around them, before the sessions and the outbox are derived.
 *
 * The statements are the ones the app sends, captured from the real functions through drizzle's
 * query logger (so the bench cannot drift from the code), then explained with their parameters.
 */
import { drizzle } from 'drizzle-orm/postgres-js';
import type { Database, Db } from '../db/client.js';
import * as schema from '../db/schema.js';
import { byCardMessage } from '../src/complaints/repo.js';
import { resumableSession } from '../src/intake/session.js';
import { Metrics } from '../src/metrics.js';
import { type Figure, figure, ms, now, type ThrowawayDatabase, throwawayDatabase } from './lib.js';
import { NOW, seed } from './scale.js';

/** Open complaints at every size: the backlog 100,000 complaints' 2 % leaves. */
export const OPEN_BACKLOG = 2_000;

export async function seedHistory(db: ThrowawayDatabase, backlog = OPEN_BACKLOG): Promise<void> {
  // `seed` names complaint g 'Customer g' and files it at NOW - g × 63 s before re-dating the open.
  await db.sql.unsafe(`
    update complaints set status = 'resolved', created_at = s.at, updated_at = s.at + interval '1 day',
      first_response_due = s.at + interval '24 hours', resolution_due = s.at + interval '7 days',
      first_responded_at = s.at + interval '2 hours', resolved_at = s.at + interval '1 day',
      resolution_count = 1
    from (select id as old_id,
            timestamptz '${NOW.toISOString()}' - substr(customer_name, 10)::int * interval '63 seconds' as at
          from (select id, customer_name,
                  row_number() over (order by substr(customer_name, 10)::int) as newest
                from complaints where status = 'open') o
          where newest > ${backlog}) s
    where id = s.old_id`);
  await db.sql.unsafe(`
    update complaints set card_ref = jsonb_build_object('platform', 'slack', 'channelId', 'C0STAFF',
      'messageId', '1700000000.' || lpad(substr(code, 3), 6, '0') || substr(tenant_id, 7))`);
  await db.sql.unsafe(`
    insert into intake_sessions (tenant_id, platform, customer_id, customer_name, status, step, locale,
      complaint_id, last_activity_at, created_at, updated_at)
    select tenant_id, 'slack', customer_id, customer_name, 'completed', 'confirm', 'en', id, created_at,
      created_at, created_at from complaints`);
  await db.sql.unsafe(`
    insert into intake_sessions (tenant_id, platform, customer_id, customer_name, status, step, locale,
      answers, last_activity_at, created_at, updated_at)
    select tenant_id, 'slack', customer_id, customer_name, 'expired', 'category', 'en',
      '{"description":"It broke"}', created_at - interval '1 hour', created_at - interval '1 hour',
      created_at - interval '1 hour'
    from complaints where code::text like '%0'`);
  await db.sql.unsafe(`
    insert into outbox (idempotency_key, tenant_id, platform, kind, target, message, complaint_id, purpose,
      status, attempts, next_attempt_at, created_at, sent_at, last_error)
    select 'card:' || id, tenant_id, 'slack', 'send', '{"kind":"staff_channel"}', '{"text":""}', id, 'card',
      case when random() < 0.005 then 'dead' else 'sent' end, 1, created_at, created_at, created_at, null
    from complaints`);
  await db.sql.unsafe(`
    insert into processed_events (platform, event_id, received_at)
    select 'slack', 'Ev' || id, created_at from complaints`);
  await db.sql.unsafe('vacuum analyze');
}

interface Captured {
  query: string;
  params: unknown[];
}

/** A drizzle client on the bench's pool that records every statement it sends. */
function capturing(db: ThrowawayDatabase): { db: Db; taken: Captured[] } {
  const taken: Captured[] = [];
  const logger = { logQuery: (query: string, params: unknown[]) => void taken.push({ query, params }) };
  return { db: drizzle(db.sql, { schema, logger }) as unknown as Db, taken };
}

/** EXPLAIN (ANALYZE, BUFFERS) of a captured statement: its plan's key lines and the execution time. */
async function explain(db: ThrowawayDatabase, statement: Captured) {
  let best = Number.POSITIVE_INFINITY;
  let lines: string[] = [];
  // Warm: best of three, so a cold cache on the first run does not count.
  for (let i = 0; i < 3; i += 1) {
    const rows = await db.sql.unsafe(
      `explain (analyze, buffers, costs off) ${statement.query}`,
      statement.params as never[],
    );
    const plan = rows.map((r) => String(r['QUERY PLAN']));
    const time = Number(plan.find((l) => l.startsWith('Execution Time'))?.match(/[\d.]+/)?.[0]);
    if (time < best) {
      best = time;
      lines = plan;
    }
  }
  // Buffers: pages read, a count that the shared machine's noise does not move.
  const key = lines.filter((l) => /Scan|Execution Time|Rows Removed|Index Cond|Filter:|Buffers:/.test(l));
  return { ms: best, plan: key.map((l) => l.trim()) };
}

export const HISTORY_QUERIES = [
  'resumableSession',
  'byCardMessage',
  'metrics intake count',
  'metrics outbox dead count',
] as const;

/** The four statements as the app sends them, captured from the real functions. */
async function statements(
  db: ThrowawayDatabase,
): Promise<Record<(typeof HISTORY_QUERIES)[number], Captured>> {
  const { db: drizzleDb, taken } = capturing(db);
  const pick = (match: RegExp) => {
    const found = taken.find((t) => match.test(t.query));
    if (!found) throw new Error(`no captured statement matches ${match}`);
    return found;
  };
  const customer = 'slack:T1:U20';
  await resumableSession(drizzleDb, 'slack:T1', customer, new Date(NOW.getTime() - 7 * 24 * 3600_000));
  const resumable = pick(/"intake_sessions"/);
  taken.length = 0;
  await byCardMessage(drizzleDb, 'slack:T1', '1700000000.001001T1');
  const card = pick(/card_ref/);
  taken.length = 0;
  const database = { db: drizzleDb } as unknown as Database;
  await new Metrics({ database, clock: { now: () => NOW }, processMetrics: false }).scrape();
  return {
    resumableSession: resumable,
    byCardMessage: card,
    'metrics intake count': pick(/from "intake_sessions"/),
    'metrics outbox dead count': pick(/'dead'/),
  };
}

/** Seeds `sizes` in turn (one database each) and explains the four queries at every size. */
export async function benchHistory(options: { sizes: number[] }): Promise<Figure[]> {
  const results: { size: number; plans: Record<string, { ms: number; plan: string[] }> }[] = [];
  for (const size of options.sizes) {
    const db = await throwawayDatabase(4);
    try {
      const started = now();
      await seed(db, size);
      await seedHistory(db);
      console.log(`seeded ${size} complaints with their history in ${Math.round(ms(started) / 1000)} s`);
      const plans: Record<string, { ms: number; plan: string[] }> = {};
      for (const [name, statement] of Object.entries(await statements(db))) {
        plans[name] = await explain(db, statement);
        console.log(
          `EXPLAIN ANALYZE ${name} at ${label(size)}: ${plans[name].ms} ms\n  ${plans[name].plan.join('\n  ')}`,
        );
      }
      results.push({ size, plans });
    } finally {
      await db.drop();
    }
  }
  const [small, large] = [results[0], results.at(-1)];
  if (!small || !large) return [];
  return HISTORY_QUERIES.map((name) =>
    figure(
      `${name} on ${label(large.size)} complaints`,
      large.plans[name]?.ms ?? Number.NaN,
      'ms',
      { name: `the same on ${label(small.size)}`, value: small.plans[name]?.ms ?? Number.NaN },
      { plans: Object.fromEntries(results.map((r) => [label(r.size), r.plans[name]])) },
    ),
  );
}

const label = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);
