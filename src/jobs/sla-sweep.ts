/**
 * SLA watch, run every minute: a warning in the complaint's staff thread once 80 % of a window
 * (first response, resolution) has passed, and on breach an escalation (the core's, which tells
 * the managers' channel and the thread). Each fires once: the sweep claims it with a conditional
 * update of the complaint's `…WarnedAt` / `…BreachedAt` column, and the outbox row or escalation
 * is written in that same transaction, so any number of instances sweeping at once send one.
 * A complaint's notices share one transaction, and the breaches found together share one
 * escalation: a complaint that missed both deadlines goes up one level, not two.
 */
import { and, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { complaintEvents, complaints, tenantSettings } from '../../db/schema.js';
import { isRunningStatus, type Locale, RUNNING_STATUSES } from '../domain/index.js';
import type { OutboundMessage } from '../messages.js';
import { enqueue } from '../outbox/outbox.js';
import { businessMinutesBetween } from '../sla/business-hours.js';
import { isValidTimeZone } from '../sla/calendar.js';
import { slaTargets } from '../sla/policy.js';
import type { JobsCore, JobsDeps } from './deps.js';
import { formatInstant } from './format.js';
import { jobsText, type SlaClock, toJobsLocale } from './i18n.js';

/** Percentage of a window after which staff are warned. */
export const WARN_AT_PERCENT = 80;
/** Complaints examined per sweep; the rest wait a minute (nearest deadline first). */
const BATCH = 2000;
/** Statuses whose SLA clocks run; `waiting` (on the customer) pauses them. */

type Complaint = typeof complaints.$inferSelect;
type Settings = typeof tenantSettings.$inferSelect;

export interface SlaNotice {
  clock: SlaClock;
  kind: 'warn' | 'breach';
  due: Date;
}

export interface SlaSweepResult {
  warnings: number;
  breaches: number;
}

/** The tenant's zone, or UTC when it has none or it is not a zone this runtime knows. */
function zoneOf(settings: Settings | null): string {
  return settings && isValidTimeZone(settings.timeZone) ? settings.timeZone : 'UTC';
}

/**
 * The notices a complaint is owed at `now` (pure). A breach supersedes a warning that never went
 * out: nobody needs "time is running short" after "time is up".
 */
export function slaNoticesDue(complaint: Complaint, settings: Settings | null, now: Date): SlaNotice[] {
  if (!isRunningStatus(complaint.status) || complaint.waitingSince) return [];
  const targets = slaTargets(complaint.severity, settings?.slaPolicy);
  const hours = settings?.businessHours;
  const timeZone = zoneOf(settings);
  const clocks: { clock: SlaClock; due: Date; window: number; warned: Date | null; breached: Date | null }[] =
    [];
  if (!complaint.firstRespondedAt) {
    clocks.push({
      clock: 'first',
      due: complaint.firstResponseDue,
      window: targets.firstResponseMinutes,
      warned: complaint.firstResponseWarnedAt,
      breached: complaint.firstResponseBreachedAt,
    });
  }
  clocks.push({
    clock: 'resolution',
    due: complaint.resolutionDue,
    window: targets.resolutionMinutes,
    warned: complaint.resolutionWarnedAt,
    breached: complaint.resolutionBreachedAt,
  });
  const notices: SlaNotice[] = [];
  for (const c of clocks) {
    if (c.breached) continue;
    if (now.getTime() >= c.due.getTime()) {
      notices.push({ clock: c.clock, kind: 'breach', due: c.due });
    } else if (
      !c.warned &&
      // Integer percentages: (1 - 0.8) * 60 is 11.999… in floating point.
      businessMinutesBetween(now, c.due, hours, timeZone) * 100 <= (100 - WARN_AT_PERCENT) * c.window
    ) {
      notices.push({ clock: c.clock, kind: 'warn', due: c.due });
    }
  }
  return notices;
}

/** One sweep at `now`. Safe to run on every instance at once. */
export async function runSlaSweep(deps: JobsDeps, now: Date): Promise<SlaSweepResult> {
  const { db } = deps.database;
  const rows = await db
    .select({ complaint: complaints, settings: tenantSettings })
    .from(complaints)
    .leftJoin(tenantSettings, eq(tenantSettings.tenantId, complaints.tenantId))
    .where(
      and(
        inArray(complaints.status, [...RUNNING_STATUSES]),
        isNull(complaints.waitingSince),
        or(
          and(isNull(complaints.firstRespondedAt), isNull(complaints.firstResponseBreachedAt)),
          isNull(complaints.resolutionBreachedAt),
        ),
      ),
    )
    // Nearest owed deadline first, so a new complaint's first response is never starved by a backlog.
    .orderBy(
      sql`least(case when ${complaints.firstRespondedAt} is null then ${complaints.firstResponseDue} end, ${complaints.resolutionDue})`,
    )
    .limit(BATCH);

  const result: SlaSweepResult = { warnings: 0, breaches: 0 };
  for (const { complaint, settings } of rows) {
    const notices = slaNoticesDue(complaint, settings, now);
    if (notices.length === 0) continue;
    try {
      const sent = await db.transaction((tx) =>
        notifyComplaint(deps.hearken, tx, complaint, settings, notices, now),
      );
      for (const notice of sent) {
        if (notice.kind === 'warn') result.warnings++;
        else result.breaches++;
      }
    } catch (error) {
      deps.logger.error(
        { err: error, complaintId: complaint.id, notices },
        'SLA notices failed; retrying next sweep',
      );
    }
  }
  if (result.warnings || result.breaches) deps.logger.info({ ...result }, 'SLA sweep sent notices');
  return result;
}

/** Columns and the still-owed condition for one clock and notice kind. */
function claimOf(notice: SlaNotice, now: Date): { set: Partial<Complaint>; owed: SQL | undefined } {
  if (notice.clock === 'first') {
    const owed = and(
      isNull(complaints.firstRespondedAt),
      eq(complaints.firstResponseDue, notice.due),
      notice.kind === 'warn'
        ? and(isNull(complaints.firstResponseWarnedAt), isNull(complaints.firstResponseBreachedAt))
        : isNull(complaints.firstResponseBreachedAt),
    );
    return notice.kind === 'warn'
      ? { set: { firstResponseWarnedAt: now }, owed }
      : { set: { firstResponseBreachedAt: now }, owed };
  }
  const owed = and(
    eq(complaints.resolutionDue, notice.due),
    notice.kind === 'warn'
      ? and(isNull(complaints.resolutionWarnedAt), isNull(complaints.resolutionBreachedAt))
      : isNull(complaints.resolutionBreachedAt),
  );
  return notice.kind === 'warn'
    ? { set: { resolutionWarnedAt: now }, owed }
    : { set: { resolutionBreachedAt: now }, owed };
}

/**
 * Claims each of a complaint's notices and writes its event and thread note, then escalates once
 * for all the breaches claimed. Returns the notices this run sent (none when another run got
 * there first: its claims hold the complaint's row until it commits).
 */
async function notifyComplaint(
  hearken: JobsCore,
  tx: Queryable,
  complaint: Complaint,
  settings: Settings | null,
  notices: SlaNotice[],
  now: Date,
): Promise<SlaNotice[]> {
  const sent: SlaNotice[] = [];
  for (const notice of notices) {
    const current = await claim(tx, complaint, notice, now);
    if (!current) continue;
    await recordNotice(tx, current, settings, notice, now);
    sent.push(notice);
  }
  const breaches = sent.filter((notice) => notice.kind === 'breach');
  if (breaches.length > 0) {
    // The core's escalation tells the managers' channel (naming every breach) and updates the
    // card, in this transaction.
    const locale = toJobsLocale(settings?.defaultLocale);
    const timeZone = zoneOf(settings);
    const t = jobsText(locale);
    await hearken.complaints.escalate({
      complaintId: complaint.id,
      by: 'system',
      reason: t.sla.breachReasons(
        breaches.map((b) => t.sla.breachReason(b.clock, formatInstant(b.due, locale, timeZone))),
      ),
      q: tx,
    });
  }
  return sent;
}

/** The complaint as claimed for `notice`, or undefined when it is no longer owed. */
async function claim(
  tx: Queryable,
  complaint: Complaint,
  notice: SlaNotice,
  now: Date,
): Promise<Complaint | undefined> {
  const { set, owed } = claimOf(notice, now);
  const claimed = await tx
    .update(complaints)
    .set({ ...set, updatedAt: now })
    .where(
      and(
        eq(complaints.id, complaint.id),
        inArray(complaints.status, [...RUNNING_STATUSES]),
        isNull(complaints.waitingSince),
        owed,
      ),
    )
    .returning();
  return claimed[0];
}

/** The notice's timeline event and its note in the staff thread. */
async function recordNotice(
  tx: Queryable,
  current: Complaint,
  settings: Settings | null,
  notice: SlaNotice,
  now: Date,
): Promise<void> {
  await tx.insert(complaintEvents).values({
    complaintId: current.id,
    tenantId: current.tenantId,
    type: notice.kind === 'warn' ? 'sla_warning' : 'sla_breach',
    actorName: 'Hearken',
    data: { clock: notice.clock, due: notice.due.toISOString() },
    visibility: 'internal',
    at: now,
  });

  const locale = toJobsLocale(settings?.defaultLocale);
  const timeZone = zoneOf(settings);
  if (notice.kind === 'breach') {
    // The thread note says which deadline passed, for the staff already on it.
    const t = jobsText(locale);
    const due = formatInstant(notice.due, locale, timeZone);
    await enqueue(tx, {
      key: `sla-breach:${notice.clock}:${current.id}:${notice.due.getTime()}`,
      tenantId: current.tenantId,
      platform: current.platform,
      complaintId: current.id,
      target: { kind: 'card_thread' },
      message: { text: t.sla.breachThread(notice.clock, current.code, due), tone: 'danger' },
      purpose: 'sla_breach',
    });
    return;
  }
  await enqueue(tx, {
    key: `sla-warn:${notice.clock}:${current.id}:${notice.due.getTime()}`,
    tenantId: current.tenantId,
    platform: current.platform,
    complaintId: current.id,
    target: { kind: 'card_thread' },
    message: warningMessage(current, settings, notice, now, locale, timeZone),
    purpose: 'sla_warning',
  });
}

function warningMessage(
  complaint: Complaint,
  settings: Settings | null,
  notice: SlaNotice,
  now: Date,
  locale: Locale,
  timeZone: string,
): OutboundMessage {
  const t = jobsText(locale);
  const left = businessMinutesBetween(now, notice.due, settings?.businessHours, timeZone);
  return {
    title: t.sla.warnTitle(complaint.code),
    text: t.sla.warn(
      notice.clock,
      complaint.code,
      formatInstant(notice.due, locale, timeZone),
      t.duration(left),
    ),
    tone: 'warning',
  };
}
