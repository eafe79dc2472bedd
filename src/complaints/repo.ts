/** Reading complaints: by code, by id, by card thread, for a customer, for the staff queue. */
import {
  type AnyColumn,
  and,
  asc,
  count,
  desc,
  eq,
  inArray,
  isNull,
  lte,
  or,
  type Placeholder,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { codeCounters, complaintEvents, complaints } from '../../db/schema.js';
import { OPEN_STATUSES } from '../domain/index.js';

export type Complaint = typeof complaints.$inferSelect;
export type ComplaintEvent = typeof complaintEvents.$inferSelect;

/** `C-1001`, `c1001`, `1001` → `C-1001`; anything else → undefined. */
export function normaliseCode(input: string | undefined): string | undefined {
  const match = input?.trim().match(/^#?(?:c-?)?(\d{1,9})$/i);
  return match ? `C-${match[1]}` : undefined;
}

/**
 * The counter upsert that takes a tenant's next human-friendly code, returning `next` (one past
 * the number taken). Concurrent takers queue until the holder commits, so they never share a
 * number: createComplaint takes it in its last statement, as a CTE.
 *
 * They queue on a transaction advisory lock per tenant (two-key form, which nothing else blocks
 * on), taken while the row to insert is computed, before the upsert looks at the counter row. The
 * row lock alone made a thundering herd: every taker waiting on the row wakes at each commit,
 * retries the upsert and waits again, which doubled the Postgres CPU of a confirmation at 20
 * concurrent ones. The lock queue wakes one taker per commit, and it finds the row free.
 */
export function nextCodeStatement(q: Queryable, tenantId: string | Placeholder) {
  return q
    .insert(codeCounters)
    .values({
      tenantId,
      next: sql`(select 1002 from (select pg_advisory_xact_lock(hashtext('code_counters'), hashtext(${tenantId}))) as "queue")`,
    })
    .onConflictDoUpdate({ target: codeCounters.tenantId, set: { next: sql`${codeCounters.next} + 1` } })
    .returning({ next: codeCounters.next });
}

/** `C-1001` from the counter's `next` (in SQL). */
export const codeOf = (next: SQL | AnyColumn | SQL.Aliased) => sql<string>`'C-' || (${next} - 1)`;

export async function byCode(q: Queryable, tenantId: string, code: string): Promise<Complaint | undefined> {
  const [row] = await q
    .select()
    .from(complaints)
    .where(and(eq(complaints.tenantId, tenantId), eq(complaints.code, code)));
  return row;
}

export async function byId(q: Queryable, id: string): Promise<Complaint | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [row] = await q.select().from(complaints).where(eq(complaints.id, id));
  return row;
}

/** The complaint whose staff card a thread hangs under (staff commands typed in the thread). */
export async function byCardMessage(
  q: Queryable,
  tenantId: string,
  messageId: string,
): Promise<Complaint | undefined> {
  const [row] = await q
    .select()
    .from(complaints)
    .where(and(eq(complaints.tenantId, tenantId), sql`${complaints.cardRef}->>'messageId' = ${messageId}`));
  return row;
}

export async function forCustomer(
  q: Queryable,
  tenantId: string,
  customerId: string,
  limit = 10,
): Promise<Complaint[]> {
  return q
    .select()
    .from(complaints)
    .where(and(eq(complaints.tenantId, tenantId), eq(complaints.customerId, customerId)))
    .orderBy(desc(complaints.createdAt))
    .limit(limit);
}

/**
 * The customer's most recent complaint that is open or has ended (resolved, closed): their DMs are
 * added to an open one, reopen one that ended within the reopen window, or start a new complaint
 * that follows it.
 */
export async function latestForCustomer(
  q: Queryable,
  tenantId: string,
  customerId: string,
): Promise<Complaint | undefined> {
  const [row] = await q
    .select()
    .from(complaints)
    .where(
      and(
        eq(complaints.tenantId, tenantId),
        eq(complaints.customerId, customerId),
        inArray(complaints.status, [...OPEN_STATUSES, 'resolved', 'closed']),
      ),
    )
    .orderBy(desc(complaints.createdAt))
    .limit(1);
  return row;
}

export type QueueFilter = 'open' | 'mine' | 'breaching';

/** How many complaints one page of `/ticket list` shows. */
export const QUEUE_PAGE_SIZE = 20;

function queueWhere(tenantId: string, filter: QueueFilter, viewerId: string, now: Date) {
  const open = inArray(complaints.status, [...OPEN_STATUSES]);
  const soon = new Date(now.getTime() + 60 * 60_000);
  const where =
    filter === 'mine'
      ? and(eq(complaints.tenantId, tenantId), open, eq(complaints.assigneeId, viewerId))
      : filter === 'breaching'
        ? and(
            eq(complaints.tenantId, tenantId),
            open,
            or(
              and(isNull(complaints.firstRespondedAt), lte(complaints.firstResponseDue, soon)),
              lte(complaints.resolutionDue, soon),
            ),
          )
        : and(eq(complaints.tenantId, tenantId), open);
  return where;
}

/**
 * One page (from 1) of a queue, most urgent first, and how many the whole queue holds. The code
 * breaks ties so a complaint never shows on two pages nor on none.
 */
export async function queue(
  q: Queryable,
  tenantId: string,
  filter: QueueFilter,
  viewerId: string,
  now: Date,
  page = 1,
): Promise<{ rows: Complaint[]; total: number }> {
  const where = queueWhere(tenantId, filter, viewerId, now);
  const [counted] = await q.select({ total: count() }).from(complaints).where(where);
  const rows = await q
    .select()
    .from(complaints)
    .where(where)
    .orderBy(asc(complaints.firstResponseDue), asc(complaints.code))
    .limit(QUEUE_PAGE_SIZE)
    .offset((page - 1) * QUEUE_PAGE_SIZE);
  return { rows, total: counted?.total ?? 0 };
}

export async function timeline(q: Queryable, complaintId: string): Promise<ComplaintEvent[]> {
  return q
    .select()
    .from(complaintEvents)
    .where(eq(complaintEvents.complaintId, complaintId))
    .orderBy(asc(complaintEvents.id));
}

export async function openCodesStartingWith(
  q: Queryable,
  tenantId: string,
  prefix: string,
  /** Only this customer's complaints, whatever their status (what `/complain status` may show). */
  customerId?: string,
): Promise<string[]> {
  const digits = prefix.replace(/\D/g, '');
  const rows = await q
    .select({ code: complaints.code })
    .from(complaints)
    .where(
      and(
        eq(complaints.tenantId, tenantId),
        customerId ? eq(complaints.customerId, customerId) : inArray(complaints.status, [...OPEN_STATUSES]),
        sql`${complaints.code} like ${`C-${digits}%`}`,
      ),
    )
    .orderBy(desc(complaints.createdAt))
    .limit(25);
  return rows.map((r) => r.code);
}

/**
 * How long a second submission of the same words counts as the first one sent again: the intake
 * (src/intake/filing.ts) looks for one among the customer's complaints filed in this window.
 */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

/** Words compared as a person reads them: case, spacing and the ends do not make them new. */
export const sameWords = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();
