/**
 * What the scheduled jobs need from the rest of Hearken, passed in (never imported as globals).
 * `JobsCore` is the slice of `Hearken` the jobs use, so the jobs depend on the contract rather
 * than on the whole core.
 */
import type { Database, Queryable } from '../../db/client.js';
import type { outbox } from '../../db/schema.js';
import type { ActionHandler, AdminCommandHandler } from '../core.js';
import type { OutboxPurpose } from '../domain/index.js';
import type { TypedRatingHandler } from '../intake/engine.js';
import type { Clock, Logger } from '../ports.js';

/** A workflow change made by the system (not a person), with the reason shown on the timeline. */
export interface SystemChange {
  complaintId: string;
  by: 'system';
  reason: string;
  /** Run inside this transaction, so the job's claim and the change commit together. */
  q?: Queryable;
  /** Make the change without the customer notice: the job tells the customer in its own words. */
  quiet?: boolean;
}

/** The staff-workflow operations the jobs trigger; each writes its timeline event and card update. */
export interface ComplaintOps {
  reopen(change: SystemChange): Promise<unknown>;
  escalate(change: SystemChange): Promise<unknown>;
  close(change: SystemChange): Promise<unknown>;
}

/** Runs in the transaction that gives up an outbox row (e.g. a survey DM the customer can't get). */
export type DeliveryFailedHandler = (
  q: Queryable,
  row: typeof outbox.$inferSelect,
  reason: string,
) => Promise<void>;

export interface JobsCore {
  onAction(prefix: string, handler: ActionHandler): void;
  onAdminCommand(name: string, handler: AdminCommandHandler): void;
  onDeliveryFailed(purpose: OutboxPurpose, handler: DeliveryFailedHandler): void;
  readonly complaints: ComplaintOps;
  /**
   * The intake: its idle sweep (reminders, pauses), run by the housekeeping job, and where a rating
   * typed in the DM ("4", "非常满意") reaches the survey.
   */
  readonly intake: {
    sweepIdle(q: Queryable, now: Date): Promise<unknown>;
    onTypedRating(handler: TypedRatingHandler): void;
  };
  /** Woken after a job queued messages, so they go now rather than at the next poll. */
  readonly outbox: { kick(): void };
}

export interface JobsDeps {
  hearken: JobsCore;
  database: Database;
  clock: Clock;
  logger: Logger;
  /** Names this process in leases and job runs (e.g. hostname + pid). */
  instanceId: string;
  /** Days delivered outbox rows and handled event ids are kept (default `DEFAULT_RETENTION_DAYS`). */
  retentionDays?: number;
  /** Days outbox rows given up are kept (default `DEFAULT_OUTBOX_DEAD_DAYS`). */
  outboxDeadDays?: number;
}
