/**
 * The Hearken core: one object that adapters hand every inbound event to, and that reaches the
 * platforms only through the registered `PlatformPort`s (via the outbox).
 *
 * API (stable for adapters and jobs):
 * - `new Hearken({ database, logger, clock? })`
 * - `registerPlatform(port)`: one port per platform; the outbox delivers through it.
 * - `handle(event) → Reply`: never throws.
 * - `suggestCodes(actor, prefix)`: codes for autocomplete (staff: open ones; customers: their own).
 * - `configureTenant(tenantId, platform, patch)` / `tenantSettings(tenantId)`.
 * - `onAction(prefix, handler)`: extra action/form handlers (surveys live in src/jobs).
 * - `onAdminCommand(name, handler)`: extra `/hearken <name>` subcommands (`digest`).
 *   Both kinds of extension run outside the core's transaction and manage their own.
 * - `onDeliveryFailed(purpose, handler)`: told when an outbox row of that purpose is given up.
 * - `complaints`: the staff workflow service (reopen, escalate, close … used by jobs).
 * - `adapterState`: adapters' durable key-value state (see src/adapter-state.ts).
 * - `outbox.drain()`: deliver everything due now (tests); `outbox.start()` / `stop()` run the loop.
 */
import { eq } from 'drizzle-orm';
import type { Database, Queryable } from '../db/client.js';
import { complaints } from '../db/schema.js';
import { DbAdapterState } from './adapter-state.js';
import { isStaff } from './commands/access.js';
import { adminCommand, adminRefusal } from './commands/admin.js';
import { parse } from './commands/args.js';
import { complainCommand } from './commands/complain.js';
import { ticketAction, ticketCommand, ticketForm } from './commands/ticket.js';
import { renderCard } from './complaints/card.js';
import { byId, openCodesStartingWith } from './complaints/repo.js';
import { ComplaintService } from './complaints/service.js';
import type { Ctx } from './complaints/workflow.js';
import { firstDelivery } from './dedupe.js';
import { catalog, toLocale } from './i18n/index.js';
import { parseInbound } from './inbound.js';
import { IntakeEngine } from './intake/engine.js';
import type {
  ActionEvent,
  Actor,
  CommandEvent,
  FormEvent,
  InboundEvent,
  Locale,
  MessageRef,
  OutboundMessage,
  Platform,
  Reply,
} from './messages.js';
import type { Analyzer } from './nlu/analyzer.js';
import { LexiconAnalyzer } from './nlu/lexicon.js';
import { enqueue, type LateTarget, type OutboxRow, type OutboxTarget } from './outbox/outbox.js';
import { type OutboxOptions, OutboxWorker, type Resolution } from './outbox/worker.js';
import type { AdapterState, Clock, CorePort, Logger, PlatformPort } from './ports.js';
import { systemClock } from './ports.js';
import { configureTenant, getTenant, TenantCache, type TenantPatch, type TenantSettings } from './tenants.js';

export type { TenantPatch, TenantSettings };

/** Everything an extension handler needs; passed in, never imported as a global. */
export interface HandlerContext {
  database: Database;
  clock: Clock;
  logger: Logger;
  /** The actor's catalog locale (`en` or `zh-CN`). */
  locale: Locale;
  actor: Actor;
}

export type ActionHandler = (event: ActionEvent | FormEvent, ctx: HandlerContext) => Promise<Reply>;
export type AdminCommandHandler = (
  event: CommandEvent,
  args: string[],
  ctx: HandlerContext,
) => Promise<Reply>;
export type DeliveryFailedHandler = (q: Queryable, row: OutboxRow, reason: string) => Promise<void>;

export interface HearkenOptions {
  database: Database;
  logger: Logger;
  clock?: Clock;
  analyzer?: Analyzer;
  outbox?: Partial<OutboxOptions>;
  /** Told of each inbound event whose handling failed (the `/metrics` error counter). */
  onHandlerError?: (kind: InboundEvent['kind']) => void;
}

