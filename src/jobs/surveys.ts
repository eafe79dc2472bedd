/**
 * Follow-up satisfaction surveys, run every minute.
 *
 * - Send: a resolved complaint whose tenant's delay has passed gets one survey per resolution
 *   (unique `complaint_id, resolution_no`), unless its customer was asked in the last 24 hours
 *   (then it waits). The survey row and its outbox DM are written in one transaction, under a
 *   per-customer advisory lock so two instances cannot both pass the cooldown check.
 * - Expire: a survey unanswered (or undeliverable) for 7 days closes the complaint, once: the
 *   survey's status moves first, in the same transaction as the core's close.
 * - A DM the platform refuses for good is handled by `surveyDeliveryFailed` (the core's hook).
 */
import { and, eq, gt, inArray, lte, notLike, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { complaintEvents, complaints, surveys, tenantSettings } from '../../db/schema.js';
import { enqueue } from '../outbox/outbox.js';
import type { DeliveryFailedHandler, JobsDeps } from './deps.js';
import { jobsText } from './i18n.js';
import { surveyMessage } from './survey-messages.js';

export const SURVEY_DEFAULTS = {
  /** Used when a tenant has no setting (DESIGN.md: 24 h). */
  delayMinutes: 24 * 60,
  /** A customer is asked at most once in this many minutes, across all their complaints. */
  cooldownMinutes: 24 * 60,
  /** Unanswered this long, the survey lapses and the complaint is closed. */
  expireMinutes: 7 * 24 * 60,
  batch: 200,
} as const;

export interface SurveyRunResult {
  sent: number;
  deferred: number;
  expired: number;
}

export const surveyKey = (complaintId: string, resolutionNo: number) =>
  `survey:${complaintId}:${resolutionNo}`;

/** One pass at `now`: send what is due, close what lapsed. Safe on every instance at once. */
export async function runSurveys(deps: JobsDeps, now: Date): Promise<SurveyRunResult> {
  const send = await sendDueSurveys(deps, now);
  const expired = await expireSurveys(deps, now);
  const result = { ...send, expired };
  if (result.sent || result.expired) deps.logger.info({ ...result }, 'survey run');
  return result;
}

const minutesBefore = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000);

async function sendDueSurveys(deps: JobsDeps, now: Date): Promise<{ sent: number; deferred: number }> {
  const { db } = deps.database;
  const cooldownStart = minutesBefore(now, SURVEY_DEFAULTS.cooldownMinutes);
  const delay = sql`coalesce(${tenantSettings.surveyDelayMinutes}, ${SURVEY_DEFAULTS.delayMinutes})`;
  const due = await db
    .select({ id: complaints.id, resolutionNo: complaints.resolutionCount })
    .from(complaints)
    .leftJoin(tenantSettings, eq(tenantSettings.tenantId, complaints.tenantId))
    .where(
      and(
        eq(complaints.status, 'resolved'),
        gt(complaints.resolutionCount, 0),
        // An erased customer (`/hearken forget`) has no one left to ask.
        notLike(complaints.customerId, 'erased:%'),
        sql`${complaints.resolvedAt} <= ${now.toISOString()}::timestamptz - make_interval(mins => ${delay})`,
        // A resolution older than a survey's whole life (e.g. from before the jobs ran) is not asked about.
        sql`${complaints.resolvedAt} > ${now.toISOString()}::timestamptz - make_interval(mins => ${delay} + ${SURVEY_DEFAULTS.expireMinutes})`,
        sql`not exists (select 1 from ${surveys} where ${surveys.complaintId} = ${complaints.id} and ${surveys.resolutionNo} = ${complaints.resolutionCount})`,
        // Customers asked in the last day wait (re-checked under a lock in `sendOne`); leaving them
        // out here keeps them from filling every batch.
        sql`not exists (select 1 from ${surveys} where ${surveys.tenantId} = ${complaints.tenantId} and ${surveys.customerId} = ${complaints.customerId} and ${surveys.sentAt} > ${cooldownStart.toISOString()}::timestamptz)`,
      ),
    )
    .orderBy(complaints.resolvedAt)
    .limit(SURVEY_DEFAULTS.batch);

  let sent = 0;
  let deferred = 0;
  for (const candidate of due) {
    try {
      const outcome = await db.transaction((tx) => sendOne(tx, candidate.id, candidate.resolutionNo, now));
      if (outcome === 'sent') sent++;
      if (outcome === 'cooldown') deferred++;
    } catch (error) {
      deps.logger.error(
        { err: error, complaintId: candidate.id },
        'sending a survey failed; retrying next run',
      );
    }
  }
  return { sent, deferred };
}

