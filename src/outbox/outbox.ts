/**
 * The outbox: side effects that must not be lost are written as rows in the same transaction as
 * the state change that causes them, then delivered through the platform ports with retries.
 */
import {
  and,
  asc,
  type Column,
  eq,
  getTableColumns,
  inArray,
  isNull,
  lte,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { outbox } from '../../db/schema.js';
import type { OutboxPurpose, Platform } from '../domain/index.js';
import type { OutboundMessage, Target } from '../messages.js';
import { bind, listOf, statement } from '../prepared.js';

/** Targets resolved when the row is delivered, from the tenant settings or the complaint. */
export type LateTarget =
  | { kind: 'staff_channel' }
  | { kind: 'manager_channel' }
  /** The complaint card's thread in the staff channel. */
  | { kind: 'card_thread' }
  /** A DM to the complaint's customer. */
  | { kind: 'customer' }
  /** Replace the complaint's card with its current state (message is rendered at delivery). */
  | { kind: 'card' };

export type OutboxTarget = Target | LateTarget;

export interface OutboxItem {
  /** Unique per side effect: a second enqueue with the same key is dropped. */
  key: string;
  tenantId: string;
  platform: Platform;
  target: OutboxTarget;
  message: OutboundMessage;
  /** What it is for (`card`, `customer_reply`, `survey`, `sla_warning`, …). */
  purpose: OutboxPurpose;
  complaintId?: string | null;
  /** Deliver no earlier than this (default: now). */
  notBefore?: Date;
}

export type OutboxRow = typeof outbox.$inferSelect;

/**
 * Query handles (a transaction, usually) that wrote rows for the delivery loop to take: the core
 * kicks the loop after such a transaction commits, and only then, since each kick costs the loop a
 * claiming statement. Weak, so a finished transaction's handle goes with it. A row written through
 * a handle the core does not see is still found by the loop's poll.
 */
const wroteForLoop = new WeakSet<object>();

/** Whether `q` wrote outbox rows that no one has leased (the loop's to deliver). */
export function wroteRows(q: Queryable): boolean {
  return wroteForLoop.has(q);
}

/** An outbox row's columns as named values: `valuesOf` gives them, suffixed per row (`key0`, `key1`, …). */
function boundRow(suffix: string) {
  const named = <C extends Column>(name: string, column: C) => bind(`${name}${suffix}`, column);
  return {
    idempotencyKey: named('key', outbox.idempotencyKey),
    tenantId: named('tenantId', outbox.tenantId),
    platform: named('platform', outbox.platform),
    kind: named('kind', outbox.kind),
    target: named('target', outbox.target),
    message: named('message', outbox.message),
    complaintId: named('complaintId', outbox.complaintId),
    purpose: named('purpose', outbox.purpose),
    nextAttemptAt: named('nextAttemptAt', outbox.nextAttemptAt),
  };
}

const enqueueOne = statement<never, Record<string, unknown>>(
  (q) => q.insert(outbox).values(boundRow('')).onConflictDoNothing({ target: outbox.idempotencyKey }),
  undefined,
);

/** Writes one outbox row. Call it with the transaction that makes the change it reports. */
export async function enqueue(q: Queryable, item: OutboxItem): Promise<void> {
  wroteForLoop.add(q);
  await enqueueOne(q, valuesOf(item, ''));
}

const outboxColumns = getTableColumns(outbox);

/**
 * `enqueueAll`'s INSERT of `count` rows, leased or not, built once per shape. A reply is a few
 * messages, so few shapes are ever built; a larger batch than `SHAPES_KEPT` is built each time.
 */
const insertShapes = new Map<
  string,
  (q: Queryable, values: Record<string, unknown>) => Promise<OutboxRow[]>
>();
const SHAPES_KEPT = 8;

function insertOf(count: number, leased: boolean) {
  const shape = `${count}:${leased}`;
  const kept = insertShapes.get(shape);
  if (kept) return kept;
  const lease = leased ? { lockedUntil: bind('leaseUntil', outbox.lockedUntil), attempts: sql`1` } : {};
  const rows = Array.from({ length: count }, (_, i) => ({ ...boundRow(String(i)), ...lease }));
  const built = statement<OutboxRow, Record<string, unknown>>(
    (q) => q.insert(outbox).values(rows).onConflictDoNothing({ target: outbox.idempotencyKey }).returning(),
    outboxColumns,
  );
  if (count <= SHAPES_KEPT) insertShapes.set(shape, built);
  return built;
}

/**
 * Writes several rows in one statement, leased until `leaseUntil` (attempt 1) when given: the
 * instance that enqueues them delivers them right after its commit (`OutboxWorker.deliverRows`),
 * with no lease statement, and no other instance takes them meanwhile. Returns the rows written;
 * a key already there (a second run of the same event) is left to whoever holds it.
 */
export async function enqueueAll(
  q: Queryable,
  items: readonly OutboxItem[],
  leaseUntil: Date | undefined,
): Promise<OutboxRow[]> {
  if (items.length === 0) return [];
  if (!leaseUntil) wroteForLoop.add(q);
  const values: Record<string, unknown> = leaseUntil ? { leaseUntil } : {};
  for (const [i, item] of items.entries()) Object.assign(values, valuesOf(item, String(i)));
  const rows = await insertOf(items.length, leaseUntil !== undefined)(q, values);
  return rows.sort((a, b) => a.id - b.id);
}

/** An item's column values, named as `boundRow(suffix)` binds them. */
function valuesOf(item: OutboxItem, suffix: string): Record<string, unknown> {
  return {
    [`key${suffix}`]: item.key,
    [`tenantId${suffix}`]: item.tenantId,
    [`platform${suffix}`]: item.platform,
    [`kind${suffix}`]: item.target.kind === 'card' ? 'update_card' : 'send',
    [`target${suffix}`]: { ...item.target },
    [`message${suffix}`]: { ...item.message },
    [`complaintId${suffix}`]: item.complaintId ?? null,
    [`purpose${suffix}`]: item.purpose,
    // Due at once unless told otherwise; the worker compares with its own (injected) clock.
    [`nextAttemptAt${suffix}`]: item.notBefore ?? new Date(0),
  };
}

/**
 * Gives up every pending row of one tenant on one platform with `reason`, at once and without the
 * dead-row hooks (they would only queue more messages for a place we can no longer reach): what
 * an uninstall calls. Returns how many rows it stopped.
 */
export async function abandonPending(
  q: Queryable,
  tenantId: string,
  platform: Platform,
  reason: string,
): Promise<number> {
  const rows = await q
    .update(outbox)
    .set({ status: 'dead', lockedUntil: null, lastError: reason })
    .where(and(eq(outbox.tenantId, tenantId), eq(outbox.platform, platform), eq(outbox.status, 'pending')))
    .returning({ id: outbox.id });
  return rows.length;
}

/**
 * Leases up to `limit` due rows for `leaseMs`. A row whose lease ran out (its instance died
 * mid-delivery) is due again; `FOR UPDATE SKIP LOCKED` lets several instances share the work.
 */
export async function claimDue(
  q: Queryable,
  now: Date,
  limit: number,
  leaseMs: number,
  platforms: readonly Platform[],
): Promise<OutboxRow[]> {
  if (platforms.length === 0) return [];
  return lease(leaseDueRows, q, { platforms: listOf(platforms), now, leaseMs, limit });
}

/**
 * Leases the pending rows with these keys that nobody holds, for delivery right after the
 * transaction that enqueued them (an answer the customer is waiting for); rows another instance
 * holds, or that were already sent, are left to the loop.
 */
export async function claimKeys(
  q: Queryable,
  keys: readonly string[],
  now: Date,
  leaseMs: number,
): Promise<OutboxRow[]> {
  if (keys.length === 0) return [];
  return lease(leaseKeys, q, { keys: listOf(keys), now, leaseMs });
}

type Leasing = (q: Queryable, values: Record<string, unknown>) => Promise<OutboxRow[]>;

/**
 * Leases the due, pending rows that match `which` and nobody holds (oldest first, at most
 * `limit` when limited): their lease is set and their attempt counted in one statement.
 */
function leaseStatement(which: SQL, limited: boolean): Leasing {
  return statement<OutboxRow, Record<string, unknown>>((q) => {
    const now = bind('now', outbox.nextAttemptAt);
    const candidates = q
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(
          eq(outbox.status, 'pending'),
          which,
          lte(outbox.nextAttemptAt, now),
          or(isNull(outbox.lockedUntil), lte(outbox.lockedUntil, now)),
        ),
      )
      .orderBy(asc(outbox.id));
    const due = (limited ? candidates.limit(sql.placeholder('limit')) : candidates).for('update', {
      skipLocked: true,
    });
    return q
      .update(outbox)
      .set({ lockedUntil: bind('until', outbox.lockedUntil), attempts: sql`${outbox.attempts} + 1` })
      .where(inArray(outbox.id, due))
      .returning();
  }, outboxColumns);
}

const leaseDueRows = leaseStatement(
  sql`${outbox.platform} = any (${sql.placeholder('platforms')}::text[])`,
  true,
);
const leaseKeys = leaseStatement(
  sql`${outbox.idempotencyKey} = any (${sql.placeholder('keys')}::text[])`,
  false,
);

async function lease(
  leasing: Leasing,
  q: Queryable,
  { now, leaseMs, ...rest }: { now: Date; leaseMs: number } & Record<string, unknown>,
): Promise<OutboxRow[]> {
  const rows = await leasing(q, { ...rest, now, until: new Date(now.getTime() + leaseMs) });
  return rows.sort((a, b) => a.id - b.id);
}
