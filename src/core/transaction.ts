/**
 * The transaction every inbound event's first step runs in. Its first statement claims the event
 * (a retried delivery stops there) and reads what every event needs before its work: whether the
 * customer is blocked and, for a click, whether their messages still wait in the inbox. Then the
 * tenant is loaded (from memory, usually) and the caller's work runs.
 */
import type { Database, Queryable } from '../../db/client.js';
import { blockedColumn, noticeBlocked } from '../complaints/blocks.js';
import type { Ctx } from '../complaints/workflow.js';
import { type AlsoColumn, claimDelivery } from '../dedupe.js';
import { hasPending, pendingColumn } from '../inbox/inbox.js';
import type { InboundEvent } from '../messages.js';
import { wroteRows } from '../outbox/outbox.js';
import type { Clock, Logger } from '../ports.js';
import type { TenantCache } from '../tenants.js';

/** What the core's parts share; built once by `Hearken`. */
export interface CoreDeps {
  database: Database;
  clock: Clock;
  logger: Logger;
  /** Tenant settings kept between events (every event needs them; they rarely change). */
  tenants: TenantCache;
  /** Has the outbox loop look for work now: after a commit that wrote rows for it. */
  kickOutbox?: () => void;
}

/** How long an interaction waits for the same customer's earlier messages in the inbox. */
export const INBOX_WAIT_MS = 1_000;
const INBOX_POLL_MS = 20;

/** Whether the event's customer is blocked (`notify`: and is told so now, once). */
export type Blocked = 'open' | 'notify' | 'silent';

/** The event's claim, made by the transaction's first statement (`claimDelivery` by default). */
export type Claim = (
  q: Queryable,
  now: Date,
  also: Record<string, AlsoColumn>,
) => Promise<{ first: boolean; also: Record<string, unknown> }>;

export interface FirstTimeOptions<T> {
  /** Runs in the same transaction, repeat or not, with what `work` returned. */
  after?: (q: Queryable, result: T | undefined) => Promise<void>;
  /** Told as soon as the delivery is known to be the first (see `HandleSignals.owned`). */
  owned?: (() => void) | undefined;
  /** How the event is claimed; default: its delivery id recorded (`claimDelivery`). */
  claim?: Claim;
  /** The customer whose block to check (customers' own events only; staff work is not blocked). */
  customer?: string | undefined;
  /**
   * An interaction that must come after this ordering key's messages in the inbox: while one is
   * pending (checked in the claiming statement) the transaction is rolled back and tried again,
   * for at most `INBOX_WAIT_MS`; `nudge` has the inbox look for work meanwhile.
   */
  follows?: Follows | undefined;
}

/** An ordering key whose inbox messages come first, and how to have the inbox look for work. */
export interface Follows {
  orderingKey: string;
  nudge: () => void;
}

/**
 * Waits (briefly: an interaction has its platform's 3 seconds) until this ordering key's messages
 * still in the inbox are handled, with a statement of its own: for extensions, which claim their
 * events outside a transaction that could be rolled back.
 */
export async function awaitInbox(deps: CoreDeps, follows: Follows): Promise<void> {
  const until = Date.now() + INBOX_WAIT_MS;
  while (await hasPending(deps.database.db, follows.orderingKey)) {
    if (Date.now() >= until) return;
    follows.nudge();
    await new Promise((resolve) => setTimeout(resolve, INBOX_POLL_MS));
  }
}

/** Rolls a claim back while the customer's messages are still in the inbox. */
class MessagesWaiting extends Error {}

/**
 * In one transaction: claims the event (undefined for a repeat), loads or creates the tenant, and
 * runs `work` with them; then `after` (in the same transaction, repeat or not) with what `work`
 * returned.
 */
export async function firstTime<T>(
  deps: CoreDeps,
  event: InboundEvent,
  log: Logger,
  work: (ctx: Ctx, blocked: Blocked) => Promise<T>,
  options: FirstTimeOptions<T> = {},
): Promise<T | undefined> {
  const claim: Claim =
    options.claim ?? ((q, now, also) => claimDelivery(q, event.actor.platform, event.id, now, also));
  const also: Record<string, AlsoColumn> = {};
  if (options.customer) also.blocked = blockedColumn(event.actor.tenantId, options.customer);
  if (options.follows) also.waiting = pendingColumn(options.follows.orderingKey);
  const until = Date.now() + INBOX_WAIT_MS;
  let wrote = false;
  for (;;) {
    try {
      const result = await deps.database.db.transaction(async (tx) => {
        const now = deps.clock.now();
        const claimed = await claim(tx, now, also);
        // Rolling back undoes the claim: the click is claimed again once the messages are handled.
        // A copy (not first) is told so at once, whatever waits.
        if (claimed.first && claimed.also.waiting === true && Date.now() < until) throw new MessagesWaiting();
        let result: T | undefined;
        if (!claimed.first) {
          log.info({}, 'duplicate delivery dropped');
        } else {
          options.owned?.();
          const tenant = await deps.tenants.ensure(tx, event.actor.tenantId, event.actor.platform, now);
          const blocked = options.customer
            ? await noticeBlocked(tx, tenant.tenantId, options.customer, claimed.also.blocked, now)
            : 'open';
          result = await work({ q: tx, now, tenant }, blocked);
        }
        await options.after?.(tx, result);
        wrote = wroteRows(tx);
        return result;
      });
      // Committed: rows it wrote for the outbox loop (a card, a note to staff) can go now.
      if (wrote) deps.kickOutbox?.();
      return result;
    } catch (error) {
      if (!(error instanceof MessagesWaiting)) throw error;
      options.follows?.nudge();
      await new Promise((resolve) => setTimeout(resolve, INBOX_POLL_MS));
    }
  }
}
