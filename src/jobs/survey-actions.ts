/**
 * The customer's answers to a survey: a 1–5 button (`survey.rate`, value `<surveyId>:<rating>`),
 * then optionally a comment (`survey.comment` button opens the form of the same id).
 *
 * A rating is recorded once (conditional update on `status = 'sent'`). A rating of 1–2 reopens
 * and escalates the complaint through the core in that same transaction, so a click retried by
 * the platform, or two clicks at once, can never reopen twice.
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client.js';
import { complaintEvents, complaints, surveys, tenantSettings } from '../../db/schema.js';
import type { ActionHandler, HandlerContext } from '../core.js';
import type { SurveyStatus } from '../domain/index.js';
import { catalogFor } from '../i18n/index.js';
import type { TypedRatingHandler } from '../intake/engine.js';
import type { ActionEvent, FormEvent, Reply } from '../messages.js';
import { enqueue } from '../outbox/outbox.js';
import { clean, defuse } from '../text.js';
import type { JobsDeps } from './deps.js';
import {
  answeredSurveyMessage,
  commentForm,
  SURVEY_COMMENT_ACTION,
  SURVEY_COMMENT_FIELD,
  SURVEY_COMMENT_FORM,
  SURVEY_COMMENT_MAX,
  SURVEY_RATE_ACTION,
  thanksText,
} from './survey-messages.js';

/** Ratings at or below this reopen and escalate. */
export const LOW_RATING = 2;

const rateValue = z
  .string()
  .regex(/^[0-9a-f-]{36}:[1-5]$/i)
  .transform((v) => ({ surveyId: v.slice(0, 36), rating: Number(v.slice(37)) }));
const surveyId = z.string().uuid();

const reply = (text: string, extra: Partial<Reply> = {}): Reply => ({
  messages: [{ text }],
  ephemeral: false,
  ...extra,
});

/** The one handler registered for the `survey.` prefix. */
export function surveyActionHandler(deps: Pick<JobsDeps, 'hearken' | 'database'>): ActionHandler {
  return async (event, ctx) => {
    if (event.kind === 'action' && event.action === SURVEY_RATE_ACTION) return rate(deps, event, ctx);
    if (event.kind === 'action' && event.action === SURVEY_COMMENT_ACTION)
      return openComment(deps, event, ctx);
    if (event.kind === 'form' && event.formId === SURVEY_COMMENT_FORM) return saveComment(deps, event, ctx);
    return reply(catalogFor(ctx.locale).survey.closed, { ephemeral: true });
  };
}

async function loadSurvey(from: Pick<JobsDeps, 'database'> | Queryable, id: string) {
  const q = 'database' in from ? from.database.db : from;
  const [row] = await q
    .select({ survey: surveys, complaint: complaints, staffLocale: tenantSettings.defaultLocale })
    .from(surveys)
    .innerJoin(complaints, eq(complaints.id, surveys.complaintId))
    .leftJoin(tenantSettings, eq(tenantSettings.tenantId, surveys.tenantId))
    .where(eq(surveys.id, id));
  return row;
}

type Found = NonNullable<Awaited<ReturnType<typeof loadSurvey>>>;

/**
 * Records a rating inside `tx`: once (conditional on `status = 'sent'`), with its timeline event
 * and the staff thread note; a low score reopens (quietly: the thanks says so, in one message) and
 * escalates. False when the survey was already answered or lapsed.
 */
async function recordRating(
  deps: Pick<JobsDeps, 'hearken'>,
  tx: Queryable,
  found: Found,
  actorId: string,
  rating: number,
  now: Date,
): Promise<boolean> {
  const { survey, complaint, staffLocale } = found;
  const [answered] = await tx
    .update(surveys)
    .set({ rating, answeredAt: now, status: 'answered' satisfies SurveyStatus })
    .where(and(eq(surveys.id, survey.id), eq(surveys.status, 'sent')))
    .returning({ id: surveys.id });
  if (!answered) return false;
  await tx.insert(complaintEvents).values({
    complaintId: complaint.id,
    tenantId: complaint.tenantId,
    type: 'survey_answered',
    actorId,
    actorName: complaint.customerName,
    data: { surveyId: survey.id, rating, resolutionNo: survey.resolutionNo },
    visibility: 'internal',
    at: now,
  });
  const staff = catalogFor(staffLocale).survey;
  const low = rating <= LOW_RATING;
  await enqueue(tx, {
    key: `survey-rated:${survey.id}`,
    tenantId: complaint.tenantId,
    platform: complaint.platform,
    target: { kind: 'card_thread' },
    message: {
      text: low ? staff.lowThread(complaint.code, rating) : staff.ratedThread(complaint.code, rating),
      tone: low ? 'danger' : rating >= 4 ? 'success' : 'info',
    },
    purpose: 'survey_result',
    complaintId: complaint.id,
  });
  // Reopen only the resolution this survey asked about, and only if nobody reopened it yet.
  const [current] = await tx.select().from(complaints).where(eq(complaints.id, complaint.id)).for('update');
  if (low && current?.status === 'resolved' && current.resolutionCount === survey.resolutionNo) {
    const change = {
      complaintId: complaint.id,
      by: 'system' as const,
      reason: staff.reasonLow(rating),
      q: tx,
    };
    // Reopening gives the complaint a fresh resolution window (src/sla/restart.ts). The customer
    // hears about it once, in the thanks below, not in a second "we have reopened" message.
    await deps.hearken.complaints.reopen({ ...change, quiet: true });
    await deps.hearken.complaints.escalate(change);
  }
  return true;
}

