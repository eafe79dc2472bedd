/**
 * The staff workflow as state changes. Each function runs inside the caller's transaction and
 * writes, together: the complaint row, a timeline event, and an outbox row for everyone who must
 * be told (the customer, the card's thread, the card itself, the managers).
 */
import { and, eq, getTableColumns, inArray, isNull, type Placeholder, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import {
  adapterState,
  complaintEvents,
  complaints,
  intakeSessions,
  outbox,
  surveys,
} from '../../db/schema.js';
import {
  type Category,
  type ComplaintSource,
  type EventType,
  type EventVisibility,
  isEmotion,
  isOpenStatus,
  type Locale,
  type OutboxPurpose,
  type Outcome,
  type Severity,
} from '../domain/index.js';
import { DatabaseError } from '../errors.js';
import { type Catalog, catalog } from '../i18n/index.js';
import type { Actor, FileRef } from '../messages.js';
import { enqueue } from '../outbox/outbox.js';
import { bind, statement } from '../prepared.js';
import { deadlinesAfterPause } from '../sla/pause.js';
import { computeDeadlines } from '../sla/policy.js';
import { restartedResolution } from '../sla/restart.js';
import type { TenantSettings } from '../tenants.js';
import { defuse } from '../text.js';
import { CARD_DESCRIPTION_CHARS } from './card.js';
import { timeOrderedId } from './ids.js';
import { type Complaint, codeOf, latestForCustomer, nextCodeStatement } from './repo.js';

/** What personal data is replaced with when a customer asks to be forgotten. */
const ERASED = '[erased]';

/** Who did it: a person, or Hearken itself (SLA breach, survey). */
export type By = Actor | 'system';

export interface Ctx {
  q: Queryable;
  now: Date;
  tenant: TenantSettings;
}

const byId = (by: By) => (by === 'system' ? null : by.userId);
const staffLocale = (tenant: TenantSettings): Locale => tenant.defaultLocale;
const byName = (by: By, tenant: TenantSettings) =>
  by === 'system' ? catalog(staffLocale(tenant)).staff.system : by.displayName;

function eventValues(
  ctx: Ctx,
  c: Pick<Complaint, 'id' | 'tenantId'>,
  type: EventType,
  by: By,
  body: string | null,
  visibility: EventVisibility = 'public',
  data?: Record<string, unknown>,
): typeof complaintEvents.$inferInsert {
  return {
    complaintId: c.id,
    tenantId: c.tenantId,
    type,
    actorId: byId(by),
    actorName: by === 'system' ? 'system' : by.displayName,
    body,
    visibility,
    at: ctx.now,
    ...(data ? { data } : {}),
  };
}

async function record(
  ctx: Ctx,
  c: Complaint,
  type: EventType,
  by: By,
  body: string | null,
  visibility: EventVisibility = 'public',
  data?: Record<string, unknown>,
): Promise<number> {
  const [row] = await ctx.q
    .insert(complaintEvents)
    .values(eventValues(ctx, c, type, by, body, visibility, data))
    .returning({ id: complaintEvents.id });
  if (!row) throw new DatabaseError('E_DB_NO_ROW', 'a timeline insert');
  return row.id;
}

async function refreshCard(ctx: Ctx, c: Complaint, eventId: number) {
  await enqueue(ctx.q, {
    key: `card-update:${c.id}:${eventId}`,
    tenantId: c.tenantId,
    platform: c.platform,
    target: { kind: 'card' },
    message: { text: '' },
    purpose: 'card_update',
    complaintId: c.id,
  });
}

async function toThread(
  ctx: Ctx,
  c: Complaint,
  eventId: number,
  text: string,
  purpose: OutboxPurpose = 'thread',
  files: FileRef[] = [],
) {
  await enqueue(ctx.q, {
    key: `thread:${eventId}`,
    tenantId: c.tenantId,
    platform: c.platform,
    target: { kind: 'card_thread' },
    message: { text, ...(files.length > 0 ? { files } : {}) },
    purpose,
    complaintId: c.id,
  });
}

async function toCustomer(
  ctx: Ctx,
  c: Complaint,
  eventId: number,
  text: string,
  purpose: OutboxPurpose,
  files: FileRef[] = [],
) {
  await enqueue(ctx.q, {
    key: `customer:${eventId}`,
    tenantId: c.tenantId,
    platform: c.platform,
    target: { kind: 'customer' },
    message: { text, ...(files.length > 0 ? { files } : {}) },
    purpose,
    complaintId: c.id,
  });
}

async function threadEvent(
  ctx: Ctx,
  c: Complaint,
  eventId: number,
  by: By,
  what: keyof Catalog['staff']['threadWhat'],
) {
  const t = catalog(staffLocale(ctx.tenant));
  await toThread(
    ctx,
    c,
    eventId,
    t.staff.threadEvent({ name: byName(by, ctx.tenant), what: t.staff.threadWhat[what] }),
  );
}

async function update(
  ctx: Ctx,
  c: Complaint,
  set: Partial<typeof complaints.$inferInsert>,
): Promise<Complaint> {
  const [row] = await ctx.q
    .update(complaints)
    .set({ ...set, updatedAt: ctx.now })
    .where(eq(complaints.id, c.id))
    .returning();
  if (!row) throw new DatabaseError('E_DB_ROW_VANISHED', `complaint ${c.code}`);
  return row;
}

export interface NewComplaint {
  customer: Actor;
  locale: Locale;
  category: Category;
  severity: Severity;
  summary: string;
  description: string;
  details: string | null;
  desiredOutcome: Outcome;
  outcomeNote: string | null;
  /** The feeling read from their words; anything the domain does not know is stored as `calm`. */
  sentiment: string;
  source: ComplaintSource;
  /** The customer asked for a person instead of finishing the questions: a timeline event says so. */
  personRequested?: boolean;
  /** The earlier complaint this follows (the customer wrote after its reopen window). */
  follows?: Complaint;
  /** The intake session this files: marked completed, with these answers, in the same statement. */
  completes: { sessionId: string; answers: Record<string, unknown> };
}

/** What filing binds: everything that differs between two complaints. */
interface FilingValues extends Record<string, unknown> {
  id: string;
  tenantId: string;
  platform: string;
  customerId: string;
  customerName: string;
  locale: string;
  category: string;
  severity: string;
  summary: string;
  description: string;
  details: string | null;
  desiredOutcome: string;
  outcomeNote: string | null;
  sentiment: string;
  source: string;
  followsId: string | null;
  firstResponseDue: Date;
  resolutionDue: Date;
  now: Date;
  eventData: Record<string, unknown>;
  cardKey: string;
  cardMessage: Record<string, unknown>;
  sessionId: string;
  answers: Record<string, unknown>;
}

const value = (name: keyof FilingValues & string) => sql.placeholder(name);

/**
 * The one statement that files a complaint (see createComplaint), built once per shape: with or
 * without the `person_requested` event. Building it with drizzle on every confirmation cost a
 * third of the confirmation's Node CPU; the values are bound by name instead.
 */
function filingStatement(personRequested: boolean) {
  return statement<Complaint, FilingValues>((q) => {
    const counter = q.$with('counter').as(nextCodeStatement(q, value('tenantId')));
    const created = q.$with('created').as(
      q
        .insert(complaints)
        .values({
          id: value('id'),
          tenantId: value('tenantId'),
          platform: value('platform'),
          code: sql`(select ${codeOf(counter.next)} from ${counter})`,
          customerId: value('customerId'),
          customerName: value('customerName'),
          locale: value('locale'),
          category: value('category'),
          severity: value('severity'),
          summary: value('summary'),
          description: value('description'),
          details: value('details'),
          desiredOutcome: value('desiredOutcome'),
          outcomeNote: value('outcomeNote'),
          sentiment: value('sentiment'),
          source: value('source'),
          followsId: value('followsId'),
          firstResponseDue: value('firstResponseDue'),
          resolutionDue: value('resolutionDue'),
          createdAt: value('now'),
          updatedAt: value('now'),
        })
        .returning(),
    );
    const eventRow = (type: EventType, body: Placeholder | null, data: Placeholder | null) => ({
      complaintId: value('id'),
      tenantId: value('tenantId'),
      type,
      actorId: value('customerId'),
      actorName: value('customerName'),
      body,
      visibility: 'public' as const,
      at: value('now'),
      data,
    });
    // The event's foreign key is checked at the end of the statement, when the complaint exists.
    const event = q.$with('event').as(
      q.insert(complaintEvents).values([
        eventRow('created', value('description'), value('eventData')),
        // Written after `created` in the same statement, so it follows it on the timeline.
        ...(personRequested ? [eventRow('person_requested', null, null)] : []),
      ]),
    );
    // The same row `enqueue` writes (src/outbox/outbox.ts); its update rows are drawn without the
    // mention, so the mention rides on this one only and never repeats.
    const card = q.$with('card').as(
      q
        .insert(outbox)
        .values({
          idempotencyKey: value('cardKey'),
          tenantId: value('tenantId'),
          platform: value('platform'),
          kind: 'send',
          target: { kind: 'staff_channel' },
          message: value('cardMessage'),
          complaintId: value('id'),
          purpose: 'card',
          nextAttemptAt: new Date(0),
        })
        .onConflictDoNothing({ target: outbox.idempotencyKey }),
    );
    const completed = q.$with('completed').as(
      q
        .update(intakeSessions)
        .set({
          status: 'completed',
          complaintId: sql`${value('id')}`,
          answers: sql`${bind('answers', intakeSessions.answers)}`,
          remindedAt: null,
          lastActivityAt: sql`${bind('now', intakeSessions.lastActivityAt)}`,
          updatedAt: sql`${bind('now', intakeSessions.updatedAt)}`,
          version: sql`${intakeSessions.version} + 1`,
        })
        // An erased customer's session (`/hearken forget`) has another customer id: left erased.
        .where(
          and(eq(intakeSessions.id, value('sessionId')), eq(intakeSessions.customerId, value('customerId'))),
        ),
    );
    return q.with(counter, created, event, card, completed).select().from(created);
  }, getTableColumns(complaints));
}

const fileComplaint = filingStatement(false);
const fileComplaintAskingForAPerson = filingStatement(true);

/**
 * Files a complaint: the row, its `created` event, the outbox row for the staff card and the intake
 * session marked completed, all in one statement. The code comes from the tenant's
 * counter row, whose lock is held until the transaction commits, so every confirmation of that
 * tenant queues behind it: that statement is the last the intake sends before its commit (the
 * extras of a long description, a follow-up or auto-assignment come after it).
 */
export async function createComplaint(ctx: Ctx, input: NewComplaint): Promise<Complaint> {
  const id = timeOrderedId(ctx.now);
  const deadlines = computeDeadlines({
    severity: input.severity,
    start: ctx.now,
    policy: ctx.tenant.slaPolicy,
    businessHours: ctx.tenant.businessHours,
    timeZone: ctx.tenant.timeZone,
  });
  const mentions = mentionRoles(ctx.tenant);
  const run = input.personRequested ? fileComplaintAskingForAPerson : fileComplaint;
  const [c] = await run(ctx.q, {
    id,
    tenantId: ctx.tenant.tenantId,
    platform: input.customer.platform,
    customerId: input.customer.userId,
    customerName: input.customer.displayName,
    locale: input.locale,
    category: input.category,
    severity: input.severity,
    summary: input.summary,
    description: input.description,
    details: input.details,
    desiredOutcome: input.desiredOutcome,
    outcomeNote: input.outcomeNote,
    sentiment: isEmotion(input.sentiment) ? input.sentiment : 'calm',
    source: input.source,
    followsId: input.follows?.id ?? null,
    ...deadlines,
    now: ctx.now,
    eventData: {
      severity: input.severity,
      category: input.category,
      ...(input.follows ? { follows: input.follows.code } : {}),
    },
    cardKey: `card:${id}`,
    cardMessage: mentions.length > 0 ? { text: '', mentions: { roles: mentions } } : { text: '' },
    sessionId: input.completes.sessionId,
    answers: input.completes.answers,
  });
  if (!c) throw new DatabaseError('E_DB_NO_ROW', 'a complaint insert');
  if ([...c.description].length > CARD_DESCRIPTION_CHARS) {
    // The card shows the start; staff read the whole of a long complaint in its thread (the
    // renderer splits it into as many messages as the platform needs).
    const t = catalog(staffLocale(ctx.tenant));
    await enqueue(ctx.q, {
      key: `thread:description:${c.id}`,
      tenantId: c.tenantId,
      platform: c.platform,
      target: { kind: 'card_thread' },
      message: { text: t.staff.threadCustomer({ name: c.customerName, text: defuse(c.description) }) },
      purpose: 'thread',
      complaintId: c.id,
    });
  }
  return c;
}

export type ClaimResult =
  | { ok: true; complaint: Complaint }
  | { ok: false; holder: string | null; complaint: Complaint };

/**
 * Atomic: the conditional UPDATE matches only while nobody holds the complaint, so of any number
 * of simultaneous claims exactly one changes the row.
 */
export async function claim(ctx: Ctx, c: Complaint, staff: Actor): Promise<ClaimResult> {
  const [won] = await ctx.q
    .update(complaints)
    .set({ status: 'claimed', assigneeId: staff.userId, assigneeName: staff.displayName, updatedAt: ctx.now })
    .where(
      and(
        eq(complaints.id, c.id),
        isNull(complaints.assigneeId),
        inArray(complaints.status, ['open', 'reopened']),
      ),
    )
    .returning();
  if (!won) {
    const [current] = await ctx.q.select().from(complaints).where(eq(complaints.id, c.id));
    return { ok: false, holder: current?.assigneeName ?? null, complaint: current ?? c };
  }
  const eventId = await record(ctx, won, 'claimed', staff, null);
  await threadEvent(ctx, won, eventId, staff, 'claimed');
  await refreshCard(ctx, won, eventId);
  return { ok: true, complaint: won };
}

export async function assign(
  ctx: Ctx,
  c: Complaint,
  by: By,
  assignee: { id: string; name: string },
): Promise<Complaint> {
  const next = await update(ctx, c, {
    assigneeId: assignee.id,
    assigneeName: assignee.name,
    status: c.status === 'open' || c.status === 'reopened' ? 'claimed' : c.status,
  });
  const eventId = await record(ctx, next, 'assigned', by, null, 'public', {
    assigneeId: assignee.id,
    assigneeName: assignee.name,
  });
  await threadEvent(ctx, next, eventId, by, 'assigned');
  await refreshCard(ctx, next, eventId);
  return next;
}

/**
 * A staff message relayed to the customer, signed with the staff member's name. `ask` marks the
 * complaint as waiting on the customer, which pauses the SLA clock until they answer.
 */
export async function reply(
  ctx: Ctx,
  c: Complaint,
  staff: Actor,
  text: string,
  ask = false,
  /** Files the staff member attached: relayed to the customer, kept on the timeline by reference. */
  files: FileRef[] = [],
  /** Post the reply into the card's thread too; false when it was written there already. */
  echo = true,
): Promise<Complaint> {
  const next = await update(ctx, c, {
    firstRespondedAt: c.firstRespondedAt ?? ctx.now,
    ...(c.assigneeId ? {} : { assigneeId: staff.userId, assigneeName: staff.displayName }),
    ...(ask
      ? { status: 'waiting' as const, waitingSince: c.waitingSince ?? ctx.now }
      : c.status === 'open' || c.status === 'reopened'
        ? { status: 'claimed' as const }
        : {}),
  });
  const eventId = await record(
    ctx,
    next,
    ask ? 'staff_ask' : 'staff_reply',
    staff,
    text,
    'public',
    files.length > 0 ? { files: files.map((f) => ({ ...f })) } : undefined,
  );
  const customerT = catalog(c.locale);
  const relay = ask ? customerT.relay.waiting : customerT.relay.staffReply;
  await toCustomer(
    ctx,
    next,
    eventId,
    relay({ code: c.code, staff: staff.displayName, text: defuse(text) }),
    'customer_reply',
    files,
  );
  const t = catalog(staffLocale(ctx.tenant));
  const thread = ask ? t.staff.threadAsk : t.staff.threadReply;
  if (echo)
    await toThread(
      ctx,
      next,
      eventId,
      thread({ name: staff.displayName, text: defuse(text) }),
      'thread',
      files,
    );
  await refreshCard(ctx, next, eventId);
  return next;
}

/** An internal note; `echo` false when it was written in the card's thread already. */
export async function note(ctx: Ctx, c: Complaint, staff: Actor, text: string, echo = true): Promise<void> {
  const eventId = await record(ctx, c, 'note', staff, text, 'internal');
  if (!echo) return;
  const t = catalog(staffLocale(ctx.tenant));
  await toThread(ctx, c, eventId, t.staff.threadNote({ name: staff.displayName, text: defuse(text) }));
}

/**
 * A customer changed a message they had sent: the change goes onto the timeline (the original
 * stays there too) and into the card's thread, so staff never work from words the customer took back.
 */
export async function customerChanged(
  ctx: Ctx,
  c: Complaint,
  customer: Actor,
  change: 'edited' | 'deleted',
  text: string,
): Promise<void> {
  const t = catalog(staffLocale(ctx.tenant));
  if (change === 'edited') {
    const eventId = await record(ctx, c, 'customer_edited', customer, text);
    await toThread(
      ctx,
      c,
      eventId,
      t.threads.edited({ name: customer.displayName, text: defuse(text) }),
      'customer_message',
    );
    return;
  }
  const eventId = await record(ctx, c, 'customer_deleted', customer, null);
  await toThread(ctx, c, eventId, t.threads.deleted({ name: customer.displayName }), 'customer_message');
}

export async function escalate(ctx: Ctx, c: Complaint, by: By, reason: string): Promise<Complaint> {
  const next = await update(ctx, c, { escalationLevel: c.escalationLevel + 1 });
  const eventId = await record(ctx, next, 'escalated', by, reason || null, 'internal', {
    level: next.escalationLevel,
  });
  const t = catalog(staffLocale(ctx.tenant));
  await enqueue(ctx.q, {
    key: `escalation:${c.id}:${eventId}`,
    tenantId: c.tenantId,
    platform: c.platform,
    target: { kind: 'manager_channel' },
    message: {
      title: t.staff.cardTitle({ code: c.code, category: t.categories[c.category] }),
      text: t.staff.managerEscalation({
        code: c.code,
        level: next.escalationLevel,
        by: byName(by, ctx.tenant),
        reason: defuse(reason),
      }),
      fields: [
        { label: t.staff.fields.severity, value: t.severities[c.severity], short: true },
        { label: t.staff.fields.assignee, value: c.assigneeName ?? t.staff.unassigned, short: true },
        { label: t.staff.fields.customer, value: c.customerName, short: true },
      ],
      footer: defuse(c.summary),
      tone: 'danger',
    },
    purpose: 'escalation',
    complaintId: c.id,
  });
  await threadEvent(ctx, next, eventId, by, 'escalated');
  await refreshCard(ctx, next, eventId);
  return next;
}

export async function resolve(ctx: Ctx, c: Complaint, by: By, resolution: string): Promise<Complaint> {
  const next = await update(ctx, c, {
    status: 'resolved',
    resolvedAt: ctx.now,
    resolution,
    resolutionCount: c.resolutionCount + 1,
    waitingSince: null,
    firstRespondedAt: c.firstRespondedAt ?? ctx.now,
  });
  const eventId = await record(ctx, next, 'resolved', by, resolution, 'public', {
    resolutionNo: next.resolutionCount,
  });
  const customerT = catalog(c.locale);
  await toCustomer(
    ctx,
    next,
    eventId,
    customerT.relay.resolved({ code: c.code, staff: byName(by, ctx.tenant), text: defuse(resolution) }),
    'customer_resolution',
  );
  await threadEvent(ctx, next, eventId, by, 'resolved');
  await refreshCard(ctx, next, eventId);
  return next;
}

/** Reopening starts a fresh resolution window (src/sla/restart.ts), whoever reopens. */
/** `quiet`: the caller tells the customer itself, in one message (a low survey score does). */
export async function reopen(
  ctx: Ctx,
  c: Complaint,
  by: By,
  reason: string,
  options: { quiet?: boolean } = {},
): Promise<Complaint> {
  const next = await update(ctx, c, {
    status: 'reopened',
    assigneeId: null,
    assigneeName: null,
    resolvedAt: null,
    closedAt: null,
    ...restartedResolution(c.severity, ctx.tenant, ctx.now),
  });
  const eventId = await record(ctx, next, 'reopened', by, reason || null);
  if (!options.quiet)
    await toCustomer(ctx, next, eventId, catalog(c.locale).relay.reopened(c.code), 'customer_reopened');
  await threadEvent(ctx, next, eventId, by, 'reopened');
  await refreshCard(ctx, next, eventId);
  return next;
}

export async function close(
  ctx: Ctx,
  c: Complaint,
  by: By,
  reason: string,
  /** Words for the customer (auto-close's kind notice); staff closing say nothing to them. */
  notice?: string,
): Promise<Complaint> {
  const next = await update(ctx, c, { status: 'closed', closedAt: ctx.now, waitingSince: null });
  const eventId = await record(ctx, next, 'closed', by, reason || null);
  if (notice) await toCustomer(ctx, next, eventId, notice, 'customer_closed');
  await threadEvent(ctx, next, eventId, by, 'closed');
  await refreshCard(ctx, next, eventId);
  return next;
}

/**
 * A customer's later message: onto the timeline and into the card's thread. If the team was
 * waiting on them, the SLA clock starts again and the deadlines move by the SLA time (business
 * time, where the tenant has business hours) that passed in the wait. Files shared with it (a
 * screenshot, captioned or not) make it a `customer_file` event that keeps their references, and
 * the thread post carries them for the adapter to re-post.
 */
export async function customerMessage(
  ctx: Ctx,
  c: Complaint,
  customer: Actor,
  text: string,
  files: FileRef[] = [],
): Promise<Complaint> {
  let next = c;
  if (c.status === 'waiting' && c.waitingSince) {
    next = await update(ctx, c, {
      status: c.assigneeId ? 'claimed' : 'open',
      waitingSince: null,
      ...deadlinesAfterPause(
        {
          firstResponseDue: c.firstResponseDue,
          resolutionDue: c.resolutionDue,
          waitingSince: c.waitingSince,
        },
        ctx.now,
        ctx.tenant.businessHours,
        ctx.tenant.timeZone,
      ),
    });
  }
  const t = catalog(staffLocale(ctx.tenant));
  if (files.length > 0) {
    const eventId = await record(ctx, next, 'customer_file', customer, text || null, 'public', {
      files: files.map((f) => ({ ...f })),
    });
    const names = defuse(files.map((f) => f.name).join(', '));
    await toThread(
      ctx,
      next,
      eventId,
      t.staff.threadCustomerFiles({
        name: customer.displayName,
        files: names,
        text: text ? defuse(text) : '',
      }),
      'customer_message',
      files,
    );
    if (next !== c) await refreshCard(ctx, next, eventId);
    return next;
  }
  const eventId = await record(ctx, next, 'customer_message', customer, text);
  await toThread(
    ctx,
    next,
    eventId,
    t.staff.threadCustomer({ name: customer.displayName, text: defuse(text) }),
    'customer_message',
  );
  if (next !== c) await refreshCard(ctx, next, eventId);
  return next;
}

/** Whether a status allows an action, for kind refusals instead of silent no-ops. */
export const allowed = {
  claim: (c: Complaint) => c.status === 'open' || c.status === 'reopened',
  work: (c: Complaint) => isOpenStatus(c.status),
  reopen: (c: Complaint) => c.status === 'resolved' || c.status === 'closed',
};

/**
 * Erase a customer's personal data, keeping anonymous records for reporting: their words and name
 * on the complaints, the timeline and survey comments, the delivered copies in the outbox, and what
 * adapters keep about them. Each complaint gets an `erased` event and its card is redrawn, so the
 * staff channel stops showing what was said. Messages already posted in threads stay on the
 * platform; the workspace's own retention tools remove those.
 */
export async function forgetCustomer(
  ctx: Ctx,
  by: By,
  tenantId: string,
  customerId: string,
): Promise<number> {
  const erased = await ctx.q
    .update(complaints)
    .set({
      customerId: sql`'erased:' || ${complaints.id}::text`,
      customerName: ERASED,
      description: ERASED,
      summary: ERASED,
      details: null,
      outcomeNote: null,
      updatedAt: ctx.now,
    })
    .where(and(eq(complaints.tenantId, tenantId), eq(complaints.customerId, customerId)))
    .returning();
  const ids = erased.map((r) => r.id);
  if (ids.length > 0) {
    await ctx.q
      .update(complaintEvents)
      .set({
        body: ERASED,
        // A customer's file names and links are theirs too.
        data: sql`case when ${complaintEvents.type} = 'customer_file' then null else ${complaintEvents.data} end`,
        actorName: sql`case when ${complaintEvents.actorId} = ${customerId} then ${ERASED} else ${complaintEvents.actorName} end`,
        actorId: sql`case when ${complaintEvents.actorId} = ${customerId} then null else ${complaintEvents.actorId} end`,
      })
      .where(
        and(
          inArray(complaintEvents.complaintId, ids),
          inArray(complaintEvents.type, ['created', 'customer_message', 'customer_file', 'survey_comment']),
        ),
      );
    await ctx.q
      .update(surveys)
      .set({ comment: ERASED, customerId: sql`'erased:' || ${surveys.complaintId}::text` })
      .where(inArray(surveys.complaintId, ids));
    // Sent and dead rows are history; pending ones still have to go out (a card update, say).
    await ctx.q
      .update(outbox)
      .set({ message: { text: ERASED } })
      .where(and(inArray(outbox.complaintId, ids), inArray(outbox.status, ['sent', 'dead'])));
    for (const complaint of erased) {
      const eventId = await record(ctx, complaint, 'erased', by, null, 'internal');
      await refreshCard(ctx, complaint, eventId);
    }
  }
  // Adapters key what they keep about a person (a private thread, say) by the person's opaque id.
  await ctx.q.delete(adapterState).where(eq(adapterState.key, customerId));
  return ids.length;
}

// ── Customer lifecycle (issue 14): reopen by the customer, follow-ups, staff told in threads ──

/**
 * A customer writing about a resolved complaint within the tenant's reopen window: it is reopened
 * (a fresh resolution window, nobody holding it), the staff thread hears why, and their words are
 * added like any later message. The caller tells the customer.
 */
export async function reopenByCustomer(
  ctx: Ctx,
  c: Complaint,
  customer: Actor,
  text: string,
  files: FileRef[] = [],
): Promise<Complaint> {
  const reopened = await reopen(ctx, c, customer, '', { quiet: true });
  return customerMessage(ctx, reopened, customer, text, files);
}

/**
 * The roles or user groups a new card mentions, when the staff mention is on: the tenant's staff
 * roles. Each adapter mentions the ids it made and drops the rest (Slack and Discord skip the
 * neutral `staff`, which is the sandbox's own team).
 */
export function mentionRoles(tenant: TenantSettings): string[] {
  return tenant.staffMention ? [...tenant.staffRoles] : [];
}

/**
 * Whether a customer's message now still reopens this complaint: it ended (resolved, or closed
 * after it, by the survey's expiry or auto-close) no longer ago than the tenant's reopen window.
 */
export function withinReopenWindow(c: Complaint, tenant: TenantSettings, now: Date): boolean {
  if (!allowed.reopen(c)) return false;
  const ended = c.resolvedAt ?? c.closedAt;
  if (!ended) return false;
  return now.getTime() - ended.getTime() <= tenant.reopenWindowMinutes * 60_000;
}

/**
 * Where a customer's new words or files go: the complaint they `join` (open, or ended within the
 * reopen window, which they reopen), or the one that ended before it that a new complaint `follows`.
 */
export async function customersComplaint(
  ctx: Ctx,
  customerId: string,
): Promise<{ join?: Complaint; follows?: Complaint }> {
  return placeWords(ctx, await latestForCustomer(ctx.q, ctx.tenant.tenantId, customerId));
}

/** `customersComplaint` for a `latest` already read (the intake reads it with the session). */
export function placeWords(
  ctx: Ctx,
  latest: Complaint | undefined,
): { join?: Complaint; follows?: Complaint } {
  if (!latest) return {};
  return allowed.reopen(latest) && !withinReopenWindow(latest, ctx.tenant, ctx.now)
    ? { follows: latest }
    : { join: latest };
}

/**
 * A new complaint that follows an earlier one: both staff threads say so, so whoever picks up
 * the new card knows the history and the old card's readers know where it went.
 */
export async function linkFollowUp(ctx: Ctx, earlier: Complaint, next: Complaint): Promise<void> {
  const t = catalog(staffLocale(ctx.tenant));
  await enqueue(ctx.q, {
    key: `follows:${next.id}`,
    tenantId: next.tenantId,
    platform: next.platform,
    target: { kind: 'card_thread' },
    message: { text: t.lifecycle.threadFollows(earlier.code) },
    purpose: 'thread',
    complaintId: next.id,
  });
  await enqueue(ctx.q, {
    key: `followed-by:${earlier.id}:${next.id}`,
    tenantId: earlier.tenantId,
    platform: earlier.platform,
    target: { kind: 'card_thread' },
    message: { text: t.lifecycle.threadFollowedBy(next.code) },
    purpose: 'thread',
    complaintId: earlier.id,
  });
}
