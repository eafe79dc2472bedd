/**
 * Numbers, durations, plurals, lists, moments and days as people read them, through `Intl` only:
 * the catalogs and every surface call these, so a duration or a date reads the same on the card,
 * in the digest and in an SLA notice.
 */
import type { Locale } from '../messages.js';
import { usableTimeZone } from '../sla/calendar.js';

const MINUTE = 1;
const HOUR = 60 * MINUTE;

/** Below this, durations read in hours (and minutes); from it on, in days (and hours). */
const DAYS_FROM = 48 * HOUR;

/**
 * Making an `Intl` formatter costs far more than using one (every answer formats durations, lists
 * and plurals), so each is made once per locale and options. Keys are bounded: two locales and a
 * fixed set of options.
 */
function kept<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}
const NUMBERS = new Map<string, Intl.NumberFormat>();
const LISTS = new Map<string, ListFormatter>();
const PLURALS = new Map<string, Intl.PluralRules>();
const DAYS = new Map<string, Intl.DateTimeFormat>();

/** What `listFormat` gives: `Intl.ListFormat`'s `format`. */
export interface ListFormatter {
  format(items: readonly string[]): string;
}

/** Answers kept per list format: its lists are the catalogs' options and durations, a few dozen. */
const LIST_ANSWERS_KEPT = 256;

/**
 * `a, b or c` style lists, made once per locale and options (see `kept`), and each list's answer
 * kept: the intake formats the same options into its questions on every message, and ICU makes
 * each anew (4 µs in a loop, several times that in the flow of the event loop).
 */
export function listFormat(locale: Locale, options: Intl.ListFormatOptions): ListFormatter {
  return kept(LISTS, `${locale}|${options.type}|${options.style}`, () => {
    const icu = new Intl.ListFormat(locale, options);
    const answers = new Map<string, string>();
    return {
      format(items) {
        // Items are joined into the key with NUL, which no item may then hold.
        if (items.some((item) => item.includes('\u0000'))) return icu.format(items);
        const key = items.join('\u0000');
        let answer = answers.get(key);
        if (answer === undefined) {
          answer = icu.format(items);
          if (answers.size >= LIST_ANSWERS_KEPT) answers.clear();
          answers.set(key, answer);
        }
        return answer;
      },
    };
  });
}

function unit(locale: Locale, name: 'minute' | 'hour' | 'day', value: number): string {
  return kept(
    NUMBERS,
    `${locale}|unit|${name}`,
    () => new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'long' }),
  ).format(value);
}

/**
 * A span of minutes, e.g. `45 minutes`, `1 hour 30 minutes`, `2 days 14 hours` (`2天14小时`).
 * One rounding rule: at most two units, and the smaller one is rounded to the nearest whole unit
 * (minutes under 48 hours, hours from then on). Negative spans read as their size.
 */
export function formatDuration(minutes: number, locale: Locale): string {
  const total = Math.round(Math.abs(minutes));
  const key = `${locale}|${total}`;
  let words = DURATIONS.get(key);
  if (words === undefined) {
    words = durationWords(total, locale);
    if (DURATIONS.size >= DURATIONS_KEPT) DURATIONS.clear();
    DURATIONS.set(key, words);
  }
  return words;
}

/**
 * `formatDuration`'s answers, by locale and whole minutes: a tenant's promised times are the same few
 * spans on every confirmation, and each took three ICU calls (1.3 % of a confirmation's Node CPU).
 */
const DURATIONS = new Map<string, string>();
const DURATIONS_KEPT = 512;

function durationWords(total: number, locale: Locale): string {
  const parts: string[] = [];
  if (total < HOUR) {
    parts.push(unit(locale, 'minute', total));
  } else if (total < DAYS_FROM) {
    const hours = Math.floor(total / HOUR);
    const rest = total - hours * HOUR;
    parts.push(unit(locale, 'hour', hours));
    if (rest > 0) parts.push(unit(locale, 'minute', rest));
  } else {
    const inHours = Math.round(total / HOUR);
    const days = Math.floor(inHours / 24);
    const rest = inHours - days * 24;
    parts.push(unit(locale, 'day', days));
    if (rest > 0) parts.push(unit(locale, 'hour', rest));
  }
  return listFormat(locale, { type: 'unit', style: 'narrow' }).format(parts);
}

/** The word for `count` things: `plural('en', 1, { one: 'complaint', other: 'complaints' })`. */
export function plural(locale: Locale, count: number, forms: { one: string; other: string }): string {
  return kept(PLURALS, locale, () => new Intl.PluralRules(locale)).select(count) === 'one'
    ? forms.one
    : forms.other;
}

/** `a, b and c` / `a、b和c`. */
export function formatList(
  items: readonly string[],
  locale: Locale,
  type: 'conjunction' | 'disjunction' = 'conjunction',
): string {
  return listFormat(locale, { type }).format(items);
}

export function formatNumber(value: number, locale: Locale, fractionDigits = 0): string {
  return kept(
    NUMBERS,
    `${locale}|fixed|${fractionDigits}`,
    () =>
      new Intl.NumberFormat(locale, {
        minimumFractionDigits: fractionDigits,
        maximumFractionDigits: fractionDigits,
      }),
  ).format(value);
}

export function formatPercent(ratio: number, locale: Locale): string {
  return kept(
    NUMBERS,
    `${locale}|percent`,
    () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }),
  ).format(ratio);
}

/**
 * A moment as people in the tenant read it, with the zone named because staff may sit elsewhere:
 * `Mon, Mar 9, 12:30 GMT+8` or `3月9日周一 GMT+8 12:30`. An unknown zone reads as UTC.
 */
export function formatInstant(instant: Date, locale: Locale, timeZone: string): string {
  // Making a formatter costs far more than using one (an export formats tens of thousands).
  const key = `${locale}|${timeZone}`;
  let format = INSTANT_FORMATS.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      timeZone: usableTimeZone(timeZone),
      weekday: 'short',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    if (INSTANT_FORMATS.size > 200) INSTANT_FORMATS.clear();
    INSTANT_FORMATS.set(key, format);
  }
  return format.format(instant);
}
const INSTANT_FORMATS = new Map<string, Intl.DateTimeFormat>();

/** A local calendar day (`YYYY-MM-DD`) as a heading, e.g. `Mon, Nov 23, 2026` or `2026年11月23日周一`. */
export function formatDay(isoDate: string, locale: Locale): string {
  return kept(
    DAYS,
    locale,
    () =>
      new Intl.DateTimeFormat(locale, {
        timeZone: 'UTC',
        weekday: 'short',
        year: 'numeric',
        month: 'short',
        day: 'numeric',
      }),
  ).format(new Date(`${isoDate}T00:00:00Z`));
}
