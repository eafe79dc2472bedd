/**
 * Intake sessions in the database: one active conversation per customer per tenant. Persistence
 * only: what the conversation decides lives in `policy.ts`.
 *
 * A step is one read and one write. The read (`readIntake`) takes the customer's lock and returns
 * everything the step may need in one statement; the write changes the session only if its
 * `version` is still the one read, else `SessionMoved` is thrown and the engine redoes the step.
 */
import { and, desc, eq, getTableColumns, gte, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/client.js';
import { blockedCustomers, complaints, intakeSessions, processedEvents } from '../../db/schema.js';
import { timeOrderedId } from '../complaints/ids.js';
import type { Complaint } from '../complaints/repo.js';
import { OPEN_STATUSES } from '../domain/index.js';
import { DatabaseError } from '../errors.js';
import type { Actor, Locale } from '../messages.js';
import { around, bind, type Fields, statement } from '../prepared.js';
import { type Answers, STEPS, type Step } from './state.js';

export type Session = typeof intakeSessions.$inferSelect;

export type { Answers, Step } from './state.js';

/** The session changed between this step's read and its write: the step is redone from a new read. */
export class SessionMoved extends DatabaseError {
  constructor() {
    super('E_DB_ROW_VANISHED', 'an intake session (changed by another event of the same customer)');
  }
}

/**
 * The key of the customer's transaction-scoped lock: their intake events (messages, clicks, the
 * form) take turns, and the same form sent twice files once (`file` looks for the first after it).
 */
export const customerLockKey = (tenantId: string, customerId: string) => `${tenantId}\n${customerId}`;

/** The active session, locked for this transaction (the idle sweep and staff threads use it). */
export async function activeSession(
  q: Queryable,
  tenantId: string,
  customerId: string,
): Promise<Session | undefined> {
  const [row] = await q
    .select()
    .from(intakeSessions)
    .where(
      and(
        eq(intakeSessions.tenantId, tenantId),
        eq(intakeSessions.customerId, customerId),
        eq(intakeSessions.status, 'active'),
      ),
    )
    .for('update');
  return row;
}

/**
 * The most recent expired session with answers worth offering back, within `since`. The status is
 * a literal so that even a cached generic plan of the statement uses `intake_resumable_idx`.
 */
export async function resumableSession(q: Queryable, tenantId: string, customerId: string, since: Date) {
  const [row] = await q
    .select()
    .from(intakeSessions)
    .where(
      and(
        eq(intakeSessions.tenantId, tenantId),
        eq(intakeSessions.customerId, customerId),
        sql`${intakeSessions.status} = 'expired'`,
        gte(intakeSessions.lastActivityAt, since),
      ),
    )
    .orderBy(desc(intakeSessions.lastActivityAt))
    .limit(1);
  return row;
}

const resumable = alias(intakeSessions, 'resumable');
const newest = alias(complaints, 'newest');
const earlier = alias(intakeSessions, 'earlier');

const lockedFrom = sql`(select pg_advisory_xact_lock(hashtext(${sql.placeholder('lock')}))::text as "locked") as "one"`;
const activeOn = and(
  eq(intakeSessions.tenantId, sql.placeholder('tenantId')),
  eq(intakeSessions.customerId, sql.placeholder('customerId')),
  sql`${intakeSessions.status} = 'active'`,
);

type Values = { lock: string; tenantId: string; customerId: string };
type Nullable<T> = { [K in keyof T]: T[K] | null };

const sessionFields = { locked: sql<string>`"one"."locked"`, session: getTableColumns(intakeSessions) };
const readSession = statement<{ session: Nullable<Session> }, Values>(
  (q) => q.select(sessionFields).from(lockedFrom).leftJoin(intakeSessions, activeOn),
  sessionFields,
);

const lookups = {
  session: getTableColumns(intakeSessions),
  latest: getTableColumns(complaints),
  resumable: getTableColumns(resumable),
};

/**
 * The active session and, when there is none, the customer's most recent complaint that is open
 * or ended (their words may join it) and their latest expired conversation (offered back within
 * `since`), joined to `from` (the one-row subquery "one" whose columns `head` selects).
 */
function messageQuery(q: Queryable, from: SQL, head: Fields) {
  return q
    .select({ ...head, ...lookups })
    .from(from)
    .leftJoin(intakeSessions, activeOn)
    .leftJoin(
      complaints,
      and(
        sql`${intakeSessions.id} is null`,
        eq(
          complaints.id,
          sql`(${q
            .select({ id: newest.id })
            .from(newest)
            .where(
              and(
                eq(newest.tenantId, sql.placeholder('tenantId')),
                eq(newest.customerId, sql.placeholder('customerId')),
                inArray(newest.status, [...OPEN_STATUSES, 'resolved', 'closed']),
              ),
            )
            .orderBy(desc(newest.createdAt))
            .limit(1)})`,
        ),
      ),
    )
    .leftJoin(
      resumable,
      and(
        sql`${intakeSessions.id} is null`,
        eq(
          resumable.id,
          // The status is a literal so that even a generic plan uses `intake_resumable_idx`.
          sql`(${q
            .select({ id: earlier.id })
            .from(earlier)
            .where(
              and(
                eq(earlier.tenantId, sql.placeholder('tenantId')),
                eq(earlier.customerId, sql.placeholder('customerId')),
                sql`${earlier.status} = 'expired'`,
                sql`${earlier.lastActivityAt} >= ${bind('since', earlier.lastActivityAt)}`,
              ),
            )
            .orderBy(desc(earlier.lastActivityAt))
            .limit(1)})`,
        ),
      ),
    );
}

type MessageRow = { session: Nullable<Session>; latest: Nullable<Complaint>; resumable: Nullable<Session> };

/** What a message needs, after taking the customer's lock (the transaction's way). */
const readMessage = statement<MessageRow, Values & { since: Date }>(
  (q) => messageQuery(q, lockedFrom, { locked: sessionFields.locked }),
  { locked: sessionFields.locked, ...lookups },
);

/**
 * The same without a lock, with what the lean step's claim would have read (src/core/lean.ts):
 * whether the event was handled already, and whether the customer is blocked (`blockedColumn`).
 */
const leanFields = { handled: sql<boolean>`"one"."handled"`, blocked: sql<string | null>`"one"."blocked"` };
const blockedOf = sql`(select case when ${blockedCustomers.noticedAt} is null then 'notify' else 'silent' end
  from ${blockedCustomers} where ${blockedCustomers.tenantId} = ${sql.placeholder('tenantId')}
  and ${blockedCustomers.customerId} = ${sql.placeholder('customerId')}) as "blocked"`;

/**
 * A lean step's read (src/core/lean.ts): `readMessageIntake` without the lock, with `handled` (a
 * boolean SQL expression of named values `V`: the event was handled already) and the block check.
 */
export function leanReader<V extends Record<string, unknown>>(handled: SQL) {
  const read = statement<
    MessageRow & { handled: boolean; blocked: string | null },
    { tenantId: string; customerId: string; since: Date } & V
  >((q) => messageQuery(q, sql`(select (${handled}) as "handled", ${blockedOf}) as "one"`, leanFields), {
    ...leanFields,
    ...lookups,
  });
  return async (q: Queryable, actor: Actor, since: Date, values: V): Promise<LeanRead> => {
    const [row] = await read(q, { tenantId: actor.tenantId, customerId: actor.userId, since, ...values });
    if (!row) return { found: {}, handled: false, blocked: null };
    return { found: foundIn(row), handled: row.handled === true, blocked: row.blocked };
  };
}

const readLeanDelivery = leanReader<{ platform: string; eventId: string }>(
  sql`exists (select 1 from ${processedEvents} where ${processedEvents.platform} = ${sql.placeholder('platform')}
    and ${processedEvents.eventId} = ${sql.placeholder('eventId')})`,
);

/** A left-joined row is there when its primary key is. */
function present<T extends { id: unknown }>(row: Nullable<T>): T | undefined {
  if (row.id === null) return undefined;
  // Every column of a joined row is as the table says once its key is there.
  return row as T;
}

/** What a click or the form needs: the active session, after taking the customer's lock. */
export async function readIntake(q: Queryable, actor: Actor): Promise<Session | undefined> {
  const [row] = await readSession(q, keyOf(actor));
  return row ? present(row.session) : undefined;
}

/**
 * What a message needs, in one statement after taking the customer's lock: the active session;
 * without one, the complaint their words may join and the expired conversation to offer back.
 */
export async function readMessageIntake(q: Queryable, actor: Actor, since: Date): Promise<MessageIntake> {
  const [row] = await readMessage(q, { ...keyOf(actor), since });
  return row ? foundIn(row) : {};
}

/** What a message's step reads (`readMessageIntake`). */
export interface MessageIntake {
  session?: Session;
  latest?: Complaint;
  resumable?: Session;
}

function foundIn(row: MessageRow): MessageIntake {
  const session = present(row.session);
  const latest = present(row.latest);
  const previous = present(row.resumable);
  return {
    ...(session ? { session } : {}),
    ...(latest ? { latest } : {}),
    ...(previous ? { resumable: previous } : {}),
  };
}

/** What a lean step reads first (src/core/lean.ts): no lock taken, nothing written. */
export interface LeanRead {
  found: MessageIntake;
  /** The event was handled already: a copy, to drop. */
  handled: boolean;
  /** `blockedColumn`'s answer: null for a customer not blocked. */
  blocked: string | null;
}

/** `readMessageIntake` without the lock, and whether delivery `eventId` was recorded already. */
export function readLeanMessage(q: Queryable, actor: Actor, since: Date, eventId: string): Promise<LeanRead> {
  return readLeanDelivery(q, actor, since, { platform: actor.platform, eventId });
}

const keyOf = (actor: Actor): Values => ({
  lock: customerLockKey(actor.tenantId, actor.userId),
  tenantId: actor.tenantId,
  customerId: actor.userId,
});

const sessionColumns = getTableColumns(intakeSessions);

type InsertValues = typeof intakeSessions.$inferInsert & { id: string };

const insertQuery = (q: Queryable) =>
  q
    .insert(intakeSessions)
    .values({
      id: sql.placeholder('id'),
      tenantId: sql.placeholder('tenantId'),
      platform: sql.placeholder('platform'),
      customerId: sql.placeholder('customerId'),
      customerName: sql.placeholder('customerName'),
      step: sql.placeholder('step'),
      history: sql.placeholder('history'),
      answers: sql.placeholder('answers'),
      locale: sql.placeholder('locale'),
      lastActivityAt: sql.placeholder('lastActivityAt'),
      createdAt: sql.placeholder('createdAt'),
      updatedAt: sql.placeholder('updatedAt'),
    })
    // Another event of this customer started one after our read: redo the step with theirs.
    .onConflictDoNothing({
      target: [intakeSessions.tenantId, intakeSessions.customerId],
      where: sql`status = 'active'`,
    })
    .returning(sessionColumns);

const insertSession = statement<Session, InsertValues>(insertQuery, sessionColumns);

/** A new active session, with the steps already visited (`history`) in the same statement. */
export async function startSession(
  q: Queryable,
  actor: Actor,
  locale: Locale,
  step: Step,
  answers: Answers,
  now: Date,
  history: string[] = [],
  held?: StepWrite,
): Promise<Session> {
  const values: InsertValues = {
    // Time-ordered, like a complaint's: each new session appends to the primary key (src/complaints/ids.ts).
    id: timeOrderedId(now),
    tenantId: actor.tenantId,
    platform: actor.platform,
    customerId: actor.userId,
    customerName: actor.displayName,
    step,
    history,
    answers: { ...answers },
    locale,
    lastActivityAt: now,
    createdAt: now,
    updatedAt: now,
  };
  if (held) return held.hold({ kind: 'insert', values }, inserted(values));
  const [row] = await insertSession(q, values);
  if (!row) throw new SessionMoved();
  return row;
}

/** The row `insertSession` would return for `values` (a held write's session, before it is sent). */
function inserted(values: InsertValues): Session {
  return {
    ...values,
    status: 'active',
    history: values.history ?? [],
    answers: values.answers ?? {},
    complaintId: null,
    remindedAt: null,
    lastActivityAt: values.lastActivityAt ?? values.createdAt ?? new Date(),
    createdAt: values.createdAt ?? new Date(),
    updatedAt: values.updatedAt ?? new Date(),
    version: 0,
  };
}

type Writable = Pick<Session, 'status' | 'step' | 'history' | 'answers' | 'complaintId'>;
type UpdateValues = Writable & {
  id: string;
  version: number;
  customerId: string;
  readStatus: string;
  now: Date;
};

const updateQuery = (q: Queryable) =>
  q
    .update(intakeSessions)
    .set({
      status: bind('status', intakeSessions.status),
      step: bind('step', intakeSessions.step),
      history: bind('history', intakeSessions.history),
      answers: bind('answers', intakeSessions.answers),
      complaintId: bind('complaintId', intakeSessions.complaintId),
      remindedAt: null,
      lastActivityAt: bind('now', intakeSessions.lastActivityAt),
      updatedAt: bind('now', intakeSessions.updatedAt),
      version: sql`${intakeSessions.version} + 1`,
    })
    .where(
      and(
        eq(intakeSessions.id, sql.placeholder('id')),
        eq(intakeSessions.version, sql.placeholder('version')),
        // Writers that do not count versions (erasing a customer) change one of these.
        eq(intakeSessions.customerId, sql.placeholder('customerId')),
        eq(intakeSessions.status, bind('readStatus', intakeSessions.status)),
      ),
    )
    .returning(sessionColumns);

const updateSession = statement<Session, UpdateValues>(updateQuery, sessionColumns);

/**
 * Writes the session as read plus `patch`, if nothing changed it since it was read (its version);
 * otherwise throws `SessionMoved`. Each write marks the customer active again. With `held` (a
 * lean step's) the write is only held there, to be sent with the event's record (`sendStep`).
 */
export async function saveSession(
  q: Queryable,
  session: Session,
  patch: Partial<Writable>,
  now: Date,
  held?: StepWrite,
): Promise<Session> {
  const next = { ...session, ...patch };
  const values: UpdateValues = {
    id: session.id,
    version: session.version,
    customerId: session.customerId,
    readStatus: session.status,
    status: next.status,
    step: next.step,
    history: next.history,
    answers: next.answers,
    complaintId: next.complaintId,
    now,
  };
  if (held) {
    return held.hold(
      { kind: 'update', values },
      { ...next, remindedAt: null, lastActivityAt: now, updatedAt: now, version: session.version + 1 },
    );
  }
  const [row] = await updateSession(q, values);
  if (!row) throw new SessionMoved();
  return row;
}

/** The step is not a lean one (src/core/lean.ts): it goes the transaction's way, nothing sent yet. */
export class NeedsTransaction extends Error {}

/** A lean step's one session write, held until its reply is known. */
export type HeldWrite = { kind: 'insert'; values: InsertValues } | { kind: 'update'; values: UpdateValues };

/**
 * Where a lean step's session write waits (src/core/lean.ts): not sent by `saveSession` or
 * `startSession` but sent afterwards by `sendStep`, in one statement with the event's record. A
 * second write means the step is not a lean one; so does any other write (the engine's
 * `needsTransaction`): nothing was sent yet, so the transaction's way can start from scratch.
 */
export class StepWrite {
  held: HeldWrite | undefined;

  hold(write: HeldWrite, session: Session): Session {
    if (this.held) throw new NeedsTransaction();
    this.held = write;
    return session;
  }
}

/** The event a lean step records with its write: the delivery's id, as `claimDelivery` would. */
export interface Delivery {
  platform: string;
  eventId: string;
  receivedAt: Date;
}

/**
 * Records the delivery with the session write, or fails with it. Not `on conflict do nothing`: a
 * CTE cannot undo its siblings, so a write whose id is recorded meanwhile must fail as a whole,
 * which a unique violation of `processed_events` does (Postgres runs one statement atomically).
 */
const recording = `with s as ({s}), d as (
    insert into processed_events (platform, event_id, received_at)
    select $recordPlatform, $recordId, $recordAt::timestamptz from s)
  select * from s`;

type Recorded = { recordPlatform: string; recordId: string; recordAt: string };

/**
 * Sends a held write as the data-modifying CTE `s` of `template` (see `around`), with the named
 * values `Extra` its other parts take; the statement returns `fields`.
 */
export function heldSender<Row, Extra extends Record<string, unknown>>(template: string, fields: Fields) {
  const update = statement<Row, UpdateValues & Extra>(
    (q) => ({ toSQL: () => around(updateQuery(q).toSQL(), template) }),
    fields,
  );
  const insert = statement<Row, InsertValues & Extra>(
    (q) => ({ toSQL: () => around(insertQuery(q).toSQL(), template) }),
    fields,
  );
  return (q: Queryable, write: HeldWrite, extra: Extra): Promise<Row[]> =>
    write.kind === 'update'
      ? update(q, { ...write.values, ...extra })
      : insert(q, { ...write.values, ...extra });
}

const sendRecording = heldSender<Session, Recorded>(recording, sessionColumns);

/**
 * A lean step's one write: the held session write and the delivery's record, in one autocommit
 * statement, both or neither. False when neither happened: the session moved since the read (its
 * version, or another conversation started), or the delivery was recorded meanwhile (a copy).
 */
export async function sendStep(q: Queryable, write: HeldWrite, delivery: Delivery): Promise<boolean> {
  const recorded: Recorded = {
    recordPlatform: delivery.platform,
    recordId: delivery.eventId,
    recordAt: delivery.receivedAt.toISOString(),
  };
  try {
    return (await sendRecording(q, write, recorded)).length > 0;
  } catch (error) {
    if (failedWith(error, '23505')) return false;
    throw error;
  }
}

/** Whether Postgres refused the statement with SQLSTATE `code`, through the drivers' and drizzle's wrapping. */
export function failedWith(error: unknown, code: string): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if ('code' in e && e.code === code) return true;
    e = 'cause' in e ? e.cause : undefined;
  }
  return false;
}

export const answersOf = (session: Session): Answers => session.answers as Answers;
export const stepOf = (session: Session): Step => STEPS.find((s) => s === session.step) ?? 'describe';
