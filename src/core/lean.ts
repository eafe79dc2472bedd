/**
 * The hot path's lean step: a customer's plain words in their DM, continuing or starting an
 * intake, in two autocommit statements and no transaction. The first reads (no lock, no write)
 * the session, or what a new conversation needs, with whether the delivery was handled already
 * and whether the customer is blocked; the second (`sendStep`) writes the session only if its
 * version is still the one read (or, for a new conversation, no other started meanwhile) and
 * records the delivery in the same statement, both or neither.
 *
 * Why the version is enough where the transaction took the customer's advisory lock: the lock
 * made a customer's events take turns so that none wrote over a session another had changed
 * since its read. A lean write that finds the version moved writes nothing and the step is
 * redone from a new read, which sees the other event's change: the same order, reached by
 * retrying instead of waiting. A copy of a delivery racing the original loses the same way (the
 * original's write moved the version, or recorded the id) and its new read finds the id
 * recorded. Everything else (a blocked customer, words that file, reopen or join a complaint, a
 * rating, files, clicks, forms) keeps the transaction of `firstTime`, which still takes the lock
 * and writes versioned, so a lean step racing one of those loses on the version too.
 */
import type { Queryable } from '../../db/client.js';
import type { IntakeEngine } from '../intake/engine.js';
import { resumeSince } from '../intake/engine.js';
import {
  type HeldWrite,
  type LeanRead,
  NeedsTransaction,
  readLeanMessage,
  StepWrite,
  sendStep,
} from '../intake/session.js';
import type { Actor, InboundEvent, MessageEvent, Reply } from '../messages.js';
import type { CoreDeps } from './transaction.js';

/** Reads and writes a lean step tries before the transaction's way takes over (which waits its turn). */
const LEAN_TRIES = 2;

/** A customer's words in their DM, with no files and not an edit: the intake's hot path. */
export function isLean(event: InboundEvent): event is MessageEvent {
  return (
    event.kind === 'message' && event.place.kind === 'dm' && !event.change && (event.files ?? []).length === 0
  );
}

/** How a lean step reads and records its event: a delivery through `handle`, or an inbox row. */
export interface LeanWay<T> {
  /** The step's read, with whether the event was handled already. */
  read(q: Queryable, actor: Actor, since: Date): Promise<LeanRead>;
  /** The held write with the event's record, both or neither: what was sent, or why nothing. */
  send(q: Queryable, write: HeldWrite, reply: Reply, now: Date): Promise<{ sent: T } | 'moved' | 'handled'>;
}

/** What a lean step did; undefined: it must go the transaction's way (nothing was written). */
export type LeanOutcome<T> = { kind: 'answered'; reply: Reply; sent: T } | { kind: 'handled' } | undefined;

/** A delivery through `handle`: its id recorded in `processed_events` with the write. */
export function deliveryWay(event: InboundEvent): LeanWay<void> {
  return {
    read: (q, actor, since) => readLeanMessage(q, actor, since, event.id),
    send: async (q, write, _reply, now) =>
      (await sendStep(q, write, { platform: event.actor.platform, eventId: event.id, receivedAt: now }))
        ? { sent: undefined }
        : 'moved',
  };
}

/** The lean step of `event` (see the top of this file). */
export async function leanStep<T>(
  deps: CoreDeps,
  intake: IntakeEngine,
  event: MessageEvent,
  way: LeanWay<T>,
): Promise<LeanOutcome<T>> {
  const q = deps.database.db;
  const actor = event.actor;
  for (let tries = 0; tries < LEAN_TRIES; tries++) {
    const now = deps.clock.now();
    const read = await way.read(q, actor, resumeSince(now));
    if (read.handled) return { kind: 'handled' };
    // The notice to a blocked customer is marked given in the transaction's way, once.
    if (read.blocked !== null) return undefined;
    const tenant = await deps.tenants.ensure(q, actor.tenantId, actor.platform, now);
    const held = new StepWrite();
    let reply: Reply;
    try {
      reply = await intake.leanWords({ q, now, tenant, held }, actor, event.text, read.found);
    } catch (error) {
      if (error instanceof NeedsTransaction) return undefined;
      throw error;
    }
    // A reply with no session write (an empty message, nothing to cancel) still records the
    // event: the transaction's claim does that.
    if (!held.held) return undefined;
    const sent = await way.send(q, held.held, reply, now);
    if (sent === 'handled') return { kind: 'handled' };
    if (sent !== 'moved') return { kind: 'answered', reply, sent: sent.sent };
  }
  return undefined;
}
