/**
 * Which guild a DM belongs to. A DM has no guild, but a complaint belongs to a tenant: the guild
 * the customer shares with the bot. One → that one; several → the customer picks (remembered);
 * none → we ask them to use /complain in a server.
 *
 * Membership is learnt from `GET /guilds/{id}/members/{user}`, which needs no privileged intent.
 * Remembered picks and misses live in this process only: after a restart (or on another
 * instance) a customer in several guilds is simply asked once more.
 */
import { type Client, type Guild, type GuildMember, PermissionFlagsBits } from 'discord.js';
import { ROLE_ADMIN } from '../../src/messages.js';
import type { Logger } from '../../src/ports.js';
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
  now(): number;
}

export const DEFAULT_TENANCY = {
  missTtlMs: 10 * 60_000,
  concurrency: 8,
  now: () => Date.now(),
} as const satisfies TenancyOptions;

type Pending = Extract<Parsed, { id: string }>;

export class DmTenancy {
  private readonly picks = new Map<string, string>();
  private readonly misses = new Map<string, number>();
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly client: Client,
    private readonly logger: Logger,
    private readonly options: TenancyOptions = DEFAULT_TENANCY,
  ) {}

  async resolve(discordUserId: string): Promise<Resolution> {
    const shared = await this.sharedGuilds(discordUserId);
    const picked = this.picks.get(discordUserId);
    const chosen = shared.find((g) => g.guildId === picked);
    if (chosen) return { kind: 'one', guild: chosen };
    if (shared.length === 1 && shared[0]) return { kind: 'one', guild: shared[0] };
    if (shared.length === 0) return { kind: 'none' };
    return { kind: 'several', guilds: shared };
  }

  /** The guild a customer picked; returns its view, or undefined if they are no longer a member. */
  async pick(discordUserId: string, guildId: string): Promise<SharedGuild | undefined> {
    const guild = this.client.guilds.cache.get(guildId);
    const shared = guild ? await this.probe(guild, discordUserId) : undefined;
    if (shared) this.picks.set(discordUserId, guildId);
    return shared;
  }

  /** Keeps the event that made us ask, to hand it to the core once they pick. */
  hold(discordUserId: string, event: Pending): void {
    this.pending.set(discordUserId, event);
  }

  release(discordUserId: string): Pending | undefined {
    const event = this.pending.get(discordUserId);
    this.pending.delete(discordUserId);
    return event;
  }

  private async sharedGuilds(discordUserId: string): Promise<SharedGuild[]> {
    const guilds = [...this.client.guilds.cache.values()];
    const found: SharedGuild[] = [];
    for (let at = 0; at < guilds.length; at += this.options.concurrency) {
      const batch = guilds.slice(at, at + this.options.concurrency);
      const results = await Promise.all(batch.map((guild) => this.probe(guild, discordUserId)));
      for (const result of results) if (result) found.push(result);
    }
    return found;
  }

  private async probe(guild: Guild, discordUserId: string): Promise<SharedGuild | undefined> {
    const key = `${guild.id}:${discordUserId}`;
    const missedAt = this.misses.get(key);
    if (missedAt !== undefined && this.options.now() - missedAt < this.options.missTtlMs) return undefined;
    try {
      const member = await guild.members.fetch(discordUserId);
      this.misses.delete(key);
      return { guildId: guild.id, name: guild.name, view: viewOf(member) };
    } catch (error) {
      const code = discordCode(error);
      if (code !== DISCORD_CODES.unknownMember && code !== DISCORD_CODES.unknownUser) {
        this.logger.warn({ guildId: guild.id, code, err: loggable(error) }, 'discord member look-up failed');
      }
      this.misses.set(key, this.options.now());
      return undefined;
    }
  }
}

function viewOf(member: GuildMember): TenantView {
  const guildId = member.guild.id;
  const roles = [...member.roles.cache.keys()]
    .filter((id) => id !== guildId)
    .map((id) => ids.roleId(guildId, id));
  if (member.permissions.has(PermissionFlagsBits.ManageGuild)) roles.unshift(ROLE_ADMIN);
  return { guildId, roles, displayName: member.displayName };
}