async function rate(
  deps: Pick<JobsDeps, 'hearken' | 'database'>,
  event: ActionEvent,
  ctx: HandlerContext,
): Promise<Reply> {
  const parsed = rateValue.safeParse(event.value);
  const found = parsed.success ? await loadSurvey(deps, parsed.data.surveyId) : undefined;
  if (!parsed.success || !found) return reply(catalogFor(ctx.locale).survey.closed, { ephemeral: true });
  const { survey, complaint } = found;
  const t = catalogFor(complaint.locale).survey;
  if (event.actor.userId !== survey.customerId) return reply(t.notYours, { ephemeral: true });
  const { rating } = parsed.data;
  const now = ctx.clock.now();
  const recorded = await deps.database.db.transaction((tx) =>
    recordRating(deps, tx, found, event.actor.userId, rating, now),
  );
  if (!recorded) {
    const lapsed = survey.status === 'expired' || survey.status === 'undeliverable';
    return reply(lapsed ? t.closed : t.alreadyAnswered(complaint.code), { ephemeral: true });
  }
  return reply(thanksText(rating, complaint.customerName, complaint.code, complaint.locale), {
    replaceSource: answeredSurveyMessage(survey.id, rating, complaint.code, complaint.locale),
  });
}

/**
 * A rating typed in the DM ("4", "4/5", "four", "非常满意") answers the customer's open survey,
 * inside the core's transaction for that message. Undefined when no survey is waiting.
 */
export function typedRatingHandler(deps: Pick<JobsDeps, 'hearken'>): TypedRatingHandler {
  return async (ctx, actor, rating) => {
    const [waiting] = await ctx.q
      .select({ id: surveys.id })
      .from(surveys)
      .where(
        and(
          eq(surveys.tenantId, actor.tenantId),
          eq(surveys.customerId, actor.userId),
          eq(surveys.status, 'sent' satisfies SurveyStatus),
        ),
      )
      .orderBy(desc(surveys.sentAt))
      .limit(1);
    const found = waiting ? await loadSurvey(ctx.q, waiting.id) : undefined;
    if (!found) return undefined;
    const { complaint } = found;
    if (!(await recordRating(deps, ctx.q, found, actor.userId, rating, ctx.now))) return undefined;
    return reply(thanksText(rating, complaint.customerName, complaint.code, complaint.locale));
  };
}

async function openComment(
  deps: Pick<JobsDeps, 'database'>,
  event: ActionEvent,
  ctx: HandlerContext,
): Promise<Reply> {
  const id = surveyId.safeParse(event.value);
  const found = id.success ? await loadSurvey(deps, id.data) : undefined;
  if (!found || found.survey.customerId !== event.actor.userId) {
    return reply(catalogFor(ctx.locale).survey.closed, { ephemeral: true });
  }
  return { messages: [], form: commentForm(found.survey.id, found.complaint.locale), ephemeral: true };
}

async function saveComment(
  deps: Pick<JobsDeps, 'database'>,
  event: FormEvent,
  ctx: HandlerContext,
): Promise<Reply> {
  const id = surveyId.safeParse(event.context ?? '');
  const found = id.success ? await loadSurvey(deps, id.data) : undefined;
  if (!found || found.survey.customerId !== event.actor.userId) {
    return reply(catalogFor(ctx.locale).survey.closed, { ephemeral: true });
  }
  const { survey, complaint, staffLocale } = found;
  const t = catalogFor(complaint.locale).survey;
  // Cleaned at the boundary like every person's text (a NUL would fail the insert for ever).
  const comment = clean(event.values[SURVEY_COMMENT_FIELD] ?? '', SURVEY_COMMENT_MAX).text;
  if (!comment) return reply(t.commentThanks);
  const now = ctx.clock.now();
  await deps.database.db.transaction(async (tx) => {
    // The first comment counts; a resubmitted form (platform retry) changes nothing.
    const [saved] = await tx
      .update(surveys)
      .set({ comment })
      .where(and(eq(surveys.id, survey.id), isNull(surveys.comment)))
      .returning({ id: surveys.id });
    if (!saved) return;
    await tx.insert(complaintEvents).values({
      complaintId: complaint.id,
      tenantId: complaint.tenantId,
      type: 'survey_comment',
      actorId: event.actor.userId,
      actorName: complaint.customerName,
      body: comment,
      data: { surveyId: survey.id },
      visibility: 'internal',
      at: now,
    });
    await enqueue(tx, {
      key: `survey-comment:${survey.id}`,
      tenantId: complaint.tenantId,
      platform: complaint.platform,
      target: { kind: 'card_thread' },
      message: { text: `${catalogFor(staffLocale).survey.commentThread(complaint.code)}\n${quote(comment)}` },
      purpose: 'survey_comment',
      complaintId: complaint.id,
    });
  });
  return reply(t.commentThanks);
}

/** The customer's words as a quote block, line by line, each line marked as theirs (inert). */
function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${defuse(line)}`)
    .join('\n');
}
