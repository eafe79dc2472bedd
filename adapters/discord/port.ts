/**
 * The PlatformPort: how the core's outbox posts and edits on Discord, through discord.js REST
 * (which owns rate limits). Every send carries a nonce derived from the idempotency key with
 * `enforce_nonce`, so a retried outbox row shows one message.
 */
import { createHash } from 'node:crypto';
import { type RawFile, type REST, Routes } from 'discord.js';
import { InternalError } from '../../src/errors.js';
import { catalog } from '../../src/i18n/index.js';
import type { MessageRef, OutboundMessage, Target } from '../../src/messages.js';
import {
  type AdapterState,
  type Logger,
  PermanentDeliveryError,
  type PlatformPort,
  type SendOptions,
} from '../../src/ports.js';
import { classifyDeliveryError, DISCORD_CODES, discordCode } from './errors.js';
import { withFetchedFiles } from './files.js';
import * as ids from './ids.js';
import { DISCORD_LIMITS } from './limits.js';
import { clip, type RenderedMessage, renderMessage, renderMessageParts } from './render.js';

/** Discord accepts a nonce of at most 25 characters. */
export function nonceFor(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('base64url').slice(0, 25);
}

interface ApiMessage {
  id: string;
  channel_id: string;
  content?: string;
  embeds?: { title?: string }[];
}

/** Namespace in the core's adapter state; keys are opaque user ids (`discord:<guild>:<user>`). */
const PRIVATE_THREADS = 'discord.private-thread';

/**
 * Private threads opened for customers whose DMs are closed (see fallback.ts), kept in the core's
 * adapter state so staff replies still reach the customer after a restart or on another
 * instance. No expiry: the bot may post in an archived thread, and a deleted one fails the
 * delivery permanently, which staff are told about.
 */
export class PrivateThreads {
  constructor(private readonly state: AdapterState) {}

  async set(opaqueUserId: string, threadId: string): Promise<void> {
    await this.state.set(PRIVATE_THREADS, opaqueUserId, threadId);
  }

  async get(opaqueUserId: string): Promise<string | undefined> {
    const threadId = await this.state.get(PRIVATE_THREADS, opaqueUserId);
    return typeof threadId === 'string' ? threadId : undefined;
  }
}

/** A rendered message as Discord's JSON body for a message create or edit. */
export function messageBody(rendered: RenderedMessage): Record<string, unknown> {
  return {
    content: rendered.content,
    embeds: rendered.embeds,
    components: rendered.components,
    // Customer and staff words are relayed verbatim: never let them ping @everyone or a role.
    allowed_mentions: { parse: [] },
    attachments: rendered.files.map((file, index) => ({
      id: index,
      filename: file.name,
      description: file.description,
    })),
  };
}

/** A rendered message's attachments as REST files (the body's `attachments` refer to them by index). */
export function messageFiles(rendered: RenderedMessage): RawFile[] {
  return rendered.files.map((file) => ({ name: file.name, data: file.data, contentType: file.contentType }));
}

export class DiscordPort implements PlatformPort {
  readonly platform = 'discord' as const;

  constructor(
    readonly rest: REST,
    private readonly threads: PrivateThreads,
    private readonly logger: Logger,
    /** Fetches a person's files from Discord's CDN to re-post them (injected for proxies and tests). */
    private readonly fetcher: typeof fetch = fetch,
  ) {}

  /**
   * Posts the message, as several Discord messages when it is too long for one. Each part has its
   * own nonce (`<key>`, `<key>#2`, …) so a retry shows each part once. Returns the first part.
   */
  async send(target: Target, shared: OutboundMessage, options: SendOptions): Promise<MessageRef> {
    // A person's files, by reference: fetched now and attached to the first part.
    const message = await withFetchedFiles(shared, this.fetcher, this.rest.options.api, this.logger);
    switch (target.kind) {
      case 'channel': {
        const channelId = this.channel(target.channelId);
        const roles = (message.mentions?.roles ?? []).flatMap((role) => {
          const found = ids.parseRoleId(role);
          return found ? [found.roleId] : [];
        });
        if (roles.length === 0) {
          return this.postParts(renderMessageParts(message), options.idempotencyKey, (rendered, nonce) =>
            this.post(channelId, rendered, nonce),
          );
        }
        // A new card pings the staff role: the mention leads the first part, and only those roles may ping.
        const mention = `${roles.map((role) => `<@&${role}>`).join(' ')} `;
        const parts = renderMessageParts(message, { contentReserve: mention.length });
        return this.postParts(parts, options.idempotencyKey, (rendered, nonce) =>
          rendered === parts[0]
            ? this.post(channelId, { ...rendered, content: `${mention}${rendered.content}`.trim() }, nonce, {
                allowed_mentions: { parse: [], roles },
              })
            : this.post(channelId, rendered, nonce),
        );
      }
      case 'user':
        return this.sendToUser(target.userId, message, options.idempotencyKey);
      case 'thread':
        return this.sendToThread(target.parent, renderMessageParts(message), options.idempotencyKey);
    }
  }

