import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BusinessHours, complaintEvents, complaints } from '../../db/schema.js';
import { PostgresRunCoordinator } from '../../src/jobs/coordinator.js';
import type { JobsDeps } from '../../src/jobs/deps.js';
import { runSlaSweep } from '../../src/jobs/sla-sweep.js';
import { DAY } from '../support/clock.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import {
  createHarness,
  customer,
  type Harness,
  MANAGER_CHANNEL,
  shown,
  staff,
  TENANT,
} from '../support/harness.js';
import { fileComplaint, jobsDepsFor, minutes, seedComplaint, TestClock } from './support.js';

const weekdays9to6: BusinessHours = {
  weekly: Object.fromEntries(['1', '2', '3', '4', '5'].map((day) => [day, [['09:00', '18:00']]])),
  holidays: [],
};

describe('SLA watch', () => {
  let h: Harness;
  let a: JobsDeps;
  let b: JobsDeps;

  beforeEach(async () => {
    h = await createHarness();
    a = jobsDepsFor(h, 'a');
    b = jobsDepsFor(h, 'b');
  });
  afterEach(() => h.close());

  const at = (start: Date, n: number) => minutes(start, n);
  const complaint = async (id: string) =>
    (await h.database.db.select().from(complaints).where(eq(complaints.id, id)))[0];

  /** Ana files an urgent complaint through the intake (1 h to first response); its card is posted. */
  const urgentComplaint = () =>
    fileComplaint(h, customer('Ana'), {
      words: 'The heater I bought sparks when I switch it on.',
      category: 'product',
      impact: 'urgent',
      details: 'Yesterday, order 5521',
      outcome: 'replacement',
    });

  it('warns the thread once at 80 % and escalates once on breach, across two instances', async () => {
    const filed = await urgentComplaint();
    expect(filed.severity).toBe('urgent');
    const start = filed.createdAt;
    const thread = () => h.port.inThread(filed.cardRef?.messageId ?? '').map((m) => m.text);

    const early = await Promise.all([runSlaSweep(a, at(start, 47)), runSlaSweep(b, at(start, 47))]);
    expect(early).toEqual([
      { warnings: 0, breaches: 0 },
      { warnings: 0, breaches: 0 },
    ]);

    const warned = await Promise.all([runSlaSweep(a, at(start, 48)), runSlaSweep(b, at(start, 48))]);
    expect(warned[0].warnings + warned[1].warnings).toBe(1);
    await h.deliver();
    expect(thread().filter((t) => t.includes('is due a first reply'))).toHaveLength(1);
    expect(thread().join('\n')).toContain('12 minutes of working time left');

    const breached = await Promise.all([runSlaSweep(a, at(start, 61)), runSlaSweep(b, at(start, 61))]);
    expect(breached[0].breaches + breached[1].breaches).toBe(1);
    expect(await runSlaSweep(a, at(start, 90))).toEqual({ warnings: 0, breaches: 0 });
    await h.deliver();

    const managers = h.port.inChannel(MANAGER_CHANNEL).map((p) => p.message.text);
    expect(managers).toHaveLength(1);
    expect(managers[0]).toContain('First-response time passed');
    expect(thread().filter((t) => t.includes('passed its first-response time'))).toHaveLength(1);
    expect((await complaint(filed.id))?.escalationLevel).toBe(1);
    const events = await h.database.db
      .select({ type: complaintEvents.type })
      .from(complaintEvents)
      .where(eq(complaintEvents.complaintId, filed.id));
    expect(events.map((e) => e.type).filter((t) => t.startsWith('sla_'))).toEqual([
      'sla_warning',
      'sla_breach',
    ]);
  });

  it('names the warning and the breach in words on `/ticket show`, never as sla_warning or sla_breach', async () => {
    const filed = await urgentComplaint();
    await runSlaSweep(a, at(filed.createdAt, 48));
    await runSlaSweep(a, at(filed.createdAt, 61));
    await h.deliver();

    const timeline = shown(await h.command(staff('Bo'), 'ticket', `show ${filed.code}`));

    expect(timeline).toMatch(/Hearken warned that the first response time is running short \(due .+\)/);
    expect(timeline).toMatch(/Hearken noted that the first response time passed \(due .+\)/);
    expect(timeline).not.toMatch(/sla_warning|sla_breach/);
  });

  it('sends only the breach when the 80 % mark was missed entirely', async () => {
    const start = h.clock.now();
    await seedComplaint(h.database, { severity: 'urgent', createdAt: start });

    expect(await runSlaSweep(a, at(start, 75))).toEqual({ warnings: 0, breaches: 1 });
  });

  it('stops the clock while the complaint waits on the customer', async () => {
    const start = h.clock.now();
    const waiting = await seedComplaint(h.database, {
      severity: 'urgent',
      createdAt: start,
      status: 'waiting',
      firstRespondedAt: at(start, 5),
      waitingSince: at(start, 10),
    });

    expect(await runSlaSweep(a, at(start, 25 * 60))).toEqual({ warnings: 0, breaches: 0 });

    await h.database.db
      .update(complaints)
      .set({ status: 'claimed', waitingSince: null })
      .where(eq(complaints.id, waiting.id));
    expect((await runSlaSweep(a, at(start, 25 * 60))).breaches).toBe(1);
  });

  it('stops watching the first response once someone has replied', async () => {
    const start = h.clock.now();
    await seedComplaint(h.database, { severity: 'urgent', createdAt: start, firstRespondedAt: at(start, 5) });

    expect(await runSlaSweep(a, at(start, 70))).toEqual({ warnings: 0, breaches: 0 });
  });

  it('escalates once when both deadlines pass in the same sweep, and records each breach once', async () => {
    const start = h.clock.now();
    const forgotten = await seedComplaint(h.database, { severity: 'urgent', createdAt: start });

    // Two days untouched: the first response (1 h) and the resolution (24 h) have both passed.
    expect(await runSlaSweep(a, at(start, 2 * 24 * 60))).toEqual({ warnings: 0, breaches: 2 });
    expect(await runSlaSweep(a, at(start, 2 * 24 * 60 + 1))).toEqual({ warnings: 0, breaches: 0 });
    await h.deliver();

    expect((await complaint(forgotten.id))?.escalationLevel).toBe(1);
    const managers = h.port.inChannel(MANAGER_CHANNEL).map((p) => p.message.text);
    expect(managers).toHaveLength(1);
    expect(managers[0]).toContain('First-response time passed');
    expect(managers[0]).toContain('Resolution time passed');
    const breaches = await h.database.db
      .select({ data: complaintEvents.data })
      .from(complaintEvents)
      .where(and(eq(complaintEvents.complaintId, forgotten.id), eq(complaintEvents.type, 'sla_breach')));
    expect(breaches.map((e) => (e.data as { clock: string }).clock)).toEqual(['first', 'resolution']);
  });

  it('gives a complaint staff reopen a fresh resolution window, so the next sweep does not breach it', async () => {
    const filed = await urgentComplaint();
    await h.command(staff('Bo'), 'ticket', `resolve ${filed.code} We sent a new heater.`);
    h.clock.advance(2 * DAY); // past the old 24 h resolution deadline

    await h.command(staff('Bo'), 'ticket', `reopen ${filed.code} The new one sparks too.`);

    const reopened = await complaint(filed.id);
    expect(reopened?.resolutionDue).toEqual(new Date(h.clock.now().getTime() + DAY));
    expect(await runSlaSweep(a, h.clock.now())).toEqual({ warnings: 0, breaches: 0 });
  });

  it('moves the deadline by the working time spent waiting on the customer, not the night', async () => {
    await h.hearken.configureTenant(TENANT, 'sandbox', {
      timeZone: 'Asia/Shanghai',
      businessHours: weekdays9to6,
    });
    // Monday 17:00 in Shanghai: 24 working hours to resolve, due Thursday 14:00.
    const filed = await urgentComplaint();
    expect(filed.resolutionDue.toISOString()).toBe('2026-11-26T06:00:00.000Z');
    await h.command(staff('Bo'), 'ticket', `ask ${filed.code} Which model is the heater?`);

    // Ana answers on Tuesday at 09:00: one working hour (Monday 17:00–18:00) passed in the wait.
    h.clock.set('2026-11-24T01:00:00Z');
    await h.dm(customer('Ana'), 'It is the HX-200 model, bought in March.');

    const resumed = await complaint(filed.id);
    expect(resumed?.waitingSince).toBeNull();
    // The 24 working hours still owed, counted from Tuesday 09:00: Thursday 15:00.
    expect(resumed?.resolutionDue.toISOString()).toBe('2026-11-26T07:00:00.000Z');
  });

  it('counts the 80 % mark in business hours: no warning over the weekend', async () => {
    await h.hearken.configureTenant('sandbox:acme', 'sandbox', {
      timeZone: 'Asia/Shanghai',
      businessHours: { weekly: { '1': [['09:00', '18:00']], '5': [['09:00', '18:00']] }, holidays: [] },
    });
    // High (4 h first response), filed Friday 17:00 in Shanghai: 1 h on Friday, 3 h on Monday.
    await seedComplaint(h.database, {
      severity: 'high',
      createdAt: new Date('2026-11-20T09:00:00Z'),
      firstResponseDue: new Date('2026-11-23T04:00:00Z'),
      resolutionDue: new Date('2026-12-09T04:00:00Z'),
    });

    // Saturday: 3 business hours still owed (more than 20 % of 4 h).
    expect((await runSlaSweep(a, new Date('2026-11-21T12:00:00Z'))).warnings).toBe(0);
    // Monday 11:11: 49 minutes left. 11:12: 48 minutes, exactly 20 %.
    expect((await runSlaSweep(a, new Date('2026-11-23T03:11:00Z'))).warnings).toBe(0);
    expect((await runSlaSweep(a, new Date('2026-11-23T03:12:00Z'))).warnings).toBe(1);
  });
});

