/**
 * The Hearken core: one object that adapters hand every inbound event to, and that reaches the
 * platforms only through the registered `PlatformPort`s (via the outbox).
 *
 * API (stable for adapters and jobs):
 * - `new Hearken({ database, logger, clock? })`
 * - `registerPlatform(port)`: one port per platform; the outbox delivers through it.
 * - `handle(event) → Reply`: never throws. For interactions that must be answered at once.
 * - `accept(event)`: stores a customer message in the durable inbox (one INSERT) and returns;
 *   the inbox workers (`inbox`) run it and send the answer through the outbox. Never throws:
 *   `unavailable` means it was not stored (the platform must not be told it was).
 * - `suggestCodes(actor, prefix)`: codes for autocomplete (staff: open ones; customers: their own).
 * - `configureTenant(tenantId, platform, patch)` / `tenantSettings(tenantId)`.
 * - `onAction(prefix, handler)`: extra action/form handlers (surveys live in src/jobs).
 * - `onAdminCommand(name, handler)`: extra `/hearken <name>` subcommands (`digest`).
 *   Both kinds of extension run outside the core's transaction and manage their own.
 * - `onDeliveryFailed(purpose, handler)`: told when an outbox row of that purpose is given up.
 * - `complaints`: the staff workflow service (reopen, escalate, close … used by jobs).
 * - `adapterState`: adapters' durable key-value state (see src/adapter-state.ts).
 * - `outbox.drain()`: deliver everything due now (tests); `outbox.start()` / `stop()` run the loop.
 *
 * This file only composes the parts, one job each, under `src/core/`: `dispatch.ts` (where an
 * event goes), `extensions.ts` (`onAction` / `onAdminCommand` and their transactions),
 * `delivery.ts` (outbox target resolution and the sent/dead hooks), `inbox.ts` (accepting a
 * message, handling an inbox row and answering through the outbox) and `transaction.ts` (the
 * dedupe-and-tenant transaction they share).
 */
import type { Database } from '../db/client.js';
import { DbAdapterState } from './adapter-state.js';
import { isStaff } from './commands/access.js';
import { openCodesStartingWith } from './complaints/repo.js';
import { ComplaintService } from './complaints/service.js';
import { type DeliveryFailedHandler, DeliveryHooks } from './core/delivery.js';
import { Dispatcher } from './core/dispatch.js';
import {
  type ActionHandler,
  type AdminCommandHandler,
  Extensions,
  type HandlerContext,
} from './core/extensions.js';
import { followsMessages, InboxHandling } from './core/inbox.js';
import { HearkenError } from './errors.js';
import { catalog, toLocale } from './i18n/index.js';
import { parseInbound } from './inbound.js';
import { type AcceptOutcome, orderingKeyOf } from './inbox/inbox.js';
import { type InboxOptions, InboxWorker } from './inbox/worker.js';
import { IntakeEngine } from './intake/engine.js';
import { lazyChild } from './log.js';
import type { Actor, InboundEvent, Platform, Reply } from './messages.js';
import type { Analyzer } from './nlu/analyzer.js';
import { LexiconAnalyzer } from './nlu/lexicon.js';
import { type OutboxOptions, OutboxWorker } from './outbox/worker.js';
import type { AdapterState, Clock, CorePort, HandleSignals, Logger, PlatformPort } from './ports.js';
import { systemClock } from './ports.js';
import { configureTenant, getTenant, TenantCache, type TenantPatch, type TenantSettings } from './tenants.js';

export type {
  ActionHandler,
  AdminCommandHandler,
  DeliveryFailedHandler,
  HandlerContext,
  TenantPatch,
  TenantSettings,
};

export interface HearkenOptions {
  database: Database;
  logger: Logger;
  clock?: Clock;
  analyzer?: Analyzer;
  outbox?: Partial<OutboxOptions>;
  inbox?: Partial<InboxOptions>;
  /** Told of each inbound event whose handling failed (the `/metrics` error counter). */
  onHandlerError?: (kind: InboundEvent['kind']) => void;
}

export class Hearken implements CorePort {
  readonly clock: Clock;
  readonly database: Database;
  readonly logger: Logger;
  readonly intake: IntakeEngine;
  readonly complaints: ComplaintService;
  readonly outbox: OutboxWorker;
  readonly inbox: InboxWorker;
  readonly adapterState: AdapterState;
  private readonly ports = new Map<Platform, PlatformPort>();
  private readonly extensions: Extensions;
  private readonly delivery = new DeliveryHooks();
  private readonly dispatcher: Dispatcher;
  private readonly tenants = new TenantCache();
  private readonly inboxHandling: InboxHandling;

