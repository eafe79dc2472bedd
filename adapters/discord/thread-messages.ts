/**
 * Messages in a guild thread (staff writing under a complaint's card) and a customer's edits and
 * deletions in their DM. The core decides what each means (relay, note, an edit on the staff
 * thread, nothing); this file only turns the gateway's messages into neutral events and shows the
 * answer: a reaction on the staff message, or words where the person is.
 */
import {
  type Client,
  GuildMember,
  type Message,
  MessageType,
  type OmitPartialGroupDMChannel,
  type PartialMessage,
  PermissionFlagsBits,
} from 'discord.js';
import type { InboundEvent, MessageEvent, Reply } from '../../src/messages.js';
import type { AdapterHost, Logger } from '../../src/ports.js';
import { loggable } from './errors.js';
import * as ids from './ids.js';
import type { DiscordPort } from './port.js';
import { renderMessageParts } from './render.js';
import type { DmTenancy } from './tenancy.js';

/** Discord emoji for the core's reactions. */
export const DISCORD_REACTIONS = {
  relayed: '📨',
  kept: '🔒',
} as const satisfies Record<NonNullable<Reply['react']>, string>;

export interface ThreadMessageDeps {
  core: Pick<AdapterHost, 'handle'>;
  client: Client;
  port: DiscordPort;
  tenancy: DmTenancy;
  logger: Logger;
}

type AnyMessage = OmitPartialGroupDMChannel<Message | PartialMessage>;

/** Messages a person typed: not system messages (pins, joins, thread starters). */
const TYPED = new Set<MessageType>([MessageType.Default, MessageType.Reply]);

export class ThreadMessages {
  constructor(private readonly deps: ThreadMessageDeps) {}

  /** A message in a guild channel: only a person's words in a thread are the core's business. */
  async onGuildMessage(message: Message): Promise<void> {
    if (!message.inGuild() || message.author.bot || message.webhookId || !TYPED.has(message.type)) return;
    const channel = message.channel;
    if (!channel.isThread() || !channel.parentId || !message.content) return;
    const member = message.member;
    const guildId = message.guildId;
    const roles =
      member instanceof GuildMember
        ? [...member.roles.cache.keys()].filter((id) => id !== guildId).map((id) => ids.roleId(guildId, id))
        : [];
    const event: InboundEvent = {
      kind: 'message',
      id: message.id,
      actor: {
        platform: 'discord',
        tenantId: ids.tenantId(guildId),
        userId: ids.userId(guildId, message.author.id),
        displayName: member?.displayName ?? message.author.globalName ?? message.author.username,
        roles,
        ...(member?.permissions.has(PermissionFlagsBits.ManageGuild) ? { platformAdmin: true } : {}),
      },
      // A thread started from a message shares that message's id: the card's.
      place: { kind: 'channel', channelId: ids.channelId(channel.parentId), threadOf: channel.id },
      text: message.content,
      raw: message.toJSON(),
    };
    const reply = await this.deps.core.handle(event);
    if (reply.duplicate) return;
    if (reply.react) {
      await message
        .react(DISCORD_REACTIONS[reply.react])
        .catch((error: unknown) =>
          this.deps.logger.warn({ err: loggable(error) }, 'discord: could not react in a card thread'),
        );
    }
    await this.post(channel.id, reply);
  }

  /** A customer edited a message in their DM. */
  async onUpdate(after: AnyMessage): Promise<void> {
    const message = after.partial ? await after.fetch().catch(() => undefined) : after;
    if (!message || message.inGuild() || message.author.bot || !TYPED.has(message.type)) return;
    if (!message.content || message.editedTimestamp === null) return;
    await this.change(message.author.id, message.channelId, {
      id: `edit:${message.id}:${message.editedTimestamp}`,
      change: 'edited',
      text: message.content,
    });
  }

  /** A customer deleted a message in their DM. */
  async onDelete(deleted: AnyMessage): Promise<void> {
    if (deleted.guildId) return;
    // An uncached message comes with its id only: the DM's other member is its author.
    const author = deleted.author ?? (await this.recipientOf(deleted.channelId));
    if (!author || author.bot) return;
    await this.change(author.id, deleted.channelId, {
      id: `delete:${deleted.id}`,
      change: 'deleted',
      text: '',
    });
  }

  private async recipientOf(channelId: string) {
    const channel = await this.deps.client.channels.fetch(channelId).catch(() => null);
    return channel?.isDMBased() && 'recipient' in channel ? (channel.recipient ?? undefined) : undefined;
  }

  /** Hands a DM change to the core in the customer's server (each, when there are several). */
  private async change(
    discordUserId: string,
    dmChannelId: string,
    what: Pick<MessageEvent, 'id' | 'change' | 'text'>,
  ): Promise<void> {
    const resolution = await this.deps.tenancy.resolve(discordUserId);
    const guilds =
      resolution.kind === 'one' ? [resolution.guild] : resolution.kind === 'several' ? resolution.guilds : [];
    for (const guild of guilds) {
      const event: InboundEvent = {
        kind: 'message',
        id: guilds.length > 1 ? `${what.id}:${guild.guildId}` : what.id,
        actor: {
          platform: 'discord',
          tenantId: ids.tenantId(guild.guildId),
          userId: ids.userId(guild.guildId, discordUserId),
          displayName: guild.view.displayName ?? '',
          roles: [],
        },
        place: { kind: 'dm' },
        text: what.text,
        ...(what.change ? { change: what.change } : {}),
      };
      const reply = await this.deps.core.handle(event);
      if (!reply.duplicate) await this.post(dmChannelId, reply);
    }
  }

  private async post(channelId: string, reply: Reply): Promise<void> {
    for (const rendered of reply.messages.flatMap((message) => renderMessageParts(message))) {
      await this.deps.port
        .post(channelId, rendered)
        .catch((error: unknown) =>
          this.deps.logger.warn({ err: loggable(error) }, 'discord: could not answer a thread or DM change'),
        );
    }
  }
}
