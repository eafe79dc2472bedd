/** The survey as the customer sees it, before and after they answer. */

import { catalogFor } from '../i18n/index.js';
import type { Form, OutboundMessage } from '../messages.js';

export const SURVEY_RATE_ACTION = 'survey.rate';
export const SURVEY_COMMENT_ACTION = 'survey.comment';
export const SURVEY_COMMENT_FORM = 'survey.comment';
export const SURVEY_COMMENT_FIELD = 'comment';
/** The longest survey comment the form takes (and the core keeps). */
export const SURVEY_COMMENT_MAX = 1000;

/** The DM asking for a 1–5 rating; each button carries `<surveyId>:<rating>`. */
export function surveyMessage(
  surveyId: string,
  complaint: { customerName: string; code: string; summary: string; locale: string },
): OutboundMessage {
  const t = catalogFor(complaint.locale).survey;
  const { code } = complaint;
  const summary = complaint.summary.length > 80 ? `${complaint.summary.slice(0, 79)}…` : complaint.summary;
  return {
    title: t.title,
    text: t.body(complaint.customerName, code, summary),
    buttons: t.rateLabels.map((label, i) => ({
      action: SURVEY_RATE_ACTION,
      value: `${surveyId}:${i + 1}`,
      // No score is highlighted: a pre-selected look nudges the answer.
      label,
    })),
    footer: `${t.scale} · ${code}`,
    tone: 'info',
  };
}

/** Replaces the survey once answered: the rating given, and a way to add a comment. */
export function answeredSurveyMessage(
  surveyId: string,
  rating: number,
  code: string,
  locale: string,
): OutboundMessage {
  const t = catalogFor(locale).survey;
  return {
    title: t.title,
    text: t.answered(rating),
    buttons: [{ action: SURVEY_COMMENT_ACTION, value: surveyId, label: t.commentButton }],
    footer: code,
    tone: 'success',
  };
}

export function commentForm(surveyId: string, locale: string): Form {
  const t = catalogFor(locale).survey;
  return {
    id: SURVEY_COMMENT_FORM,
    title: t.formTitle,
    submitLabel: t.formSubmit,
    context: surveyId,
    fields: [
      {
        id: SURVEY_COMMENT_FIELD,
        label: t.formLabel,
        kind: 'paragraph',
        required: false,
        placeholder: t.formPlaceholder,
        maxLength: SURVEY_COMMENT_MAX,
      },
    ],
  };
}

/** What the customer reads right after rating. */
export function thanksText(rating: number, customerName: string, code: string, locale: string): string {
  const t = catalogFor(locale).survey;
  if (rating <= 2) return t.thanksLow(code);
  if (rating >= 4) return t.thanksHigh(customerName);
  return t.thanksMid();
}
