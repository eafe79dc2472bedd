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
  acceptLeasing,
  claimRow,
  type InboxRow,
  markFailed,
  orderingKeyOf,
  refusedAsData,
} from '../inbox/inbox.js';
import { enqueueReply, readLeanInbox, replyKey, replyTarget, sendInboxStep } from '../inbox/replies.js';
import type { InboxWorker } from '../inbox/worker.js';
import { lazyChild } from '../log.js';
import type { InboundEvent } from '../messages.js';
import { enqueue, type OutboxRow } from '../outbox/outbox.js';
import type { OutboxWorker } from '../outbox/worker.js';
import type { Logger } from '../ports.js';
import type { Dispatcher } from './dispatch.js';
import type { LeanOutcome } from './lean.js';
import type { Claim, CoreDeps } from './transaction.js';

/** A customer's click, form or command in their DM or on the intake: ordered after their messages. */
export function followsMessages(event: InboundEvent): boolean {
  if (event.kind === 'message') return false;
  if (event.place.kind === 'dm') return true;
  if (event.kind === 'action') return event.action.startsWith('intake.');
  if (event.kind === 'form') return event.formId.startsWith('intake.');
  return false;
}

/** What a lean step on an inbox row sent: the reply's rows to deliver, and whether a later row waits. */
type RowDone = { rows: OutboxRow[]; more: boolean };

export class InboxHandling {
  /**
   * Events of rows this instance stored leased to its own pool, checked by `accept` a moment
   * before: the stored JSON of a parsed event, unchanged by storing. Parsing that again gives the
   * same event (`parseInbound` is idempotent on its own output), and in the flow of the event loop
   * it cost 35-45 µs of Node CPU a DM, measured in the flow. A row read back from the table is
   * parsed as ever.
   */
  private readonly checked = new WeakSet<object>();

  constructor(
    private readonly deps: CoreDeps,
    private readonly dispatcher: Dispatcher,
    private readonly outbox: OutboxWorker,
    /** The inbox's worker pool (this instance's). */
    private readonly pool: Pick<InboxWorker, 'offer' | 'kick'>,
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
      const event = parsed.event;
      // Stored leased to this instance's pool when it has room and the customer nothing pending:
      // it runs at once, without a lease statement; otherwise the pool (here or elsewhere) leases it.
      return await this.pool.offer(
        event.actor.platform,
        orderingKeyOf(event),
        async (leaseUntil, telling) => {
          // Through connections of its own: the platform's ack never waits for a worker's transaction.
          const stored = await acceptLeasing(
            this.deps.database.accepts,
            event,
            this.deps.clock.now(),
            leaseUntil,
            telling,
          );
          if (stored.leased && stored.asGiven) this.checked.add(stored.leased.event);
          const waits = stored.outcome === 'accepted' && !stored.leased ? orderingKeyOf(event) : undefined;
          return { result: stored.outcome, leased: stored.leased, waits };
        },
      );
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
   * One inbox row: the row marked done (its claim), the work and its answer into the outbox, in
   * one transaction; then the answer delivered. True when a later row of its key is waiting.
   */
  async process(row: InboxRow): Promise<boolean> {
    const parsed = this.checked.has(row.event)
      ? { ok: true as const, event: row.event as unknown as InboundEvent }
      : parseInbound(row.event);
    if (!parsed.ok) {
      this.deps.logger.error(
        { inboxId: row.id, problem: parsed.problem },
        'inbox: stored event no longer parses',
      );
      await markFailed(this.deps.database.db, row, this.deps.clock.now(), 'E_INPUT_INVALID');
      return true;
    }
    const event = parsed.event;
    const log = lazyChild(this.deps.logger, {
      platform: event.actor.platform,
      kind: event.kind,
      eventId: event.id,
    });
    let rows: OutboxRow[] = [];
    let more = false;
    const lean = await this.leanRow(row, event).catch((error: unknown) => {
      this.onHandlerError?.(event.kind);
      throw error;
    });
    if (lean?.kind === 'handled') {
      log.info({ inboxId: row.id }, 'inbox: row already handled or taken over');
      return false;
    }
    if (lean) {
      ({ rows, more } = lean.sent);
      await this.deliver(rows, log);
      return more;
    }
    const claim: Claim = async (q, now, also) => {
      const claimed = await claimRow(q, row, now, also);
      more = claimed.more;
      if (!claimed.mine) log.info({ inboxId: row.id }, 'inbox: row already handled or taken over');
      return { first: claimed.mine, also: claimed.also };
    };
    try {
      await this.dispatcher.dispatchDurably(event, log, claim, async (q, reply) => {
        // Leased as they are written: this instance delivers them just after the commit.
        const leaseUntil = this.outbox.leaseUntil(event.actor.platform);
        rows = reply ? await enqueueReply(q, event, reply, leaseUntil) : [];
        if (!leaseUntil) rows = [];
      });
    } catch (error) {
      this.onHandlerError?.(event.kind);
      throw error;
    }
    await this.deliver(rows, log);
    return more;
  }

  /**
   * A customer's words in their DM as a lean step (src/core/lean.ts): one read, then one statement
   * writing the session, marking the row done under this run's lease and putting the answer into
   * the outbox leased to this instance, all or nothing. The row was leased to this run alone (one
   * row per customer at a time, oldest first), so the customers' order is the inbox's, as before.
   */
  private async leanRow(row: InboxRow, event: InboundEvent): Promise<LeanOutcome<RowDone>> {
    const lease = { rowId: row.id, attempts: row.attempts };
    return this.dispatcher.lean<RowDone>(event, {
      read: (q, actor, since) => readLeanInbox(q, actor, since, lease),
      send: async (q, write, reply, now) => {
        const leaseUntil = this.outbox.leaseUntil(event.actor.platform);
        const step = await sendInboxStep(q, write, event, reply, lease, now, leaseUntil);
        if (step.kind === 'taken') return 'handled';
        if (step.kind === 'moved') return 'moved';
        // Not leased to this instance: the rows are the outbox loop's, told to look now.
        if (!leaseUntil) {
          if (step.rows.length > 0) this.deps.kickOutbox?.();
          return { sent: { rows: [], more: step.more } };
        }
        return { sent: { rows: step.rows, more: step.more } };
      },
    });
  }

  /** The customer waits for this answer: delivered now; whatever fails is the outbox loop's. */
  private async deliver(rows: OutboxRow[], log: Logger): Promise<void> {
    await this.outbox
      .deliverRows(rows)
      .catch((error: unknown) =>
        log.warn({ code: HearkenError.wrap(error).code }, 'inbox: reply left to the outbox'),
      );
  }

  /** A row that kept failing: marked failed, and the person told to try again (if we can). */
  async giveUp(row: InboxRow, reason: string): Promise<void> {
    const parsed = parseInbound(row.event);
    const key = parsed.ok ? replyKey(parsed.event, 'failed') : undefined;
    const told = await this.deps.database.db.transaction(async (tx) => {
      // Another run has the row now (this one outlived its lease): it answers or gives up itself.
      if (!(await markFailed(tx, row, this.deps.clock.now(), reason))) return false;
      if (!parsed.ok || !key) return false;
      const event = parsed.event;
      await enqueue(tx, {
        key,
        tenantId: event.actor.tenantId,
        platform: event.actor.platform,
        target: replyTarget(event),
        message: { text: catalog(toLocale(event.actor.locale) ?? 'en').errors.generic },
        purpose: 'reply',
      });
      return true;
    });
    if (told && key) await this.outbox.deliverKeys([key]).catch(() => this.outbox.kick());
  }
}