  constructor(readonly options: HearkenOptions) {
    this.clock = options.clock ?? systemClock;
    this.database = options.database;
    this.logger = options.logger;
    const deps = {
      database: this.database,
      clock: this.clock,
      logger: this.logger,
      tenants: this.tenants,
      kickOutbox: () => this.outbox.kick(),
    };
    this.adapterState = new DbAdapterState(this.database, this.clock);
    this.intake = new IntakeEngine(options.analyzer ?? new LexiconAnalyzer());
    this.extensions = new Extensions(deps);
    this.dispatcher = new Dispatcher(deps, this.intake, this.extensions);
    this.complaints = new ComplaintService(this.database, this.clock, () => this.outbox.kick());
    this.outbox = new OutboxWorker(
      {
        ...deps,
        logger: this.logger.child({ component: 'outbox' }),
        port: (platform) => this.ports.get(platform),
        platforms: () => [...this.ports.keys()],
        resolve: (q, row) => this.delivery.resolve(q, row),
        onSent: (row, ref) => this.delivery.sent(row, ref),
        onDead: (q, row, reason, how) => this.delivery.dead(q, row, reason, how, this.clock.now()),
      },
      options.outbox,
    );
    const inboxDeps = { ...deps, logger: this.logger.child({ component: 'inbox' }) };
    this.inboxHandling = new InboxHandling(
      inboxDeps,
      this.dispatcher,
      this.outbox,
      {
        offer: (platform, key, store) => this.inbox.offer(platform, key, store),
        kick: () => this.inbox.kick(),
      },
      options.onHandlerError,
    );
    this.inbox = new InboxWorker(
      {
        ...inboxDeps,
        platforms: () => [...this.ports.keys()],
        process: (row) => this.inboxHandling.process(row),
        giveUp: (row, reason) => this.inboxHandling.giveUp(row, reason),
      },
      options.inbox,
    );
  }

  registerPlatform(port: PlatformPort): void {
    this.ports.set(port.platform, port);
  }

  onAction(prefix: string, handler: ActionHandler): void {
    this.extensions.onAction(prefix, handler);
  }

  onAdminCommand(name: string, handler: AdminCommandHandler): void {
    this.extensions.onAdminCommand(name, handler);
  }

  onDeliveryFailed(purpose: string, handler: DeliveryFailedHandler): void {
    this.delivery.onDeliveryFailed(purpose, handler);
  }

  /** Every inbound event ends here. Never throws: a failure becomes a kind, clear answer. */
  async handle(input: InboundEvent, signals: HandleSignals = {}): Promise<Reply> {
    const parsed = parseInbound(input);
    if (!parsed.ok) {
      this.logger.warn({ problem: parsed.problem }, 'rejected malformed inbound event');
      return { messages: [{ text: catalog('en').errors.generic }], ephemeral: true };
    }
    const event = parsed.event;
    const log = lazyChild(this.logger, {
      platform: event.actor.platform,
      kind: event.kind,
      eventId: event.id,
    });
    try {
      // A click on the intake right after a typed message comes after it, as the customer meant.
      const follows = followsMessages(event)
        ? { orderingKey: orderingKeyOf(event), nudge: () => this.inbox.kick() }
        : undefined;
      // The outbox loop is kicked after the commit only when the event wrote rows for it.
      return await this.dispatcher.dispatch(event, log, signals.owned, follows);
    } catch (error) {
      // The boundary: whatever was thrown leaves as a HearkenError with a code to search for.
      const failure = HearkenError.wrap(error);
      log.error({ err: failure, code: failure.code }, 'handler failed');
      this.options.onHandlerError?.(event.kind);
      const locale = toLocale(event.actor.locale) ?? 'en';
      return { messages: [{ text: catalog(locale).errors.generic }], ephemeral: event.kind !== 'message' };
    }
  }

  /**
   * Stores `input` in the inbox and has a worker take it. `accepted` or `duplicate` (a redelivery)
   * mean the platform may be told "got it"; `unavailable` means nothing was stored.
   */
  accept(input: InboundEvent): Promise<AcceptOutcome | 'invalid' | 'unavailable'> {
    return this.inboxHandling.accept(input);
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
}
