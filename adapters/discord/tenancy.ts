/**
 * Which guild a DM belongs to. A DM has no guild, but a complaint belongs to a tenant: the guild
 * the customer shares with the bot. One → that one; several → the customer picks (remembered);
 * none → we ask them to use /complain in a server.
 *
 * Membership is learnt from `GET /guilds/{id}/members/{user}`, which needs no privileged intent.
 * DMs all arrive on shard 0, but a sharded instance only holds its own shards' guilds, so when
 * this instance does not run every shard the bot's guild list comes over REST instead
 * (`GET /users/@me/guilds`, then each guild not cached), kept for a minute.
 * Picks and the message held while a customer picks are kept in the core's `AdapterState` (the
 * database), so a restart or another instance remembers them. Misses are only a cache of
 * Discord's answers and stay in this process.
 */
import { type Client, type Guild, type GuildMember, PermissionFlagsBits } from 'discord.js';
import type { AdapterState, JsonValue, Logger } from '../../src/ports.js';
import { TtlCache } from '../../src/ttl-cache.js';
import { DISCORD_CODES, discordCode, loggable } from './errors.js';
import * as ids from './ids.js';
import type { Parsed, TenantView } from './normalise.js';

export interface SharedGuild {
  guildId: string;
  name: string;
  view: TenantView;
}

export type Resolution =
  | { kind: 'one'; guild: SharedGuild }
  | { kind: 'several'; guilds: SharedGuild[] }
  | { kind: 'none' };

export interface TenancyOptions {
  /** How long "not a member of that guild" is believed before asking Discord again. */
  missTtlMs: number;
  /** Parallel member look-ups, so a bot in many guilds does not burst the rate limit. */
  concurrency: number;
  /** How long the message that made us ask "which server?" waits for the customer's pick. */
  pendingTtlMs: number;
  now(): number;
}

export const DEFAULT_TENANCY = {
  missTtlMs: 10 * 60_000,
  concurrency: 8,
  // A day: long enough for someone who wrote at night to pick in the morning; after that their
  // words have gone stale (they are asked to say it again) and no longer sit outside the intake.
  pendingTtlMs: 24 * 60 * 60_000,
  now: () => Date.now(),
} as const satisfies TenancyOptions;

type Pending = Extract<Parsed, { id: string }>;

/** Namespaces in the core's adapter state; keys are the customer's Discord user id. */
const PICKS = 'discord.dm-pick';

/**
 * How long a sharded instance trusts the bot's guild list fetched over REST: a guild that just
 * added the bot is found within a minute, and a burst of DMs costs one listing, not one each.
 */
const GUILD_LIST_TTL_MS = 60_000;

/** Discord's largest page of `GET /users/@me/guilds`. */
const GUILD_PAGE = 200;
const PENDING = 'discord.dm-pending';

export class DmTenancy {
  /** Guild and user pairs found not to be members, not asked again for `missTtlMs`. */
  private readonly misses: TtlCache<true>;
  /** The bot's guild ids over every shard, when this instance runs only some of them. */
  private readonly guildList: TtlCache<string[]>;

  constructor(
    private readonly client: Client,
    private readonly state: AdapterState,
    private readonly logger: Logger,
    private readonly options: TenancyOptions = DEFAULT_TENANCY,
  ) {
    this.misses = new TtlCache(options.missTtlMs, options.now);
    this.guildList = new TtlCache(GUILD_LIST_TTL_MS, options.now);
  }

  async resolve(discordUserId: string): Promise<Resolution> {
    const shared = await this.sharedGuilds(discordUserId);
    if (shared.length === 0) return { kind: 'none' };
    if (shared.length === 1 && shared[0]) return { kind: 'one', guild: shared[0] };
    const picked = await this.state.get(PICKS, discordUserId);
    const chosen = shared.find((g) => g.guildId === picked);
    if (chosen) return { kind: 'one', guild: chosen };
    return { kind: 'several', guilds: shared };
  }

  /** The guild a customer picked; returns its view, or undefined if they are no longer a member. */
  async pick(discordUserId: string, guildId: string): Promise<SharedGuild | undefined> {
    const guild = await this.guild(guildId);
    const shared = guild ? await this.probe(guild, discordUserId) : undefined;
    if (shared) await this.state.set(PICKS, discordUserId, guildId);
    return shared;
  }

