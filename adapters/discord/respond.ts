/**
 * Answering an interaction within Discord's 3 seconds, exactly once. A command whose answer is
 * declared never to be a form (`src/commands/spec.ts`) is acknowledged at once, before the core
 * runs, and its answer edited in (`acknowledgeThenAnswer`). Anything else (clicks, forms, a command
 * that may open a form) waits for the core: if it answers in time we respond with its reply (or
 * open its form); otherwise we defer (a "thinking…" state, or a silent acknowledgement for clicks)
 * and edit the response when the reply comes (`answer`).
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

/** Ephemeral where asked for; in a DM the conversation should stay readable, so never there. */
function ephemeralFlag(interaction: RepliableInteraction, ephemeral: boolean): number | undefined {
  return ephemeral && interaction.inGuild() ? MessageFlags.Ephemeral : undefined;
}

/** What a person sees when the work behind their interaction failed: never silence, never "thinking…". */
export function failedReply(locale: Locale): Reply {
  return { messages: [{ text: catalog(locale).discord.failed }], ephemeral: true };
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
  const flags = ephemeralFlag(interaction, reply.ephemeral);
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

/** What answering after the acknowledgement needs. */
type LateOptions = Pick<AnswerOptions, 'locale' | 'webhooks'>;

async function followUps(
  interaction: RepliableInteraction,
  messages: RenderedMessage[],
  reply: Reply,
  options: LateOptions,
) {
  const flags = ephemeralFlag(interaction, reply.ephemeral);
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

/** A late reply's messages: the first replaces the deferred response, the rest follow it. */
function lateMessages(reply: Reply, locale: Locale): RenderedMessage[] {
  const messages = said(reply.messages);
  // A modal can only be the first response, and that moment has passed.
  if (reply.form) messages.unshift(renderMessage({ text: catalog(locale).discord.slowForm }));
  return messages;
}

async function respondLate(interaction: RepliableInteraction, reply: Reply, options: LateOptions) {
  const messages = lateMessages(reply, options.locale);
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
    logUnanswered(interaction, error, options.logger);
    return undefined;
  }
}

/** A refused answer: expired or already answered is Discord telling us, anything else our fault. */
function logUnanswered(interaction: RepliableInteraction, error: unknown, logger: Logger): void {
  const code = discordCode(error);
  const known = code === DISCORD_CODES.alreadyAcknowledged || code === DISCORD_CODES.unknownInteraction;
  logger[known ? 'info' : 'error'](
    { interactionId: interaction.id, code, err: known ? undefined : loggable(error) },
    known ? 'discord: interaction already answered or expired' : 'discord: could not answer an interaction',
  );
}

export interface AtOnceOptions extends LateOptions {
  /** The declared answer is seen only by the person (spec `seen: 'private'`): chosen now, in the acknowledgement. */
  private: boolean;
  logger: Logger;
}

/** Discord's 3 seconds to acknowledge an interaction, from its creation. */
const ACKNOWLEDGE_WITHIN_MS = 3_000;

/**
 * How the acknowledgement went: ours; another instance's first (every instance on the token gets
 * the interaction and the first callback wins); refused as unknown (too late, or under a race
 * another instance's callback won: either way not ours, and the token may still edit); or unsure
 * (no answer in time, or an error that may have come after Discord took it).
 */
type Acknowledged = 'ours' | 'theirs' | 'expired' | 'unsure';

async function acknowledge(interaction: RepliableInteraction, options: AtOnceOptions): Promise<Acknowledged> {
  try {
    await options.webhooks.defer(interaction, ephemeralFlag(interaction, options.private));
    return 'ours';
  } catch (error) {
    return refusedAcknowledgement(interaction, error, options.logger);
  }
}

function refusedAcknowledgement(
  interaction: RepliableInteraction,
  error: unknown,
  logger: Logger,
): Acknowledged {
  const code = discordCode(error);
  const log = { interactionId: interaction.id, code };
  if (code === DISCORD_CODES.alreadyAcknowledged) {
    logger.debug(log, 'discord: another instance acknowledged it first');
    return 'theirs';
  }
  if (code === DISCORD_CODES.unknownInteraction) {
    // Past the 3 s, the acknowledgement was ours to make in time: something kept us. Within them,
    // another instance's callback may have won.
    if (Date.now() - interaction.createdTimestamp > ACKNOWLEDGE_WITHIN_MS)
      logger.warn(log, 'discord: acknowledged an interaction too late');
    else logger.info(log, 'discord: interaction unknown when acknowledged');
    return 'expired';
  }
  if (error instanceof Error && error.name === 'AbortError') {
    logger.warn(log, 'discord: no answer to the acknowledgement in time');
    return 'unsure';
  }
  logger.error({ ...log, err: loggable(error) }, 'discord: could not acknowledge an interaction');
  return 'unsure';
}

/**
 * What an instance edits in once its work is done. A real answer only when its core claimed the
 * delivery: every instance on the token runs the work, and a copy whose core failed before its
 * claim (a database hiccup) returns an apology not marked duplicate that must not overwrite the
 * owner's answer (the last edit wins). Without the claim, only the failure words, and only when
 * Discord took this instance's acknowledgement: it cannot tell whether another instance owns the
 * work, and "thinking…" left for 15 minutes is worse. The window left is rare and harmless (a
 * "please try again" where an answer was due): the instance whose acknowledgement won fails before
 * its claim while another's core claims, and the failure words land after that one's answer, or
 * that one fails too, after its claim (rolled back), and both apologise.
 */
function toShow(
  reply: Reply,
  claimed: boolean,
  acknowledged: Acknowledged,
  locale: Locale,
): Reply | undefined {
  if (reply.duplicate) return undefined;
  if (claimed) return reply;
  return acknowledged === 'ours' ? failedReply(locale) : undefined;
}

/**
 * Answers a command whose answer is declared never to be a form: "thinking…" at once (private or
 * not as declared, so the answer edited into it is seen by whom it should be), before `work` runs,
 * then the core's reply edited in; a long one goes on in follow-ups. Whichever instance
 * acknowledged, the one whose core owns the delivery (it calls `owned`) edits; the token lets any
 * of them (see `toShow`). Returns the reply, or undefined when it was a copy or could not be shown.
 */
export async function acknowledgeThenAnswer(
  interaction: RepliableInteraction,
  work: (owned: () => void) => Promise<Reply>,
  options: AtOnceOptions,
): Promise<Reply | undefined> {
  // The work starts once Discord has the acknowledgement (or it had its time): the core's turn on
  // a busy database never delays it. It runs whatever came back (even an expired interaction: the
  // command may change things, and the core's own claim keeps that to once); the answer is still
  // tried, since an instance whose callback lost may own the work and the token lasts 15 minutes.
  const acknowledged = await acknowledge(interaction, options);
  let claimed = false;
  const reply = await work(() => {
    claimed = true;
  }).then(
    (done: Reply | undefined) => done ?? failedReply(options.locale),
    (error: unknown) => {
      options.logger.error({ err: loggable(error) }, 'discord: the work behind a command failed');
      return failedReply(options.locale);
    },
  );
  const shown = toShow(reply, claimed, acknowledged, options.locale);
  if (!shown) return undefined;
  const messages = lateMessages(shown, options.locale);
  const first = messages.shift() ?? renderMessage({ text: catalog(options.locale).discord.done });
  try {
    await options.webhooks.editOriginal(interaction, first);
  } catch (error) {
    await editFailed(interaction, error, options);
    return undefined;
  }
  try {
    await followUps(interaction, messages, shown, options);
  } catch (error) {
    logUnanswered(interaction, error, options.logger);
  }
  return shown;
}

/**
 * The answer could not be edited in. Unknown token or interaction: Discord never took an
 * acknowledgement, nothing can be shown. Anything else (a body refused, a file too large, a 5xx
 * after retries): the failure words instead, so "thinking…" does not stay for 15 minutes.
 */
async function editFailed(interaction: RepliableInteraction, error: unknown, options: AtOnceOptions) {
  const code = discordCode(error);
  const log = { interactionId: interaction.id, code };
  if (code === DISCORD_CODES.unknownWebhook || code === DISCORD_CODES.unknownInteraction) {
    options.logger.info(log, 'discord: no acknowledged response to edit the answer into');
    return;
  }
  options.logger.error({ ...log, err: loggable(error) }, 'discord: could not edit the answer in');
  try {
    await options.webhooks.editOriginal(
      interaction,
      renderMessage({ text: catalog(options.locale).discord.failed }),
    );
  } catch (again) {
    logUnanswered(interaction, again, options.logger);
  }
}
