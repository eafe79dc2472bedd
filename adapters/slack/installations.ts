/**
 * Where Slack OAuth installs live: Bolt's `InstallationStore` on our Postgres table
 * `slack_installations`, one row per workspace (`team:<id>`) or per Enterprise Grid org for an
 * org-wide install (`enterprise:<id>`). The whole `Installation` Bolt hands us is sealed
 * (AES-256-GCM, `src/seal.ts`) with the row's key as associated data, so no token is ever stored
 * in the clear and a sealed value moved onto another workspace's row does not open. Rows sealed
 * with the previous key are sealed again with the current one when next read.
 *
 * Tokens are never logged: log lines name the row, never its contents.
 */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { slackInstallations } from '../../db/schema.js';
import { PlatformError } from '../../src/errors.js';
import type { AdapterState, Logger } from '../../src/ports.js';
import type { Sealer } from '../../src/seal.js';

/** The row an install or a query belongs to. */
export function installKeyOf(query: {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall?: boolean | undefined;
}): string | undefined {
  if (query.isEnterpriseInstall && query.enterpriseId) return `enterprise:${query.enterpriseId}`;
  return query.teamId ? `team:${query.teamId}` : undefined;
}

function isObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null;
}

/** What a sealed row must hold to be used: Bolt's installation shape, with a bot token. */
function isInstallation(value: unknown): value is Installation<'v1' | 'v2', boolean> {
  if (!isObject(value) || typeof value.isEnterpriseInstall !== 'boolean') return false;
  const bot = value.bot;
  return isObject(bot) && typeof bot.token === 'string' && bot.token.startsWith('xoxb-');
}

/**
 * Which Grid org a workspace belongs to, noted when one of its requests is authorized through an
 * org-wide install, so the outbox (which knows only the workspace) finds the org's token too.
 */
const GRID_TEAMS = 'slack.grid-team';

export class SlackInstallations implements InstallationStore {
  /** Workspaces already noted under their org by this instance: one write each, not one per request. */
  private readonly noted = new Set<string>();

  constructor(
    private readonly database: Database,
    private readonly sealer: Sealer,
    private readonly logger: Logger,
    private readonly state?: AdapterState,
  ) {}

  async storeInstallation(installation: Installation<'v1' | 'v2', boolean>): Promise<void> {
    const teamId = installation.team?.id;
    const enterpriseId = installation.enterprise?.id;
    const isEnterpriseInstall = installation.isEnterpriseInstall ?? false;
    const installKey = installKeyOf({ teamId, enterpriseId, isEnterpriseInstall });
    if (!installKey)
      throw new PlatformError(
        'E_PLATFORM_INSTALLATION',
        'Slack sent an install with neither team nor org id',
      );
    const sealed = this.sealer.seal(JSON.stringify(installation), installKey);
    const row = {
      teamId: teamId ?? null,
      enterpriseId: enterpriseId ?? null,
      isEnterpriseInstall,
      appId: installation.appId ?? null,
      botUserId: installation.bot?.userId ?? null,
      keyId: this.sealer.currentKeyId,
      sealed,
      updatedAt: new Date(),
    };
    await this.database.db
      .insert(slackInstallations)
      .values({ installKey, ...row })
      .onConflictDoUpdate({ target: slackInstallations.installKey, set: row });
    this.logger.info({ installKey, keyId: row.keyId }, 'slack: installation stored');
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<'v1' | 'v2', boolean>> {
    const installKey = installKeyOf(query);
    const found = installKey ? await this.open(installKey) : undefined;
    if (!found)
      throw new PlatformError('E_PLATFORM_NOT_INSTALLED', `Slack ${installKey ?? 'workspace (no id)'}`);
    if (query.isEnterpriseInstall && query.enterpriseId && query.teamId)
      await this.noteGridTeam(query.teamId, query.enterpriseId);
    return found;
  }

  private async noteGridTeam(teamId: string, enterpriseId: string): Promise<void> {
    if (!this.state || this.noted.has(teamId)) return;
    await this.state.set(GRID_TEAMS, teamId, enterpriseId);
    this.noted.add(teamId);
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    const installKey = installKeyOf(query);
    if (!installKey) return;
    await this.database.db.delete(slackInstallations).where(eq(slackInstallations.installKey, installKey));
    this.logger.info({ installKey }, 'slack: installation deleted');
  }

  /**
   * A workspace's bot token, or undefined when the app is not installed there: its own install,
   * else its Grid org's org-wide install (once a request from it has been seen).
   */
  async botTokenOf(teamId: string): Promise<string | undefined> {
    const own = await this.open(`team:${teamId}`);
    if (own) return own.bot?.token;
    const enterpriseId = await this.state?.get(GRID_TEAMS, teamId);
    if (typeof enterpriseId !== 'string') return undefined;
    return (await this.open(`enterprise:${enterpriseId}`))?.bot?.token;
  }

  private async open(installKey: string): Promise<Installation<'v1' | 'v2', boolean> | undefined> {
    const [row] = await this.database.db
      .select({ sealed: slackInstallations.sealed })
      .from(slackInstallations)
      .where(eq(slackInstallations.installKey, installKey));
    if (!row) return undefined;
    const opened = this.sealer.open(row.sealed, installKey);
    const installation: unknown = JSON.parse(opened.plaintext);
    if (!isInstallation(installation))
      throw new PlatformError('E_PLATFORM_INSTALLATION', `${installKey} holds no bot token`);
    if (opened.stale) {
      // Key rotation: sealed with HEARKEN_ENCRYPTION_KEY_PREVIOUS; seal it with the current key.
      await this.database.db
        .update(slackInstallations)
        .set({ sealed: this.sealer.seal(opened.plaintext, installKey), keyId: this.sealer.currentKeyId })
        .where(eq(slackInstallations.installKey, installKey));
      this.logger.info(
        { installKey, from: opened.keyId, to: this.sealer.currentKeyId },
        'slack: installation resealed',
      );
    }
    return installation;
  }
}
