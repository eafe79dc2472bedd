/**
 * SLA time: minutes that count only inside a tenant's business hours (weekly schedule in its IANA
 * time zone, minus holidays). Without business hours every minute counts.
 *
 * Both functions walk local days, not minutes, so a 14-day target costs a few dozen steps.
 */
import type { BusinessHours } from '../../db/schema.js';
import {
  addDays,
  formatDate,
  fromLocal,
  isoWeekday,
  type LocalDate,
  parseClock,
  toLocal,
  usableTimeZone,
} from './calendar.js';

/** Days we look ahead before deciding a schedule has no open hours at all. */
const MAX_DAYS = 3 * 366;

interface Window {
  start: number;
  end: number;
}

/** True when the schedule has at least one non-empty opening interval. */
export function hasOpenHours(hours: BusinessHours | null | undefined): hours is BusinessHours {
  if (!hours?.weekly) return false;
  return Object.values(hours.weekly).some((intervals) =>
    (intervals ?? []).some(([from, to]) => {
      const start = parseClock(from);
      const end = parseClock(to);
      return start !== undefined && end !== undefined && end > start;
    }),
  );
}

/** The open windows (as epoch ms, in order) of one local day. */
function windowsOf(date: LocalDate, hours: BusinessHours, timeZone: string): Window[] {
  if (hours.holidays?.includes(formatDate(date))) return [];
  const weekday = String(isoWeekday(date)) as keyof BusinessHours['weekly'];
  const intervals = hours.weekly[weekday] ?? [];
  const windows: Window[] = [];
  for (const [from, to] of intervals) {
    const startMinute = parseClock(from);
    const endMinute = parseClock(to);
    if (startMinute === undefined || endMinute === undefined || endMinute <= startMinute) continue;
    const start = fromLocal(date, startMinute, timeZone).getTime();
    const end = fromLocal(date, endMinute, timeZone).getTime();
    if (end > start) windows.push({ start, end });
  }
  return windows.sort((a, b) => a.start - b.start);
}

/**
 * The instant when `minutes` of business time have passed since `start`. A start outside business
 * hours waits for the next opening; without usable hours it is plain wall-clock time.
 */
export function addBusinessMinutes(
  start: Date,
  minutes: number,
  hours: BusinessHours | null | undefined,
  timeZone = 'UTC',
): Date {
  if (!hasOpenHours(hours) || minutes <= 0) return new Date(start.getTime() + Math.max(minutes, 0) * 60_000);
  // A mistyped zone must not fail complaint intake: count in UTC rather than throw.
  const zone = usableTimeZone(timeZone);
  let remaining = minutes * 60_000;
  const cursor = start.getTime();
  // Start a day early: cheap, and safe against an instant near a DST change or local midnight.
  let date: LocalDate = addDays(toLocal(start, zone), -1);
  for (let i = 0; i < MAX_DAYS; i++) {
    for (const window of windowsOf(date, hours, zone)) {
      const from = Math.max(window.start, cursor);
      if (from >= window.end) continue;
      const available = window.end - from;
      if (remaining <= available) return new Date(from + remaining);
      remaining -= available;
    }
    date = addDays(date, 1);
  }
  // A schedule that is all holidays for years is a misconfiguration; promising nothing would be
  // worse than counting wall-clock time, so fall back to it rather than fail complaint intake.
  return new Date(start.getTime() + minutes * 60_000);
}

/** Business minutes in [from, to); 0 when `to` is not after `from`. */
export function businessMinutesBetween(
  from: Date,
  to: Date,
  hours: BusinessHours | null | undefined,
  timeZone = 'UTC',
): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  if (!hasOpenHours(hours)) return (b - a) / 60_000;
  const zone = usableTimeZone(timeZone);
  let total = 0;
  let date: LocalDate = addDays(toLocal(from, zone), -1);
  const lastDay = formatDate(toLocal(to, zone));
  for (let i = 0; i < MAX_DAYS * 10; i++) {
    for (const window of windowsOf(date, hours, zone)) {
      const start = Math.max(window.start, a);
      const end = Math.min(window.end, b);
      if (end > start) total += end - start;
    }
    if (formatDate(date) >= lastDay) break;
    date = addDays(date, 1);
  }
  return total / 60_000;
}
