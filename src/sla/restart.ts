/**
 * A reopened complaint starts a new resolution window from the moment it is reopened: its old
 * deadline (possibly long past) and the warning and breach already sent for it no longer apply,
 * so the SLA sweep does not breach it again at once. The first-response clock is left alone: it
 * was answered. `reopen` in src/complaints/workflow.ts writes these columns with the reopen.
 */
import type { Severity } from '../../db/schema.js';
import type { TenantSettings } from '../tenants.js';
import { addSlaMinutes, slaTargets } from './policy.js';

export interface RestartedResolution {
  resolutionDue: Date;
  resolutionWarnedAt: null;
  resolutionBreachedAt: null;
}

/**
 * The resolution columns of a complaint of `severity` reopened at `now`: a full window from the
 * tenant's policy, counted in its business hours where it has them.
 */
export function restartedResolution(
  severity: Severity,
  settings: Pick<TenantSettings, 'slaPolicy' | 'businessHours' | 'timeZone'>,
  now: Date,
): RestartedResolution {
  const target = slaTargets(severity, settings.slaPolicy).resolutionMinutes;
  return {
    resolutionDue: addSlaMinutes(now, target, settings.businessHours, settings.timeZone),
    resolutionWarnedAt: null,
    resolutionBreachedAt: null,
  };
}
