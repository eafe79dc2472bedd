/**
 * The whole database. Change it here, then `npm run db:generate` writes a migration into
 * db/migrations (committed); the app applies pending migrations at start.
 */
import { type SQL, sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  ASSIGNMENT_MODES,
  type AssignmentMode,
  BLOCK_ACTIONS,
  type BlockAction,
  CATEGORIES,
  type Category,
  type ComplaintSource,
  type ComplaintStatus,
  EMOTIONS,
  type Emotion,
  EVENT_TYPES,
  EVENT_VISIBILITIES,
  type EventType,
  type EventVisibility,
  INBOX_STATES,
  INTAKE_STATUSES,
  INTAKE_STEPS,
  type InboxState,
  type IntakeStatus,
  type IntakeStep,
  LOCALES,
  type Locale,
  OPEN_STATUSES,
  OUTBOX_KINDS,
  OUTBOX_PURPOSES,
  OUTBOX_STATUSES,
  OUTCOMES,
  type OutboxKind,
  type OutboxPurpose,
  type OutboxStatus,
  type Outcome,
  PLATFORMS,
  type Platform,
  RUNNING_STATUSES,
  SEVERITIES,
  type Severity,
  SOURCES,
  STATUSES,
  SURVEY_STATUSES,
  type SurveyStatus,
  THREAD_REPLY_MODES,
  type ThreadReplyMode,
} from '../src/domain/index.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => ts('created_at').notNull().defaultNow();

/**
 * A CHECK that `column` holds one of the domain's `values`, so the database refuses a value the
 * code does not know. The values are inlined as literals: DDL takes no bound parameters. The
 * domain arrays are plain identifiers, but quotes are doubled anyway.
 */
const isOneOf = (name: string, column: AnyPgColumn, values: readonly string[]) =>
  check(name, sql`${column} in (${literals(values)})`);
const literals = (values: readonly string[]): SQL =>
  sql.raw(values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', '));

// The value types live in src/domain; re-exported here so existing imports keep compiling.
export type {
  Category,
  ComplaintStatus,
  EventVisibility,
  IntakeStatus,
  OutboxKind,
  OutboxStatus,
  Outcome,
  Severity,
} from '../src/domain/index.js';

/** SLA targets in minutes per severity. */
export type SlaPolicy = Record<Severity, { firstResponseMinutes: number; resolutionMinutes: number }>;

/** Business hours; null on the tenant means the clock runs around the clock. */
export interface BusinessHours {
  /** ISO weekday 1 (Monday) … 7 (Sunday) → list of [start, end) as `HH:MM` local times. */
  weekly: Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', [string, string][]>>;
  /** Local dates (`YYYY-MM-DD`) when the clock stops all day. */
  holidays: string[];
}

/** An opaque platform message reference (see src/messages.ts MessageRef). */
export interface StoredRef {
  platform: Platform;
  channelId: string;
  messageId: string;
}

