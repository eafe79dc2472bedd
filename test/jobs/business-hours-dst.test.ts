import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { BusinessHours } from '../../db/schema.js';
import { businessMinutesBetween } from '../../src/sla/business-hours.js';
import { addSlaMinutes } from '../../src/sla/policy.js';

/** Weekdays 09:00–18:00, and Sunday 00:30–04:00 so a window spans the DST jump itself. */
const hours: BusinessHours = {
  weekly: {
    '1': [['09:00', '18:00']],
    '2': [['09:00', '18:00']],
    '3': [['09:00', '18:00']],
    '4': [['09:00', '18:00']],
    '5': [['09:00', '18:00']],
    '7': [['00:30', '04:00']],
  },
  holidays: [],
};

/** Each zone with its 2026 DST changes (spring forward, fall back). */
const ZONES = [
  { zone: 'America/New_York', changes: ['2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z'] },
  { zone: 'Europe/London', changes: ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z'] },
] as const;

const HOUR = 3_600_000;

/** True when `instant` is inside (or exactly at the close of) one of the schedule's windows. */
function inBusinessHours(instant: Date, zone: string): boolean {
  const local = DateTime.fromJSDate(instant, { zone });
  const intervals = hours.weekly[String(local.weekday) as keyof BusinessHours['weekly']] ?? [];
  const minute = local.hour * 60 + local.minute + local.second / 60;
  return intervals.some(([from, to]) => {
    const [fh = 0, fm = 0] = from.split(':').map(Number);
    const [th = 0, tm = 0] = to.split(':').map(Number);
    return minute > fh * 60 + fm && minute <= th * 60 + tm;
  });
}

/** A start within four days either side of one of the zone's DST changes, to the minute. */
const nearChange = (changes: readonly string[]) =>
  fc
    .tuple(fc.constantFrom(...changes), fc.integer({ min: -96 * 60, max: 96 * 60 }))
    .map(([change, offset]) => new Date(Date.parse(change) + offset * 60_000));

const targets = fc.integer({ min: 1, max: 5 * 24 * 60 });

describe('SLA deadlines across DST changes (property)', () => {
  for (const { zone, changes } of ZONES) {
    it(`in ${zone}, a deadline always falls inside business hours and owes exactly its minutes`, () => {
      fc.assert(
        fc.property(nearChange(changes), targets, (start, minutes) => {
          const due = addSlaMinutes(start, minutes, hours, zone);
          expect(due.getTime()).toBeGreaterThan(start.getTime());
          expect(inBusinessHours(due, zone)).toBe(true);
          expect(businessMinutesBetween(start, due, hours, zone)).toBeCloseTo(minutes, 6);
        }),
        { numRuns: 300 },
      );
    });

    it(`in ${zone}, a later start never gives an earlier deadline`, () => {
      fc.assert(
        fc.property(
          nearChange(changes),
          fc.integer({ min: 0, max: 48 * 60 }),
          targets,
          (start, later, minutes) => {
            const next = new Date(start.getTime() + later * 60_000);
            const a = addSlaMinutes(start, minutes, hours, zone);
            const b = addSlaMinutes(next, minutes, hours, zone);
            expect(b.getTime()).toBeGreaterThanOrEqual(a.getTime());
          },
        ),
        { numRuns: 300 },
      );
    });
  }

  it('counts the Sunday window on the spring-forward night as the hours that really pass', () => {
    // New York, Sunday 8 March 2026: 00:30–04:00 local is 2 h 30 of real time (02:00 is skipped).
    const open = new Date('2026-03-08T05:30:00Z');
    const close = new Date('2026-03-08T08:00:00Z');
    expect(businessMinutesBetween(open, close, hours, 'America/New_York')).toBe(150);
    expect(close.getTime() - open.getTime()).toBe(2.5 * HOUR);
  });
});