const EMPTY: Reply = { messages: [], ephemeral: true };

export class Hearken implements CorePort {
  readonly clock: Clock;
  readonly database: Database;
  readonly logger: Logger;
  readonly intake: IntakeEngine;
  readonly complaints: ComplaintService;
  readonly outbox: OutboxWorker;
  readonly adapterState: AdapterState;
  private readonly ports = new Map<Platform, PlatformPort>();
  private readonly actionHandlers = new Map<string, ActionHandler>();
  private readonly adminCommands = new Map<string, AdminCommandHandler>();
  private readonly failureHandlers = new Map<string, DeliveryFailedHandler>();
  private readonly tenants = new TenantCache();

  constructor(readonly options: HearkenOptions) {
    this.clock = options.clock ?? systemClock;
    this.database = options.database;
    this.logger = options.logger;
    this.adapterState = new DbAdapterState(this.database, this.clock);
    this.intake = new IntakeEngine(options.analyzer ?? new LexiconAnalyzer());
    this.complaints = new ComplaintService(this.database, this.clock, () => this.outbox.kick());
    this.outbox = new OutboxWorker(
      {
        database: this.database,
        clock: this.clock,
        logger: this.logger.child({ component: 'outbox' }),
        port: (platform) => this.ports.get(platform),
        platforms: () => [...this.ports.keys()],
        resolve: (q, row) => this.resolveOutbox(q, row),
        onSent: (q, row, ref) => this.outboxSent(q, row, ref),
        onDead: (q, row, reason) => this.outboxDead(q, row, reason),
      },
      options.outbox,
    );
  }

  registerPlatform(port: PlatformPort): void {
    this.ports.set(port.platform, port);
  }

  onAction(prefix: string, handler: ActionHandler): void {
    this.actionHandlers.set(prefix, handler);
  }

  onAdminCommand(name: string, handler: AdminCommandHandler): void {
    this.adminCommands.set(name, handler);
  }

  onDeliveryFailed(purpose: string, handler: DeliveryFailedHandler): void {
    this.failureHandlers.set(purpose, handler);
  }

  /** Every inbound event ends here. Never throws: a failure becomes a kind, clear answer. */
  async handle(input: InboundEvent): Promise<Reply> {
    const parsed = parseInbound(input);
    if (!parsed.ok) {
      this.logger.warn({ problem: parsed.problem }, 'rejected malformed inbound event');
      return { messages: [{ text: catalog('en').errors.generic }], ephemeral: true };
    }
    const event = parsed.event;
    const log = this.logger.child({ platform: event.actor.platform, kind: event.kind, eventId: event.id });
    try {
      const reply = await this.dispatch(event, log);
      this.outbox.kick();
      return reply;
    } catch (error) {
      log.error({ err: error }, 'handler failed');
      this.options.onHandlerError?.(event.kind);
      const locale = toLocale(event.actor.locale) ?? 'en';
      return { messages: [{ text: catalog(locale).errors.generic }], ephemeral: event.kind !== 'message' };
    }
  }

  async suggestCodes(actor: Actor, prefix: string): Promise<string[]> {
    const tenant = await getTenant(this.database.db, actor.tenantId);
    const typed = prefix.slice(0, 20);
    if (tenant && isStaff(actor, tenant))
      return openCodesStartingWith(this.database.db, actor.tenantId, typed);
    return openCodesStartingWith(this.database.db, actor.tenantId, typed, actor.userId);
  }

  async tenantSettings(tenantId: string): Promise<TenantSettings | undefined> {
    return this.tenants.get(this.database.db, tenantId);
  }

  async configureTenant(tenantId: string, platform: Platform, patch: TenantPatch): Promise<TenantSettings> {
    const settings = await configureTenant(this.database.db, tenantId, platform, patch, this.clock.now());
    // Cards waiting for a staff channel can go now.
    this.outbox.kick();
    return settings;
  }

