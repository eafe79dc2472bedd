/**
 * The core's side of the durable inbox (`src/inbox/`): `accept` stores a customer's message; the
 * worker pool runs `process` on each row (the work, its answer into the outbox and the row marked
 * done, in one transaction) and `giveUp` on one that keeps failing; `afterInbox` lets an
 * interaction wait for the same customer's messages still in the inbox.
 */

import { HearkenError } from '../errors.js';
import { catalog, toLocale } from '../i18n/index.js';
import { parseInbound } from '../inbound.js';
import {
  type AcceptOutcome,
  accept,
  hasPending,
  type InboxRow,
  markDone,
  markFailed,
  refusedAsData,
} from '../inbox/inbox.js';
import { enqueueReply, replyKey, replyTarget } from '../inbox/replies.js';
import type { InboundEvent } from '../messages.js';
import { enqueue } from '../outbox/outbox.js';
import type { OutboxWorker } from '../outbox/worker.js';
import type { Dispatcher } from './dispatch.js';
import type { CoreDeps } from './transaction.js';

/** How long an interaction waits for the same customer's earlier messages in the inbox. */
const INBOX_WAIT_MS = 1_000;

/** A customer's click, form or command in their DM or on the intake: ordered after their messages. */
export function followsMessages(event: InboundEvent): boolean {
  if (event.kind === 'message') return false;
  if (event.place.kind === 'dm') return true;
  if (event.kind === 'action') return event.action.startsWith('intake.');
  if (event.kind === 'form') return event.formId.startsWith('intake.');
  return false;
}

export class InboxHandling {
  constructor(
    private readonly deps: CoreDeps,
    private readonly dispatcher: Dispatcher,
    private readonly outbox: OutboxWorker,
    /** Has the inbox's worker pool look for work now. */
    private readonly kick: () => void,
    private readonly onHandlerError: ((kind: InboundEvent['kind']) => void) | undefined,
  ) {}

  /**
   * Stores `input` in the inbox and has a worker take it. `accepted` or `duplicate` (a redelivery)
   * mean the platform may be told "got it"; `unavailable` means nothing was stored.
   */
  async accept(input: InboundEvent): Promise<AcceptOutcome | 'invalid' | 'unavailable'> {
    const parsed = parseInbound(input);
    if (!parsed.ok) {
      this.deps.logger.warn({ problem: parsed.problem }, 'rejected malformed inbound event');
      return 'invalid';
    }
    try {
      const outcome = await accept(this.deps.database.db, parsed.event, this.deps.clock.now());
      if (outcome === 'accepted') this.kick();
      return outcome;
    } catch (error) {
      const failure = HearkenError.wrap(error);
      if (refusedAsData(error)) {
        // Retrying cannot store it: the platform is told "got it" rather than asked to retry forever.
        this.deps.logger.warn(
          { code: failure.code, platform: input.actor.platform },
          'inbox: event refused as data',
        );
        return 'invalid';
      }
      this.deps.logger.warn(
        { code: failure.code, platform: input.actor.platform },
        'inbox: could not store an event',
      );
      return 'unavailable';
    }
  }

  /**
   * Waits (briefly: an interaction has its platform's 3 seconds) until this customer's messages
   * still in the inbox are handled. Usually they are already, or within a few milliseconds.
   */
  async afterInbox(orderingKey: string): Promise<void> {
    const until = Date.now() + INBOX_WAIT_MS;
    while (await hasPending(this.deps.database.db, orderingKey)) {
      if (Date.now() >= until) return;
      this.kick();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** One inbox row: the work, its answer into the outbox and the row marked done, together. */
  async process(row: InboxRow): Promise<void> {
    const parsed = parseInbound(row.event);
    if (!parsed.ok) {
      this.deps.logger.error(
        { inboxId: row.id, problem: parsed.problem },
        'inbox: stored event no longer parses',
      );
      await markFailed(this.deps.database.db, row.id, this.deps.clock.now(), 'E_INPUT_INVALID');
      return;
    }
    const event = parsed.event;
    const log = this.deps.logger.child({
      platform: event.actor.platform,
      kind: event.kind,
      eventId: event.id,
    });
    let keys: string[] = [];
    try {
      await this.dispatcher.dispatchDurably(event, log, async (q, reply) => {
        keys = reply ? await enqueueReply(q, event, reply) : [];
        await markDone(q, row.id, this.deps.clock.now());
      });
    } catch (error) {
      this.onHandlerError?.(event.kind);
      throw error;
    }
    // The customer waits for this answer: deliver it now; whatever fails is the outbox loop's.
    await this.outbox
      .deliverKeys(keys)
      .catch((error: unknown) =>
        log.warn({ code: HearkenError.wrap(error).code }, 'inbox: reply left to the outbox'),
      );
    this.outbox.kick();
  }

  /** A row that kept failing: marked failed, and the person told to try again (if we can). */
  async giveUp(row: InboxRow, reason: string): Promise<void> {
    const parsed = parseInbound(row.event);
    const key = parsed.ok ? replyKey(parsed.event, 'failed') : undefined;
    await this.deps.database.db.transaction(async (tx) => {
      await markFailed(tx, row.id, this.deps.clock.now(), reason);
      if (!parsed.ok || !key) return;
      const event = parsed.event;
      await enqueue(tx, {
        key,
        tenantId: event.actor.tenantId,
        platform: event.actor.platform,
        target: replyTarget(event),
        message: { text: catalog(toLocale(event.actor.locale) ?? 'en').errors.generic },
        purpose: 'reply',
      });
    });
    if (key) await this.outbox.deliverKeys([key]).catch(() => this.outbox.kick());
  }
}
