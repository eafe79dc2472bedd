/**
 * The block list: customers an admin blocked reach no one on staff. Each block and unblock is a
 * row of the audit timeline (`customer_blocks`) and an internal event on each of the customer's
 * open complaints, in the caller's transaction.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { blockedCustomers, complaintEvents, complaints, customerBlocks } from '../../db/schema.js';
import type { AlsoColumn } from '../dedupe.js';
import { type BlockAction, type EventType, type EventVisibility, OPEN_STATUSES } from '../domain/index.js';
import type { Actor } from '../messages.js';

export type BlockedCustomer = typeof blockedCustomers.$inferSelect;

interface Who {
  id: string;
  name: string;
}

async function audit(
  q: Queryable,
  tenantId: string,
  customer: Who,
  action: BlockAction,
  by: Actor,
  now: Date,
) {
  await q.insert(customerBlocks).values({
    tenantId,
    customerId: customer.id,
    customerName: customer.name,
    action,
    actorId: by.userId,
    actorName: by.displayName,
    at: now,
  });
  const open = await q
    .select({ id: complaints.id })
    .from(complaints)
    .where(
      and(
        eq(complaints.tenantId, tenantId),
        eq(complaints.customerId, customer.id),
        inArray(complaints.status, [...OPEN_STATUSES]),
      ),
    );
  if (open.length === 0) return;
  const type: EventType = action === 'blocked' ? 'customer_blocked' : 'customer_unblocked';
  const visibility: EventVisibility = 'internal';
  await q.insert(complaintEvents).values(
    open.map((c) => ({
      complaintId: c.id,
      tenantId,
      type,
      actorId: by.userId,
      actorName: by.displayName,
      visibility,
      at: now,
    })),
  );
}

/** Blocks `customer`; false when they already were. */
export async function blockCustomer(
  q: Queryable,
  tenantId: string,
  customer: Who,
  by: Actor,
  now: Date,
): Promise<boolean> {
  const [added] = await q
    .insert(blockedCustomers)
    .values({ tenantId, customerId: customer.id, customerName: customer.name, blockedAt: now })
    .onConflictDoNothing()
    .returning({ customerId: blockedCustomers.customerId });
  if (!added) return false;
  await audit(q, tenantId, customer, 'blocked', by, now);
  return true;
}

/** Unblocks `customerId`; false when they were not blocked. Returns the name they were blocked under. */
export async function unblockCustomer(
  q: Queryable,
  tenantId: string,
  customer: Who,
  by: Actor,
  now: Date,
): Promise<BlockedCustomer | undefined> {
  const [removed] = await q
    .delete(blockedCustomers)
    .where(and(eq(blockedCustomers.tenantId, tenantId), eq(blockedCustomers.customerId, customer.id)))
    .returning();
  if (!removed) return undefined;
  await audit(q, tenantId, { id: customer.id, name: removed.customerName }, 'unblocked', by, now);
  return removed;
}

export async function blockedList(q: Queryable, tenantId: string): Promise<BlockedCustomer[]> {
  return q
    .select()
    .from(blockedCustomers)
    .where(eq(blockedCustomers.tenantId, tenantId))
    .orderBy(asc(blockedCustomers.blockedAt));
}

/**
 * A column for the statement an event's transaction starts with (`claimDelivery`, `claimRow`):
 * null when `customerId` is not blocked, else whether they were told (`silent`) or not (`notify`).
 * Blocks are rare, so this costs no round trip of its own; `noticeBlocked` follows only for a block.
 */
export function blockedColumn(tenantId: string, customerId: string): AlsoColumn {
  return { sql: BLOCKED, values: { blockedTenantId: tenantId, blockedCustomerId: customerId } };
}

const BLOCKED = sql`select case when ${blockedCustomers.noticedAt} is null then 'notify' else 'silent' end
    from ${blockedCustomers}
    where ${blockedCustomers.tenantId} = ${sql.placeholder('blockedTenantId')}
      and ${blockedCustomers.customerId} = ${sql.placeholder('blockedCustomerId')}`;

/**
 * The answer to a `blockedColumn` read: `open` for a customer not blocked; a block whose notice is
 * still to give is marked given here (once, however many events race for it).
 */
export async function noticeBlocked(
  q: Queryable,
  tenantId: string,
  customerId: string,
  read: unknown,
  now: Date,
): Promise<'open' | 'notify' | 'silent'> {
  if (read === 'silent') return 'silent';
  if (read !== 'notify') return 'open';
  const [marked] = await q
    .update(blockedCustomers)
    .set({ noticedAt: now })
    .where(
      and(
        eq(blockedCustomers.tenantId, tenantId),
        eq(blockedCustomers.customerId, customerId),
        isNull(blockedCustomers.noticedAt),
      ),
    )
    .returning({ customerId: blockedCustomers.customerId });
  return marked ? 'notify' : 'silent';
}
