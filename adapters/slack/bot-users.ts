/**
 * Which bot an Events API request speaks to, found the way Bolt's `authorize` finds it but without
 * a read per request: one bot token → the user auth.test named at start-up; OAuth installs → the
 * installation's bot user, read once per workspace and kept for a few minutes (an uninstall on
 * this instance forgets them all at once). This is all the HTTP fast path needs from Bolt's
 * context: the bot user id keeps the bot's own messages out of the inbox.
 */
import type { InstallationQuery } from '@slack/bolt';
import { HearkenError } from '../../src/errors.js';
import { TtlCache } from '../../src/ttl-cache.js';
import { CLIENT_TTL_MS } from './clients.js';
import { installKeyOf, type SlackInstallations } from './installations.js';

/** The bot a request belongs to; `botUserId` is absent only when auth.test named none. */
export interface BotIdentity {
  botUserId?: string;
}

export interface BotUsers {
  /**
   * The bot of the install an `event_callback` came through; undefined when its workspace has no
   * installation (Bolt then answers it as it always does). Throws when that cannot be known now
   * (the database is down), so the caller answers 500 and Slack retries.
   */
  of(body: EventEnvelope): Promise<BotIdentity | undefined>;
  /** Drops what is kept (after an uninstall). */
  forget(): void;
}

/** The envelope fields Bolt builds its authorize query from. */
export interface EventEnvelope {
  team_id?: unknown;
  enterprise_id?: unknown;
  authorizations?: unknown;
}

/** Single-token mode: every request is the one workspace's. */
export function singleBotUser(botUserId: string | undefined): BotUsers {
  const identity: BotIdentity = botUserId ? { botUserId } : {};
  return { of: async () => identity, forget: () => {} };
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** Bolt's authorize query for an event (bolt-js `buildSource`): the first authorization, else the envelope. */
export function installQueryOf(body: EventEnvelope): InstallationQuery<boolean> {
  const first: unknown = Array.isArray(body.authorizations) ? body.authorizations[0] : undefined;
  const auth = typeof first === 'object' && first !== null ? first : undefined;
  const teamId = auth && 'team_id' in auth && auth.team_id !== null ? text(auth.team_id) : text(body.team_id);
  const enterpriseId = auth
    ? 'enterprise_id' in auth
      ? text(auth.enterprise_id)
      : undefined
    : text(body.enterprise_id);
  const isEnterpriseInstall = Boolean(auth && 'is_enterprise_install' in auth && auth.is_enterprise_install);
  return { teamId, enterpriseId, isEnterpriseInstall };
}

/** What the store throws for a workspace without a usable install (anything else may pass). */
const UNUSABLE: ReadonlySet<string> = new Set(['E_PLATFORM_NOT_INSTALLED', 'E_PLATFORM_INSTALLATION']);

/** OAuth installs: each install's bot user, from the installation store. */
export class InstalledBotUsers implements BotUsers {
  private readonly identities: TtlCache<BotIdentity>;

  constructor(
    private readonly installations: Pick<SlackInstallations, 'fetchInstallation'>,
    now: () => number = () => Date.now(),
  ) {
    this.identities = new TtlCache(CLIENT_TTL_MS, now);
  }

  async of(body: EventEnvelope): Promise<BotIdentity | undefined> {
    const query = installQueryOf(body);
    const installKey = installKeyOf(query);
    if (!installKey) return undefined;
    // The workspace is part of the key: an org-wide install notes each of its workspaces once.
    const key = `${installKey}|${query.teamId ?? ''}`;
    const hit = this.identities.peek(key);
    if (hit) return hit.value;
    let botUserId: string | undefined;
    try {
      botUserId = (await this.installations.fetchInstallation(query)).bot?.userId;
    } catch (error) {
      // No usable install: Bolt's authorize fails the same way and Bolt answers as it always does.
      if (error instanceof HearkenError && UNUSABLE.has(error.code)) return undefined;
      throw error;
    }
    const identity: BotIdentity = botUserId ? { botUserId } : {};
    this.identities.set(key, identity);
    return identity;
  }

  forget(): void {
    this.identities.clear();
  }
}
