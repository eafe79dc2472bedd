/**
 * The core's answer to an event taken from the inbox, written to the outbox in the transaction
 * that did the work: a crash or a platform's 500s after the commit still deliver it, once (the
 * keys come from the event's delivery id, so a second run of the same event adds nothing).
 */
import type { Queryable } from '../../db/client.js';
import type { InboundEvent, Reply, Target } from '../messages.js';
import { enqueueAll, type OutboxRow } from '../outbox/outbox.js';

/** Where the answer to `event` goes: the person's DM, or the channel or thread they wrote in. */
export function replyTarget(event: InboundEvent): Target {
  const place = event.place;
  if (place.kind === 'channel') {
    return place.threadOf
      ? {
          kind: 'thread',
          parent: { platform: event.actor.platform, channelId: place.channelId, messageId: place.threadOf },
        }
      : { kind: 'channel', channelId: place.channelId };
  }
  return { kind: 'user', userId: event.actor.userId };
}

/** The outbox key of the reply's `index`th message (`failed`: the apology for a given-up event). */
export function replyKey(event: InboundEvent, index: number | 'failed'): string {
  return `reply:${event.actor.platform}:${event.id}:${index}`;
}

/**
 * Enqueues the reply's messages in order, in one statement (a form or a replaced message cannot
 * be delivered later: a message event never asks for either), leased until `leaseUntil` when
 * given (see `enqueueAll`). Returns the rows written.
 */
export async function enqueueReply(
  q: Queryable,
  event: InboundEvent,
  reply: Reply,
  leaseUntil?: Date,
): Promise<OutboxRow[]> {
  const target = replyTarget(event);
  const items = reply.messages.map((message, index) => ({
    key: replyKey(event, index),
    tenantId: event.actor.tenantId,
    platform: event.actor.platform,
    target,
    message,
    purpose: 'reply' as const,
  }));
  return enqueueAll(q, items, leaseUntil);
}