  /** Extensions run outside the core's transaction; everything else runs inside one. */
  private dispatch(event: InboundEvent, log: Logger): Promise<Reply> {
    const extension = this.extensionFor(event);
    if (extension) return this.handleExtension(event as ActionEvent | FormEvent, extension);
    const admin = this.adminExtensionFor(event);
    if (admin) return this.handleAdminExtension(event as CommandEvent, admin, log);
    return this.firstTime(event, log, (ctx) => this.route(ctx, event)).then((reply) => reply ?? EMPTY);
  }

  /**
   * In one transaction: records the delivery (undefined for a repeat), loads or creates the
   * tenant, and runs `work` with them.
   */
  private firstTime<T>(
    event: InboundEvent,
    log: Logger,
    work: (ctx: Ctx) => Promise<T>,
  ): Promise<T | undefined> {
    return this.database.db.transaction(async (tx) => {
      const now = this.clock.now();
      if (!(await firstDelivery(tx, event.actor.platform, event.id, now))) {
        log.info({}, 'duplicate delivery dropped');
        return undefined;
      }
      const tenant = await this.tenants.ensure(tx, event.actor.tenantId, event.actor.platform, now);
      return work({ q: tx, now, tenant });
    });
  }

  private route(ctx: Ctx, event: InboundEvent): Promise<Reply> {
    switch (event.kind) {
      case 'message':
        return this.intake.message(ctx, event.actor, event.text);
      case 'command':
        if (event.command === 'complain') return complainCommand(ctx, this.intake, event);
        if (event.command === 'ticket') return ticketCommand(ctx, event);
        return adminCommand(ctx, event);
      case 'action':
        if (event.action.startsWith('ticket.')) return ticketAction(ctx, event);
        if (event.action.startsWith('intake.'))
          return this.intake.action(ctx, event.actor, event.action, event.value);
        return this.unknown(event.actor);
      case 'form':
        if (event.formId === 'intake.form')
          return this.intake.submitForm(ctx, event.actor, event.values, true);
        if (event.formId.startsWith('ticket.')) return ticketForm(ctx, event);
        return this.unknown(event.actor);
    }
  }

  private async unknown(actor: Actor): Promise<Reply> {
    return {
      messages: [{ text: catalog(toLocale(actor.locale) ?? 'en').errors.unknownAction }],
      ephemeral: true,
    };
  }

  private extensionFor(event: InboundEvent): ActionHandler | undefined {
    const key = event.kind === 'action' ? event.action : event.kind === 'form' ? event.formId : undefined;
    if (!key) return undefined;
    for (const [prefix, handler] of this.actionHandlers) if (key.startsWith(prefix)) return handler;
    return undefined;
  }

  /** Extensions manage their own transactions, so the dedupe mark is its own statement here. */
  private async handleExtension(event: ActionEvent | FormEvent, handler: ActionHandler): Promise<Reply> {
    if (!(await firstDelivery(this.database.db, event.actor.platform, event.id, this.clock.now())))
      return EMPTY;
    return handler(event, this.handlerContext(event.actor));
  }

  private handlerContext(actor: Actor): HandlerContext {
    return {
      database: this.database,
      clock: this.clock,
      logger: this.logger,
      locale: toLocale(actor.locale) ?? 'en',
      actor,
    };
  }

  private adminExtensionFor(event: InboundEvent): AdminCommandHandler | undefined {
    if (event.kind !== 'command' || event.command !== 'hearken') return undefined;
    return this.adminCommands.get(parse(event.text).sub);
  }

