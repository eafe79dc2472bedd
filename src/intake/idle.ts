/** Idle intakes: one gentle reminder, then a polite pause with the answers kept. */
import { and, eq, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { intakeSessions } from '../../db/schema.js';
import { catalog } from '../i18n/index.js';
import { enqueue } from '../outbox/outbox.js';
import { firstName } from './prompts.js';
import type { Session } from './session.js';

export const INTAKE_TIMING = {
  /** Idle this long mid-intake: one gentle reminder. */
  remindAfterMs: 30 * 60_000,
  /** Idle this long after the reminder: pause politely, answers kept. */
  expireAfterMs: 24 * 60 * 60_000,
  /** An expired intake is offered back for this long. */
  resumeWithinMs: 7 * 24 * 60 * 60_000,
} as const;

/**
 * Reminds idle customers once, then pauses their intake politely. Returns [reminded, expired].
 * Both writes bump the session's version, so a step that read it before writes nothing stale.
 */
export async function sweepIdle(q: Queryable, now: Date): Promise<[number, number]> {
  const bumped = sql`${intakeSessions.version} + 1`;
  const remindBefore = new Date(now.getTime() - INTAKE_TIMING.remindAfterMs);
  const expireBefore = new Date(now.getTime() - INTAKE_TIMING.expireAfterMs);
  const toRemind = await q
    .update(intakeSessions)
    .set({ remindedAt: now, version: bumped })
    .where(
      and(
        eq(intakeSessions.status, 'active'),
        isNull(intakeSessions.remindedAt),
        lte(intakeSessions.lastActivityAt, remindBefore),
      ),
    )
    .returning();
  for (const s of toRemind)
    await notify(q, s, 'reminder', catalog(s.locale).intake.reminder(firstName(s.customerName)));
  const toExpire = await q
    .update(intakeSessions)
    .set({ status: 'expired', updatedAt: now, version: bumped })
    .where(
      and(
        eq(intakeSessions.status, 'active'),
        isNotNull(intakeSessions.remindedAt),
        lte(intakeSessions.lastActivityAt, expireBefore),
      ),
    )
    .returning();
  for (const s of toExpire)
    await notify(q, s, 'expired', catalog(s.locale).intake.expired(firstName(s.customerName)));
  return [toRemind.length, toExpire.length];
}

async function notify(q: Queryable, s: Session, kind: 'reminder' | 'expired', text: string) {
  await enqueue(q, {
    key: `intake-${kind}:${s.id}:${s.lastActivityAt.getTime()}`,
    tenantId: s.tenantId,
    platform: s.platform,
    target: { kind: 'user', userId: s.customerId },
    message: { text },
    purpose: `intake_${kind}`,
  });
}
