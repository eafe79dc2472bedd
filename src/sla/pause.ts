/**
 * The SLA clock stops while a complaint waits on the customer. The SLA sweep skips waiting
 * complaints; when the wait ends, the core moves the deadlines with `deadlinesAfterPause` so the
 * SLA time still owed (counted in business minutes) is the same as when the wait began.
 */
import type { BusinessHours } from '../../db/schema.js';
import { addBusinessMinutes, businessMinutesBetween } from './business-hours.js';

export interface PausedDeadlines {
  firstResponseDue: Date;
  resolutionDue: Date;
  /** When the complaint started waiting on the customer. */
  waitingSince: Date;
}

/**
 * The deadlines once the customer has answered at `resumedAt`. A deadline that had already
 * passed when the wait began stays where it was: a breach is not undone by waiting.
 */
export function deadlinesAfterPause(
  current: PausedDeadlines,
  resumedAt: Date,
  hours: BusinessHours | null | undefined,
  timeZone: string,
): { firstResponseDue: Date; resolutionDue: Date } {
  const shift = (due: Date): Date => {
    if (due.getTime() <= current.waitingSince.getTime()) return due;
    const owed = businessMinutesBetween(current.waitingSince, due, hours, timeZone);
    const start = resumedAt.getTime() > current.waitingSince.getTime() ? resumedAt : current.waitingSince;
    return addBusinessMinutes(start, owed, hours, timeZone);
  };
  return { firstResponseDue: shift(current.firstResponseDue), resolutionDue: shift(current.resolutionDue) };
}