export const tenantSettings = pgTable(
  'tenant_settings',
  {
    tenantId: text('tenant_id').primaryKey(),
    platform: text('platform').$type<Platform>().notNull(),
    name: text('name'),
    staffChannelId: text('staff_channel_id'),
    managerChannelId: text('manager_channel_id'),
    /** Roles (neutral `staff`/`admin` or opaque platform role ids) that make an actor staff. */
    staffRoles: jsonb('staff_roles').$type<string[]>().notNull().default(sql`'["staff"]'::jsonb`),
    slaPolicy: jsonb('sla_policy').$type<SlaPolicy>(),
    businessHours: jsonb('business_hours').$type<BusinessHours>(),
    timeZone: text('time_zone').notNull().default('UTC'),
    /** Local `HH:MM` when the daily digest goes out. */
    digestTime: text('digest_time').notNull().default('09:00'),
    defaultLocale: text('default_locale').$type<Locale>().notNull().default('en'),
    surveyDelayMinutes: integer('survey_delay_minutes').notNull().default(1440),
    /**
     * Opaque ids of the admins seen running `/hearken`: the digest goes to their DMs while no
     * manager channel is set (the core knows an admin only from the facts on their own events).
     */
    knownAdmins: jsonb('known_admins').$type<string[]>().notNull().default(sql`'[]'::jsonb`),

    // Staff and customer lifecycle (issue 14): how long a complaint waiting on the customer stays
    // open, how long after a resolution a customer's message reopens it, whether a complaint filed
    // out of hours says when the team is back, how new complaints find an owner, and whether a new
    // card mentions the staff role or user group.
    autoCloseMinutes: integer('auto_close_minutes').notNull().default(4320),
    reopenWindowMinutes: integer('reopen_window_minutes').notNull().default(10080),
    outOfHoursNotice: boolean('out_of_hours_notice').notNull().default(true),
    assignmentMode: text('assignment_mode').$type<AssignmentMode>().notNull().default('off'),
    staffMention: boolean('staff_mention').notNull().default(true),
    /** What staff write in a card's thread: kept as notes (`internal`) or sent to the customer. */
    threadReplies: text('thread_replies').$type<ThreadReplyMode>().notNull().default('internal'),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    isOneOf('tenant_settings_platform_check', t.platform, PLATFORMS),
    isOneOf('tenant_settings_default_locale_check', t.defaultLocale, LOCALES),
    isOneOf('tenant_settings_assignment_mode_check', t.assignmentMode, ASSIGNMENT_MODES),
    check('tenant_settings_auto_close_check', sql`${t.autoCloseMinutes} > 0`),
    check('tenant_settings_reopen_window_check', sql`${t.reopenWindowMinutes} >= 0`),
    isOneOf('tenant_settings_thread_replies_check', t.threadReplies, THREAD_REPLY_MODES),
  ],
);

/**
 * Customers an admin blocked: nothing they send reaches staff. `noticedAt` is when they were told,
 * once, that their messages are not passed on.
 */
export const blockedCustomers = pgTable(
  'blocked_customers',
  {
    tenantId: text('tenant_id').notNull(),
    customerId: text('customer_id').notNull(),
    customerName: text('customer_name').notNull(),
    blockedAt: ts('blocked_at').notNull(),
    noticedAt: ts('noticed_at'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.customerId] })],
);

/** The block list's audit timeline: every block and unblock, who did it and when. Never updated. */
export const customerBlocks = pgTable(
  'customer_blocks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: text('tenant_id').notNull(),
    customerId: text('customer_id').notNull(),
    customerName: text('customer_name').notNull(),
    action: text('action').$type<BlockAction>().notNull(),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [
    index('customer_blocks_tenant_idx').on(t.tenantId, t.customerId, t.id),
    isOneOf('customer_blocks_action_check', t.action, BLOCK_ACTIONS),
  ],
);

/** One row per tenant: the next human-friendly code number, bumped atomically. */
export const codeCounters = pgTable('code_counters', {
  tenantId: text('tenant_id').primaryKey(),
  next: integer('next').notNull(),
});

