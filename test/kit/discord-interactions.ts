/**
 * INTERACTION_CREATE bodies shaped like Discord's: slash commands, autocomplete, components and
 * modal submits, in a guild (with `member`) or a DM (with `user`). discord.js reads
 * `data.channel.id` and `entitlements`, so both are always present.
 */
import {
  apiChannel,
  apiMember,
  apiUser,
  type FakeChannel,
  type FakeGuild,
  type FakeUser,
  memberPermissions,
  snowflake,
} from './discord-model.js';
import type { StoredMessage } from './discord-rest.js';

/** Who acts, and where: a guild channel (guildId + channelId) or their DM with the bot. */
export interface Invoker {
  user: FakeUser;
  guildId?: string;
  channelId?: string;
  locale?: string;
}

const OPTION_TYPES = { string: 3, integer: 4, boolean: 5 } as const;

/** Builds the `options` array of a command: `[{ type: 1, name: sub, options: […] }]`. */
export function optionTree(
  subcommand: string | undefined,
  values: Record<string, string | number | boolean>,
  focused?: string,
): unknown[] {
  const leaves = Object.entries(values).map(([name, value]) => ({
    name,
    type:
      typeof value === 'number'
        ? OPTION_TYPES.integer
        : typeof value === 'boolean'
          ? OPTION_TYPES.boolean
          : /^\d{17,20}$/.test(value) && /channel|role|user|member|customer/.test(name)
            ? optionTypeFor(name)
            : OPTION_TYPES.string,
    value,
    ...(name === focused ? { focused: true } : {}),
  }));
  return subcommand ? [{ name: subcommand, type: 1, options: leaves }] : leaves;
}

function optionTypeFor(name: string): number {
  if (name.includes('channel')) return 7;
  if (name.includes('role')) return 8;
  return 6;
}

export function interactionPayload(input: {
  applicationId: string;
  type: number;
  data: Record<string, unknown>;
  who: Invoker;
  guild: FakeGuild | undefined;
  channel: FakeChannel;
  message: StoredMessage | undefined;
}): Record<string, unknown> {
  const { guild, who, channel } = input;
  const member = guild?.members.find((m) => m.user.id === who.user.id);
  if (guild && !member) throw new Error(`${who.user.username} is not a member of ${guild.name}`);
  const data = guild ? withResolved(input.data, guild) : input.data;
  return {
    id: snowflake(),
    application_id: input.applicationId,
    type: input.type,
    data,
    token: `itoken-${snowflake()}`,
    version: 1,
    locale: who.locale ?? 'en-US',
    entitlements: [],
    app_permissions: '2248473465835073',
    attachment_size_limit: 10_485_760,
    authorizing_integration_owners: guild ? { '0': guild.id } : { '1': who.user.id },
    context: guild ? 0 : 1,
    channel_id: channel.id,
    channel: apiChannel(channel, channel.type === 1 ? [who.user] : []),
    ...(guild && member
      ? {
          guild_id: guild.id,
          guild_locale: guild.locale ?? 'en-US',
          guild: { id: guild.id, locale: guild.locale ?? 'en-US', features: [] },
          member: { ...apiMember(guild, member, true), permissions: memberPermissions(guild, member) },
        }
      : { user: apiUser(who.user) }),
    ...(input.message ? { message: input.message } : {}),
  };
}

/** Channel, role and user options come with `resolved` data, as Discord sends them. */
function withResolved(data: Record<string, unknown>, guild: FakeGuild): Record<string, unknown> {
  const leaves = collectLeaves(data.options as Record<string, unknown>[] | undefined);
  const channels: Record<string, unknown> = {};
  const roles: Record<string, unknown> = {};
  const users: Record<string, unknown> = {};
  const members: Record<string, unknown> = {};
  for (const leaf of leaves) {
    const id = String(leaf.value);
    if (leaf.type === 7) {
      const channel = guild.channels.find((c) => c.id === id);
      if (channel) channels[id] = { ...apiChannel({ ...channel, guildId: guild.id }), permissions: '0' };
    }
    if (leaf.type === 6) {
      const member = guild.members.find((m) => m.user.id === id);
      if (member) {
        const { user: _user, ...rest } = apiMember(guild, member, true);
        users[id] = apiUser(member.user);
        members[id] = rest;
      }
    }
    if (leaf.type === 8) {
      const role = guild.roles.find((r) => r.id === id);
      if (role) roles[id] = { id, name: role.name, permissions: role.permissions, position: 1, color: 0 };
    }
  }
  const resolved = Object.fromEntries(
    Object.entries({ channels, roles, users, members }).filter(([, entries]) => Object.keys(entries).length),
  );
  return Object.keys(resolved).length ? { ...data, resolved } : data;
}

function collectLeaves(options: Record<string, unknown>[] | undefined): Record<string, unknown>[] {
  return (options ?? []).flatMap((o) =>
    Array.isArray(o.options) ? collectLeaves(o.options as Record<string, unknown>[]) : [o],
  );
}

/** The `components` of a modal submit for the modal the bot opened (label components). */
export function modalSubmitComponents(
  modal: Record<string, unknown>,
  values: Record<string, string | string[]>,
): unknown[] {
  const labels = (modal.components as Record<string, unknown>[]) ?? [];
  return labels.map((label, index) => {
    const inner = label.component as Record<string, unknown>;
    const customId = String(inner.custom_id);
    const value = values[customId];
    if (inner.type === 3) {
      const picked = value === undefined ? [] : Array.isArray(value) ? value : [value];
      return {
        type: 18,
        id: index * 2 + 1,
        component: { type: 3, id: index * 2 + 2, custom_id: customId, values: picked },
      };
    }
    return {
      type: 18,
      id: index * 2 + 1,
      component: {
        type: 4,
        id: index * 2 + 2,
        custom_id: customId,
        value: Array.isArray(value) ? value[0] : (value ?? ''),
      },
    };
  });
}