  /**
   * Like `handleExtension`: the delivery is recorded and the admin checked in a transaction of
   * their own, committed before the extension runs, so the extension can use the database (on
   * PGlite's one connection it would otherwise wait on the core's transaction for ever).
   */
  private async handleAdminExtension(
    event: CommandEvent,
    handler: AdminCommandHandler,
    log: Logger,
  ): Promise<Reply> {
    const checked = await this.firstTime(event, log, async (ctx) => ({ refusal: adminRefusal(ctx, event) }));
    if (!checked) return EMPTY;
    if (checked.refusal) return checked.refusal;
    return handler(event, parse(event.text).args, this.handlerContext(event.actor));
  }

  /** Turns a stored outbox row into something a port can deliver, from the current state. */
  private async resolveOutbox(q: Queryable, row: OutboxRow): Promise<Resolution> {
    const target = row.target as OutboxTarget;
    const message = row.message as unknown as OutboundMessage;
    const late = target as LateTarget;
    const needsComplaint = ['card_thread', 'customer', 'card'].includes(late.kind) || row.purpose === 'card';
    const complaint = row.complaintId && needsComplaint ? await byId(q, row.complaintId) : undefined;
    if (needsComplaint && !complaint) return { action: 'drop', reason: 'complaint no longer exists' };
    const tenant = await getTenant(q, row.tenantId);
    const staffT = catalog(toLocale(tenant?.defaultLocale) ?? 'en');
    const card = () => (complaint ? renderCard(complaint, staffT, tenant?.timeZone ?? 'UTC') : message);
    switch (late.kind) {
      case 'staff_channel':
        if (!tenant?.staffChannelId)
          return { action: 'wait', reason: 'staff channel not set up (/hearken setup)' };
        return {
          action: 'send',
          target: { kind: 'channel', channelId: tenant.staffChannelId },
          message: row.purpose === 'card' ? card() : message,
        };
      case 'manager_channel': {
        // Escalations must reach someone: without a manager channel they go to the staff channel.
        const channelId = tenant?.managerChannelId ?? tenant?.staffChannelId;
        if (!channelId) return { action: 'wait', reason: 'manager channel not set up (/hearken setup)' };
        return { action: 'send', target: { kind: 'channel', channelId }, message };
      }
      case 'card_thread':
        if (!complaint?.cardRef) return { action: 'wait', reason: 'card not posted yet' };
        return {
          action: 'send',
          target: { kind: 'thread', parent: complaint.cardRef as MessageRef },
          message,
        };
      case 'customer':
        if (!complaint || complaint.customerId.startsWith('erased:'))
          return { action: 'drop', reason: 'customer erased' };
        return { action: 'send', target: { kind: 'user', userId: complaint.customerId }, message };
      case 'card':
        if (!complaint?.cardRef) return { action: 'wait', reason: 'card not posted yet' };
        return { action: 'update', ref: complaint.cardRef as MessageRef, message: card() };
      default:
        return { action: 'send', target: target as Exclude<OutboxTarget, LateTarget>, message };
    }
  }

  private async outboxSent(q: Queryable, row: OutboxRow, ref: MessageRef | undefined): Promise<void> {
    if (row.purpose === 'card' && ref && row.complaintId) {
      await q
        .update(complaints)
        .set({ cardRef: { ...ref } })
        .where(eq(complaints.id, row.complaintId));
    }
  }

  private async outboxDead(q: Queryable, row: OutboxRow, reason: string): Promise<void> {
    const handler = this.failureHandlers.get(row.purpose);
    if (handler) return handler(q, row, reason);
    // A customer we could not reach: the staff thread hears about it, so nobody waits in silence.
    if ((row.target as LateTarget).kind === 'customer' && row.complaintId) {
      const tenant = await getTenant(q, row.tenantId);
      const t = catalog(toLocale(tenant?.defaultLocale) ?? 'en');
      await enqueue(q, {
        key: `delivery-failed:${row.id}`,
        tenantId: row.tenantId,
        platform: row.platform as Platform,
        target: { kind: 'card_thread' },
        message: { text: t.staff.deliveryFailed(reason), tone: 'warning' },
        purpose: 'delivery_failed',
        complaintId: row.complaintId,
      });
    }
  }
}
