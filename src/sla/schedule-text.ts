/**
 * The SLA policy, business hours and holidays as an admin types them in `/hearken settings` and
 * reads them back: `urgent 1h 24h`, `mon-fri 09:00-17:00`, `sat closed`, `24/7`,
 * `add 2026-12-24..2026-12-26`. Pure functions, no wording: a parse either gives the new value or
 * says which accepted form was not met (the catalog words the form).
 */
import type { BusinessHours, SlaPolicy } from '../../db/schema.js';
import { isSeverity, type Severity } from '../domain/index.js';
import { addDays, formatDate, type LocalDate, parseClock, parseDate } from './calendar.js';
import { DEFAULT_SLA_POLICY } from './policy.js';

/** The longest SLA target or delay a setting accepts: a year. */
export const MAX_TARGET_MINUTES = 366 * 1440;
/** The longest holiday range one command adds or removes. */
export const MAX_HOLIDAY_RANGE_DAYS = 366;

/** Weekday keys as typed and shown, ISO order (Monday first). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type WeekdayKey = keyof BusinessHours['weekly'];
const WEEKDAY_KEYS = ['1', '2', '3', '4', '5', '6', '7'] as const satisfies readonly WeekdayKey[];

/** What a setting's text failed to be: the catalog says the accepted form for each. */
export type ScheduleProblem = 'duration' | 'sla' | 'slaOrder' | 'hours' | 'noOpenHours' | 'holidays';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: ScheduleProblem };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(problem: ScheduleProblem): Parsed<T> => ({ ok: false, problem });

/**
 * Minutes from `90m`, `1h`, `1h30m`, `2d`, `1d12h` or a bare number of minutes; undefined when
 * malformed, zero, or longer than `max`.
 */
export function parseDurationText(text: string, max = MAX_TARGET_MINUTES): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (/^\d{1,6}$/.test(trimmed)) {
    const n = Number(trimmed);
    return n > 0 && n <= max ? n : undefined;
  }
  const match = /^(?:(\d{1,4})d)?(?:(\d{1,5})h)?(?:(\d{1,6})m(?:in)?)?$/.exec(trimmed);
  if (!match || trimmed === '') return undefined;
  const total = Number(match[1] ?? 0) * 1440 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
  return total > 0 && total <= max ? total : undefined;
}

/** `1d4h`, `90m` → `1h30m`: the shortest typed form of a number of minutes (parses back to it). */
export function formatDurationText(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const text = `${days ? `${days}d` : ''}${hours ? `${hours}h` : ''}${rest ? `${rest}m` : ''}`;
  return text || '0m';
}

