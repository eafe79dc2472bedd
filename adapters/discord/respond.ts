/**
 * Answering an interaction within Discord's 3 seconds, exactly once. If the core answers in time
 * we respond with its reply (or open its form); otherwise we defer (a "thinking…" state, or a
 * silent acknowledgement for clicks) and edit the response when the reply comes.
 */
import {
  type BaseMessageOptions,
  type MessageComponentInteraction,
  MessageFlags,
  type ModalMessageModalSubmitInteraction,
  type RepliableInteraction,
} from 'discord.js';
import { catalog } from '../../src/i18n/index.js';
import type { Locale, OutboundMessage, Reply } from '../../src/messages.js';
import type { Logger } from '../../src/ports.js';
import type { FormOrigin } from './custom-id.js';
import { DISCORD_CODES, discordCode, loggable } from './errors.js';
import { type RenderedMessage, renderMessage, renderMessageParts, renderModal } from './render.js';
import type { InteractionWebhooks } from './webhooks.js';

export interface AnswerOptions {
  /**
   * Resolves once the core knows this delivery is not a copy (`HandleSignals.owned`). When given,
   * a slow answer is deferred only after it: a copy another instance owns is never acknowledged.
   */
  owned?: Promise<void>;
  /** Defer when the core has not answered by then; well under Discord's 3 s. */
  deferAfterMs: number;
  locale: Locale;
  origin: FormOrigin;
  logger: Logger;
  /** Edits and follow-ups, through the interaction's own webhook. */
  webhooks: InteractionWebhooks;
}

/** discord.js message options for a rendered message. */
export function toOptions(rendered: RenderedMessage): BaseMessageOptions {
  return {
    content: rendered.content,
    embeds: rendered.embeds,
    components: rendered.components,
    files: rendered.files.map((file) => ({
      attachment: file.data,
      name: file.name,
      description: file.description,
    })),
    allowedMentions: { parse: [] },
  };
}

type Updatable = MessageComponentInteraction | ModalMessageModalSubmitInteraction;

/** Clicks (and forms opened from a click) can update the message they came from. */
function updatable(interaction: RepliableInteraction): Updatable | undefined {
  if (interaction.isMessageComponent()) return interaction;
  if (interaction.isModalSubmit() && interaction.isFromMessage()) return interaction;
  return undefined;
}

/** Ephemeral where the reply asks for it; in a DM the conversation should stay readable, so never there. */
function ephemeralFlag(interaction: RepliableInteraction, reply: Reply): number | undefined {
  return reply.ephemeral && interaction.inGuild() ? MessageFlags.Ephemeral : undefined;
}

/** The reply's messages as Discord messages; a long one becomes several, in order. */
function said(messages: OutboundMessage[]): RenderedMessage[] {
  return messages.flatMap((message) => renderMessageParts(message));
}

async function respondInTime(interaction: RepliableInteraction, reply: Reply, options: AnswerOptions) {
  if (reply.form && !interaction.isModalSubmit()) {
    await interaction.showModal(renderModal(reply.form, options.origin));
    if (reply.messages.length) options.logger.debug({}, 'discord: messages beside a form are not shown');
    return;
  }
  const flags = ephemeralFlag(interaction, reply);
  const messages = said(reply.messages);
  const source = updatable(interaction);
  if (source) {
    if (reply.replaceSource) await source.update(toOptions(renderMessage(reply.replaceSource)));
    else if (messages.length === 0) await source.deferUpdate();
    else await options.webhooks.reply(interaction, messages.shift() as RenderedMessage, flags);
  } else {
    const first = messages.shift() ?? renderMessage({ text: catalog(options.locale).discord.done });
    await options.webhooks.reply(interaction, first, flags);
  }
  await followUps(interaction, messages, reply, options);
}

async function followUps(
  interaction: RepliableInteraction,
  messages: RenderedMessage[],
  reply: Reply,
  options: AnswerOptions,
) {
  const flags = ephemeralFlag(interaction, reply);
  for (const message of messages) await options.webhooks.followUp(interaction, message, flags);
}

async function deferNow(interaction: RepliableInteraction): Promise<void> {
  const source = updatable(interaction);
  if (source) {
    await source.deferUpdate();
  } else {
    await interaction.deferReply(interaction.inGuild() ? { flags: MessageFlags.Ephemeral } : {});
  }
}

async function respondLate(interaction: RepliableInteraction, reply: Reply, options: AnswerOptions) {
  const messages = said(reply.messages);
  // A modal can only be the first response, and that moment has passed.
  if (reply.form) messages.unshift(renderMessage({ text: catalog(options.locale).discord.slowForm }));
  if (updatable(interaction)) {
    if (reply.replaceSource)
      await options.webhooks.editOriginal(interaction, renderMessage(reply.replaceSource));
  } else {
    await options.webhooks.editOriginal(
      interaction,
      messages.shift() ?? renderMessage({ text: catalog(options.locale).discord.done }),
    );
  }
  await followUps(interaction, messages, reply, options);
}

/**
 * Answers `interaction` with the core's reply to it. Returns the reply, or undefined when
 * Discord would not take the answer (expired or already answered: both are logged, not thrown).
 */
export async function answer(
  interaction: RepliableInteraction,
  work: Promise<Reply>,
  options: AnswerOptions,
): Promise<Reply | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<'slow'>((resolve) => {
    timer = setTimeout(() => resolve('slow'), options.deferAfterMs);
  });
  try {
    const first = await Promise.race([work.then((reply) => ({ reply })), slow]);
    clearTimeout(timer);
    // Slow, but not yet known to be ours: wait for that (or the reply) before acknowledging.
    const next =
      first === 'slow' && options.owned
        ? await Promise.race([work.then((reply) => ({ reply })), options.owned.then(() => 'slow' as const)])
        : first;
    if (next !== 'slow') {
      // A copy another instance (or an earlier delivery) owns: any answer here, even a silent
      // acknowledgement, would make the owner's real answer fail with 40060.
      if (next.reply.duplicate) return undefined;
      await respondInTime(interaction, next.reply, options);
      return next.reply;
    }
    await deferNow(interaction);
    const reply = await work;
    if (reply.duplicate) {
      options.logger.warn(
        { interactionId: interaction.id },
        'discord: deferred a copy before knowing it was one',
      );
      return undefined;
    }
    await respondLate(interaction, reply, options);
    return reply;
  } catch (error) {
    clearTimeout(timer);
    const code = discordCode(error);
    const known = code === DISCORD_CODES.alreadyAcknowledged || code === DISCORD_CODES.unknownInteraction;
    options.logger[known ? 'info' : 'error'](
      { interactionId: interaction.id, code, err: known ? undefined : loggable(error) },
      known ? 'discord: interaction already answered or expired' : 'discord: could not answer an interaction',
    );
    return undefined;
  }
}