export const complaints = pgTable(
  'complaints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id').notNull(),
    platform: text('platform').$type<Platform>().notNull(),
    code: text('code').notNull(),
    customerId: text('customer_id').notNull(),
    customerName: text('customer_name').notNull(),
    locale: text('locale').$type<Locale>().notNull(),
    category: text('category').$type<Category>().notNull(),
    severity: text('severity').$type<Severity>().notNull(),
    summary: text('summary').notNull(),
    description: text('description').notNull(),
    /** When it happened, order or reference numbers: optional details. */
    details: text('details'),
    desiredOutcome: text('desired_outcome').$type<Outcome>().notNull(),
    outcomeNote: text('outcome_note'),
    status: text('status').$type<ComplaintStatus>().notNull().default('open'),
    assigneeId: text('assignee_id'),
    assigneeName: text('assignee_name'),
    escalationLevel: smallint('escalation_level').notNull().default(0),
    /** Detected feeling: `angry`, `upset`, `anxious`, `calm`. */
    sentiment: text('sentiment').$type<Emotion>().notNull().default('calm'),
    source: text('source').$type<ComplaintSource>().notNull().default('dm'),
    firstResponseDue: ts('first_response_due').notNull(),
    resolutionDue: ts('resolution_due').notNull(),
    firstRespondedAt: ts('first_responded_at'),
    resolvedAt: ts('resolved_at'),
    closedAt: ts('closed_at'),
    resolution: text('resolution'),
    /** How many times it has been resolved: one survey per resolution. */
    resolutionCount: integer('resolution_count').notNull().default(0),
    /** While waiting on the customer the SLA clock stops; paused time is added to the deadlines. */
    waitingSince: ts('waiting_since'),
    firstResponseWarnedAt: ts('first_response_warned_at'),
    firstResponseBreachedAt: ts('first_response_breached_at'),
    resolutionWarnedAt: ts('resolution_warned_at'),
    resolutionBreachedAt: ts('resolution_breached_at'),
    cardRef: jsonb('card_ref').$type<StoredRef>(),
    /** The earlier complaint this one follows (a customer wrote after its reopen window). */
    followsId: uuid('follows_id').references((): AnyPgColumn => complaints.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('complaints_tenant_code_uq').on(t.tenantId, t.code),
    index('complaints_tenant_status_idx').on(t.tenantId, t.status, t.createdAt),
    index('complaints_assignee_idx').on(t.tenantId, t.assigneeId, t.status),
    index('complaints_customer_idx').on(t.tenantId, t.customerId, t.createdAt),
    // The SLA sweep scans only complaints still owed a response or a resolution.
    index('complaints_first_response_due_idx')
      .on(t.firstResponseDue)
      .where(sql`first_responded_at is null and status in (${literals(RUNNING_STATUSES)})`),
    index('complaints_resolution_due_idx')
      .on(t.resolutionDue)
      .where(sql`status in (${literals(OPEN_STATUSES)})`),
    index('complaints_created_idx').on(t.tenantId, t.createdAt),
    index('complaints_resolved_idx').on(t.tenantId, t.resolvedAt),
    // A staff command typed in a card's thread finds its complaint by the card's message id.
    // The auto-close job finds complaints waiting on their customer.
    index('complaints_waiting_idx').on(t.waitingSince).where(sql`status = 'waiting'`),
    index('complaints_card_message_idx').on(t.tenantId, sql`(${t.cardRef}->>'messageId')`),
    isOneOf('complaints_platform_check', t.platform, PLATFORMS),
    isOneOf('complaints_locale_check', t.locale, LOCALES),
    isOneOf('complaints_category_check', t.category, CATEGORIES),
    isOneOf('complaints_severity_check', t.severity, SEVERITIES),
    isOneOf('complaints_desired_outcome_check', t.desiredOutcome, OUTCOMES),
    isOneOf('complaints_status_check', t.status, STATUSES),
    isOneOf('complaints_sentiment_check', t.sentiment, EMOTIONS),
    isOneOf('complaints_source_check', t.source, SOURCES),
  ],
);

