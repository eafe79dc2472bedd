/** The values an outbox row (`outbox`) carries. */
import { oneOf } from './guard.js';

/**
 * What an outbox row is for: metrics label it, the core treats `card` specially and jobs
 * register `onDeliveryFailed` handlers by it.
 */
export const OUTBOX_PURPOSES = [
  /** The staff card for a new complaint (its ref is stored on the complaint). */
  'card',
  'card_update',
  /** A note in the card's thread. */
  'thread',
  /** A customer's message relayed into the card's thread. */
  'customer_message',
  'customer_reply',
  'customer_resolution',
  'customer_reopened',
  'escalation',
  'intake_reminder',
  'intake_expired',
  'sla_warning',
  'sla_breach',
  'survey',
  'survey_failed',
  'survey_result',
  'survey_comment',
  'digest',
  /** The staff thread told that a message could not be delivered. */
  'delivery_failed',
  /** The core's answer to a customer message taken from the inbox (the intake's next question). */
  'reply',
  /** The customer told that a complaint waiting on them closed itself (auto-close). */
  'customer_closed',
  /** A staff member told that a new complaint was given to them (auto-assignment). */
  'assignee_notice',
] as const;
export type OutboxPurpose = (typeof OUTBOX_PURPOSES)[number];
export const isOutboxPurpose = oneOf(OUTBOX_PURPOSES);

/** A row's delivery state: `dead` rows were given up after retries or a permanent error. */
export const OUTBOX_STATUSES = ['pending', 'sent', 'dead'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
export const isOutboxStatus = oneOf(OUTBOX_STATUSES);

/** Post a new message, or edit the complaint's card in place. */
export const OUTBOX_KINDS = ['send', 'update_card'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];
export const isOutboxKind = oneOf(OUTBOX_KINDS);
