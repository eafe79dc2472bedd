import { describe, expect, it } from 'vitest';
import { CATEGORIES, STATUSES } from '../../src/domain/index.js';
import { formatDuration, formatInstant, formatList, plural } from '../../src/i18n/format.js';
import { catalog } from '../../src/i18n/index.js';
import { zhCN } from '../../src/i18n/zh-CN.js';
import { isValidTimeZone, usableTimeZone } from '../../src/sla/calendar.js';

/** Every string and every function's template in a catalog, as one text to search. */
function allWords(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'function') return value.toString();
  if (value && typeof value === 'object') return Object.values(value).map(allWords).join('\n');
  return '';
}

describe('one duration formatter, one rounding rule', () => {
  it.each([
    [0, 'en', '0 minutes'],
    [1, 'en', '1 minute'],
    [59.6, 'en', '1 hour'],
    [90, 'en', '1 hour 30 minutes'],
    [24 * 60, 'en', '24 hours'],
    [47 * 60 + 59, 'en', '47 hours 59 minutes'],
    [48 * 60, 'en', '2 days'],
    // From two days on, hours are the smallest unit: 2 d 2 h 40 min rounds to 2 d 3 h.
    [50 * 60 + 40, 'en', '2 days 3 hours'],
    [7 * 24 * 60 - 10, 'en', '7 days'],
    [-12, 'en', '12 minutes'],
    [90, 'zh-CN', '1小时30分钟'],
    [62 * 60, 'zh-CN', '2天14小时'],
  ] as const)('%d minutes in %s read as “%s”', (minutes, locale, expected) => {
    expect(formatDuration(minutes, locale)).toBe(expected);
  });

  it('is the one the catalogs use, on the card, in /complain status and in SLA notices alike', () => {
    expect(catalog('en').duration(90)).toBe('1 hour 30 minutes');
    expect(catalog('en').staff.dueIn(-90)).toBe('reply 1 hour 30 minutes overdue');
    expect(catalog('zh-CN').duration(24 * 60)).toBe('24小时');
  });
});

describe('plurals, lists and moments through Intl', () => {
  it('says one complaint and two complaints', () => {
    expect(catalog('en').admin.exportReady(1)).toContain('1 complaint with');
    expect(catalog('en').admin.exportReady(2)).toContain('2 complaints with');
    expect(catalog('en').staff.moreEvents(1)).toBe('…and 1 earlier entry');
    expect(plural('en', 0, { one: 'entry', other: 'entries' })).toBe('entries');
  });

  it('joins lists the way each language does', () => {
    expect(formatList(['safety', 'legal steps', 'money'], 'en')).toBe('safety, legal steps, and money');
    expect(formatList(['安全隐患', '法律途径'], 'zh-CN')).toBe('安全隐患和法律途径');
  });

  it('names the zone with the time, and reads an unknown zone as UTC', () => {
    const at = new Date('2026-03-09T04:30:00Z');
    expect(formatInstant(at, 'en', 'Asia/Shanghai')).toBe('Mon, Mar 9, 12:30 GMT+8');
    expect(formatInstant(at, 'en', 'Mars/Olympus')).toBe('Mon, Mar 9, 04:30 UTC');
  });
});

describe('time zones are checked in one place', () => {
  it('knows IANA zones and refuses junk', () => {
    expect(isValidTimeZone('Europe/London')).toBe(true);
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('Europe/Atlantis')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(usableTimeZone('Europe/Atlantis')).toBe('UTC');
    expect(usableTimeZone(undefined)).toBe('UTC');
  });
});

describe('one name per thing', () => {
  it('names every category and status in both languages', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const t = catalog(locale);
      for (const category of CATEGORIES) {
        expect(t.categories[category]).not.toBe(category);
        expect(t.categoriesShort[category].length).toBeLessThanOrEqual(t.categories[category].length);
      }
      for (const status of STATUSES) expect(t.staff.statuses[status]).toBeTruthy();
    }
  });

  it('speaks to a person in Chinese with 您, never the informal 你, on every surface', () => {
    const words = allWords(zhCN);
    expect(words).toContain('您');
    // 你们 stays: it is the customer's own voice on a choice (“只是想让你们知道”), to the company.
    expect(words.replaceAll('你们', '')).not.toContain('你');
  });
});