/** The append-only timeline: transcript and audit log in one. Rows are never updated. */
export const complaintEvents = pgTable(
  'complaint_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id, { onDelete: 'cascade' }),
    tenantId: text('tenant_id').notNull(),
    type: text('type').$type<EventType>().notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    body: text('body'),
    data: jsonb('data').$type<Record<string, unknown>>(),
    visibility: text('visibility').$type<EventVisibility>().notNull().default('public'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [
    index('complaint_events_complaint_idx').on(t.complaintId, t.id),
    index('complaint_events_tenant_type_idx').on(t.tenantId, t.type, t.at),
    isOneOf('complaint_events_type_check', t.type, EVENT_TYPES),
    isOneOf('complaint_events_visibility_check', t.visibility, EVENT_VISIBILITIES),
  ],
);

/** A conversation in progress. Lives here so a restart resumes it. */
export const intakeSessions = pgTable(
  'intake_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id').notNull(),
    platform: text('platform').$type<Platform>().notNull(),
    customerId: text('customer_id').notNull(),
    customerName: text('customer_name').notNull(),
    status: text('status').$type<IntakeStatus>().notNull().default('active'),
    step: text('step').$type<IntakeStep>().notNull(),
    /** Steps visited, for "go back". */
    history: jsonb('history').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    answers: jsonb('answers').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    locale: text('locale').$type<Locale>().notNull(),
    complaintId: uuid('complaint_id'),
    remindedAt: ts('reminded_at'),
    lastActivityAt: ts('last_activity_at').notNull().defaultNow(),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    /**
     * Bumped by every write: a step reads the session without locking it and writes only if this is
     * still what it read, so a change in between (another message, the idle sweep) is redone, not lost.
     */
    version: integer('version').notNull().default(0),
  },
  (t) => [
    // One live conversation per customer per tenant: a second DM continues it.
    // It also lists the live conversations for the idle sweep and `/metrics`: they are few (the
    // sweep ends the idle ones), so no index of their `last_activity_at` is kept, which every
    // message's update would otherwise add an entry to.
    uniqueIndex('intake_active_uq').on(t.tenantId, t.customerId).where(sql`status = 'active'`),
    // Every new intake looks for the customer's recent expired conversation to offer back.
    index('intake_resumable_idx')
      .on(t.tenantId, t.customerId, t.lastActivityAt)
      .where(sql`status = 'expired'`),
    // `/metrics` counts the conversations that ended lately, not every one ever held. Partial, so
    // the updates of a conversation in progress (each message) never touch it.
    index('intake_ended_idx').on(t.lastActivityAt).where(sql`status <> 'active'`),
    isOneOf('intake_sessions_platform_check', t.platform, PLATFORMS),
    isOneOf('intake_sessions_status_check', t.status, INTAKE_STATUSES),
    isOneOf('intake_sessions_step_check', t.step, INTAKE_STEPS),
    isOneOf('intake_sessions_locale_check', t.locale, LOCALES),
  ],
);

export const surveys = pgTable(
  'surveys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id, { onDelete: 'cascade' }),
    tenantId: text('tenant_id').notNull(),
    customerId: text('customer_id').notNull(),
    /** Which resolution this asks about: one survey per resolution, never two. */
    resolutionNo: integer('resolution_no').notNull(),
    status: text('status').$type<SurveyStatus>().notNull().default('sent'),
    sentAt: ts('sent_at').notNull().defaultNow(),
    rating: smallint('rating'),
    comment: text('comment'),
    answeredAt: ts('answered_at'),
  },
  (t) => [
    uniqueIndex('surveys_complaint_resolution_uq').on(t.complaintId, t.resolutionNo),
    index('surveys_customer_idx').on(t.customerId, t.sentAt),
    index('surveys_tenant_sent_idx').on(t.tenantId, t.sentAt),
    isOneOf('surveys_status_check', t.status, SURVEY_STATUSES),
  ],
);

/** Platform deliveries already handled; a retried delivery with the same id is dropped. */
export const processedEvents = pgTable(
  'processed_events',
  {
    platform: text('platform').$type<Platform>().notNull(),
    eventId: text('event_id').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.platform, t.eventId] }),
    index('processed_events_at_idx').on(t.receivedAt),
    isOneOf('processed_events_platform_check', t.platform, PLATFORMS),
  ],
);

/**
 * The durable inbox (src/inbox/): every customer message an adapter acknowledges is one row here
 * first, committed before the platform hears "got it". A pool of workers leases rows (oldest first,
 * one at a time per `ordering_key`), runs the core on them and marks them done in the same
 * transaction as the work and its answer. `(platform, dedupe_key)` drops a platform's redelivery.
 */
