/**
 * Normalisation: a discord.js message or interaction becomes a tagged `Parsed` value. Anything we
 * do not handle is an explicit `unsupported` with a reason, never a throw. The tenant is not
 * decided here: a guild interaction carries it, a DM needs a lookup (see tenancy.ts), and
 * `toInbound` finishes the neutral event once it is known.
 */
import {
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  GuildMember,
  type Interaction,
  type Message,
  MessageType,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
} from 'discord.js';
import type { Actor, CommandName, FileRef, InboundEvent, Place } from '../../src/messages.js';
import { commandText, isCommandName, type UsedOption } from './commands.js';
import { type FormOrigin, unpackAction, unpackForm } from './custom-id.js';
import * as ids from './ids.js';

/** Who acted, as Discord told us. Guild roles are already opaque role ids. */
export interface Who {
  discordUserId: string;
  displayName: string;
  locale?: string;
  /** Set when the event happened in a guild: the tenant. */
  guildId?: string;
  /** Opaque ids of the member's guild roles (facts: the core decides which are staff). */
  roles: string[];
  /** The member has Manage Server in this guild. */
  platformAdmin?: boolean;
}

/** Where a guild event happened, as Discord snowflakes. */
interface Where {
  channelId: string;
  /** Set when the channel is a thread: its parent channel. */
  parentId?: string;
}

interface ParsedBase {
  id: string;
  who: Who;
  where: Where;
  /**
   * The platform payload, for debugging only (the core never reads it). An interaction is kept as
   * the discord.js object itself: serialised (JSON.stringify calls its `toJSON`) it reads as
   * `toJSON()` would, and no interaction pays for that copy before its answer.
   */
  raw: unknown;
}

export type Parsed =
  | (ParsedBase & { kind: 'message'; text: string; files?: FileRef[] })
  | (ParsedBase & {
      kind: 'command';
      command: CommandName;
      text: string;
      mentions: Record<string, string>;
      files?: FileRef[];
    })
  | (ParsedBase & {
      kind: 'action';
      action: string;
      value: string;
      source?: { channelId: string; messageId: string };
    })
  | (ParsedBase & {
      kind: 'form';
      formId: string;
      context?: string;
      values: Record<string, string>;
      origin: FormOrigin;
    })
  | { kind: 'autocomplete'; who: Who; command: CommandName; option: string; typed: string }
  | { kind: 'unsupported'; reason: string };

const unsupported = (reason: string): Parsed => ({ kind: 'unsupported', reason });

function guildRoles(interaction: Interaction): string[] {
  const guildId = interaction.guildId;
  if (!guildId) return [];
  const member = interaction.member;
  const roleIds =
    member instanceof GuildMember
      ? [...member.roles.cache.keys()]
      : Array.isArray(member?.roles)
        ? member.roles
        : [];
  return roleIds.filter((id) => id !== guildId).map((id) => ids.roleId(guildId, id));
}

function displayNameOf(interaction: Interaction): string {
  const member = interaction.member;
  if (member instanceof GuildMember) return member.displayName;
  const nick = member && 'nick' in member ? member.nick : null;
  return nick ?? interaction.user.globalName ?? interaction.user.username;
}

function whoOf(interaction: Interaction): Who {
  return {
    discordUserId: interaction.user.id,
    displayName: displayNameOf(interaction),
    locale: interaction.locale,
    roles: guildRoles(interaction),
    ...(interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ? { platformAdmin: true } : {}),
    ...(interaction.guildId ? { guildId: interaction.guildId } : {}),
  };
}

function whereOf(interaction: Interaction): Where {
  const channel = interaction.channel;
  const parentId = channel?.isThread() ? (channel.parentId ?? undefined) : undefined;
  return { channelId: interaction.channelId ?? '', ...(parentId ? { parentId } : {}) };
}

/** The value of an option in the core's words: opaque ids for channels, roles and members. */
function optionValue(option: CommandInteractionOption, guildId: string | null): string {
  const value = String(option.value ?? '');
  if (option.channel) return ids.channelId(option.channel.id);
  if (option.role && guildId) return ids.roleId(guildId, option.role.id);
  if (option.user && guildId) return ids.userId(guildId, option.user.id);
  return value;
}

