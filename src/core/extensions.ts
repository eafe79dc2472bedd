/**
 * Extensions: buttons and forms registered by prefix with `onAction` (surveys), and `/hearken`
 * subcommands registered with `onAdminCommand` (`digest`). They run outside the core's
 * transaction and open their own, so each records its delivery (and checks the admin) first, in a
 * statement or transaction that has committed before the handler runs.
 */
import type { Database } from '../../db/client.js';
import { adminRefusal } from '../commands/admin.js';
import { parse } from '../commands/args.js';
import { firstDelivery } from '../dedupe.js';
import { toLocale } from '../i18n/index.js';
import type {
  ActionEvent,
  Actor,
  CommandEvent,
  FormEvent,
  InboundEvent,
  Locale,
  Reply,
} from '../messages.js';
import type { Clock, Logger } from '../ports.js';
import { type CoreDeps, firstTime } from './transaction.js';

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

/** The reply to a repeated delivery: nothing. */
export const EMPTY: Reply = { messages: [], ephemeral: true };
/** A repeated delivery: the adapter must not answer it at all (the first delivery's owner does). */
export const DUPLICATE: Reply = { ...EMPTY, duplicate: true };

export class Extensions {
  private readonly actionHandlers = new Map<string, ActionHandler>();
  private readonly adminCommands = new Map<string, AdminCommandHandler>();

  constructor(private readonly deps: CoreDeps) {}

  onAction(prefix: string, handler: ActionHandler): void {
    this.actionHandlers.set(prefix, handler);
  }

  onAdminCommand(name: string, handler: AdminCommandHandler): void {
    this.adminCommands.set(name, handler);
  }

  /** Whether an extension is registered for this event. */
  takes(event: InboundEvent): boolean {
    if (event.kind === 'action') return this.actionFor(event.action) !== undefined;
    if (event.kind === 'form') return this.actionFor(event.formId) !== undefined;
    return (
      event.kind === 'command' && event.command === 'hearken' && this.adminCommands.has(parse(event.text).sub)
    );
  }

  /** Runs the extension registered for this event, or returns undefined when there is none. */
  handle(event: InboundEvent, log: Logger, owned?: () => void): Promise<Reply> | undefined {
    if (event.kind === 'action' || event.kind === 'form') {
      const handler = this.actionFor(event.kind === 'action' ? event.action : event.formId);
      return handler && this.runAction(event, handler, owned);
    }
    if (event.kind === 'command' && event.command === 'hearken') {
      const handler = this.adminCommands.get(parse(event.text).sub);
      return handler && this.runAdmin(event, handler, log, owned);
    }
    return undefined;
  }

  private actionFor(key: string): ActionHandler | undefined {
    for (const [prefix, handler] of this.actionHandlers) if (key.startsWith(prefix)) return handler;
    return undefined;
  }

  /** Extensions manage their own transactions, so the dedupe mark is its own statement here. */
  private async runAction(
    event: ActionEvent | FormEvent,
    handler: ActionHandler,
    owned?: () => void,
  ): Promise<Reply> {
    const { database, clock } = this.deps;
    if (!(await firstDelivery(database.db, event.actor.platform, event.id, clock.now()))) return DUPLICATE;
    owned?.();
    return handler(event, this.context(event.actor));
  }

  /**
   * Like `runAction`: the delivery is recorded and the admin checked in a transaction of their
   * own, committed before the extension runs, so the extension can use the database (on PGlite's
   * one connection it would otherwise wait on the core's transaction for ever).
   */
  private async runAdmin(
    event: CommandEvent,
    handler: AdminCommandHandler,
    log: Logger,
    owned?: () => void,
  ): Promise<Reply> {
    const checked = await firstTime(
      this.deps,
      event,
      log,
      async (ctx) => ({ refusal: adminRefusal(ctx, event) }),
      {
        owned,
      },
    );
    if (!checked) return DUPLICATE;
    if (checked.refusal) return checked.refusal;
    return handler(event, parse(event.text).args, this.context(event.actor));
  }

  private context(actor: Actor): HandlerContext {
    const { database, clock, logger } = this.deps;
    return { database, clock, logger, locale: toLocale(actor.locale) ?? 'en', actor };
  }
}
