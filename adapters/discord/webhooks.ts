/**
 * An interaction's own webhook (its token, valid 15 minutes): how a deferred response is edited in
 * and follow-ups are sent. Discord does not count these against the bot's global rate limit, but
 * discord.js's client does (50 requests a second over everything it sends), so answers deferred
 * in a burst would wait for each other and for the outbox's posts. They go through a REST client
 * of their own with no global limit on our side; each interaction's own bucket is still kept.
 *
 * The first answer in time (`reply`) goes the same way: straight from the rendered message to the
 * callback's body, as edits and follow-ups are built, instead of through discord.js's
 * `interaction.reply` (its MessagePayload resolves and copies every option again, on the path
 * every interaction takes before its acknowledgement). So does the acknowledgement of a command
 * that is deferred at once (`defer`, respond.ts `acknowledgeThenAnswer`).
 */
import { InteractionResponseType, MessageFlags, REST, Routes } from 'discord.js';
import { ownConnections } from './callback-transport.js';
import { DEFER_DEADLINE_MS, REST_TIMEOUT_MS } from './client.js';
import { messageBody, messageFiles } from './port.js';
import type { RenderedMessage } from './render.js';

/** The interaction's webhook: its application and token. */
export interface InteractionRef {
  applicationId: string;
  token: string;
}

/** What the first response needs: the interaction's id and token; discord.js's state to keep current. */
export interface Answerable {
  id: string;
  token: string;
  /** discord.js's own record that the interaction was answered (its `followUp` checks it). */
  replied: boolean;
  /** discord.js's own record that the interaction was deferred (its `followUp` checks that too). */
  deferred: boolean;
  ephemeral: boolean | null;
}

export class InteractionWebhooks {
  /** Edits and follow-ups. */
  private readonly rest: REST;
  /** The interaction callbacks: the acknowledgement and a first answer (callback-transport.ts). */
  private readonly callbacks: REST;

  /** `api`: the REST base without version, as the client's; Discord's own when unset. */
  constructor(api?: string) {
    const options = {
      ...(api ? { api: api.replace(/\/+$/, '') } : {}),
      timeout: REST_TIMEOUT_MS,
      globalRequestsPerSecond: Number.POSITIVE_INFINITY,
    };
    this.rest = new REST(options);
    this.callbacks = new REST({ ...options, makeRequest: ownConnections() });
  }

  /** The interaction's first response: a message (64 in `flags`: only the person sees it). */
  async reply(interaction: Answerable, rendered: RenderedMessage, flags?: number): Promise<void> {
    await this.callbacks.post(Routes.interactionCallback(interaction.id, interaction.token), {
      body: {
        type: InteractionResponseType.ChannelMessageWithSource,
        data: { ...messageBody(rendered), ...(flags ? { flags } : {}) },
      },
      files: messageFiles(rendered),
      auth: false,
    });
    // As discord.js's `reply` leaves it, so a later `interaction.followUp` is allowed.
    interaction.replied = true;
    interaction.ephemeral = Boolean(flags && flags & MessageFlags.Ephemeral);
  }

  /**
   * The interaction's first response: "thinking…", to be replaced by `editOriginal` (64 in
   * `flags`: only the person sees it, chosen now for the answer that replaces it). Given up after
   * DEFER_DEADLINE_MS, with an AbortError: the REST client retries an aborted request, but with
   * the signal already aborted each retry ends before it is sent, so the callback is sent once.
   */
  async defer(interaction: Answerable, flags?: number): Promise<void> {
    await this.callbacks.post(Routes.interactionCallback(interaction.id, interaction.token), {
      body: {
        type: InteractionResponseType.DeferredChannelMessageWithSource,
        ...(flags ? { data: { flags } } : {}),
      },
      auth: false,
      signal: AbortSignal.timeout(DEFER_DEADLINE_MS),
    });
    // As discord.js's `deferReply` leaves it.
    interaction.deferred = true;
    interaction.ephemeral = Boolean(flags && flags & MessageFlags.Ephemeral);
  }

  /** Replaces the deferred (or first) response. */
  async editOriginal(interaction: InteractionRef, rendered: RenderedMessage): Promise<void> {
    await this.rest.patch(Routes.webhookMessage(interaction.applicationId, interaction.token), {
      body: messageBody(rendered),
      files: messageFiles(rendered),
      auth: false,
    });
  }

  /** Sends one more message in answer to the interaction (64: only the person sees it). */
  async followUp(interaction: InteractionRef, rendered: RenderedMessage, flags?: number): Promise<void> {
    await this.rest.post(Routes.webhook(interaction.applicationId, interaction.token), {
      body: { ...messageBody(rendered), ...(flags ? { flags } : {}) },
      files: messageFiles(rendered),
      auth: false,
    });
  }
}
