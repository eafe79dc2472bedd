/** The values a complaint and its timeline carry. */
import { oneOf } from './guard.js';

/** What a complaint is about, in the order the customer is offered them. */
export const CATEGORIES = ['product', 'service', 'delivery', 'billing', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];
export const isCategory = oneOf(CATEGORIES);

/** How much it hurts, most severe first (the order the customer is offered them). */
export const SEVERITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const isSeverity = oneOf(SEVERITIES);

/** What the customer would like done about it. */
export const OUTCOMES = ['refund', 'replacement', 'fix', 'apology', 'other'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const isOutcome = oneOf(OUTCOMES);

/** The feeling read from the customer's words (`complaints.sentiment`). */
export const EMOTIONS = ['angry', 'upset', 'anxious', 'calm'] as const;
export type Emotion = (typeof EMOTIONS)[number];
export const isEmotion = oneOf(EMOTIONS);

/** How the complaint was filed: a DM conversation or the one-page form. */
export const SOURCES = ['dm', 'form'] as const;
export type ComplaintSource = (typeof SOURCES)[number];
export const isComplaintSource = oneOf(SOURCES);

/** A complaint's lifecycle (`complaints.status`). */
export const STATUSES = ['open', 'claimed', 'waiting', 'resolved', 'reopened', 'closed'] as const;
export type ComplaintStatus = (typeof STATUSES)[number];
export const isComplaintStatus = oneOf(STATUSES);

/** Statuses still owed work: the backlog, the digest's "open" count, the resolution clock. */
export const OPEN_STATUSES = [
  'open',
  'claimed',
  'waiting',
  'reopened',
] as const satisfies readonly ComplaintStatus[];
export type OpenStatus = (typeof OPEN_STATUSES)[number];
export const isOpenStatus = oneOf(OPEN_STATUSES);

/**
 * Open statuses whose SLA clock runs: everything open except `waiting`, where the clock stops
 * while the customer owes an answer.
 */
export const RUNNING_STATUSES = ['open', 'claimed', 'reopened'] as const satisfies readonly OpenStatus[];
export type RunningStatus = (typeof RUNNING_STATUSES)[number];
export const isRunningStatus = oneOf(RUNNING_STATUSES);

/**
 * Every timeline event type (`complaint_events.type`). Each one needs a label in both catalogs.
 * The workflow writes the first twelve; the SLA sweep and the survey jobs the rest.
 */
export const EVENT_TYPES = [
  'created',
  'customer_message',
  'customer_file',
  'staff_reply',
  'staff_ask',
  'note',
  'claimed',
  'assigned',
  'escalated',
  'resolved',
  'reopened',
  'closed',
  'erased',
  'sla_warning',
  'sla_breach',
  'survey_sent',
  'survey_undeliverable',
  'survey_answered',
  'survey_comment',
  'person_requested',
  /** An admin blocked or unblocked the customer (on each of their open complaints). */
  'customer_blocked',
  'customer_unblocked',
  'customer_edited',
  'customer_deleted',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export const isEventType = oneOf(EVENT_TYPES);

/** Who may read a timeline event: `internal` ones never reach the customer. */
export const EVENT_VISIBILITIES = ['public', 'internal'] as const;
export type EventVisibility = (typeof EVENT_VISIBILITIES)[number];
export const isEventVisibility = oneOf(EVENT_VISIBILITIES);

/** A satisfaction survey's lifecycle (`surveys.status`). */
export const SURVEY_STATUSES = ['sent', 'answered', 'undeliverable', 'expired'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];
export const isSurveyStatus = oneOf(SURVEY_STATUSES);
