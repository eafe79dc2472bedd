/**
 * A reopened complaint starts a new resolution window from the moment it is reopened: its old
 * deadline (possibly long past) and the warning and breach already sent for it no longer apply.
 * Call in the transaction that reopens. The first-response clock is left alone: it was answered.
 */
import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { complaints, tenantSettings } from '../../db/schema.js';
import { addSlaMinutes, slaTargets } from './policy.js';

/** Gives `complaintId` a fresh resolution deadline counted from `now`; returns it. */
export async function restartResolutionClock(
  q: Queryable,
  complaintId: string,
  now: Date,
): Promise<Date | undefined> {
  const [row] = await q
    .select({ severity: complaints.severity, settings: tenantSettings })
    .from(complaints)
    .leftJoin(tenantSettings, eq(tenantSettings.tenantId, complaints.tenantId))
    .where(eq(complaints.id, complaintId));
  if (!row) return undefined;
  const target = slaTargets(row.severity, row.settings?.slaPolicy).resolutionMinutes;
  const resolutionDue = addSlaMinutes(now, target, row.settings?.businessHours, row.settings?.timeZone);
  await q
    .update(complaints)
    .set({ resolutionDue, resolutionWarnedAt: null, resolutionBreachedAt: null, updatedAt: now })
    .where(eq(complaints.id, complaintId));
  return resolutionDue;
}