export const inbox = pgTable(
  'inbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    platform: text('platform').$type<Platform>().notNull(),
    /** The platform's delivery id (the event's `id`). */
    dedupeKey: text('dedupe_key').notNull(),
    /** Rows with the same key are handled one at a time, oldest first (one customer's messages). */
    orderingKey: text('ordering_key').notNull(),
    /** The normalised InboundEvent. */
    event: jsonb('event').$type<Record<string, unknown>>().notNull(),
    state: text('state').$type<InboxState>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    /** A worker handling the row holds it until then; a crashed worker's lease runs out. */
    lockedUntil: ts('locked_until'),
    /** An error code only: never the customer's words. */
    lastError: text('last_error'),
    receivedAt: ts('received_at').notNull().defaultNow(),
    processedAt: ts('processed_at'),
  },
  (t) => [
    uniqueIndex('inbox_dedupe_uq').on(t.platform, t.dedupeKey),
    // The lease walks the pending rows by key (src/inbox/inbox.ts `leaseDue`) and checks each
    // key's first row for being due: no query reads pending rows in due order, so no index keeps
    // them in it (each accepted row would add an entry to it).
    index('inbox_pending_idx').on(t.orderingKey, t.id).where(sql`state = 'pending'`),
    // Retention finds the handled rows past their time.
    index('inbox_done_idx').on(t.processedAt).where(sql`state = 'done'`),
    isOneOf('inbox_platform_check', t.platform, PLATFORMS),
    isOneOf('inbox_state_check', t.state, INBOX_STATES),
  ],
);

/**
 * Adapters' durable key-value state (src/adapter-state.ts): what a customer picked, the message
 * held while they pick, where to reach them. Keys are opaque; a row past `expires_at` is ignored
 * and later pruned.
 */
export const adapterState = pgTable(
  'adapter_state',
  {
    namespace: text('namespace').notNull(),
    key: text('key').notNull(),
    value: jsonb('value').notNull(),
    expiresAt: ts('expires_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.namespace, t.key] }),
    index('adapter_state_expires_idx').on(t.expiresAt).where(sql`expires_at is not null`),
  ],
);

/**
 * Slack OAuth installs (distribution mode): one row per workspace, or per Enterprise Grid org for
 * an org-wide install. `install_key` is `team:<id>` or `enterprise:<id>`. Bolt's whole
 * `Installation` object (tokens included) is kept only as `sealed`: AES-256-GCM ciphertext whose
 * prefix names the key that sealed it (`key_id`, so keys can rotate). The plain columns are the
 * ids needed to find a row, none of them secret.
 */
export const slackInstallations = pgTable(
  'slack_installations',
  {
    installKey: text('install_key').primaryKey(),
    teamId: text('team_id'),
    enterpriseId: text('enterprise_id'),
    isEnterpriseInstall: boolean('is_enterprise_install').notNull(),
    appId: text('app_id'),
    botUserId: text('bot_user_id'),
    /** Which key sealed `sealed`: rows under an old key are resealed when next read. */
    keyId: text('key_id').notNull(),
    sealed: text('sealed').notNull(),
    installedAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('slack_installations_team_idx').on(t.teamId),
    check(
      'slack_installations_owner_check',
      sql`(${t.isEnterpriseInstall} and ${t.enterpriseId} is not null) or (not ${t.isEnterpriseInstall} and ${t.teamId} is not null)`,
    ),
  ],
);

/**
 * Side effects that must not be lost, written in the same transaction as the state change and
 * delivered by the outbox loop with retries. `target` and `message` are the neutral shapes.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    idempotencyKey: text('idempotency_key').notNull(),
    tenantId: text('tenant_id').notNull(),
    platform: text('platform').$type<Platform>().notNull(),
    kind: text('kind').$type<OutboxKind>().notNull(),
    /** Neutral Target, or `{ kind: 'card' }`/`{ kind: 'card_thread' }` resolved at delivery. */
    target: jsonb('target').$type<Record<string, unknown>>().notNull(),
    message: jsonb('message').$type<Record<string, unknown>>().notNull(),
    complaintId: uuid('complaint_id'),
    /** What the row is for (`card`, `customer_reply`, `survey`, …): metrics and special handling. */
    purpose: text('purpose').$type<OutboxPurpose>().notNull(),
    status: text('status').$type<OutboxStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    /** A delivery in progress holds the row until then; a crashed instance's lease runs out. */
    lockedUntil: ts('locked_until'),
    lastError: text('last_error'),
    resultRef: jsonb('result_ref').$type<StoredRef>(),
    createdAt: createdAt(),
    sentAt: ts('sent_at'),
  },
  (t) => [
    uniqueIndex('outbox_key_uq').on(t.idempotencyKey),
    index('outbox_due_idx').on(t.nextAttemptAt).where(sql`status = 'pending'`),
    // `/metrics` counts the rows given up within their retention and retention prunes the older
    // ones: both a range of this index, so neither reads dead rows of years past.
    index('outbox_dead_idx').on(t.createdAt).where(sql`status = 'dead'`),
    index('outbox_sent_idx').on(t.sentAt).where(sql`status = 'sent'`),
    isOneOf('outbox_platform_check', t.platform, PLATFORMS),
    isOneOf('outbox_kind_check', t.kind, OUTBOX_KINDS),
    isOneOf('outbox_purpose_check', t.purpose, OUTBOX_PURPOSES),
    isOneOf('outbox_status_check', t.status, OUTBOX_STATUSES),
  ],
);

