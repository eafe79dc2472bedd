/**
 * Which Web API client speaks for a workspace. One bot token: always the same client. OAuth
 * installs: each workspace's own token from the installation store, one client per workspace kept
 * for a few minutes (a reinstall's new token is picked up when it runs out; an uninstall on this
 * instance forgets it at once). A workspace with no installation is a permanent failure: an
 * outbox row for it goes dead as "not installed" instead of retrying.
 */
import { webApi } from '@slack/bolt';
import { PermanentDeliveryError } from '../../src/errors.js';
import { TtlCache } from '../../src/ttl-cache.js';
import type { SlackInstallations } from './installations.js';

export interface SlackClients {
  /** The client holding `teamId`'s token. Throws `PermanentDeliveryError` when not installed. */
  forTeam(teamId: string): Promise<webApi.WebClient>;
  /** Drops what is cached for a workspace (after an uninstall). */
  forget(teamId: string): void;
}

/** The reason an outbox row for a workspace without an installation is given up with. */
export const NOT_INSTALLED = 'not installed';

/** Single-token mode: one client for the one workspace. */
export function singleClient(client: webApi.WebClient): SlackClients {
  return { forTeam: async () => client, forget: () => {} };
}

/** Long enough to spare the database a read per message; short enough to follow a reinstall. */
export const CLIENT_TTL_MS = 5 * 60_000;

export class InstalledClients implements SlackClients {
  private readonly clients: TtlCache<webApi.WebClient>;

  constructor(
    private readonly installations: Pick<SlackInstallations, 'botTokenOf'>,
    private readonly clientOptions: webApi.WebClientOptions,
    now: () => number = () => Date.now(),
  ) {
    this.clients = new TtlCache(CLIENT_TTL_MS, now);
  }

  forTeam(teamId: string): Promise<webApi.WebClient> {
    return this.clients.get(teamId, async () => {
      const token = await this.installations.botTokenOf(teamId);
      if (!token)
        throw new PermanentDeliveryError(`Slack workspace ${teamId} has no installation`, NOT_INSTALLED);
      return new webApi.WebClient(token, { ...this.clientOptions, teamId });
    });
  }

  forget(teamId: string): void {
    this.clients.delete(teamId);
  }
}
