/**
 * Opaque ids for the core. The core stores and compares them and never parses them; this adapter
 * is the only place that builds and reads them.
 *
 * - tenant: `discord:<guildId>` (a guild is a tenant)
 * - user: `discord:<guildId>:<userId>` (the same person is a different customer in each guild)
 * - role: `discord:<guildId>:<roleId>`
 * - channel, thread and DM channel: `discord:<channelId>`
 */
const PREFIX = 'discord:';
const SNOWFLAKE = /^\d{15,22}$/;

export const tenantId = (guildId: string): string => `${PREFIX}${guildId}`;
export const userId = (guildId: string, discordUserId: string): string =>
  `${PREFIX}${guildId}:${discordUserId}`;
export const roleId = (guildId: string, discordRoleId: string): string =>
  `${PREFIX}${guildId}:${discordRoleId}`;
export const channelId = (discordChannelId: string): string => `${PREFIX}${discordChannelId}`;

function parts(opaque: string): string[] | undefined {
  if (!opaque.startsWith(PREFIX)) return undefined;
  const rest = opaque.slice(PREFIX.length).split(':');
  return rest.every((part) => SNOWFLAKE.test(part)) ? rest : undefined;
}

/** `discord:<channelId>` → the channel snowflake, or undefined when it is not ours. */
export function parseChannelId(opaque: string): string | undefined {
  const found = parts(opaque);
  return found?.length === 1 ? found[0] : undefined;
}

/** `discord:<guildId>` → the guild snowflake. */
export const parseTenantId = parseChannelId;

/** `discord:<guildId>:<roleId>` → both snowflakes (roles are written like users). */
export function parseRoleId(opaque: string): { guildId: string; roleId: string } | undefined {
  const user = parseUserId(opaque);
  return user ? { guildId: user.guildId, roleId: user.userId } : undefined;
}

/** `discord:<guildId>:<userId>` → both snowflakes. */
export function parseUserId(opaque: string): { guildId: string; userId: string } | undefined {
  const found = parts(opaque);
  if (found?.length !== 2 || !found[0] || !found[1]) return undefined;
  return { guildId: found[0], userId: found[1] };
}