export interface SlaChange {
  severity: Severity;
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

/** `urgent 1h 24h`: a severity, its first-response target, then its resolution target. */
export function parseSlaTarget(text: string): Parsed<SlaChange> {
  const [severity = '', first = '', resolution = '', ...extra] = text.trim().toLowerCase().split(/\s+/);
  if (!isSeverity(severity) || extra.length > 0) return fail('sla');
  const firstResponseMinutes = parseDurationText(first);
  const resolutionMinutes = parseDurationText(resolution);
  if (firstResponseMinutes === undefined || resolutionMinutes === undefined) return fail('sla');
  if (firstResponseMinutes > resolutionMinutes) return fail('slaOrder');
  return ok({ severity, firstResponseMinutes, resolutionMinutes });
}

/** The tenant's policy with one severity's targets changed (the others kept, defaults filled in). */
export function withSlaTarget(policy: SlaPolicy | null | undefined, change: SlaChange): SlaPolicy {
  const { severity, ...targets } = change;
  return { ...DEFAULT_SLA_POLICY, ...policy, [severity]: targets };
}

/** `urgent 1h/24h`: one severity's targets as typed. */
export function formatSlaTarget(policy: SlaPolicy | null | undefined, severity: Severity): string {
  const target = policy?.[severity] ?? DEFAULT_SLA_POLICY[severity];
  return `${severity} ${formatDurationText(target.firstResponseMinutes)}/${formatDurationText(target.resolutionMinutes)}`;
}

const ALL_DAY: [string, string][] = [['00:00', '24:00']];
const aroundTheClock = (): BusinessHours['weekly'] =>
  Object.fromEntries(WEEKDAY_KEYS.map((key) => [key, ALL_DAY]));

const DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** 0 (Monday) … 6 for `mon`, `tues`, `wednesday`…; -1 for anything else. */
const dayIndex = (word: string) =>
  word.length < 3 ? -1 : DAY_NAMES.findIndex((name) => name.startsWith(word));

/** Day words: `mon`, `mon-fri` (wrapping: `fri-mon`), `mon,wed,fri`, `weekdays`, `weekend`, `daily`. */
function parseDays(text: string): number[] | undefined {
  const words: Record<string, number[]> = {
    weekdays: [0, 1, 2, 3, 4],
    weekend: [5, 6],
    weekends: [5, 6],
    daily: [0, 1, 2, 3, 4, 5, 6],
    all: [0, 1, 2, 3, 4, 5, 6],
  };
  const days = new Set<number>();
  for (const part of text.split(',')) {
    const named = words[part];
    if (named) {
      for (const day of named) days.add(day);
      continue;
    }
    const [from = '', to, ...more] = part.split('-');
    const start = dayIndex(from);
    const end = to === undefined ? start : dayIndex(to);
    if (start < 0 || end < 0 || more.length > 0) return undefined;
    for (let day = start; ; day = (day + 1) % 7) {
      days.add(day);
      if (day === end) break;
    }
  }
  return days.size > 0 ? [...days].sort((a, b) => a - b) : undefined;
}

/** `09:00-17:00` or `09:00-12:00,13:00-17:00` (in order, not overlapping), or `closed`. */
function parseIntervals(text: string): [string, string][] | undefined {
  if (text === 'closed' || text === 'off') return [];
  const intervals: [string, string][] = [];
  let lastEnd = -1;
  for (const part of text.split(',')) {
    const [from = '', to = '', ...more] = part.split('-');
    const start = parseClock(from);
    const end = parseClock(to);
    if (more.length > 0 || start === undefined || end === undefined || end <= start || start < lastEnd)
      return undefined;
    lastEnd = end;
    intervals.push([clock(start), clock(end)]);
  }
  return intervals;
}

const clock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * Changes the weekly schedule: `24/7` (every minute counts), or one or more `<days> <hours>`
 * pairs (`mon-fri 09:00-17:00 sat 10:00-14:00`, `sun closed`). Days not named keep their hours,
 * except when there were none: then opening hours close the days not named. Holidays are kept. A schedule left with no open hour at all is refused (use `24/7`).
 */
export function parseHours(
  text: string,
  current: BusinessHours | null | undefined,
): Parsed<BusinessHours | null> {
  // A trailing comma is the overview's separator (`mon-fri 09:00-17:00, sat closed`): pasted back, it reads.
  const words = text
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .map((word) => word.replace(/,$/, ''))
    .filter(Boolean);
  const holidays = current?.holidays ?? [];
  if (words.length === 1 && (words[0] === '24/7' || words[0] === 'always')) {
    // Holidays still stop the clock around the clock; with none, no schedule at all is the same.
    return ok(holidays.length > 0 ? { weekly: aroundTheClock(), holidays } : null);
  }
  if (words.length === 0 || words.length % 2 !== 0) return fail('hours');
  const changes: [number[], [string, string][]][] = [];
  for (let i = 0; i < words.length; i += 2) {
    const days = parseDays(words[i] ?? '');
    const intervals = parseIntervals(words[i + 1] ?? '');
    if (!days || !intervals) return fail('hours');
    changes.push([days, intervals]);
  }
  // From a clock that never stops, opening hours name the open days (`mon-fri 09:00-17:00`
  // closes the weekend), while closing days keeps the rest open (`sun closed`).
  const onlyClosing = changes.every(([, intervals]) => intervals.length === 0);
  const fromScratch = !current || formatHours(current) === '24/7';
  const base = fromScratch ? (onlyClosing ? aroundTheClock() : {}) : current.weekly;
  const weekly: BusinessHours['weekly'] = Object.fromEntries(
    WEEKDAY_KEYS.map((key) => [key, base[key] ?? []]),
  );
  for (const [days, intervals] of changes) {
    for (const day of days) {
      const key = WEEKDAY_KEYS[day];
      if (key) weekly[key] = intervals;
    }
  }
  const next = { weekly, holidays };
  return hasAnyOpenHour(next) ? ok(next) : fail('noOpenHours');
}

function hasAnyOpenHour(hours: BusinessHours): boolean {
  return WEEKDAY_KEYS.some((key) => (hours.weekly[key] ?? []).length > 0);
}

/** `mon-fri 09:00-17:00, sat-sun closed`, or `24/7`: the schedule as typed, equal days grouped. */
export function formatHours(hours: BusinessHours | null | undefined): string {
  if (!hours) return '24/7';
  const per = WEEKDAY_KEYS.map((key) => {
    const intervals = hours.weekly[key] ?? [];
    return intervals.length === 0 ? 'closed' : intervals.map(([from, to]) => `${from}-${to}`).join(',');
  });
  if (per.every((text) => text === '00:00-24:00')) return '24/7';
  const groups: string[] = [];
  for (let start = 0; start < 7; ) {
    let end = start;
    while (end + 1 < 7 && per[end + 1] === per[start]) end += 1;
    const days = start === end ? WEEKDAYS[start] : `${WEEKDAYS[start]}-${WEEKDAYS[end]}`;
    groups.push(`${days} ${per[start]}`);
    start = end + 1;
  }
  return groups.join(', ');
}

export type HolidayChange = { action: 'add' | 'remove'; dates: string[] } | { action: 'clear' };

/** Dates: `2026-12-25`, a range `2026-12-24..2026-12-26`, several separated by commas or spaces. */
function parseDates(words: string[]): string[] | undefined {
  const dates: string[] = [];
  for (const part of words.flatMap((word) => word.split(',')).filter(Boolean)) {
    const [from = '', to, ...more] = part.split('..');
    const start = parseDate(from);
    const end = to === undefined ? start : parseDate(to);
    if (!start || !end || more.length > 0) return undefined;
    const span = daysBetween(start, end);
    if (span < 0 || span >= MAX_HOLIDAY_RANGE_DAYS) return undefined;
    for (let i = 0; i <= span; i++) dates.push(formatDate(addDays(start, i)));
  }
  return dates.length > 0 ? dates : undefined;
}

const daysBetween = (a: LocalDate, b: LocalDate) =>
  Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);

