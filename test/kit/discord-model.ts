/**
 * The world a fake Discord serves: users, guilds, channels, roles, and the shapes of the JSON
 * payloads Discord sends (users, members, channels, messages), built the way the real API does.
 */

/** Discord's epoch, for snowflakes whose timestamps discord.js can read. */
const DISCORD_EPOCH = 1_420_070_400_000n;
let sequence = 0n;

/** A fresh snowflake, increasing within the process like the real ones. */
export function snowflake(at = Date.now()): string {
  sequence += 1n;
  return String(((BigInt(at) - DISCORD_EPOCH) << 22n) + (sequence % 4096n));
}

/** When a snowflake was made (ms since 1970), as Discord reads its first 42 bits. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/**
 * A fresh snowflake on the given shard of `shardCount`, as Discord computes it
 * (`(id >> 22) % shardCount`): tests pick guild ids so each shard has one.
 */
export function snowflakeOnShard(shard: number, shardCount: number): string {
  const id = BigInt(snowflake());
  const count = BigInt(shardCount);
  const off = (BigInt(shard) - ((id >> 22n) % count) + count) % count;
  return String(id + (off << 22n));
}

export interface FakeUser {
  id: string;
  username: string;
  globalName?: string;
  bot?: boolean;
  /** The user has turned off DMs from server members: sending to them fails with 50007. */
  dmsClosed?: boolean;
}

export interface FakeMember {
  user: FakeUser;
  roles: string[];
  /** Permission bitfield as Discord sends it (a decimal string); derived from roles when absent. */
  permissions?: string;
}

export interface FakeRole {
  id: string;
  name: string;
  permissions: string;
}

export interface FakeChannel {
  id: string;
  name: string;
  /** 0 text, 1 DM, 11 public thread, 12 private thread. */
  type: number;
  guildId?: string;
  parentId?: string;
  recipientId?: string;
  members?: string[];
}

export interface FakeGuild {
  id: string;
  name: string;
  locale?: string;
  roles: FakeRole[];
  channels: FakeChannel[];
  members: FakeMember[];
}

/** Permission bits the tests use (discord-api-types `PermissionFlagsBits`). */
export const PERMISSIONS = {
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  manageGuild: 1n << 5n,
  administrator: 1n << 3n,
} as const;

export const EVERYONE_PERMISSIONS = String(PERMISSIONS.viewChannel | PERMISSIONS.sendMessages);

export function apiUser(user: FakeUser): Record<string, unknown> {
  return {
    id: user.id,
    username: user.username,
    global_name: user.globalName ?? null,
    discriminator: '0',
    avatar: null,
    bot: user.bot ?? false,
    public_flags: 0,
    flags: 0,
  };
}

export function memberPermissions(guild: FakeGuild, member: FakeMember): string {
  if (member.permissions) return member.permissions;
  let bits = 0n;
  for (const role of guild.roles) {
    if (role.id === guild.id || member.roles.includes(role.id)) bits |= BigInt(role.permissions);
  }
  return String(bits);
}

export function apiMember(
  guild: FakeGuild,
  member: FakeMember,
  withPermissions: boolean,
): Record<string, unknown> {
  return {
    user: apiUser(member.user),
    nick: null,
    avatar: null,
    roles: member.roles,
    joined_at: '2026-01-01T00:00:00.000Z',
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
    ...(withPermissions ? { permissions: memberPermissions(guild, member) } : {}),
  };
}

export function apiChannel(channel: FakeChannel, recipients: FakeUser[] = []): Record<string, unknown> {
  const base = { id: channel.id, type: channel.type, flags: 0, last_message_id: null };
  if (channel.type === 1) return { ...base, recipients: recipients.map(apiUser) };
  const threadish = channel.type === 11 || channel.type === 12;
  return {
    ...base,
    name: channel.name,
    guild_id: channel.guildId,
    parent_id: channel.parentId ?? null,
    position: 0,
    permission_overwrites: [],
    nsfw: false,
    ...(threadish
      ? {
          owner_id: channel.members?.[0] ?? null,
          message_count: 0,
          member_count: channel.members?.length ?? 0,
          thread_metadata: {
            archived: false,
            auto_archive_duration: 10080,
            archive_timestamp: new Date().toISOString(),
            locked: false,
          },
        }
      : { topic: null, rate_limit_per_user: 0 }),
  };
}

export function apiRole(role: FakeRole, position: number): Record<string, unknown> {
  return {
    id: role.id,
    name: role.name,
    permissions: role.permissions,
    position,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    managed: false,
    mentionable: false,
    icon: null,
    unicode_emoji: null,
    flags: 0,
  };
}

/** The GUILD_CREATE dispatch body for a guild, as sent after READY. */
export function apiGuildCreate(guild: FakeGuild, bot: FakeMember): Record<string, unknown> {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.members[0]?.user.id ?? bot.user.id,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: guild.roles.map(apiRole),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: guild.locale ?? 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    joined_at: '2026-01-01T00:00:00.000Z',
    large: false,
    unavailable: false,
    member_count: guild.members.length + 1,
    voice_states: [],
    members: [apiMember(guild, bot, false)],
    channels: guild.channels.filter((c) => c.type === 0).map((c) => apiChannel(c)),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
