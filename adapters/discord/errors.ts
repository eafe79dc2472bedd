/**
 * Discord's JSON error codes we act on (https://discord.com/developers/docs/topics/opcodes-and-status-codes),
 * and the line between "retry later" and "retrying cannot help".
 */
import { DiscordAPIError, HTTPError } from 'discord.js';
import { PermanentDeliveryError } from '../../src/ports.js';

export const DISCORD_CODES = {
  unknownChannel: 10003,
  unknownGuild: 10004,
  unknownMember: 10007,
  unknownMessage: 10008,
  unknownUser: 10013,
  unknownWebhook: 10015,
  unknownInteraction: 10062,
  missingAccess: 50001,
  cannotDmUser: 50007,
  missingPermissions: 50013,
  invalidFormBody: 50035,
  alreadyAcknowledged: 40060,
  threadAlreadyCreated: 160004,
} as const satisfies Record<string, number>;

/** Machine reasons for the core's PermanentDeliveryError, by Discord code. */
const PERMANENT: Record<number, string> = {
  [DISCORD_CODES.cannotDmUser]: 'dm_closed',
  [DISCORD_CODES.unknownChannel]: 'channel_not_found',
  [DISCORD_CODES.unknownMessage]: 'message_not_found',
  [DISCORD_CODES.unknownUser]: 'user_not_found',
  [DISCORD_CODES.unknownGuild]: 'guild_not_found',
  [DISCORD_CODES.missingAccess]: 'no_access',
  [DISCORD_CODES.missingPermissions]: 'missing_permissions',
  [DISCORD_CODES.invalidFormBody]: 'invalid_payload',
};

export function discordCode(error: unknown): number | undefined {
  return error instanceof DiscordAPIError && typeof error.code === 'number' ? error.code : undefined;
}

/**
 * Turns a failed Discord call into what the outbox needs: a PermanentDeliveryError when retrying
 * cannot help (a client error other than a rate limit), the original error otherwise (5xx,
 * network, 429 after discord.js gave up) so the outbox tries again later.
 */
export function classifyDeliveryError(error: unknown, what: string): unknown {
  if (!(error instanceof DiscordAPIError)) return error;
  const code = typeof error.code === 'number' ? error.code : 0;
  const reason =
    PERMANENT[code] ??
    (error.status >= 400 && error.status < 500 && error.status !== 429 ? `http_${error.status}` : undefined);
  if (!reason) return error;
  return new PermanentDeliveryError(`Discord refused to ${what}: ${error.message} (code ${code})`, reason, {
    cause: error,
  });
}

/**
 * An error as it may be logged. discord.js errors carry the request body (customer words) and
 * webhook URLs carry interaction tokens, so only their code, status, method and route are kept.
 */
export function loggable(error: unknown): Record<string, unknown> {
  if (error instanceof DiscordAPIError || error instanceof HTTPError) {
    const route = new URL(error.url, 'http://x').pathname
      .replace(/\/webhooks\/(\d+)\/[^/]+/, '/webhooks/$1/:token')
      .replace(/\/interactions\/(\d+)\/[^/]+/, '/interactions/$1/:token');
    return {
      type: error.name,
      status: error.status,
      method: error.method,
      route,
      ...(error instanceof DiscordAPIError ? { code: error.code, message: error.message } : {}),
    };
  }
  if (error instanceof Error) return { type: error.name, message: error.message, stack: error.stack };
  return { type: typeof error };
}