  /** Posts the parts in order; the first part's ref stands for the whole message. */
  private async postParts(
    parts: RenderedMessage[],
    key: string,
    post: (rendered: RenderedMessage, nonce: string) => Promise<MessageRef>,
  ): Promise<MessageRef> {
    let first: MessageRef | undefined;
    for (const [index, rendered] of parts.entries()) {
      const ref = await post(rendered, nonceFor(index === 0 ? key : `${key}#${index + 1}`));
      first ??= ref;
    }
    if (!first) throw new InternalError('E_INTERNAL', 'discord: a message rendered to no parts');
    return first;
  }

  async update(ref: MessageRef, message: OutboundMessage): Promise<void> {
    const rendered = renderMessage(message);
    const channelId = this.channel(ref.channelId);
    try {
      await this.rest.patch(Routes.channelMessage(channelId, ref.messageId), {
        body: messageBody(rendered),
        files: messageFiles(rendered),
      });
    } catch (error) {
      throw classifyDeliveryError(error, 'edit a message');
    }
  }

  /** Posts to a channel (or thread, or DM channel) by snowflake. */
  async post(
    channelId: string,
    rendered: RenderedMessage,
    nonce?: string,
    extra: Record<string, unknown> = {},
  ) {
    try {
      const posted = (await this.rest.post(Routes.channelMessages(channelId), {
        body: { ...messageBody(rendered), ...(nonce ? { nonce, enforce_nonce: true } : {}), ...extra },
        files: messageFiles(rendered),
      })) as ApiMessage;
      return {
        platform: 'discord' as const,
        channelId: ids.channelId(posted.channel_id),
        messageId: posted.id,
      };
    } catch (error) {
      throw classifyDeliveryError(error, 'post a message');
    }
  }

  private channel(opaque: string): string {
    const channelId = ids.parseChannelId(opaque);
    if (!channelId) throw new PermanentDeliveryError(`${opaque} is not a Discord channel id`, 'bad_target');
    return channelId;
  }

  private async sendToUser(opaqueUserId: string, message: OutboundMessage, key: string): Promise<MessageRef> {
    const user = ids.parseUserId(opaqueUserId);
    if (!user) throw new PermanentDeliveryError(`${opaqueUserId} is not a Discord user id`, 'bad_target');
    let dmId: string;
    try {
      const dm = (await this.rest.post(Routes.userChannels(), { body: { recipient_id: user.userId } })) as {
        id: string;
      };
      dmId = dm.id;
    } catch (error) {
      throw classifyDeliveryError(error, 'open a DM');
    }
    try {
      return await this.postParts(renderMessageParts(message), key, (rendered, nonce) =>
        this.post(dmId, rendered, nonce),
      );
    } catch (error) {
      const closed = error instanceof PermanentDeliveryError && error.reason === 'dm_closed';
      const thread = closed ? await this.threads.get(opaqueUserId) : undefined;
      if (!closed || !thread) throw error;
      this.logger.info({ reason: 'dm_closed' }, 'discord: delivering to the customer private thread instead');
      // The mention goes before the first part, so that part leaves room for it.
      const mention = `<@${user.userId}> `;
      const parts = renderMessageParts(message, { contentReserve: mention.length });
      return this.postParts(parts, key, (rendered, nonce) =>
        this.post(
          thread,
          rendered === parts[0] ? { ...rendered, content: `${mention}${rendered.content}`.trim() } : rendered,
          nonce,
          { allowed_mentions: { users: [user.userId] } },
        ),
      );
    }
  }

  /** A thread started from a message shares its id: post there, starting it on first use. */
  private async sendToThread(parent: MessageRef, parts: RenderedMessage[], key: string): Promise<MessageRef> {
    const channelId = this.channel(parent.channelId);
    const post = (rendered: RenderedMessage, nonce: string) => this.post(parent.messageId, rendered, nonce);
    try {
      return await this.postParts(parts, key, post);
    } catch (error) {
      if (!(error instanceof PermanentDeliveryError) || error.reason !== 'channel_not_found') throw error;
    }
    await this.startThread(channelId, parent.messageId);
    return this.postParts(parts, key, post);
  }

  private async startThread(channelId: string, messageId: string): Promise<void> {
    try {
      const starter = (await this.rest.get(Routes.channelMessage(channelId, messageId))) as ApiMessage;
      const name = clip(
        starter.embeds?.[0]?.title || starter.content || catalog('en').discord.defaultThread,
        DISCORD_LIMITS.threadName.value,
      );
      await this.rest.post(Routes.threads(channelId, messageId), {
        body: { name, auto_archive_duration: 10080 },
      });
    } catch (error) {
      // Two deliveries raced to start it: the other one won, which is just as good.
      if (discordCode(error) === DISCORD_CODES.threadAlreadyCreated) return;
      throw classifyDeliveryError(error, 'start a thread');
    }
  }
}
