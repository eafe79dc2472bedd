/**
 * The durable inbox: a customer message is one INSERT here before the platform is told "got it",
 * and workers (`worker.ts`) lease the rows to run the core on them. The database is the queue:
 * `FOR UPDATE SKIP LOCKED` lets several instances share it; a lease that runs out (its worker
 * died) makes the row due again; one `ordering_key` (one customer) is handled oldest first, one
 * row at a time.
 */
import { and, asc, eq, inArray, isNull, lt, lte, notExists, notInArray, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/client.js';
import { inbox } from '../../db/schema.js';
import type { InboundEvent, Platform } from '../messages.js';
import { storable } from '../text.js';

export type InboxRow = typeof inbox.$inferSelect;

/** What `accept` did: stored the event now, or found it stored before (a redelivery). */
export type AcceptOutcome = 'accepted' | 'duplicate';

/** The key rows are ordered by: one customer's messages, across their conversations. */
export function orderingKeyOf(event: InboundEvent): string {
  return event.actor.userId;
}

function storableJson(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? storable(value) : value;
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
  const { raw: _raw, ...rest } = event;
  // jsonb refuses NUL and lone surrogates; the core cleans text of both anyway (src/text.ts).
  const stored: unknown = JSON.parse(JSON.stringify(rest, storableJson));
  const inserted = await q
    .insert(inbox)
    .values({
      platform: event.actor.platform,
      dedupeKey: event.id,
      orderingKey: orderingKeyOf(event),
      event: isRecord(stored) ? stored : {},
      receivedAt: now,
      nextAttemptAt: now,
    })
    .onConflictDoNothing({ target: [inbox.platform, inbox.dedupeKey] })
    .returning({ id: inbox.id });
  return inserted.length > 0 ? 'accepted' : 'duplicate';
}

/**
 * Leases up to `limit` rows that are due and first of their ordering key (no older pending row of
 * the same key), skipping keys in `busy` (this instance is still finishing one of theirs) and,
 * when `platforms` is given, rows of platforms this instance cannot answer on.
 */
export async function leaseDue(
  q: Queryable,
  now: Date,
  limit: number,
  leaseMs: number,
  busy: readonly string[],
  platforms?: readonly Platform[],
): Promise<InboxRow[]> {
  if (platforms?.length === 0) return [];
  // One row per key at most: only a key's oldest pending row qualifies, and a leased row stays
  // pending until its work commits, so the key's next row waits for it on every instance.
  const earlier = alias(inbox, 'earlier');
  const due = q
    .select({ id: inbox.id })
    .from(inbox)
    .where(
      and(
        eq(inbox.state, 'pending'),
        lte(inbox.nextAttemptAt, now),
        or(isNull(inbox.lockedUntil), lte(inbox.lockedUntil, now)),
        busy.length > 0 ? notInArray(inbox.orderingKey, [...busy]) : undefined,
        platforms ? inArray(inbox.platform, [...platforms]) : undefined,
        notExists(
          q
            .select({ id: earlier.id })
            .from(earlier)
            .where(
              and(
                eq(earlier.orderingKey, inbox.orderingKey),
                eq(earlier.state, 'pending'),
                lt(earlier.id, inbox.id),
              ),
            ),
        ),
      ),
    )
    .orderBy(asc(inbox.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  const rows = await q
    .update(inbox)
    .set({ lockedUntil: new Date(now.getTime() + leaseMs), attempts: sql`${inbox.attempts} + 1` })
    .where(inArray(inbox.id, due))
    .returning();
  return rows.sort((a, b) => a.id - b.id);
}

/** Marks a row handled. Call it in the transaction that did the row's work. */
export async function markDone(q: Queryable, id: number, now: Date): Promise<void> {
  await q
    .update(inbox)
    .set({ state: 'done', lockedUntil: null, processedAt: now, lastError: null })
    .where(and(eq(inbox.id, id), eq(inbox.state, 'pending')));
}

/** Gives a row up after its attempts; `reason` is an error code, never the customer's words. */
export async function markFailed(q: Queryable, id: number, now: Date, reason: string): Promise<void> {
  await q
    .update(inbox)
    .set({ state: 'failed', lockedUntil: null, processedAt: now, lastError: reason })
    .where(eq(inbox.id, id));
}

/** Lets a failed attempt's row go, due again at `next`. */
export async function release(q: Queryable, id: number, next: Date, reason: string): Promise<void> {
  await q
    .update(inbox)
    .set({ lockedUntil: null, nextAttemptAt: next, lastError: reason })
    .where(eq(inbox.id, id));
}

/** True while a row of this ordering key waits or is being handled. */
export async function hasPending(q: Queryable, orderingKey: string): Promise<boolean> {
  const rows = await q
    .select({ id: inbox.id })
    .from(inbox)
    .where(and(eq(inbox.orderingKey, orderingKey), eq(inbox.state, 'pending')))
    .limit(1);
  return rows.length > 0;
}
