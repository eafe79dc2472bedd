/**
 * Intake sessions in the database: one active conversation per customer per tenant. Persistence
 * only: what the conversation decides lives in `policy.ts`.
 */
import { and, desc, eq, gte, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { intakeSessions } from '../../db/schema.js';
import { DatabaseError } from '../errors.js';
import type { Actor, Locale } from '../messages.js';
import { type Answers, STEPS, type Step } from './state.js';

export type Session = typeof intakeSessions.$inferSelect;

export type { Answers, Step } from './state.js';
/** The active session, locked for this transaction so two messages from one customer queue up. */
export async function activeSession(
  q: Queryable,
  tenantId: string,
  customerId: string,
): Promise<Session | undefined> {
  const [row] = await q
    .select()
    .from(intakeSessions)
    .where(
      and(
        eq(intakeSessions.tenantId, tenantId),
        eq(intakeSessions.customerId, customerId),
        eq(intakeSessions.status, 'active'),
      ),
    )
    .for('update');
  return row;
}

/**
 * The most recent expired session with answers worth offering back, within `since`. The status is
 * a literal so that even a cached generic plan of the statement uses `intake_resumable_idx`.
 */
export async function resumableSession(q: Queryable, tenantId: string, customerId: string, since: Date) {
  const [row] = await q
    .select()
    .from(intakeSessions)
    .where(
      and(
        eq(intakeSessions.tenantId, tenantId),
        eq(intakeSessions.customerId, customerId),
        sql`${intakeSessions.status} = 'expired'`,
        gte(intakeSessions.lastActivityAt, since),
      ),
    )
    .orderBy(desc(intakeSessions.lastActivityAt))
    .limit(1);
  return row;
}

export async function startSession(
  q: Queryable,
  actor: Actor,
  locale: Locale,
  step: Step,
  answers: Answers,
  now: Date,
) {
  const [row] = await q
    .insert(intakeSessions)
    .values({
      tenantId: actor.tenantId,
      platform: actor.platform,
      customerId: actor.userId,
      customerName: actor.displayName,
      step,
      answers: { ...answers },
      locale,
      lastActivityAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!row) throw new DatabaseError('E_DB_NO_ROW', 'an intake session insert');
  return row;
}

export async function saveSession(
  q: Queryable,
  session: Session,
  patch: Partial<typeof intakeSessions.$inferInsert>,
  now: Date,
) {
  const [row] = await q
    .update(intakeSessions)
    .set({ ...patch, lastActivityAt: now, updatedAt: now, remindedAt: patch.remindedAt ?? null })
    .where(eq(intakeSessions.id, session.id))
    .returning();
  if (!row) throw new DatabaseError('E_DB_ROW_VANISHED', 'an intake session');
  return row;
}

export const answersOf = (session: Session): Answers => session.answers as Answers;
export const stepOf = (session: Session): Step => STEPS.find((s) => s === session.step) ?? 'describe';
