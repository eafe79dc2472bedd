/** Test kit for the jobs: a clock the test moves, a silent logger, and seeding straight into the database. */
import { desc, eq } from 'drizzle-orm';
import pino from 'pino';
import type { Database } from '../../db/client.js';
import { complaints } from '../../db/schema.js';
import type { JobsDeps } from '../../src/jobs/deps.js';
import type { Actor } from '../../src/messages.js';
import type { Clock, Logger } from '../../src/ports.js';
import { computeDeadlines } from '../../src/sla/policy.js';
import type { Harness } from '../support/harness.js';

export class TestClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  advanceMinutes(minutes: number): Date {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
    return this.now();
  }
}

/** Silent unless TEST_LOG names a level (e.g. `TEST_LOG=error` to see why a job gave up). */
export const silentLogger: Logger = pino({ level: process.env.TEST_LOG ?? 'silent' });

export const minutes = (at: Date, n: number): Date => new Date(at.getTime() + n * 60_000);

type ComplaintRow = typeof complaints.$inferInsert;

let codeSeq = 5000;

/**
 * A complaint of tenant `sandbox:acme` as the core would have stored it, with deadlines from the
 * default policy, for states that would take many steps to reach through the intake.
 */
export async function seedComplaint(
  database: Database,
  patch: Partial<ComplaintRow> & { createdAt: Date },
): Promise<typeof complaints.$inferSelect> {
  const severity = patch.severity ?? 'normal';
  codeSeq++;
  const [row] = await database.db
    .insert(complaints)
    .values({
      tenantId: 'sandbox:acme',
      platform: 'sandbox',
      code: `C-${codeSeq}`,
      customerId: 'sandbox:acme:ana',
      customerName: 'Ana',
      locale: 'en',
      category: 'delivery',
      severity,
      summary: 'Parcel arrived damaged',
      description: 'The box was crushed.',
      desiredOutcome: 'replacement',
      ...computeDeadlines({ severity, start: patch.createdAt }),
      updatedAt: patch.createdAt,
      ...patch,
    })
    .returning();
  if (!row) throw new Error('seed failed');
  return row;
}

/** The jobs' dependencies on a harness's real core, database and clock. */
export function jobsDepsFor(h: Harness, instanceId = 'a'): JobsDeps {
  return { hearken: h.hearken, database: h.database, clock: h.clock, logger: silentLogger, instanceId };
}

/**
 * `who` files a complaint through the real intake, and its card is posted. Returns the stored row.
 */
export async function fileComplaint(
  h: Harness,
  who: Actor,
  story: { words: string; category: string; impact: string; details: string; outcome: string },
): Promise<typeof complaints.$inferSelect> {
  // The one-page form files exactly these answers, whatever the conversation would have asked.
  await h.submit(who, 'intake.form', {
    description: story.words,
    category: story.category,
    impact: story.impact,
    details: story.details,
    outcome: story.outcome,
  });
  await h.deliver();
  const [row] = await h.database.db
    .select()
    .from(complaints)
    .where(eq(complaints.customerId, who.userId))
    .orderBy(desc(complaints.createdAt))
    .limit(1);
  if (!row?.cardRef) throw new Error(`no complaint card for ${who.displayName}`);
  return row;
}
