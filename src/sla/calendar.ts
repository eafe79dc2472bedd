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

const checkedZones = new Map<string, boolean>();
const MAX_CHECKED_ZONES = 1_000;

/**
 * True when `timeZone` is an IANA zone this runtime knows. The one place a zone is validated:
 * settings, the SLA clock, the digest and every formatter ask here.
 */
export function isValidTimeZone(timeZone: string): boolean {
  let valid = checkedZones.get(timeZone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(timeZone);
    // Luxon builds an Intl formatter for every check; the SLA walk asks per local day, so the
    // answers are kept. Zone names come from tenant settings, so the set stays small; the cap
    // only guards against a flood of junk names.
    if (checkedZones.size >= MAX_CHECKED_ZONES) checkedZones.clear();
    checkedZones.set(timeZone, valid);
  }
  return valid;
}

/** `timeZone` when valid, else UTC: a mistyped zone must never fail intake, a sweep or a digest. */
export function usableTimeZone(timeZone: string | null | undefined): string {
  return timeZone && isValidTimeZone(timeZone) ? timeZone : 'UTC';
}

/**
 * Calendar dates (no zone, no DST) are plain proleptic-Gregorian arithmetic on `Date.UTC`:
 * Luxon is for zones, and the SLA walk does this per local day, where Luxon's object overhead
 * costs ten times as much for the same answer.
 */
function utcDay(date: LocalDate): Date {
  return new Date(Date.UTC(date.year, date.month - 1, date.day));
}

function toDate(value: { year: number; month: number; day: number }): LocalDate {
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
  const wall = { ...addDays(date, extraDays), hour: Math.floor(minutes / 60), minute: minutes % 60 };
  const zone = IANAZone.create(usableTimeZone(timeZone));
  const local = DateTime.fromObject(wall, { zone });
  // Luxon resolves a repeated wall time (the hour a fall-back repeats) to its later occurrence;
  // the earlier one, when the clock really shows this wall time then, is under the offset in
  // force a few hours before.
  const earlierOffset = zone.offset(local.toMillis() - 3 * 3_600_000);
  if (earlierOffset === local.offset) return local.toJSDate();
  const earlier = local.plus({ minutes: local.offset - earlierOffset });
  const same = earlier.hour === wall.hour && earlier.minute === wall.minute && earlier.day === wall.day;
  return (same && earlier < local ? earlier : local).toJSDate();
}

/** ISO weekday (1 Monday … 7 Sunday) of a calendar date. */
export function isoWeekday(date: LocalDate): number {
  const day = utcDay(date).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The calendar date `days` after `date` (negative for before). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** `YYYY-MM-DD`. */
export function formatDate(date: LocalDate): string {
  return utcDay(date).toISOString().slice(0, 10);
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
