/**
 * Dropping retried platform deliveries. Slack retries an event three times over about five
 * minutes when we are slow to ack; Discord can redeliver a gateway dispatch after a resume. The
 * id is recorded in the same transaction as the work it triggers, so a crash before commit lets
 * the retry through and a commit makes every later copy a no-op. Ids are kept `RETENTION_DAYS`
 * (default 30; pruned by src/jobs/retention.ts): far longer than any platform's retry window.
 *
 * An event from the durable inbox is not recorded here: its inbox row is its record (see
 * `claimRow` in src/inbox/inbox.ts), and only DMs go there (`takesInbox`), never here.
 */

import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Queryable } from '../db/client.js';
import type { Platform } from './domain/index.js';
import { statement } from './prepared.js';

/** What one claiming statement answered: whether the event is ours, and the extra columns asked. */
export interface Claimed {
  first: boolean;
  /** The extra columns asked for (`also`), by name, as the driver returned them. */
  also: Record<string, unknown>;
}

/**
 * An extra column a claiming statement reads in the same round trip (whether the customer is
 * blocked, whether their messages wait): its SQL, with `sql.placeholder`s for `values`. The SQL is
 * a module's constant, so the statement that holds it is built once, as every other on the hot path.
 */
export interface AlsoColumn {
  sql: SQL;
  values: Record<string, unknown>;
}

type Run = (q: Queryable, values: Record<string, unknown>) => Promise<unknown>;

/** Renders SQL with placeholders for `statement` (the text does not depend on the driver). */
const dialect = new PgDialect();

/**
 * A claiming statement built once per set of extra columns (their names and SQL), instead of its
 * text being rendered by drizzle on every event (2 % of an intake step's Node CPU, for the clicks).
 * `head(extra)` is the statement with `extra` (`, (<column>) as "<name>"` for each) at the end of
 * its select list; the statement returns the driver's rows, for `claimedFrom`.
 */
export function claimingStatement(head: (extra: SQL) => SQL): (also: Record<string, AlsoColumn>) => Run {
  const built = new Map<string, { parts: SQL[]; run: Run }>();
  return (also) => {
    const names = Object.keys(also);
    const parts = names.map((name) => also[name]!.sql);
    const key = names.join('\u0000');
    const known = built.get(key);
    if (known?.parts.every((part, i) => part === parts[i])) return known.run;
    const extra = sql.join(names.map((name, i) => sql`, (${parts[i]}) as ${sql.identifier(name)}`));
    const query = dialect.sqlToQuery(head(extra));
    const run = statement<unknown, Record<string, unknown>>(() => ({ toSQL: () => query }), undefined);
    built.set(key, { parts, run });
    return run;
  };
}

/** The values of `also`'s columns, for the statement `claimingStatement` built for them. */
export function valuesOf(also: Record<string, AlsoColumn>): Record<string, unknown> {
  return Object.assign({}, ...Object.values(also).map((column) => column.values));
}

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
  return (await claimDelivery(q, platform, eventId, now)).first;
}

/**
 * `firstDelivery` in one statement, with `also`'s columns read in it too (what the event's
 * transaction reads first anyway: whether the customer is blocked, whether messages wait): one
 * round trip where there were three. The insert runs only when the lock was taken, as before.
 */
export async function claimDelivery(
  q: Queryable,
  platform: Platform,
  eventId: string,
  now: Date,
  also: Record<string, AlsoColumn> = {},
): Promise<Claimed> {
  const key = `${platform}:${eventId}`;
  const result = await claimStatement(also)(q, {
    ...valuesOf(also),
    lockKey: key,
    lockSalt: `dedupe:${key}`,
    platform,
    eventId,
    receivedAt: now.toISOString(),
  });
  return claimedFrom(result);
}

// Two 32-bit hashes of the id make one 64-bit lock key, so two different events in flight at
// once practically never share a lock (which would drop the second as a copy). A CTE calling a
// volatile function is never folded into the query: the lock is tried exactly once.
const claimStatement = claimingStatement(
  (extra) => sql`with lock as (
        select pg_try_advisory_xact_lock(hashtext(${sql.placeholder('lockKey')}),
          hashtext(${sql.placeholder('lockSalt')})) as mine),
      recorded as (
        insert into processed_events (platform, event_id, received_at)
        select ${sql.placeholder('platform')}, ${sql.placeholder('eventId')},
          ${sql.placeholder('receivedAt')}::timestamptz
        from lock where lock.mine
        on conflict do nothing returning 1)
      select exists (select 1 from recorded) as "first"${extra}`,
);

/** Reads a one-row claiming answer from either driver's result (postgres.js: an array; PGlite: `rows`). */
export function claimedFrom(result: unknown): Claimed {
  const rows = Array.isArray(result)
    ? result
    : typeof result === 'object' && result !== null && 'rows' in result && Array.isArray(result.rows)
      ? result.rows
      : [];
  const first: unknown = rows[0];
  if (typeof first !== 'object' || first === null) return { first: false, also: {} };
  const also: Record<string, unknown> = { ...first };
  return { first: 'first' in first && first.first === true, also };
}