describe('the Postgres run coordinator', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => database.destroy());

  it('lets one instance run each scheduled slot and the other skip it', async () => {
    const clock = new TestClock(new Date('2026-11-23T10:00:00Z'));
    const one = new PostgresRunCoordinator(database.db, 'a', clock);
    const two = new PostgresRunCoordinator(database.db, 'b', clock);
    const slot = 'hearken-sla:2026-11-23T10:00:00.000Z';

    const votes = await Promise.all([one.shouldRun(slot, 30_000), two.shouldRun(slot, 30_000)]);

    expect(votes.filter(Boolean)).toHaveLength(1);
    expect(await one.shouldRun('hearken-sla:2026-11-23T10:01:00.000Z', 30_000)).toBe(true);
  });

  it('hands a slot over when its holder died and the lease ran out, and prunes old leases', async () => {
    const clock = new TestClock(new Date('2026-11-23T10:00:00Z'));
    const one = new PostgresRunCoordinator(database.db, 'a', clock);
    const two = new PostgresRunCoordinator(database.db, 'b', clock);
    const slot = 'hearken-digests:2026-11-23T10:00:00.000Z';
    expect(await one.shouldRun(slot, 30_000)).toBe(true);

    clock.advanceMinutes(1);
    expect(await two.shouldRun(slot, 30_000)).toBe(true);

    clock.advanceMinutes(25 * 60);
    expect(await one.prune()).toBe(1);
  });
});
