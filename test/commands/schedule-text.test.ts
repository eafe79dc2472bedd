/** The settings' own little languages: durations, SLA targets, business hours and holidays. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BusinessHours } from '../../db/schema.js';
import { parseCommand } from '../../src/commands/args.js';
import { addBusinessMinutes } from '../../src/sla/business-hours.js';
import {
  formatDurationText,
  formatHolidays,
  formatHours,
  MAX_TARGET_MINUTES,
  parseDurationText,
  parseHolidayChange,
  parseHours,
  parseSlaTarget,
  withHolidays,
} from '../../src/sla/schedule-text.js';

const weekday = (hours: BusinessHours | null, key: keyof BusinessHours['weekly']) => hours?.weekly[key];

describe('durations as typed', () => {
  it.each([
    ['90', 90],
    ['90m', 90],
    ['1h', 60],
    ['1h30m', 90],
    ['2d', 2880],
    ['1d12h', 2160],
    ['24H', 1440],
  ])('“%s” is %d minutes', (text, minutes) => {
    expect(parseDurationText(text)).toBe(minutes);
  });

  it.each(['', '0', '0h', 'soon', '1.5h', 'h', '1h1d', '-3m', '400d'])('“%s” is not a duration', (text) => {
    expect(parseDurationText(text)).toBeUndefined();
  });

  it('reads back every duration it writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_TARGET_MINUTES }), (minutes) => {
        expect(parseDurationText(formatDurationText(minutes))).toBe(minutes);
      }),
    );
  });
});

describe('SLA targets', () => {
  it('reads a severity and its two targets', () => {
    expect(parseSlaTarget('Urgent 30m 8h')).toEqual({
      ok: true,
      value: { severity: 'urgent', firstResponseMinutes: 30, resolutionMinutes: 480 },
    });
  });

  it('refuses a first response slower than the resolution, and a missing target', () => {
    expect(parseSlaTarget('high 3d 4h')).toEqual({ ok: false, problem: 'slaOrder' });
    expect(parseSlaTarget('high 4h')).toEqual({ ok: false, problem: 'sla' });
    expect(parseSlaTarget('high 4h 3d now')).toEqual({ ok: false, problem: 'sla' });
  });
});

describe('business hours', () => {
  it('from a clock that never stops, opening hours name the open days', () => {
    const weekdays = parseHours('mon-fri 09:00-17:00', null);
    if (!weekdays.ok) throw new Error('refused');
    expect(weekday(weekdays.value, '1')).toEqual([['09:00', '17:00']]);
    expect(weekday(weekdays.value, '6')).toEqual([]);
    const sundays = parseHours('sun closed', null);
    expect(sundays.ok && formatHours(sundays.value)).toBe('mon-sat 00:00-24:00, sun closed');
  });

  it('on a schedule, sets the days named and keeps the others', () => {
    const weekdays = parseHours('mon-fri 09:00-17:00', null);
    if (!weekdays.ok) throw new Error('refused');
    const saturday = parseHours('sat 10:00-14:00', weekdays.value);
    if (!saturday.ok) throw new Error('refused');
    expect(formatHours(saturday.value)).toBe('mon-fri 09:00-17:00, sat 10:00-14:00, sun closed');
    const friday = parseHours('fri closed', saturday.value);
    expect(friday.ok && formatHours(friday.value)).toBe(
      'mon-thu 09:00-17:00, fri closed, sat 10:00-14:00, sun closed',
    );
  });

  it('reads split days, full day names, wrapping ranges and 24/7', () => {
    const split = parseHours('monday 09:00-12:00,13:00-17:00 tue-thu 08:00-16:00 fri-sun closed', null);
    expect(split.ok && formatHours(split.value)).toBe(
      'mon 09:00-12:00,13:00-17:00, tue-thu 08:00-16:00, fri-sun closed',
    );
    const wrapping = parseHours('fri-mon 10:00-14:00', null);
    expect(wrapping.ok && formatHours(wrapping.value)).toBe(
      'mon 10:00-14:00, tue-thu closed, fri-sun 10:00-14:00',
    );
    expect(parseHours('24/7', { weekly: {}, holidays: [] })).toEqual({ ok: true, value: null });
    expect(parseHours('24/7', { weekly: {}, holidays: ['2026-12-25'] })).toMatchObject({
      ok: true,
      value: { holidays: ['2026-12-25'], weekly: { '7': [['00:00', '24:00']] } },
    });
  });

  it.each([
    ['mon-fri', 'hours'],
    ['mon-fri 9-5', 'hours'],
    ['mon 17:00-09:00', 'hours'],
    ['mon 09:00-13:00,12:00-17:00', 'hours'],
    ['mo 09:00-17:00', 'hours'],
    ['daily closed', 'noOpenHours'],
  ])('refuses “%s”', (text, problem) => {
    expect(parseHours(text, null)).toEqual({ ok: false, problem });
  });

  const interval = fc
    .tuple(fc.integer({ min: 0, max: 47 }), fc.integer({ min: 1, max: 48 }))
    .filter(([a, b]) => b > a)
    .map(([a, b]): [string, string] => [clock(a * 30), clock(b * 30)]);
  const schedule = fc
    .array(fc.option(interval, { nil: undefined }), { minLength: 7, maxLength: 7 })
    .filter((days) => days.some(Boolean))
    .map(
      (days): BusinessHours => ({
        weekly: {
          '1': days[0] ? [days[0]] : [],
          '2': days[1] ? [days[1]] : [],
          '3': days[2] ? [days[2]] : [],
          '4': days[3] ? [days[3]] : [],
          '5': days[4] ? [days[4]] : [],
          '6': days[5] ? [days[5]] : [],
          '7': days[6] ? [days[6]] : [],
        },
        holidays: [],
      }),
    );

  it('the overview’s text, typed back, is the same schedule', () => {
    fc.assert(
      fc.property(schedule, (hours) => {
        const again = parseHours(formatHours(hours), null);
        expect(again.ok).toBe(true);
        if (again.ok) expect(formatHours(again.value)).toBe(formatHours(hours));
      }),
    );
  });

  it('a schedule set from chat counts SLA time only inside its hours', () => {
    const parsed = parseHours('mon-fri 09:00-17:00 sat-sun closed', null);
    if (!parsed.ok || !parsed.value) throw new Error('refused');
    // Friday 16:00 in Berlin plus two working hours is Monday 10:00 there.
    const due = addBusinessMinutes(new Date('2026-03-06T15:00:00Z'), 120, parsed.value, 'Europe/Berlin');
    expect(due).toEqual(new Date('2026-03-09T09:00:00Z'));
  });
});

describe('holidays', () => {
  it('adds a range and single days, removes one, and writes runs as ranges', () => {
    const added = parseHolidayChange('add 2026-12-24..2026-12-26, 2027-01-01');
    if (!added.ok) throw new Error('refused');
    const hours = withHolidays(null, added.value);
    expect(hours?.holidays).toEqual(['2026-12-24', '2026-12-25', '2026-12-26', '2027-01-01']);
    const removed = parseHolidayChange('remove 2026-12-25');
    if (!removed.ok) throw new Error('refused');
    expect(formatHolidays(withHolidays(hours, removed.value))).toBe('2026-12-24, 2026-12-26, 2027-01-01');
    const cleared = parseHolidayChange('clear');
    if (!cleared.ok) throw new Error('refused');
    expect(withHolidays(hours, cleared.value)).toBeNull();
  });

  it.each([
    'add',
    'add 2026-13-01',
    'add 2026-12-26..2026-12-24',
    'add 2026-01-01..2027-06-01',
    'list 2026-12-25',
  ])('refuses “%s”', (text) => {
    expect(parseHolidayChange(text)).toEqual({ ok: false, problem: 'holidays' });
  });

  it('the overview’s text, added back, is the same set of days', () => {
    const day = fc
      .integer({ min: 0, max: 800 })
      .map((n) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.uniqueArray(day, { minLength: 1, maxLength: 30 }), (days) => {
        const hours = { weekly: {}, holidays: [...days].sort() };
        const again = parseHolidayChange(`add ${formatHolidays(hours)}`);
        expect(again.ok && withHolidays(null, again.value)?.holidays).toEqual(hours.holidays);
      }),
    );
  });
});

describe('whatever an admin types', () => {
  it('every parser answers with a value or a problem, never an exception', () => {
    const typed = fc.oneof(
      fc.string(),
      fc
        .array(
          fc.constantFrom(
            'mon',
            'fri',
            '-',
            ',',
            '09:00',
            '24:00',
            '..',
            '2026-12-25',
            'closed',
            ' ',
            'add',
            'h',
            '1',
          ),
          { maxLength: 12 },
        )
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(typed, (text) => {
        expect(parseHours(text, null)).toHaveProperty('ok');
        expect(parseHolidayChange(text)).toHaveProperty('ok');
        expect(parseSlaTarget(text)).toHaveProperty('ok');
        const minutes = parseDurationText(text);
        expect(minutes === undefined || (minutes > 0 && minutes <= MAX_TARGET_MINUTES)).toBe(true);
      }),
    );
  });
});

describe('settings words on one line', () => {
  it('each several-word setting takes its words up to the next setting’s name', () => {
    expect(
      parseCommand('hearken', 'settings sla urgent 1h 24h timezone Asia/Shanghai hours sat closed'),
    ).toEqual({
      kind: 'ok',
      sub: 'settings',
      values: { timezone: ['Asia/Shanghai'], sla: ['urgent 1h 24h'], hours: ['sat closed'] },
    });
  });
});

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