  /** Keeps the event that made us ask, to hand it to the core once they pick. */
  async hold(discordUserId: string, event: Pending): Promise<void> {
    await this.state.set(PENDING, discordUserId, toStored(event), this.options.pendingTtlMs);
  }

  /** The held event, once: later calls (or another instance) find nothing. */
  async release(discordUserId: string): Promise<Pending | undefined> {
    const stored = await this.state.get(PENDING, discordUserId);
    if (stored === undefined) return undefined;
    await this.state.delete(PENDING, discordUserId);
    return isPending(stored) ? stored : undefined;
  }

  private async sharedGuilds(discordUserId: string): Promise<SharedGuild[]> {
    const guilds = await this.allGuilds();
    const found: SharedGuild[] = [];
    for (let at = 0; at < guilds.length; at += this.options.concurrency) {
      const batch = guilds.slice(at, at + this.options.concurrency);
      const results = await Promise.all(batch.map((guild) => this.probe(guild, discordUserId)));
      for (const result of results) if (result) found.push(result);
    }
    return found;
  }

  /** Every guild the bot is in: the cache when this instance runs every shard, else over REST. */
  private async allGuilds(): Promise<Guild[]> {
    if (this.client.ws.shards.size >= (this.client.options.shardCount ?? 1)) {
      return [...this.client.guilds.cache.values()];
    }
    const ids = await this.guildList.get('all', () => this.listGuildIds());
    const guilds: Guild[] = [];
    for (let at = 0; at < ids.length; at += this.options.concurrency) {
      const batch = await Promise.all(
        ids.slice(at, at + this.options.concurrency).map((id) => this.guild(id)),
      );
      for (const guild of batch) if (guild) guilds.push(guild);
    }
    return guilds;
  }

  private async listGuildIds(): Promise<string[]> {
    const ids: string[] = [];
    for (;;) {
      const after = ids.at(-1);
      const page = await this.client.guilds.fetch({ limit: GUILD_PAGE, ...(after ? { after } : {}) });
      ids.push(...page.keys());
      if (page.size < GUILD_PAGE) return ids;
    }
  }

  /** A guild from the cache, or fetched over REST when it is on a shard another instance runs. */
  private async guild(guildId: string): Promise<Guild | undefined> {
    try {
      return await this.client.guilds.fetch(guildId);
    } catch (error) {
      this.logger.warn(
        { guildId, code: discordCode(error), err: loggable(error) },
        'discord guild look-up failed',
      );
      return undefined;
    }
  }

  private async probe(guild: Guild, discordUserId: string): Promise<SharedGuild | undefined> {
    const key = `${guild.id}:${discordUserId}`;
    if (this.misses.peek(key)) return undefined;
    try {
      const member = await guild.members.fetch(discordUserId);
      this.misses.delete(key);
      return { guildId: guild.id, name: guild.name, view: viewOf(member) };
    } catch (error) {
      const code = discordCode(error);
      if (code !== DISCORD_CODES.unknownMember && code !== DISCORD_CODES.unknownUser) {
        this.logger.warn({ guildId: guild.id, code, err: loggable(error) }, 'discord member look-up failed');
      }
      this.misses.set(key, true);
      return undefined;
    }
  }
}

/**
 * The held event as plain JSON. Its `raw` payload is left out: it is only for debugging, would
 * make the row many times larger, and holds more about the person than we need to keep.
 */
function toStored(event: Pending): JsonValue {
  return JSON.parse(JSON.stringify({ ...event, raw: undefined }));
}

const KINDS: ReadonlySet<unknown> = new Set(['message', 'command', 'action', 'form']);

/** A stored event still has the shape we hold (a row written by an older version may not). */
function isPending(value: unknown): value is Pending {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Record<string, unknown>;
  const who = event.who as Record<string, unknown> | null | undefined;
  return (
    KINDS.has(event.kind) &&
    typeof event.id === 'string' &&
    typeof who?.discordUserId === 'string' &&
    Array.isArray(who.roles) &&
    typeof event.where === 'object' &&
    event.where !== null
  );
}

function viewOf(member: GuildMember): TenantView {
  const guildId = member.guild.id;
  const roles = [...member.roles.cache.keys()]
    .filter((id) => id !== guildId)
    .map((id) => ids.roleId(guildId, id));
  // A fact for the core, which decides what Manage Server allows.
  const platformAdmin = member.permissions.has(PermissionFlagsBits.ManageGuild);
  return { guildId, roles, platformAdmin, displayName: member.displayName };
}
