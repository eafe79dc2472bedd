/**
 * Intake sessions in the database: one active conversation per customer per tenant. Persistence
 * only: what the conversation decides lives in `policy.ts`.
 *
 * A step is one read and one write. The read (`readIntake`) takes the customer's lock and returns
 * everything the step may need in one statement; the write changes the session only if its
 * `version` is still the one read, else `SessionMoved` is thrown and the engine redoes the step.
 */
import { and, desc, eq, getTableColumns, gte, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/client.js';
import { complaints, intakeSessions } from '../../db/schema.js';
import { timeOrderedId } from '../complaints/ids.js';
import type { Complaint } from '../complaints/repo.js';
import { OPEN_STATUSES } from '../domain/index.js';
import { DatabaseError } from '../errors.js';
import type { Actor, Locale } from '../messages.js';
import { bind, statement } from '../prepared.js';
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

const messageFields = {
  ...sessionFields,
  latest: getTableColumns(complaints),
  resumable: getTableColumns(resumable),
};
/**
 * The customer's most recent complaint that is open or ended (their words may join it), and their
 * latest expired conversation (offered back within `since`): looked up only when no session is active.
 */
const readMessage = statement<
  { session: Nullable<Session>; latest: Nullable<Complaint>; resumable: Nullable<Session> },
  Values & { since: Date }
>(
  (q) =>
    q
      .select(messageFields)
      .from(lockedFrom)
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
      ),
  messageFields,
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
export async function readMessageIntake(
  q: Queryable,
  actor: Actor,
  since: Date,
): Promise<{ session?: Session; latest?: Complaint; resumable?: Session }> {
  const [row] = await readMessage(q, { ...keyOf(actor), since });
  if (!row) return {};
  const session = present(row.session);
  const latest = present(row.latest);
  const previous = present(row.resumable);
  return {
    ...(session ? { session } : {}),
    ...(latest ? { latest } : {}),
    ...(previous ? { resumable: previous } : {}),
  };
}

const keyOf = (actor: Actor): Values => ({
  lock: customerLockKey(actor.tenantId, actor.userId),
  tenantId: actor.tenantId,
  customerId: actor.userId,
});

const sessionColumns = getTableColumns(intakeSessions);

const insertSession = statement<Session, typeof intakeSessions.$inferInsert & { id: string }>(
  (q) =>
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
      .returning(sessionColumns),
  sessionColumns,
);

/** A new active session, with the steps already visited (`history`) in the same statement. */
export async function startSession(
  q: Queryable,
  actor: Actor,
  locale: Locale,
  step: Step,
  answers: Answers,
  now: Date,
  history: string[] = [],
): Promise<Session> {
  const [row] = await insertSession(q, {
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
  });
  if (!row) throw new SessionMoved();
  return row;
}

type Writable = Pick<Session, 'status' | 'step' | 'history' | 'answers' | 'complaintId'>;

const updateSession = statement<
  Session,
  Writable & { id: string; version: number; customerId: string; readStatus: string; now: Date }
>(
  (q) =>
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
      .returning(sessionColumns),
  sessionColumns,
);

/**
 * Writes the session as read plus `patch`, if nothing changed it since it was read (its version);
 * otherwise throws `SessionMoved`. Each write marks the customer active again.
 */
export async function saveSession(
  q: Queryable,
  session: Session,
  patch: Partial<Writable>,
  now: Date,
): Promise<Session> {
  const next = { ...session, ...patch };
  const [row] = await updateSession(q, {
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
  });
  if (!row) throw new SessionMoved();
  return row;
}

export const answersOf = (session: Session): Answers => session.answers as Answers;
export const stepOf = (session: Session): Step => STEPS.find((s) => s === session.step) ?? 'describe';
