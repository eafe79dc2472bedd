/**
 * Who the actor is, beyond the ids in the payload: display name and locale from `users.info`,
 * whether Slack calls them a workspace admin or owner, and which of the groups the core asked
 * about (user groups and channels, `AdapterHost.staffGroups`) they are a member of. Facts only:
 * Slack cannot list a person's groups in one call, so we look up the ones that matter, and the
 * core decides what they allow.
 */
import type { Actor } from '../../src/messages.js';
import type { AdapterHost, Logger } from '../../src/ports.js';
import { TtlCache } from '../../src/ttl-cache.js';
import type { SlackClients } from './clients.js';
import { parseOpaqueId, tenantIdOf } from './ids.js';

/** What the directory needs from the core: which groups' membership matters in a workspace. */
export type GroupsSource = Pick<AdapterHost, 'staffGroups'>;

export interface ActorDirectoryOptions {
  /**
   * Profiles (name, locale, admin flag) change rarely, and a user clicking through an intake
   * fires several events a minute: five minutes saves those calls and Slack's rate limit.
   */
  profileTtlMs: number;
  /** Membership changes should take effect quickly when staff join or leave: one minute. */
  membershipTtlMs: number;
  now: () => number;
}

export const DEFAULT_ACTOR_OPTIONS = {
  profileTtlMs: 5 * 60_000,
  membershipTtlMs: 60_000,
  now: () => Date.now(),
} as const satisfies ActorDirectoryOptions;

interface Profile {
  displayName: string;
  locale?: string;
  admin: boolean;
}

export class ActorDirectory {
  private readonly profiles: TtlCache<Profile | undefined>;
  private readonly members: TtlCache<ReadonlySet<string>>;

  constructor(
    /** Each workspace's own client (one for all in single-token mode). */
    private readonly clients: SlackClients,
    private readonly core: GroupsSource,
    private readonly logger: Logger,
    options: ActorDirectoryOptions = DEFAULT_ACTOR_OPTIONS,
  ) {
    this.profiles = new TtlCache(options.profileTtlMs, options.now);
    this.members = new TtlCache(options.membershipTtlMs, options.now);
  }

  /**
   * The actor with name, locale, group memberships and the admin flag filled in. Lookup failures
   * leave them out, never throw.
   */
  async complete(actor: Actor, teamId: string, userId: string): Promise<Actor> {
    const [profile, groups] = await Promise.all([
      this.profile(teamId, userId),
      this.groupsOf(teamId, userId),
    ]);
    return {
      ...actor,
      displayName: profile?.displayName || actor.displayName,
      ...(profile?.locale ? { locale: profile.locale } : {}),
      roles: [...new Set([...actor.roles, ...groups])],
      ...(profile?.admin ? { platformAdmin: true } : {}),
    };
  }

  /** A user's display name, for mentions Slack sent without one. */
  async displayNameOf(teamId: string, userId: string): Promise<string | undefined> {
    return (await this.profile(teamId, userId))?.displayName || undefined;
  }

  private profile(teamId: string, userId: string): Promise<Profile | undefined> {
    return this.profiles.get(`${teamId}:${userId}`, async () => {
      try {
        const client = await this.clients.forTeam(teamId);
        const { user } = await client.users.info({ user: userId, include_locale: true });
        if (!user) return undefined;
        return {
          displayName: user.profile?.display_name || user.real_name || user.name || '',
          ...(user.locale ? { locale: user.locale } : {}),
          admin: Boolean(user.is_admin || user.is_owner || user.is_primary_owner),
        };
      } catch (error) {
        this.logger.warn(
          { err: error, user: userId },
          'slack: users.info failed; continuing without profile',
        );
        return undefined;
      }
    });
  }

  /** The opaque ids of the groups the core asked about (user groups, channels) this user is in. */
  private async groupsOf(teamId: string, userId: string): Promise<string[]> {
    const candidates = new Set(await this.core.staffGroups(tenantIdOf(teamId)));
    // In parallel: this runs before a modal can open, inside Slack's 3-second trigger window.
    const checks = [...candidates].map(async (role) => {
      const parsed = parseOpaqueId(role);
      if (!parsed || parsed.teamId !== teamId) return undefined;
      return (await this.membersOf(teamId, parsed.id)).has(userId) ? role : undefined;
    });
    return (await Promise.all(checks)).filter((role): role is string => role !== undefined);
  }

  private membersOf(teamId: string, groupOrChannel: string): Promise<ReadonlySet<string>> {
    return this.members.get(`${teamId}:${groupOrChannel}`, async () => {
      try {
        const client = await this.clients.forTeam(teamId);
        if (groupOrChannel.startsWith('S')) {
          const result = await client.usergroups.users.list({ usergroup: groupOrChannel });
          return new Set(result.users ?? []);
        }
        const members = new Set<string>();
        let cursor: string | undefined;
        do {
          const page = await client.conversations.members({
            channel: groupOrChannel,
            limit: 1000,
            ...(cursor ? { cursor } : {}),
          });
          for (const member of page.members ?? []) members.add(member);
          cursor = page.response_metadata?.next_cursor || undefined;
        } while (cursor);
        return members;
      } catch (error) {
        this.logger.warn(
          { err: error, id: groupOrChannel },
          'slack: membership lookup failed; treating as empty',
        );
        return new Set<string>();
      }
    });
  }
}
