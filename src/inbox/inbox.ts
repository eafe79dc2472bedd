/**
 * The durable inbox: a customer message is one INSERT here before the platform is told "got it",
 * and workers (`worker.ts`) lease the rows to run the core on them. The database is the queue:
 * `FOR UPDATE SKIP LOCKED` lets several instances share it; a lease that runs out (its worker
 * died) makes the row due again; one `ordering_key` (one customer) is handled oldest first, one
 * row at a time.
 */
import { and, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { inbox } from '../../db/schema.js';
import { type AlsoColumn, claimedFrom, claimingStatement, valuesOf } from '../dedupe.js';
import type { InboundEvent, Platform } from '../messages.js';
import { bind, listOf, statement } from '../prepared.js';
import { storable } from '../text.js';
import { INBOX_CHANNEL, noticeText, type Telling } from './notices.js';

export type InboxRow = typeof inbox.$inferSelect;

/** What `accept` did: stored the event now, or found it stored before (a redelivery). */
export type AcceptOutcome = 'accepted' | 'duplicate';

/** The key rows are ordered by: one customer's messages, across their conversations. */
export function orderingKeyOf(event: InboundEvent): string {
  return event.actor.userId;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * True when Postgres refused the data itself (SQLSTATE class 22, data exception): storing it again
 * cannot succeed, unlike a connection that is down.
 */
export function refusedAsData(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if ('code' in e && typeof e.code === 'string' && /^22[0-9A-Z]{3}$/.test(e.code)) return true;
    e = 'cause' in e ? e.cause : undefined;
  }
  return false;
}

/** One INSERT of the event; the platform's delivery id drops a second copy. */
export async function accept(q: Queryable, event: InboundEvent, now: Date): Promise<AcceptOutcome> {
  return (await acceptLeasing(q, event, now, undefined)).outcome;
}

/** What the accept INSERT stores: the same for a leased and an unleased row. */
const acceptColumns = {
  platform: bind('platform', inbox.platform),
  dedupeKey: bind('dedupeKey', inbox.dedupeKey),
  orderingKey: bind('orderingKey', inbox.orderingKey),
  // The event's JSON text, made once by `acceptLeasing` (a jsonb column's encoder would make it again).
  event: sql`${sql.placeholder('event')}::jsonb`,
  receivedAt: bind('now', inbox.receivedAt),
  nextAttemptAt: bind('now', inbox.nextAttemptAt),
};

interface AcceptValues extends Record<string, unknown> {
  platform: Platform;
  dedupeKey: string;
  orderingKey: string;
  event: string;
  now: Date;
  /** `noticeText` of the row: sent on `INBOX_CHANNEL` only when the row is stored unleased and `tell`. */
  notice: string;
  tell: boolean;
}

/**
 * Notifies `INBOX_CHANNEL` (delivered at commit) when the INSERT stored its row unleased and was
 * asked to `tell`, as part of its RETURNING, evaluated once per row stored: never for a duplicate
 * (no row) nor for a row leased as it was stored. A commit that notified holds Postgres's
 * notification queue lock until it is durable, so notifying commits go one at a time across the
 * server: the pool asks one accept at a time to tell (see `InboxWorker.offer`). True when it
 * notified.
 */
const told = sql<boolean>`(case when ${inbox.lockedUntil} is null and ${sql.placeholder('tell')}::boolean then pg_notify(${sql.raw(`'${INBOX_CHANNEL}'`)}, ${sql.placeholder('notice')}) end) is not null`;

/** Only what the database decided comes back: the event itself is in hand already. */
const acceptReturns = { id: inbox.id, attempts: inbox.attempts, lockedUntil: inbox.lockedUntil, told };

type Accepted = { id: number; attempts: number; lockedUntil: Date | null; told: boolean };

const acceptStatement = (columns: { lockedUntil?: SQL; attempts?: SQL }) =>
  statement<Accepted, AcceptValues & { leaseUntil?: Date }>(
    (q) =>
      q
        .insert(inbox)
        .values({ ...acceptColumns, ...columns })
        .onConflictDoNothing({ target: [inbox.platform, inbox.dedupeKey] })
        .returning(acceptReturns),
    acceptReturns,
  );

// The same rule `leaseDue` keeps: a key's row runs only when no older row of it is pending.
const waits = sql`exists (select 1 from ${inbox} where ${inbox.orderingKey} = ${bind('orderingKey', inbox.orderingKey)} and ${inbox.state} = 'pending')`;

const insertPlain = acceptStatement({});
const insertLeasing = acceptStatement({
  lockedUntil: sql`case when ${waits} then null else ${bind('leaseUntil', inbox.lockedUntil)}::timestamptz end`,
  attempts: sql`case when ${waits} then 0 else 1 end`,
});

/**
 * `accept`, and with `leaseUntil` the row comes back already leased until then when it is the
 * first pending row of its ordering key (checked in the same INSERT): the accepting instance runs
 * it at once, with no lease statement of its own. Otherwise it is stored unleased, for `leaseDue`,
 * and (when `telling.tell`) the same statement notifies `INBOX_CHANNEL` so pools on other
 * instances look now. `told`: it did. `asGiven`: the leased row's event is `event` as given (no text
 * in it had to change to be stored), `raw` left out.
 */
export async function acceptLeasing(
  q: Queryable,
  event: InboundEvent,
  now: Date,
  leaseUntil: Date | undefined,
  telling: Telling = { from: '', tell: true },
): Promise<{ outcome: AcceptOutcome; leased?: InboxRow; told?: boolean; asGiven?: boolean }> {
  const { raw: _raw, ...rest } = event;
  // jsonb refuses NUL and lone surrogates; the core cleans text of both anyway (src/text.ts).
  let altered = false;
  const json = JSON.stringify(rest, (_key, value: unknown) => {
    if (typeof value !== 'string') return value;
    const kept = storable(value);
    if (kept !== value) altered = true;
    return kept;
  });
  const orderingKey = orderingKeyOf(event);
  const values: AcceptValues = {
    platform: event.actor.platform,
    dedupeKey: event.id,
    orderingKey,
    event: json,
    now,
    notice: noticeText({ from: telling.from, platform: event.actor.platform, orderingKey }),
    tell: telling.tell,
  };
  const [row] = leaseUntil ? await insertLeasing(q, { ...values, leaseUntil }) : await insertPlain(q, values);
  if (!row) return { outcome: 'duplicate' };
  const { told, ...decided } = row;
  if (!decided.lockedUntil) return { outcome: 'accepted', told };
  const stored: unknown = JSON.parse(json);
  const leased: InboxRow = {
    platform: values.platform,
    dedupeKey: values.dedupeKey,
    orderingKey: values.orderingKey,
    event: isRecord(stored) ? stored : {},
    receivedAt: now,
    nextAttemptAt: now,
    ...decided,
    state: 'pending',
    lastError: null,
    processedAt: null,
  };
  return { outcome: 'accepted', leased, asGiven: !altered };
}

/**
 * Keys a lease looks at, at most, before it stops: each costs one probe of `inbox_pending_idx`.
 * Only keys whose first row cannot go now (leased elsewhere, in hand here, backing off, another
 * platform's) make a walk this long; a walk that stops here resumes from the same place next time.
 */
export const LEASE_WALK_KEYS = 1_000;

/**
 * Leases up to `limit` rows that are due and first of their ordering key (no older pending row of
 * the same key), skipping keys in `busy` (this instance is still finishing one of theirs) and,
 * when `platforms` is given, rows of platforms this instance cannot answer on.
 *
 * Its cost follows `limit`, not the backlog: it walks the pending keys in key order through
 * `inbox_pending_idx`, one probe per key for the key's first row, and stops once `limit` of them
 * can go. One customer with 10,000 waiting rows is one probe; 10,000 customers with one row each
 * are `limit` probes. (A NOT EXISTS over earlier rows, or a walk in due order that checks each
 * row for an older one, reads every waiting row of a customer whose first row is in hand.) The
 * walk starts after `after` (the last key this pool leased) and wraps around, so customers take
 * turns; each one's rows still go oldest first, one at a time.
 */
export async function leaseDue(q: Queryable, lease: Lease): Promise<InboxRow[]> {
  if (lease.platforms?.length === 0 || lease.limit <= 0) return [];
  const rows = await (lease.platforms ? leaseOnPlatforms : leaseAnyPlatform)(q, leaseValues(lease));
  return rows.sort((a, b) => a.id - b.id);
}

/** What a lease asks for (see `leaseDue`). */
export interface Lease {
  now: Date;
  limit: number;
  leaseMs: number;
  /** Keys this pool has in hand (or is storing a row of): skipped. */
  busy: readonly string[];
  /** The platforms this instance answers on; all when absent. */
  platforms?: readonly Platform[] | undefined;
  /** The last key this pool leased: the walk starts after it. */
  after?: string;
}

/** The lease statement's values, by name: lists as Postgres array literals, so its text is fixed. */
function leaseValues({ now, limit, leaseMs, busy, platforms, after = '' }: Lease): Record<string, unknown> {
  return {
    now: now.toISOString(),
    until: new Date(now.getTime() + leaseMs).toISOString(),
    limit,
    walk: LEASE_WALK_KEYS,
    busy: listOf(busy),
    platforms: listOf(platforms ?? []),
    after,
  };
}

const inboxColumns = getTableColumns(inbox);

/** `leaseDue`'s one statement, with `value(name)` for each of `leaseValues`' values. */
function leaseQuery(q: Queryable, value: (name: string) => SQL, onPlatforms: boolean) {
  const at = sql`${value('now')}::timestamptz`;
  const limit = sql`${value('limit')}::int`;
  // A key's first row can go: due, not leased, not in hand here, on a platform this pool answers.
  const free = (t: SQL) =>
    sql.join(
      [
        sql`${t}.next_attempt_at <= ${at}`,
        sql`(${t}.locked_until is null or ${t}.locked_until <= ${at})`,
        sql`${t}.ordering_key <> all (${value('busy')}::text[])`,
        ...(onPlatforms ? [sql`${t}.platform = any (${value('platforms')}::text[])`] : []),
      ],
      sql` and `,
    );
  // First rows of the keys in a range, in key order, until `limit` can go or the walk is long enough.
  const walk = (name: string, range: (t: SQL) => SQL) => {
    const t = sql.raw('f');
    const head = (above: SQL) =>
      sql`select f.ordering_key, f.id, (${free(t)})::int as ok from inbox f
          where f.state = 'pending' and ${above} and ${range(t)} order by f.ordering_key, f.id limit 1`;
    const w = sql.raw(name);
    return sql`${w}(ordering_key, id, ok, seen, found) as (
        (select h.ordering_key, h.id, h.ok, 1, h.ok from (${head(sql`true`)}) h)
        union all
        (select n.ordering_key, n.id, n.ok, ${w}.seen + 1, ${w}.found + n.ok
         from ${w}, lateral (${head(sql`f.ordering_key > ${w}.ordering_key`)}) n
         where ${w}.found < ${limit} and ${w}.seen < ${value('walk')}::int))`;
  };
  const after = sql`${value('after')}::text`;
  const picked = sql`(with recursive
      ${walk('later', (t) => sql`${t}.ordering_key > ${after}`)},
      ${walk('wrapped', (t) => sql`${t}.ordering_key <= ${after}`)},
      heads as (select id, 0 as turn, ordering_key from later where ok = 1
                union all select id, 1, ordering_key from wrapped where ok = 1)
    select i.id from inbox i join heads on heads.id = i.id
    where i.state = 'pending' and ${free(sql.raw('i'))}
    order by heads.turn, heads.ordering_key limit ${limit}
    for update of i skip locked)`;
  return q
    .update(inbox)
    .set({ lockedUntil: sql`${value('until')}::timestamptz`, attempts: sql`${inbox.attempts} + 1` })
    .where(sql`${inbox.id} in ${picked}`)
    .returning(inboxColumns);
}

const named = (name: string): SQL => sql`${sql.placeholder(name)}`;
const leaseOnPlatforms = statement<InboxRow, Record<string, unknown>>(
  (q) => leaseQuery(q, named, true),
  inboxColumns,
);
const leaseAnyPlatform = statement<InboxRow, Record<string, unknown>>(
  (q) => leaseQuery(q, named, false),
  inboxColumns,
);

/** `leaseDue`'s one statement with the lease's values in it, unsent (a test EXPLAINs it). */
export function leaseStatement(q: Queryable, lease: Lease) {
  const values = leaseValues(lease);
  return leaseQuery(q, (name) => sql`${values[name]}`, lease.platforms !== undefined);
}

/** Where the next `leaseDue` after `after` starts: the last key of `rows` in walking order. */
export function walkedTo(after: string, rows: readonly Pick<InboxRow, 'orderingKey'>[]): string {
  const keys = rows.map((row) => row.orderingKey);
  const wrapped = keys.filter((key) => key <= after);
  const later = keys.filter((key) => key > after);
  const last = (list: string[]) => list.sort().at(-1);
  return last(wrapped) ?? last(later) ?? after;
}

/** What `claimRow` answered. */
export interface RowClaim {
  /** The row was still pending under this lease and is now marked done (in this transaction). */
  mine: boolean;
  /** A later row of the same ordering key is pending: the pool should look for it now. */
  more: boolean;
  /** The extra columns asked for, by name. */
  also: Record<string, unknown>;
}

/**
 * The first statement of a row's work transaction: marks the row done if it is still pending
 * under the lease this run holds (`attempts` counts leases), which also locks it until commit.
 * The inbox row is the event's dedupe record (one per platform delivery id), so a second run
 * (a lease that ran out under a slow worker) either waits on this row lock and then finds the
 * row done, or finds its lease taken over: `mine` is false and it does nothing. A failed run
 * rolls the mark back with its work. `also`'s columns are read in the same statement. A DM's lean
 * step marks its row done by the same rule inside its one write (`rowDone`, src/inbox/replies.ts):
 * a change to the rule is made in both.
 */
export async function claimRow(
  q: Queryable,
  row: Pick<InboxRow, 'id' | 'attempts'>,
  now: Date,
  also: Record<string, AlsoColumn> = {},
): Promise<RowClaim> {
  const result = await claimRowStatement(also)(q, {
    ...valuesOf(also),
    rowId: row.id,
    attempts: row.attempts,
    processedAt: now.toISOString(),
  });
  const { first, also: columns } = claimedFrom(result);
  return { mine: first, more: columns.more === true, also: columns };
}

const claimRowStatement = claimingStatement(
  (extra) => sql`with done as (
        update inbox set state = 'done', locked_until = null, processed_at = ${sql.placeholder('processedAt')}::timestamptz,
          last_error = null
        where id = ${sql.placeholder('rowId')} and state = 'pending' and attempts = ${sql.placeholder('attempts')}
        returning ordering_key)
      select exists (select 1 from done) as "first",
        exists (select 1 from inbox later join done on later.ordering_key = done.ordering_key
                where later.state = 'pending' and later.id > ${sql.placeholder('rowId')}) as "more"${extra}`,
);

/**
 * Only while the row is still pending under the lease this run holds (`attempts` counts leases),
 * the rule `claimRow` marks a row done by: a run that outlived its lease, whose row another run
 * took (and perhaps answered), must neither give that row up nor let its lease go.
 */
const underLease = and(
  eq(inbox.id, sql.placeholder('id')),
  eq(inbox.state, 'pending'),
  eq(inbox.attempts, sql.placeholder('attempts')),
);

const markFailedStatement = statement<
  { id: number },
  { id: number; attempts: number; now: Date; reason: string }
>(
  (q) =>
    q
      .update(inbox)
      .set({
        state: 'failed',
        lockedUntil: null,
        processedAt: bind('now', inbox.processedAt),
        lastError: bind('reason', inbox.lastError),
      })
      .where(underLease)
      .returning({ id: inbox.id }),
  { id: inbox.id },
);

/**
 * Gives a row up after its attempts; `reason` is an error code, never the customer's words. False
 * when the row was no longer this run's (see `underLease`): then nobody is to be told.
 */
export async function markFailed(
  q: Queryable,
  row: Pick<InboxRow, 'id' | 'attempts'>,
  now: Date,
  reason: string,
): Promise<boolean> {
  const marked = await markFailedStatement(q, { id: row.id, attempts: row.attempts, now, reason });
  return marked.length > 0;
}

const releaseStatement = statement<never, { id: number; attempts: number; next: Date; reason: string }>(
  (q) =>
    q
      .update(inbox)
      .set({
        lockedUntil: null,
        nextAttemptAt: bind('next', inbox.nextAttemptAt),
        lastError: bind('reason', inbox.lastError),
      })
      .where(underLease),
  undefined,
);

/** Lets a failed attempt's row go, due again at `next`, if it is still this run's (`underLease`). */
export async function release(
  q: Queryable,
  row: Pick<InboxRow, 'id' | 'attempts'>,
  next: Date,
  reason: string,
): Promise<void> {
  await releaseStatement(q, { id: row.id, attempts: row.attempts, next, reason });
}

/**
 * A column for the statement an interaction's transaction starts with: true while a row of this
 * ordering key waits or is being handled (the interaction must come after it).
 */
export function pendingColumn(orderingKey: string): AlsoColumn {
  return { sql: PENDING, values: { pendingOrderingKey: orderingKey } };
}

const PENDING = sql`select exists (select 1 from ${inbox} where ${inbox.orderingKey} = ${sql.placeholder('pendingOrderingKey')} and ${inbox.state} = 'pending')`;

const pendingStatement = claimingStatement(() => sql`select (${PENDING}) as "first"`)({});

/** True while a row of this ordering key waits or is being handled. */
export async function hasPending(q: Queryable, orderingKey: string): Promise<boolean> {
  return claimedFrom(await pendingStatement(q, pendingColumn(orderingKey).values)).first;
}