async function sendOne(
  tx: Queryable,
  complaintId: string,
  resolutionNo: number,
  now: Date,
): Promise<'sent' | 'cooldown' | 'skipped'> {
  const [complaint] = await tx.select().from(complaints).where(eq(complaints.id, complaintId)).for('update');
  if (complaint?.status !== 'resolved' || complaint.resolutionCount !== resolutionNo) return 'skipped';
  // Serialises surveys per customer across instances for the cooldown check below.
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtext(${`survey:${complaint.tenantId}:${complaint.customerId}`}))`,
  );
  const recent = await tx
    .select({ id: surveys.id })
    .from(surveys)
    .where(
      and(
        eq(surveys.tenantId, complaint.tenantId),
        eq(surveys.customerId, complaint.customerId),
        gt(surveys.sentAt, minutesBefore(now, SURVEY_DEFAULTS.cooldownMinutes)),
      ),
    )
    .limit(1);
  if (recent.length > 0) return 'cooldown';

  const [survey] = await tx
    .insert(surveys)
    .values({
      complaintId,
      tenantId: complaint.tenantId,
      customerId: complaint.customerId,
      resolutionNo,
      status: 'sent',
      sentAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: surveys.id });
  if (!survey) return 'skipped';

  await tx.insert(complaintEvents).values({
    complaintId,
    tenantId: complaint.tenantId,
    type: 'survey_sent',
    actorName: 'Hearken',
    data: { surveyId: survey.id, resolutionNo },
    visibility: 'internal',
    at: now,
  });
  await enqueue(tx, {
    key: surveyKey(complaintId, resolutionNo),
    tenantId: complaint.tenantId,
    platform: complaint.platform,
    target: { kind: 'customer' },
    message: surveyMessage(survey.id, complaint),
    purpose: 'survey',
    complaintId,
  });
  return 'sent';
}

async function expireSurveys(deps: JobsDeps, now: Date): Promise<number> {
  const { db } = deps.database;
  const lapsed = await db
    .select({ id: surveys.id })
    .from(surveys)
    .where(
      and(
        inArray(surveys.status, ['sent', 'undeliverable']),
        lte(surveys.sentAt, minutesBefore(now, SURVEY_DEFAULTS.expireMinutes)),
      ),
    )
    .orderBy(surveys.sentAt)
    .limit(SURVEY_DEFAULTS.batch);

  let expired = 0;
  for (const { id } of lapsed) {
    try {
      const done = await db.transaction(async (tx) => {
        const [survey] = await tx
          .update(surveys)
          .set({ status: 'expired' })
          .where(and(eq(surveys.id, id), inArray(surveys.status, ['sent', 'undeliverable'])))
          .returning();
        if (!survey) return false;
        const [row] = await tx
          .select({ complaint: complaints, locale: tenantSettings.defaultLocale })
          .from(complaints)
          .leftJoin(tenantSettings, eq(tenantSettings.tenantId, complaints.tenantId))
          .where(eq(complaints.id, survey.complaintId));
        const complaint = row?.complaint;
        // Close only the resolution this survey asked about; a reopened complaint is staff's again.
        if (complaint?.status === 'resolved' && complaint.resolutionCount === survey.resolutionNo) {
          await deps.hearken.complaints.close({
            complaintId: complaint.id,
            by: 'system',
            reason: jobsText(row?.locale).survey.reasonExpired,
            q: tx,
          });
        }
        return true;
      });
      if (done) expired++;
    } catch (error) {
      deps.logger.error({ err: error, surveyId: id }, 'expiring a survey failed; retrying next run');
    }
  }
  return expired;
}

/**
 * The core calls this when a survey DM is given up (DMs closed, user gone): the survey is marked
 * undeliverable and the staff thread is told, in the transaction that gives up the row. Nothing
 * retries it; the complaint still closes after 7 days like an unanswered survey.
 */
export function surveyDeliveryFailed(deps: Pick<JobsDeps, 'clock'>): DeliveryFailedHandler {
  return async (q, row, reason) => {
    const resolutionNo = Number(row.idempotencyKey.split(':').at(-1));
    if (!row.complaintId || !Number.isInteger(resolutionNo)) return;
    const [survey] = await q
      .update(surveys)
      .set({ status: 'undeliverable' })
      .where(
        and(
          eq(surveys.complaintId, row.complaintId),
          eq(surveys.resolutionNo, resolutionNo),
          eq(surveys.status, 'sent'),
        ),
      )
      .returning();
    if (!survey) return;
    const [complaint] = await q.select().from(complaints).where(eq(complaints.id, row.complaintId));
    if (!complaint) return;
    const [tenant] = await q
      .select()
      .from(tenantSettings)
      .where(eq(tenantSettings.tenantId, complaint.tenantId));
    await q.insert(complaintEvents).values({
      complaintId: complaint.id,
      tenantId: complaint.tenantId,
      type: 'survey_undeliverable',
      actorName: 'Hearken',
      data: { surveyId: survey.id, reason },
      visibility: 'internal',
      at: deps.clock.now(),
    });
    await enqueue(q, {
      key: `survey-failed:${survey.id}`,
      tenantId: complaint.tenantId,
      platform: complaint.platform,
      target: { kind: 'card_thread' },
      message: {
        text: jobsText(tenant?.defaultLocale).survey.failedThread(complaint.code, reason),
        tone: 'warning',
      },
      purpose: 'survey_failed',
      complaintId: complaint.id,
    });
  };
}
