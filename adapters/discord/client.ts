/**
 * The discord.js client with the least it needs.
 *
 * Intents:
 * - `Guilds`: the guild list and channels (GUILD_CREATE), without which discord.js never emits
 *   ClientReady and cannot tell which servers a DM customer shares with the bot; also threads.
 * - `DirectMessages`: MESSAGE_CREATE for DMs, the customer's intake conversation.
 * - `GuildMessages` + `MessageContent`: what staff write in a complaint card's thread (relayed or
 *   kept as a note, by the tenant's `thread-replies`). MessageContent is privileged: turn on
 *   "Message Content Intent" in the Developer Portal (a verified bot of 100+ servers must apply);
 *   without it Discord refuses the login (4014). Other guild chatter is dropped unread.
 * DMs carry their content without MessageContent, roles and permissions come on each
 * interaction, and one member is looked up over REST (no GuildMembers).
 *
 * `partials`: DM channels are not cached before their first message, and without
 * `Partials.Channel` discord.js drops DMs silently; `Partials.Message` lets an edit or deletion
 * of a message sent before a restart (so not cached) still reach us.
 */
import { Client, GatewayIntentBits, Partials } from 'discord.js';

export const INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.DirectMessages,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.MessageContent,
] as const;

export interface DiscordClientOptions {
  /** REST base without version (`https://discord.com/api`); discord.js appends `/v10`. */
  apiUrl?: string;
  /**
   * The shards this process runs (discord.js internal sharding: one gateway connection each),
   * or `auto` for all of them at Discord's recommended count. Unset: one shard.
   */
  shards?: readonly number[] | 'auto';
  /** How many shards the whole bot has, over every instance (with a list of `shards`). */
  shardCount?: number;
}

/**
 * A REST request with no answer by then is aborted (discord.js's default is 15 s). A post carries an
 * enforced nonce, so discord.js retrying it, or the outbox later, cannot show it twice.
 */
export const REST_TIMEOUT_MS = 10_000;

/**
 * The acknowledgement of a command deferred at once (respond.ts `acknowledge`) gets this long, not
 * REST_TIMEOUT_MS and its retries (some 40 s): Discord takes it only within 3 s of the interaction,
 * and the work waits for it. Past this the acknowledgement can no longer help, so the work goes on
 * and its answer is edited in if Discord did take it.
 */
export const DEFER_DEADLINE_MS = 2_000;

export function createDiscordClient(options: DiscordClientOptions = {}): Client {
  return new Client({
    intents: [...INTENTS],
    partials: [Partials.Channel, Partials.Message],
    allowedMentions: { parse: [] },
    rest: {
      timeout: REST_TIMEOUT_MS,
      ...(options.apiUrl ? { api: options.apiUrl.replace(/\/+$/, '') } : {}),
    },
    ...(options.shards === 'auto' ? { shards: 'auto' as const } : {}),
    ...(Array.isArray(options.shards) && options.shardCount !== undefined
      ? { shards: [...options.shards], shardCount: options.shardCount }
      : {}),
  });
}
