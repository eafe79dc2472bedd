/**
 * Retention: delivered outbox rows, handled platform event ids and handled inbox rows are history nobody reads after a
 * while, and both tables grow with every message. Each hourly tick (under the job lease, so one
 * instance does it) deletes what is older than the retention period in batches, each its own short
 * statement that hands Node back one number (how many it deleted), never the ids. Pending rows
 * stay: they are work. Rows given up (`dead`) are evidence an operator reads and retries
 * (`/hearken outbox`), so they are kept longer (`deadDays`), but not forever: kept forever, every
 * `/metrics` scrape and every listing would count years of them.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';

export interface RetentionOptions {
  /** Keep this many days (`RETENTION_DAYS`). */
  days: number;
  /** Keep outbox rows given up this many days from when they were written (`OUTBOX_DEAD_DAYS`). */
  deadDays: number;
  /** Rows per DELETE: small enough that each statement holds its locks only briefly. */
  batch?: number;
  /** Stop starting batches after this long; the next tick carries on. Under the job lease. */
  budgetMs?: number;
}

export const RETENTION_DEFAULTS = { batch: 5_000, budgetMs: 30_000 } as const;

export interface Pruned {
  outbox: number;
  /** Outbox rows given up (`dead`) written before their own, longer period. */
  outboxDead: number;
  processedEvents: number;
  /** Inbox rows handled (`done`) before the period; failed and pending rows stay. */
  inbox: number;
}

const DAY_MS = 24 * 60 * 60_000;

/**
 * Deletes delivered outbox rows, handled inbox rows and event ids older than `days` before `now`,
 * and outbox rows given up older than `deadDays`.
 */
export async function runRetention(db: Db, now: Date, options: RetentionOptions): Promise<Pruned> {
  const batch = options.batch ?? RETENTION_DEFAULTS.batch;
  const budgetMs = options.budgetMs ?? RETENTION_DEFAULTS.budgetMs;
  // As text: drizzle's postgres.js driver passes raw `sql` parameters through unserialised.
  const before = new Date(now.getTime() - options.days * DAY_MS).toISOString();
  const deadBefore = new Date(now.getTime() - options.deadDays * DAY_MS).toISOString();
  const started = Date.now();
  const inBudget = () => Date.now() - started < budgetMs;
  const outbox = await inBatches(batch, inBudget, () =>
    // Through `outbox_sent_idx`; SKIP LOCKED leaves a row a delivery holds to the next tick.
    count(
      db,
      oldestById('outbox', sql`status = 'sent' and sent_at < ${before}::timestamptz`, 'sent_at', batch),
    ),
  );
  const outboxDead = await inBatches(batch, inBudget, () =>
    // Through `outbox_dead_idx`: by when the row was written, the time `/hearken outbox` shows.
    count(
      db,
      oldestById(
        'outbox',
        sql`status = 'dead' and created_at < ${deadBefore}::timestamptz`,
        'created_at',
        batch,
      ),
    ),
  );
  const processedEvents = await inBatches(batch, inBudget, () =>
    count(
      db,
      // Through `processed_events_at_idx`, then the primary key.
      sql`with doomed as (
            select platform, event_id from processed_events where received_at < ${before}::timestamptz
            order by received_at limit ${batch} for update skip locked),
          gone as (delete from processed_events p using doomed
                   where p.platform = doomed.platform and p.event_id = doomed.event_id returning 1)
          select count(*)::int as n from gone`,
    ),
  );
  const inbox = await inBatches(batch, inBudget, () =>
    // Through `inbox_done_idx`.
    count(
      db,
      oldestById(
        'inbox',
        sql`state = 'done' and processed_at < ${before}::timestamptz`,
        'processed_at',
        batch,
      ),
    ),
  );
  return { outbox, outboxDead, processedEvents, inbox };
}

/**
 * One batch: the oldest `batch` rows of `table` matching `where` (by `oldest`, through the index
 * `where` names), deleted by id; a row another statement holds is left to the next tick.
 */
function oldestById(table: 'outbox' | 'inbox', where: SQL, oldest: string, batch: number): SQL {
  return sql`with doomed as (
      select id from ${sql.identifier(table)} where ${where}
      order by ${sql.identifier(oldest)} limit ${batch} for update skip locked),
    gone as (delete from ${sql.identifier(table)} t using doomed where t.id = doomed.id returning 1)
    select count(*)::int as n from gone`;
}

async function inBatches(batch: number, inBudget: () => boolean, run: () => Promise<number>) {
  let total = 0;
  for (;;) {
    const n = await run();
    total += n;
    if (n < batch || !inBudget()) return total;
  }
}

/** The one number the statement returns; postgres.js answers with rows, PGlite with `{ rows }`. */
async function count(db: Db, statement: SQL): Promise<number> {
  const result: unknown = await db.execute(statement);
  const rows: unknown = Array.isArray(result)
    ? result
    : result && typeof result === 'object' && 'rows' in result
      ? result.rows
      : undefined;
  const first: unknown = Array.isArray(rows) ? rows[0] : undefined;
  return first && typeof first === 'object' && 'n' in first ? Number(first.n) : 0;
}
