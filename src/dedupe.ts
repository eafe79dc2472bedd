/**
 * Dropping retried platform deliveries. Slack retries an event three times over about five
 * minutes when we are slow to ack; Discord can redeliver a gateway dispatch after a resume. The
 * id is recorded in the same transaction as the work it triggers, so a crash before commit lets
 * the retry through and a commit makes every later copy a no-op. Ids are kept `RETENTION_DAYS`
 * (default 30; pruned by src/jobs/retention.ts): far longer than any platform's retry window.
 */

import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { processedEvents } from '../db/schema.js';
import type { Platform } from './domain/index.js';

/**
 * True the first time an id is seen; false for every later delivery of it.
 *
 * A copy arriving while the first is still being handled (two instances on one token receive
 * the same interaction) must learn it is a copy at once, not after the first transaction commits:
 * Discord's adapter acknowledges an interaction after ~1.5 s, and a copy that acknowledged first
 * would make the owner's real answer fail. So a transaction-scoped advisory lock on the id is
 * tried first, without waiting: held by another transaction means a copy in flight. Inside a
 * transaction the lock lasts until its commit, when the row below makes later copies no-ops.
 */
export async function firstDelivery(
  q: Queryable,
  platform: Platform,
  eventId: string,
  now: Date,
): Promise<boolean> {
  const key = `${platform}:${eventId}`;
  // Two 32-bit hashes of the id make one 64-bit lock key, so two different events in flight at
  // once practically never share a lock (which would drop the second as a copy).
  const locked: unknown = await q.execute(
    sql`select pg_try_advisory_xact_lock(hashtext(${key}), hashtext(${`dedupe:${key}`})) as "mine"`,
  );
  if (!ownsLock(locked)) return false;
  const inserted = await q
    .insert(processedEvents)
    .values({ platform, eventId, receivedAt: now })
    .onConflictDoNothing()
    .returning({ eventId: processedEvents.eventId });
  return inserted.length > 0;
}

/** Reads the lock answer from either driver's result (postgres.js: an array; PGlite: `rows`). */
function ownsLock(result: unknown): boolean {
  const rows = Array.isArray(result)
    ? result
    : typeof result === 'object' && result !== null && 'rows' in result && Array.isArray(result.rows)
      ? result.rows
      : [];
  const first: unknown = rows[0];
  return typeof first === 'object' && first !== null && 'mine' in first && first.mine === true;
}
