/**
 * Dispatch: where each inbound event goes. Extensions first (they run outside the core's
 * transaction); everything else runs inside one: DMs to the intake engine, commands to
 * `src/commands`, buttons and forms by their action prefix.
 */
import { adminCommand } from '../commands/admin.js';
import { complainCommand } from '../commands/complain.js';
import { ticketAction, ticketCommand, ticketForm } from '../commands/ticket.js';
import type { Ctx } from '../complaints/workflow.js';
import { catalog, toLocale } from '../i18n/index.js';
import type { IntakeEngine } from '../intake/engine.js';
import type { Actor, InboundEvent, Reply } from '../messages.js';
import type { Logger } from '../ports.js';
import { DUPLICATE, type Extensions } from './extensions.js';
import { customerChange, threadMessage } from './threads.js';
import { type CoreDeps, firstTime } from './transaction.js';

export class Dispatcher {
  constructor(
    private readonly deps: CoreDeps,
    private readonly intake: IntakeEngine,
    private readonly extensions: Extensions,
  ) {}

  /** Extensions run outside the core's transaction; everything else runs inside one. */
  dispatch(event: InboundEvent, log: Logger, owned?: () => void): Promise<Reply> {
    const extension = this.extensions.handle(event, log, owned);
    if (extension) return extension;
    return firstTime(this.deps, event, log, (ctx) => this.route(ctx, event), owned).then(
      (reply) => reply ?? DUPLICATE,
    );
  }

  private route(ctx: Ctx, event: InboundEvent): Promise<Reply> {
    switch (event.kind) {
      case 'message':
        if (event.change) return customerChange(ctx, event);
        if (event.place.kind === 'channel') return threadMessage(ctx, event);
        return this.intake.message(ctx, event.actor, event.text);
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

async function unknown(actor: Actor): Promise<Reply> {
  return {
    messages: [{ text: catalog(toLocale(actor.locale) ?? 'en').errors.unknownAction }],
    ephemeral: true,
  };
}
