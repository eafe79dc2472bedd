/**
 * The core's answer to an event taken from the inbox, written to the outbox in the transaction
 * that did the work: a crash or a platform's 500s after the commit still deliver it, once (the
 * keys come from the event's delivery id, so a second run of the same event adds nothing).
 */
import { getTableColumns, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { inbox, outbox } from '../../db/schema.js';
import { failedWith, type HeldWrite, heldSender, type LeanRead, leanReader } from '../intake/session.js';
import type { Actor, InboundEvent, Reply, Target } from '../messages.js';
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

/** An inbox row's claim as its lean step makes it (src/core/lean.ts): this run's lease on it. */
export type RowLease = { rowId: number; attempts: number };

/** A lean step's read for an inbox row: `handled` once the row is no longer pending under this lease. */
const readLeanRow = leanReader<RowLease>(
  sql`not exists (select 1 from ${inbox} where ${inbox.id} = ${sql.placeholder('rowId')}
    and ${inbox.state} = 'pending' and ${inbox.attempts} = ${sql.placeholder('attempts')})`,
);

/** `readLeanMessage` for an event taken from the inbox under `lease`. */
export function readLeanInbox(q: Queryable, actor: Actor, since: Date, lease: RowLease): Promise<LeanRead> {
  return readLeanRow(q, actor, since, lease);
}

/**
 * The row marked done under this lease (the rule of `claimRow`) and the reply's messages into the
 * outbox (leased to this instance when `leaseAt` is given, as `enqueueAll` does), both only when the session write `s`
 * happened. A CTE cannot undo a sibling: when `s` wrote but the row is no longer ours (its lease
 * ran out and another run took it, between this statement's start and its update of the row), the
 * division by zero makes the whole statement fail, so the session write is undone with it.
 */
const rowDone = `with s as ({s}),
  r as (
    update inbox set state = 'done', locked_until = null, processed_at = $doneAt::timestamptz, last_error = null
    where id = $rowId and state = 'pending' and attempts = $attempts and exists (select 1 from s)
    returning ordering_key),
  o as (
    insert into outbox (idempotency_key, tenant_id, platform, kind, target, message, purpose,
      next_attempt_at, locked_until, attempts)
    select m.key, $replyTenant, $replyPlatform, 'send', $target::jsonb, m.message, 'reply',
      'epoch'::timestamptz, $leaseAt::timestamptz, case when $leaseAt::timestamptz is null then 0 else 1 end
    from r, jsonb_to_recordset($messages::jsonb) as m(key text, message jsonb)
    on conflict (idempotency_key) do nothing
    returning *)
  select w.wrote, w.more, o.* from (select
    case when exists (select 1 from s) then 1 / (select count(*) from r)::int end as wrote,
    exists (select 1 from inbox later join r on later.ordering_key = r.ordering_key
      where later.state = 'pending' and later.id > $rowId) as more) w
  left join o on true`;

const outboxColumns = getTableColumns(outbox);
const doneFields = { wrote: sql<number | null>`wrote`, more: sql<boolean>`more`, row: outboxColumns };
type Done = { wrote: number | null; more: boolean; row: { [K in keyof OutboxRow]: OutboxRow[K] | null } };
type DoneValues = RowLease & {
  doneAt: string;
  replyTenant: string;
  replyPlatform: string;
  target: string;
  leaseAt: string | null;
  messages: string;
};
const sendRowDone = heldSender<Done, DoneValues>(rowDone, doneFields);

/** What a lean step's write for an inbox row did. */
export type RowStep =
  | { kind: 'done'; rows: OutboxRow[]; more: boolean }
  /** The session moved since the read: read again. */
  | { kind: 'moved' }
  /** The row is no longer pending under this lease: another run has it. */
  | { kind: 'taken' };

/**
 * A lean step's one write for an event from the inbox: the held session write, the row marked
 * done under `lease`, and `reply` into the outbox, in one statement, all or nothing.
 */
export async function sendInboxStep(
  q: Queryable,
  write: HeldWrite,
  event: InboundEvent,
  reply: Reply,
  lease: RowLease,
  now: Date,
  leaseUntil: Date | undefined,
): Promise<RowStep> {
  const messages = reply.messages.map((message, index) => ({ key: replyKey(event, index), message }));
  let done: Done[];
  try {
    done = await sendRowDone(q, write, {
      ...lease,
      doneAt: now.toISOString(),
      replyTenant: event.actor.tenantId,
      replyPlatform: event.actor.platform,
      target: JSON.stringify(replyTarget(event)),
      leaseAt: leaseUntil ? leaseUntil.toISOString() : null,
      messages: JSON.stringify(messages),
    });
  } catch (error) {
    if (failedWith(error, '22012')) return { kind: 'taken' };
    throw error;
  }
  const [first] = done;
  if (!first || first.wrote === null) return { kind: 'moved' };
  const rows = done.flatMap(({ row }) => (row.id === null ? [] : [row as OutboxRow]));
  return { kind: 'done', rows: rows.sort((a, b) => a.id - b.id), more: first.more === true };
}