/** `add <dates>`, `remove <dates>` or `clear`. */
export function parseHolidayChange(text: string): Parsed<HolidayChange> {
  const [action = '', ...rest] = text.trim().toLowerCase().split(/\s+/);
  if (action === 'clear' && rest.length === 0) return ok({ action: 'clear' });
  if (action !== 'add' && action !== 'remove') return fail('holidays');
  const dates = parseDates(rest);
  return dates ? ok({ action, dates }) : fail('holidays');
}

/** The schedule after a holiday change; holidays on a tenant without hours stop a 24/7 clock. */
export function withHolidays(
  current: BusinessHours | null | undefined,
  change: HolidayChange,
): BusinessHours | null {
  const existing = new Set(current?.holidays ?? []);
  if (change.action === 'clear') existing.clear();
  else if (change.action === 'add') for (const date of change.dates) existing.add(date);
  else for (const date of change.dates) existing.delete(date);
  const holidays = [...existing].sort();
  if (!current) return holidays.length > 0 ? { weekly: aroundTheClock(), holidays } : null;
  const next = { weekly: current.weekly, holidays };
  // Back to no schedule when it was only there to carry holidays.
  return holidays.length === 0 && formatHours(next) === '24/7' ? null : next;
}

/** `2026-12-24..2026-12-26, 2027-01-01`: holidays as typed, runs of days as ranges. */
export function formatHolidays(hours: BusinessHours | null | undefined): string {
  const dates = [...(hours?.holidays ?? [])].sort();
  const runs: string[] = [];
  for (let i = 0; i < dates.length; ) {
    let j = i;
    while (j + 1 < dates.length && isNextDay(dates[j] ?? '', dates[j + 1] ?? '')) j += 1;
    runs.push(i === j ? (dates[i] ?? '') : `${dates[i]}..${dates[j]}`);
    i = j + 1;
  }
  return runs.join(', ');
}

function isNextDay(a: string, b: string): boolean {
  const day = parseDate(a);
  return day !== undefined && formatDate(addDays(day, 1)) === b;
}
