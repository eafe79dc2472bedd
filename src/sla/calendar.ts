/**
 * Local calendar arithmetic in an IANA time zone, on Luxon: what local date and time an instant
 * is, and which instant a local wall time is. Luxon owns the zone rules and DST; this file only
 * adapts its `DateTime` to the plain shapes the SLA code and the digest pass around.
 */
import { DateTime, IANAZone } from 'luxon';

/** A calendar date, no zone attached. `month` is 1–12. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
}

/**
 * True when `timeZone` is an IANA zone this runtime knows. The one place a zone is validated:
 * settings, the SLA clock, the digest and every formatter ask here.
 */
export function isValidTimeZone(timeZone: string): boolean {
  return IANAZone.isValidZone(timeZone);
}

/** `timeZone` when valid, else UTC: a mistyped zone must never fail intake, a sweep or a digest. */
export function usableTimeZone(timeZone: string | null | undefined): string {
  return timeZone && isValidTimeZone(timeZone) ? timeZone : 'UTC';
}

/** The calendar date as Luxon's midnight in UTC: pure date arithmetic, no zone to shift it. */
function asDate(date: LocalDate): DateTime {
  return DateTime.utc(date.year, date.month, date.day);
}

function toDate(value: DateTime): LocalDate {
  return { year: value.year, month: value.month, day: value.day };
}

/** The local date and time of `instant` in `timeZone`. */
export function toLocal(instant: Date, timeZone: string): LocalDateTime {
  const local = DateTime.fromJSDate(instant, { zone: usableTimeZone(timeZone) });
  return { ...toDate(local), hour: local.hour, minute: local.minute, weekday: local.weekday };
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` at `minuteOfDay` (0–1440; 1440 is
 * the next midnight). A wall time skipped by a spring-forward jump moves forward by the jump (02:30
 * on that night in New York reads as 03:30); a wall time that happens twice maps to the first.
 */
export function fromLocal(date: LocalDate, minuteOfDay: number, timeZone: string): Date {
  const extraDays = Math.floor(minuteOfDay / 1440);
  const minutes = minuteOfDay - extraDays * 1440;
  const day = asDate(date).plus({ days: extraDays });
  const wall = {
    year: day.year,
    month: day.month,
    day: day.day,
    hour: Math.floor(minutes / 60),
    minute: minutes % 60,
  };
  const local = DateTime.fromObject(wall, { zone: usableTimeZone(timeZone) });
  // Luxon resolves a repeated wall time to its later occurrence; the earlier one, if the clock
  // really shows this wall time then, is under the offset in force a few hours before.
  const earlierOffset = local.minus({ hours: 3 }).offset;
  const earlier = local.plus({ minutes: local.offset - earlierOffset });
  const same = earlier.hour === wall.hour && earlier.minute === wall.minute && earlier.day === wall.day;
  return (same && earlier < local ? earlier : local).toJSDate();
}

/** ISO weekday (1 Monday … 7 Sunday) of a calendar date. */
export function isoWeekday(date: LocalDate): number {
  return asDate(date).weekday;
}

/** The calendar date `days` after `date` (negative for before). */
export function addDays(date: LocalDate, days: number): LocalDate {
  return toDate(asDate(date).plus({ days }));
}

/** `YYYY-MM-DD`. */
export function formatDate(date: LocalDate): string {
  return asDate(date).toFormat('yyyy-MM-dd');
}

/** Parses `YYYY-MM-DD`; undefined when it is not a real date. */
export function parseDate(text: string): LocalDate | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const parsed = DateTime.fromISO(text, { zone: 'utc' });
  return parsed.isValid ? toDate(parsed) : undefined;
}

/** Parses `HH:MM` (00:00–24:00) into minutes after midnight; undefined when malformed. */
export function parseClock(text: string): number | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return Number(match[2]) < 60 && minutes <= 24 * 60 ? minutes : undefined;
}

/** The instant the local day `date` starts in `timeZone` (not always 00:00 where DST starts at midnight). */
export function startOfLocalDay(date: LocalDate, timeZone: string): Date {
  return DateTime.fromObject(date, { zone: usableTimeZone(timeZone) })
    .startOf('day')
    .toJSDate();
}
