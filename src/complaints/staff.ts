/**
 * The staff a tenant knows and who of them takes new complaints (`/ticket away`, `/ticket back`),
 * and auto-assignment among the available ones (`tenant_settings.assignment_mode`).
 */
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { complaints, staffMembers } from '../../db/schema.js';
import { OPEN_STATUSES } from '../domain/index.js';
import { catalog } from '../i18n/index.js';
import type { Actor } from '../messages.js';
import { enqueue } from '../outbox/outbox.js';
import type { TenantSettings } from '../tenants.js';
import { defuse } from '../text.js';
import type { Complaint } from './repo.js';
import { assign, type Ctx } from './workflow.js';

/** A staff member becomes known when they act; their name is kept fresh, their availability kept. */
export async function noteStaff(q: Queryable, actor: Actor, now: Date): Promise<void> {
  await q
    .insert(staffMembers)
    .values({
      tenantId: actor.tenantId,
      userId: actor.userId,
      displayName: actor.displayName,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: [staffMembers.tenantId, staffMembers.userId],
      set: { displayName: actor.displayName, updatedAt: now },
    });
}

/** `/ticket away` (false) and `/ticket back` (true). */
export async function setAvailable(q: Queryable, actor: Actor, available: boolean, now: Date): Promise<void> {
  await q
    .insert(staffMembers)
    .values({
      tenantId: actor.tenantId,
      userId: actor.userId,
      displayName: actor.displayName,
      available,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: [staffMembers.tenantId, staffMembers.userId],
      set: { displayName: actor.displayName, available, updatedAt: now },
    });
}

type Member = typeof staffMembers.$inferSelect;

/**
 * Who gets the next complaint: round robin takes the available member given one longest ago
 * (never given one first); least loaded the one holding the fewest open complaints, then the
 * same order. Undefined when the mode is off or nobody is available.
 */
export async function pickAssignee(q: Queryable, tenant: TenantSettings): Promise<Member | undefined> {
  if (tenant.assignmentMode === 'off') return undefined;
  const available = await q
    .select()
    .from(staffMembers)
    .where(and(eq(staffMembers.tenantId, tenant.tenantId), eq(staffMembers.available, true)))
    .orderBy(sql`${staffMembers.lastAssignedAt} asc nulls first`, asc(staffMembers.userId));
  if (tenant.assignmentMode === 'round_robin' || available.length < 2) return available[0];
  const loads = await q
    .select({ assigneeId: complaints.assigneeId, open: count() })
    .from(complaints)
    .where(
      and(
        eq(complaints.tenantId, tenant.tenantId),
        inArray(complaints.status, [...OPEN_STATUSES]),
        inArray(
          complaints.assigneeId,
          available.map((m) => m.userId),
        ),
      ),
    )
    .groupBy(complaints.assigneeId);
  const load = (m: Member) => loads.find((l) => l.assigneeId === m.userId)?.open ?? 0;
  // A stable sort keeps the round-robin order among equally loaded members.
  return [...available].sort((a, b) => load(a) - load(b))[0];
}

/**
 * Gives a new complaint to the next available staff member when the tenant asks for it: the card
 * shows them (the assignment refreshes it) and they are told in a direct message.
 */
export async function autoAssign(ctx: Ctx, c: Complaint): Promise<Complaint> {
  const member = await pickAssignee(ctx.q, ctx.tenant);
  if (!member) return c;
  await ctx.q
    .update(staffMembers)
    .set({ lastAssignedAt: ctx.now })
    .where(and(eq(staffMembers.tenantId, member.tenantId), eq(staffMembers.userId, member.userId)));
  const next = await assign(ctx, c, 'system', { id: member.userId, name: member.displayName });
  const t = catalog(ctx.tenant.defaultLocale);
  await enqueue(ctx.q, {
    key: `assignee:${c.id}:${member.userId}`,
    tenantId: c.tenantId,
    platform: c.platform,
    target: { kind: 'user', userId: member.userId },
    message: { text: t.lifecycle.assignedToYou({ code: c.code, summary: defuse(c.summary) }) },
    purpose: 'assignee_notice',
    complaintId: c.id,
  });
  return next;
}
