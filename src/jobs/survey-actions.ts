/**
 * The customer's answers to a survey: a 1–5 button (`survey.rate`, value `<surveyId>:<rating>`),
 * then optionally a comment (`survey.comment` button opens the form of the same id).
 *
 * A rating is recorded once (conditional update on `status = 'sent'`). A rating of 1–2 reopens
 * and escalates the complaint through the core in that same transaction, so a click retried by
 * the platform, or two clicks at once, can never reopen twice.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { complaintEvents, complaints, surveys, tenantSettings } from '../../db/schema.js';
import type { ActionHandler, HandlerContext } from '../core.js';
import type { ActionEvent, FormEvent, Reply } from '../messages.js';
import { enqueue } from '../outbox/outbox.js';
import type { JobsDeps } from './deps.js';
import { jobsText } from './i18n.js';
import {
  answeredSurveyMessage,
  commentForm,
  SURVEY_COMMENT_ACTION,
  SURVEY_COMMENT_FIELD,
  SURVEY_COMMENT_FORM,
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
    return reply(jobsText(ctx.locale).survey.closed, { ephemeral: true });
  };
}

async function loadSurvey(deps: Pick<JobsDeps, 'database'>, id: string) {
  const [row] = await deps.database.db
    .select({ survey: surveys, complaint: complaints, staffLocale: tenantSettings.defaultLocale })
    .from(surveys)
    .innerJoin(complaints, eq(complaints.id, surveys.complaintId))
    .leftJoin(tenantSettings, eq(tenantSettings.tenantId, surveys.tenantId))
    .where(eq(surveys.id, id));
  return row;
}

async function rate(
  deps: Pick<JobsDeps, 'hearken' | 'database'>,
  event: ActionEvent,
  ctx: HandlerContext,
): Promise<Reply> {
  const parsed = rateValue.safeParse(event.value);
  const found = parsed.success ? await loadSurvey(deps, parsed.data.surveyId) : undefined;
  if (!parsed.success || !found) return reply(jobsText(ctx.locale).survey.closed, { ephemeral: true });
  const { survey, complaint, staffLocale } = found;
  const t = jobsText(complaint.locale).survey;
  if (event.actor.userId !== survey.customerId) return reply(t.notYours, { ephemeral: true });
  const { rating } = parsed.data;
  const now = ctx.clock.now();

  const recorded = await deps.database.db.transaction(async (tx) => {
    const [answered] = await tx
      .update(surveys)
      .set({ rating, answeredAt: now, status: 'answered' })
      .where(and(eq(surveys.id, survey.id), eq(surveys.status, 'sent')))
      .returning({ id: surveys.id });
    if (!answered) return false;
    await tx.insert(complaintEvents).values({
      complaintId: complaint.id,
      tenantId: complaint.tenantId,
      type: 'survey_answered',
      actorId: event.actor.userId,
      actorName: complaint.customerName,
      data: { surveyId: survey.id, rating, resolutionNo: survey.resolutionNo },
      visibility: 'internal',
      at: now,
    });
    const staff = jobsText(staffLocale).survey;
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
      // Reopening gives the complaint a fresh resolution window (src/sla/restart.ts).
      await deps.hearken.complaints.reopen(change);
      await deps.hearken.complaints.escalate(change);
    }
    return true;
  });

  if (!recorded) {
    const lapsed = survey.status === 'expired' || survey.status === 'undeliverable';
    return reply(lapsed ? t.closed : t.alreadyAnswered(complaint.code), { ephemeral: true });
  }
  return reply(thanksText(rating, complaint.customerName, complaint.code, complaint.locale), {
    replaceSource: answeredSurveyMessage(survey.id, rating, complaint.code, complaint.locale),
  });
}

async function openComment(
  deps: Pick<JobsDeps, 'database'>,
  event: ActionEvent,
  ctx: HandlerContext,
): Promise<Reply> {
  const id = surveyId.safeParse(event.value);
  const found = id.success ? await loadSurvey(deps, id.data) : undefined;
  if (!found || found.survey.customerId !== event.actor.userId) {
    return reply(jobsText(ctx.locale).survey.closed, { ephemeral: true });
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
    return reply(jobsText(ctx.locale).survey.closed, { ephemeral: true });
  }
  const { survey, complaint, staffLocale } = found;
  const t = jobsText(complaint.locale).survey;
  const comment = (event.values[SURVEY_COMMENT_FIELD] ?? '').trim().slice(0, 1000);
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
      message: { text: `${jobsText(staffLocale).survey.commentThread(complaint.code)}\n${quote(comment)}` },
      purpose: 'survey_comment',
      complaintId: complaint.id,
    });
  });
  return reply(t.commentThanks);
}

/** The customer's words as a quote block, line by line. */
function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}