/** Exactly-once marker for scheduled work: one row per job run slot (`digest:T1:2026-11-23`). */
export const jobRuns = pgTable('job_runs', {
  key: text('key').primaryKey(),
  instanceId: text('instance_id').notNull(),
  startedAt: ts('started_at').notNull().defaultNow(),
  finishedAt: ts('finished_at'),
});

/** Leases for node-cron's distributed run coordinator: one instance runs a task tick. */
export const cronLeases = pgTable('cron_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: ts('expires_at').notNull(),
});

/** The sandbox's own "platform": its channels and DMs, kept so a restart shows the history. */
export const sandboxMessages = pgTable(
  'sandbox_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** `dm:<userId>`, `channel:<channelId>` or `thread:<messageId>`. */
    conversation: text('conversation').notNull(),
    authorId: text('author_id').notNull(),
    authorName: text('author_name').notNull(),
    fromBot: boolean('from_bot').notNull(),
    message: jsonb('message').$type<Record<string, unknown>>().notNull(),
    idempotencyKey: text('idempotency_key'),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('sandbox_messages_conv_idx').on(t.conversation, t.id),
    uniqueIndex('sandbox_messages_key_uq').on(t.idempotencyKey),
  ],
);

/** Raw bytes (`bytea`). Only the sandbox keeps file bytes: it is the platform there. */
const bytes = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/**
 * The sandbox's file host: what people upload there and the files the bot sends (export parts),
 * served at `/sandbox/files/<id>/<name>`. Hearken's own tables keep only references.
 */
export const sandboxFiles = pgTable('sandbox_files', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  contentType: text('content_type').notNull(),
  data: bytes('data').notNull(),
  createdAt: createdAt(),
});

/**
 * Canned replies ("macros") a tenant's staff save and reuse, one text per language: the customer's
 * locale picks one, the other stands in when it is empty. Placeholders (`{first_name}`, `{code}`,
 * `{assignee}`, `{due}`) are filled when the reply is sent (src/complaints/macros.ts).
 */
export const macros = pgTable(
  'macros',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id').notNull(),
    /** Lower-case word staff type (`macro:refund-sent`). */
    name: text('name').notNull(),
    bodyEn: text('body_en'),
    bodyZh: text('body_zh'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('macros_tenant_name_uq').on(t.tenantId, t.name),
    check('macros_has_body_check', sql`coalesce(${t.bodyEn}, ${t.bodyZh}) is not null`),
  ],
);

/**
 * The staff a tenant knows (they acted, or were assigned), and whether each takes new complaints
 * (`/ticket away`, `/ticket back`). Auto-assignment picks among the available ones.
 */
export const staffMembers = pgTable(
  'staff_members',
  {
    tenantId: text('tenant_id').notNull(),
    userId: text('user_id').notNull(),
    displayName: text('display_name').notNull(),
    available: boolean('available').notNull().default(true),
    /** When auto-assignment last gave them a complaint: round robin picks the longest ago. */
    lastAssignedAt: ts('last_assigned_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId] })],
);
