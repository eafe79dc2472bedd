/**
 * Moving open complaints to a changed SLA policy, business hours or holidays. A settings change
 * never does this by itself (a promise made to a customer stands); an admin asks for it with
 * `/hearken settings sla recompute`.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { complaints } from '../../db/schema.js';
import { enqueue } from '../outbox/outbox.js';
import { computeDeadlines } from '../sla/policy.js';
import type { TenantSettings } from '../tenants.js';

/**
 * Only complaints whose deadlines still come straight from when they were filed: `open` and
 * `claimed`. A waiting complaint's deadlines were moved by its pause and a reopened one's
 * resolution restarted at the reopen; counting those again from the filing would be wrong.
 */
const RECOMPUTABLE = ['open', 'claimed'] as const;

/**
 * Counts each open complaint's deadlines again from its filing under the tenant's current
 * settings. A deadline already missed stays missed (its breach was reported); a clock already
 * answered is left alone. A deadline moved later may warn again when it comes near. Each card is
 * redrawn. Returns how many complaints were recomputed.
 */
export async function recomputeDeadlines(q: Queryable, tenant: TenantSettings, now: Date): Promise<number> {
  const rows = await q
    .select()
    .from(complaints)
    .where(and(eq(complaints.tenantId, tenant.tenantId), inArray(complaints.status, [...RECOMPUTABLE])))
    .for('update');
  let count = 0;
  for (const c of rows) {
    const next = computeDeadlines({
      severity: c.severity,
      start: c.createdAt,
      policy: tenant.slaPolicy,
      businessHours: tenant.businessHours,
      timeZone: tenant.timeZone,
    });
    const firstOpen = !c.firstRespondedAt && !c.firstResponseBreachedAt;
    const resolutionOpen = !c.resolutionBreachedAt;
    const firstResponseDue = firstOpen ? next.firstResponseDue : c.firstResponseDue;
    const resolutionDue = resolutionOpen ? next.resolutionDue : c.resolutionDue;
    await q
      .update(complaints)
      .set({
        firstResponseDue,
        resolutionDue,
        ...(firstResponseDue > c.firstResponseDue ? { firstResponseWarnedAt: null } : {}),
        ...(resolutionDue > c.resolutionDue ? { resolutionWarnedAt: null } : {}),
        updatedAt: now,
      })
      .where(eq(complaints.id, c.id));
    // The card shows the deadlines: it is redrawn with the new ones.
    if (c.cardRef) {
      await enqueue(q, {
        key: `card-update:${c.id}:deadlines:${now.getTime()}`,
        tenantId: c.tenantId,
        platform: c.platform,
        target: { kind: 'card' },
        message: { text: '' },
        purpose: 'card_update',
        complaintId: c.id,
      });
    }
    count += 1;
  }
  return count;
}
