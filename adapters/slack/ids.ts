/**
 * Opaque ids for the core. The core never parses them; only this adapter does, to turn an id it
 * made back into the Slack team and object ids (`slack:T123:U456` → team T123, user U456).
 */
import { PlatformError } from '../../src/errors.js';

/** The opaque tenant id of a Slack workspace. */
export function tenantIdOf(teamId: string): string {
  return `slack:${teamId}`;
}

/** The opaque id of a Slack object (user, channel, user group) inside a workspace. */
export function opaqueId(teamId: string, slackId: string): string {
  return `slack:${teamId}:${slackId}`;
}

export interface SlackObjectId {
  teamId: string;
  id: string;
}

/** Splits an id this adapter made; undefined for anything else (another platform's ids). */
export function parseOpaqueId(opaque: string): SlackObjectId | undefined {
  const parts = opaque.split(':');
  if (parts.length !== 3 || parts[0] !== 'slack') return undefined;
  const [, teamId, id] = parts;
  if (!teamId || !id) return undefined;
  return { teamId, id };
}

/** Like `parseOpaqueId` but for ids the core got from us: a foreign id here is a bug upstream. */
export function slackIdOf(opaque: string): SlackObjectId {
  const parsed = parseOpaqueId(opaque);
  if (!parsed) throw new PlatformError('E_PLATFORM_FOREIGN_ID', opaque);
  return parsed;
}

/** Slack's direct-message conversations have ids starting with D. */
export function isDirectMessageChannel(channelId: string): boolean {
  return channelId.startsWith('D');
}
