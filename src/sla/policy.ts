/**
 * SLA targets per severity and the deadlines they give a new complaint.
 * DESIGN.md defaults: urgent 1 h / 24 h, high 4 h / 3 d, normal 24 h / 7 d, low 48 h / 14 d.
 * Targets count business minutes when the tenant has business hours, wall-clock minutes otherwise.
 */
import type { BusinessHours, Severity, SlaPolicy } from '../../db/schema.js';
import { addBusinessMinutes } from './business-hours.js';

const HOUR = 60;
const DAY = 24 * HOUR;

export const DEFAULT_SLA_POLICY = {
  urgent: { firstResponseMinutes: 1 * HOUR, resolutionMinutes: 1 * DAY },
  high: { firstResponseMinutes: 4 * HOUR, resolutionMinutes: 3 * DAY },
  normal: { firstResponseMinutes: 24 * HOUR, resolutionMinutes: 7 * DAY },
  low: { firstResponseMinutes: 48 * HOUR, resolutionMinutes: 14 * DAY },
} as const satisfies SlaPolicy;

export interface DeadlineInput {
  severity: Severity;
  start: Date;
  policy?: SlaPolicy | null | undefined;
  businessHours?: BusinessHours | null | undefined;
  timeZone?: string | undefined;
}

export interface Deadlines {
  firstResponseDue: Date;
  resolutionDue: Date;
}

/** The targets for one severity: the tenant's policy where set, the defaults otherwise. */
export function slaTargets(
  severity: Severity,
  policy?: SlaPolicy | null,
): { firstResponseMinutes: number; resolutionMinutes: number } {
  return policy?.[severity] ?? DEFAULT_SLA_POLICY[severity];
}

/**
 * Adds `minutes` of SLA time to `start`: only minutes inside `hours` (in `timeZone`, skipping
 * holidays) count; without business hours, wall-clock minutes.
 */
export function addSlaMinutes(
  start: Date,
  minutes: number,
  hours?: BusinessHours | null,
  timeZone?: string,
): Date {
  return addBusinessMinutes(start, minutes, hours, timeZone ?? 'UTC');
}

export function computeDeadlines(input: DeadlineInput): Deadlines {
  const target = slaTargets(input.severity, input.policy);
  return {
    firstResponseDue: addSlaMinutes(
      input.start,
      target.firstResponseMinutes,
      input.businessHours,
      input.timeZone,
    ),
    resolutionDue: addSlaMinutes(input.start, target.resolutionMinutes, input.businessHours, input.timeZone),
  };
}
