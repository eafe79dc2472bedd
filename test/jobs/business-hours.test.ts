import { describe, expect, it } from 'vitest';
import type { BusinessHours } from '../../db/schema.js';
import { businessMinutesBetween } from '../../src/sla/business-hours.js';
import { deadlinesAfterPause } from '../../src/sla/pause.js';
import { addSlaMinutes, computeDeadlines } from '../../src/sla/policy.js';

const weekdays9to6: BusinessHours = {
  weekly: {
    '1': [['09:00', '18:00']],
    '2': [['09:00', '18:00']],
    '3': [['09:00', '18:00']],
    '4': [['09:00', '18:00']],
    '5': [['09:00', '18:00']],
  },
  holidays: [],
};

describe('SLA time in business hours', () => {
  it('without business hours counts wall-clock minutes', () => {
    const due = addSlaMinutes(new Date('2026-03-06T22:30:00Z'), 240);
    expect(due.toISOString()).toBe('2026-03-07T02:30:00.000Z');
  });

  it('a Friday-evening complaint in Asia/Shanghai is due on Monday morning', () => {
    // Friday 17:30 CST: 30 minutes count on Friday, the other 3 h 30 from Monday 09:00 CST.
    const start = new Date('2026-03-06T09:30:00Z');
    const due = addSlaMinutes(start, 240, weekdays9to6, 'Asia/Shanghai');
    expect(due.toISOString()).toBe('2026-03-09T04:30:00.000Z');
  });

  it('a Friday-evening complaint in America/New_York is due on Monday after the spring-forward weekend', () => {
    // Friday 17:30 EST (UTC-5); DST starts Sunday 8 March; Monday 09:00 is EDT (UTC-4).
    const start = new Date('2026-03-06T22:30:00Z');
    const due = addSlaMinutes(start, 240, weekdays9to6, 'America/New_York');
    expect(due.toISOString()).toBe('2026-03-09T16:30:00.000Z');
  });

  it('a Friday-evening complaint in America/New_York is due on Monday after the fall-back weekend', () => {
    // Friday 30 October 17:30 EDT (UTC-4); DST ends Sunday 1 November; Monday 09:00 is EST (UTC-5).
    const start = new Date('2026-10-30T21:30:00Z');
    const due = addSlaMinutes(start, 240, weekdays9to6, 'America/New_York');
    expect(due.toISOString()).toBe('2026-11-02T17:30:00.000Z');
  });

  it('skips holidays and counts the same minutes back', () => {
    const hours = { ...weekdays9to6, holidays: ['2026-03-09'] };
    const start = new Date('2026-03-06T09:30:00Z');
    const due = addSlaMinutes(start, 240, hours, 'Asia/Shanghai');
    expect(due.toISOString()).toBe('2026-03-10T04:30:00.000Z');
    expect(businessMinutesBetween(start, due, hours, 'Asia/Shanghai')).toBe(240);
  });

  it('counts in UTC rather than fail when the tenant’s time zone is mistyped', () => {
    const start = new Date('2026-03-06T17:30:00Z');
    expect(addSlaMinutes(start, 240, weekdays9to6, 'Asia/Shangai').toISOString()).toBe(
      '2026-03-09T12:30:00.000Z',
    );
  });

  it('computes both deadlines from the severity policy', () => {
    const deadlines = computeDeadlines({
      severity: 'high',
      start: new Date('2026-03-06T09:30:00Z'),
      businessHours: weekdays9to6,
      timeZone: 'Asia/Shanghai',
    });
    expect(deadlines.firstResponseDue.toISOString()).toBe('2026-03-09T04:30:00.000Z');
    // 3 days = 72 business hours = 8 working days of 9 h: Fri 0.5 h + 7 days + 8.5 h on the 8th.
    expect(deadlines.resolutionDue.toISOString()).toBe('2026-03-18T09:30:00.000Z');
  });

  it('time spent waiting on the customer moves the deadlines by the business time still owed', () => {
    // Waiting from Monday 10:00 to Tuesday 10:00 Shanghai time: 9 business hours pass in the wait.
    const moved = deadlinesAfterPause(
      {
        firstResponseDue: new Date('2026-03-09T04:30:00Z'),
        resolutionDue: new Date('2026-03-09T08:00:00Z'),
        waitingSince: new Date('2026-03-09T02:00:00Z'),
      },
      new Date('2026-03-10T02:00:00Z'),
      weekdays9to6,
      'Asia/Shanghai',
    );
    expect(moved.firstResponseDue.toISOString()).toBe('2026-03-10T04:30:00.000Z');
    expect(moved.resolutionDue.toISOString()).toBe('2026-03-10T08:00:00.000Z');
  });
});