/** An attachment as the core's file reference (its CDN URL, fetched when it is re-posted). */
function fileOf(a: { name: string; contentType: string | null; size: number; url: string }): FileRef {
  return {
    name: a.name,
    mimeType: a.contentType ?? 'application/octet-stream',
    size: a.size,
    ref: a.url,
    url: a.url,
  };
}

function usedOptions(interaction: ChatInputCommandInteraction): {
  sub: string | null;
  used: UsedOption[];
  mentions: Record<string, string>;
  files: FileRef[];
} {
  const top = interaction.options.data;
  const sub = top.find((o) => o.options !== undefined);
  const leaves = sub ? (sub.options ?? []) : top;
  const mentions: Record<string, string> = {};
  const guildId = interaction.guildId;
  for (const option of leaves) {
    if (!option.user || !guildId) continue;
    const member = option.member instanceof GuildMember ? option.member.displayName : undefined;
    mentions[ids.userId(guildId, option.user.id)] = member ?? option.user.globalName ?? option.user.username;
  }
  // An attachment option (`/ticket reply … file:`) is a file, never words.
  const files = leaves.flatMap((o) => (o.attachment ? [fileOf(o.attachment)] : []));
  return {
    sub: sub?.name ?? null,
    used: leaves.filter((o) => !o.attachment).map((o) => ({ name: o.name, value: optionValue(o, guildId) })),
    mentions,
    files,
  };
}

function parseCommand(interaction: ChatInputCommandInteraction): Parsed {
  if (!isCommandName(interaction.commandName)) return unsupported(`command /${interaction.commandName}`);
  const { sub, used, mentions, files } = usedOptions(interaction);
  return {
    kind: 'command',
    id: interaction.id,
    who: whoOf(interaction),
    where: whereOf(interaction),
    raw: interaction,
    command: interaction.commandName,
    text: commandText(interaction.commandName, sub, used),
    mentions,
    ...(files.length > 0 ? { files } : {}),
  };
}

function parseAutocomplete(interaction: AutocompleteInteraction): Parsed {
  if (!isCommandName(interaction.commandName)) return unsupported(`autocomplete /${interaction.commandName}`);
  const focused = interaction.options.getFocused(true);
  return {
    kind: 'autocomplete',
    who: whoOf(interaction),
    command: interaction.commandName,
    option: focused.name,
    typed: String(focused.value),
  };
}

function parseModal(interaction: ModalSubmitInteraction): Parsed {
  const form = unpackForm(interaction.customId);
  if (!form) return unsupported(`modal ${interaction.customId}`);
  const values: Record<string, string> = {};
  for (const [customId, field] of interaction.fields.fields) {
    if ('value' in field && typeof field.value === 'string') values[customId] = field.value;
    else if ('values' in field && Array.isArray(field.values)) values[customId] = field.values[0] ?? '';
  }
  return {
    kind: 'form',
    id: interaction.id,
    who: whoOf(interaction),
    where: whereOf(interaction),
    raw: interaction,
    formId: form.formId,
    ...(form.context === undefined ? {} : { context: form.context }),
    values,
    origin: form.origin,
  };
}

/** An interaction as a `Parsed` value. */
export function parseInteraction(interaction: Interaction): Parsed {
  if (interaction.user.bot) return unsupported('from a bot');
  if (interaction.isChatInputCommand()) return parseCommand(interaction);
  if (interaction.isAutocomplete()) return parseAutocomplete(interaction);
  if (interaction.isModalSubmit()) return parseModal(interaction);
  if (interaction.isButton() || interaction.isStringSelectMenu()) {
    const packed = unpackAction(interaction.customId);
    if (!packed) return unsupported(`component ${interaction.customId}`);
    const value = interaction.isStringSelectMenu() ? (interaction.values[0] ?? '') : packed.value;
    return {
      kind: 'action',
      id: interaction.id,
      who: whoOf(interaction),
      where: whereOf(interaction),
      raw: interaction,
      action: packed.action,
      value,
      source: { channelId: interaction.message.channelId, messageId: interaction.message.id },
    };
  }
  return unsupported(`interaction type ${interaction.type}`);
}

