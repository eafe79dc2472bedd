/**
 * Dispatch: where each inbound event goes. Extensions first (they run outside the core's
 * transaction); everything else runs inside one: DMs to the intake engine, commands to
 * `src/commands`, buttons and forms by their action prefix.
 */
import type { Queryable } from '../../db/client.js';
import { adminCommand } from '../commands/admin.js';
import { complainCommand } from '../commands/complain.js';
import { ticketAction, ticketCommand, ticketForm } from '../commands/ticket.js';
import type { Ctx } from '../complaints/workflow.js';
import { catalog, toLocale } from '../i18n/index.js';
import type { IntakeEngine } from '../intake/engine.js';
import type { Actor, InboundEvent, Reply } from '../messages.js';
import type { Logger } from '../ports.js';
import { DUPLICATE, type Extensions } from './extensions.js';
import { deliveryWay, isLean, type LeanOutcome, type LeanWay, leanStep } from './lean.js';
import { customerChange, threadMessage } from './threads.js';
import {
  awaitInbox,
  type Blocked,
  type Claim,
  type CoreDeps,
  type Follows,
  firstTime,
} from './transaction.js';

export class Dispatcher {
  constructor(
    private readonly deps: CoreDeps,
    private readonly intake: IntakeEngine,
    private readonly extensions: Extensions,
  ) {}

  /**
   * Extensions run outside the core's transaction; everything else runs inside one. `follows`: the
   * event comes after its customer's messages still in the inbox (see `FirstTimeOptions.follows`).
   */
  async dispatch(event: InboundEvent, log: Logger, owned?: () => void, follows?: Follows): Promise<Reply> {
    if (follows && this.extensions.takes(event)) await awaitInbox(this.deps, follows);
    const extension = this.extensions.handle(event, log, owned);
    // An extension writes in transactions of its own: the outbox loop looks after each.
    if (extension) return extension.finally(() => this.deps.kickOutbox?.());
    // A customer's words in their DM: two statements, no transaction, when the step allows.
    if (isLean(event)) {
      const done = await leanStep(this.deps, this.intake, event, deliveryWay(event));
      if (done?.kind === 'handled') {
        log.info({}, 'duplicate delivery dropped');
        return DUPLICATE;
      }
      if (done) {
        owned?.();
        return done.reply;
      }
    }
    const reply = await firstTime(this.deps, event, log, (ctx, blocked) => this.route(ctx, event, blocked), {
      owned,
      follows,
      customer: fromCustomer(event) ? event.actor.userId : undefined,
    });
    return reply ?? DUPLICATE;
  }

  /**
   * Like `dispatch`, for an event taken from the inbox: `claim` is the transaction's first
   * statement (the inbox row marked done), and `after` runs with the reply in the transaction that
   * did the work (or, for an extension, in one of its own just after, once claimed), so the answer
   * is enqueued and the inbox row marked done together with the change. Throws on failure (the
   * inbox retries); a repeat runs `after` with no reply.
   */
  async dispatchDurably(
    event: InboundEvent,
    log: Logger,
    claim: Claim,
    after: (q: Queryable, reply: Reply | undefined) => Promise<void>,
  ): Promise<void> {
    const extension = this.extensions.handle(event, log);
    if (extension) {
      const reply = await extension;
      await this.deps.database.db.transaction(async (tx) => {
        const claimed = await claim(tx, this.deps.clock.now(), {});
        await after(tx, claimed.first ? reply : undefined);
      });
      this.deps.kickOutbox?.();
      return;
    }
    await firstTime(this.deps, event, log, (ctx, blocked) => this.route(ctx, event, blocked), {
      claim,
      after,
      customer: fromCustomer(event) ? event.actor.userId : undefined,
    });
  }

  /**
   * A customer's words in their DM as a lean step recorded `way`'s way (src/core/lean.ts), or
   * undefined when the event must go the transaction's way (`dispatchDurably`).
   */
  async lean<T>(event: InboundEvent, way: LeanWay<T>): Promise<LeanOutcome<T>> {
    return isLean(event) ? leanStep(this.deps, this.intake, event, way) : undefined;
  }

  private async route(ctx: Ctx, event: InboundEvent, blocked: Blocked): Promise<Reply> {
    if (blocked !== 'open') return blockedReply(event, blocked);
    switch (event.kind) {
      case 'message':
        if (event.change) return customerChange(ctx, event);
        if (event.place.kind === 'channel') return threadMessage(ctx, event);
        return this.intake.message(ctx, event.actor, event.text, event.files);
      case 'command':
        if (event.command === 'complain') return complainCommand(ctx, this.intake, event);
        if (event.command === 'ticket') return ticketCommand(ctx, event);
        return adminCommand(ctx, event);
      case 'action':
        if (event.action.startsWith('ticket.')) return ticketAction(ctx, event);
        if (event.action.startsWith('intake.'))
          return this.intake.action(ctx, event.actor, event.action, event.value);
        return unknown(event.actor);
      case 'form':
        if (event.formId === 'intake.form')
          return this.intake.submitForm(ctx, event.actor, event.values, true);
        if (event.formId.startsWith('ticket.')) return ticketForm(ctx, event);
        return unknown(event.actor);
    }
  }
}

/** What a customer does: writes, `/complain`, the intake's buttons and form. Staff work is not blocked. */
function fromCustomer(event: InboundEvent): boolean {
  switch (event.kind) {
    case 'message':
      return true;
    case 'command':
      return event.command === 'complain';
    case 'action':
      return event.action.startsWith('intake.');
    case 'form':
      return event.formId === 'intake.form';
  }
}

/**
 * A blocked customer's event goes no further. Written to, they are told once; a command, click or
 * form must be answered, so it gets the same neutral words each time.
 */
function blockedReply(event: InboundEvent, state: 'notify' | 'silent'): Reply {
  const notice = catalog(toLocale(event.actor.locale) ?? 'en').block.notice;
  if (event.kind === 'message' && state === 'silent') return { messages: [], ephemeral: false };
  return { messages: [{ text: notice }], ephemeral: event.kind !== 'message' };
}

async function unknown(actor: Actor): Promise<Reply> {
  return {
    messages: [{ text: catalog(toLocale(actor.locale) ?? 'en').errors.unknownAction }],
    ephemeral: true,
  };
}