/** Messages a person typed: not system messages (pins, joins, thread starters). */
const TYPED = new Set<MessageType>([MessageType.Default, MessageType.Reply]);

/**
 * A message as a `Parsed` value. Only DMs reach us (no GuildMessages intent); the bot's own
 * messages come back through the gateway too and are dropped here.
 */
export function parseMessage(message: Message): Parsed {
  if (message.author.bot || message.webhookId) return unsupported('from a bot');
  if (message.inGuild()) return unsupported('not a direct message');
  if (!TYPED.has(message.type)) return unsupported(`message type ${message.type}`);
  // Attachments are files the person shared: references to Discord's CDN, kept beside the words.
  const files: FileRef[] = [...message.attachments.values()].map((a) => ({
    name: a.name,
    mimeType: a.contentType ?? 'application/octet-stream',
    size: a.size,
    ref: a.url,
    url: a.url,
  }));
  const text = message.content;
  if (!text && files.length === 0) return unsupported('empty message');
  return {
    kind: 'message',
    id: message.id,
    who: {
      discordUserId: message.author.id,
      displayName: message.author.globalName ?? message.author.username,
      roles: [],
    },
    where: { channelId: message.channelId },
    raw: message.toJSON(),
    text,
    ...(files.length > 0 ? { files } : {}),
  };
}

/** The tenant an event belongs to, and what the member looks like there. */
export interface TenantView {
  guildId: string;
  /** Roles the member has there, when known from a lookup (DMs). */
  roles?: string[];
  /** Whether the member has Manage Server there, when known from a lookup (DMs). */
  platformAdmin?: boolean;
  displayName?: string;
}

function placeOf(parsed: Extract<Parsed, { id: string }>): Place {
  if (parsed.kind === 'form') return { kind: 'form' };
  if (!parsed.who.guildId) return { kind: 'dm' };
  const { channelId, parentId } = parsed.where;
  // A thread started from a message shares that message's id: parent channel + message id.
  return parentId
    ? { kind: 'channel', channelId: ids.channelId(parentId), threadOf: channelId }
    : { kind: 'channel', channelId: ids.channelId(channelId) };
}

/** The core's actor for someone, once the tenant (guild) is known. */
export function actorOf(who: Who, tenant: TenantView): Actor {
  return {
    platform: 'discord',
    tenantId: ids.tenantId(tenant.guildId),
    userId: ids.userId(tenant.guildId, who.discordUserId),
    displayName: tenant.displayName ?? who.displayName,
    roles: tenant.roles ?? who.roles,
    ...((tenant.roles ? tenant.platformAdmin : who.platformAdmin) ? { platformAdmin: true } : {}),
    ...(who.locale ? { locale: who.locale } : {}),
  };
}

/** Finishes a parsed event as the core's neutral event, once its tenant is known. */
export function toInbound(parsed: Extract<Parsed, { id: string }>, tenant: TenantView): InboundEvent {
  const base = {
    id: parsed.id,
    actor: actorOf(parsed.who, tenant),
    place: placeOf(parsed),
    raw: parsed.raw,
  };
  switch (parsed.kind) {
    case 'message':
      return {
        ...base,
        kind: 'message',
        text: parsed.text,
        ...(parsed.files ? { files: parsed.files } : {}),
      };
    case 'command':
      return {
        ...base,
        kind: 'command',
        command: parsed.command,
        text: parsed.text,
        ...(Object.keys(parsed.mentions).length ? { mentions: parsed.mentions } : {}),
        ...(parsed.files ? { files: parsed.files } : {}),
      };
    case 'action':
      return {
        ...base,
        kind: 'action',
        action: parsed.action,
        value: parsed.value,
        ...(parsed.source
          ? {
              source: {
                platform: 'discord',
                channelId: ids.channelId(parsed.source.channelId),
                messageId: parsed.source.messageId,
              },
            }
          : {}),
      };
    case 'form':
      return {
        ...base,
        kind: 'form',
        formId: parsed.formId,
        values: parsed.values,
        ...(parsed.context === undefined ? {} : { context: parsed.context }),
      };
  }
}
