/**
 * OAuth installs end here: `app_uninstalled` (an admin removed the app) and `tokens_revoked` (the
 * bot's token was revoked) delete the workspace's installation, forget its cached client and give
 * up its pending outbox rows with the reason, so nothing keeps retrying into a workspace that
 * can no longer be reached. Bolt delivers both events without authorizing them first (the token
 * may already be gone), so these listeners work from the envelope's ids alone.
 */
import type { App } from '@slack/bolt';
import type { AdapterHost, Logger } from '../../src/ports.js';
import type { SlackClients } from './clients.js';
import { tenantIdOf } from './ids.js';
import type { SlackInstallations } from './installations.js';
import type { InFlight } from './listeners.js';

export interface UninstallDeps {
  installations: Pick<SlackInstallations, 'deleteInstallation'>;
  clients: SlackClients;
  core: Pick<AdapterHost, 'abandonDeliveries'>;
  logger: Logger;
}

/** The reasons written on the outbox rows an uninstall gives up. */
export const UNINSTALL_REASONS = {
  app_uninstalled: 'app uninstalled from the workspace',
  tokens_revoked: "the workspace revoked the bot's token",
} as const;

interface Envelope {
  team_id: string;
  enterprise_id?: string;
  authorizations?: { is_enterprise_install?: boolean }[];
}

async function remove(deps: UninstallDeps, body: Envelope, why: keyof typeof UNINSTALL_REASONS) {
  const teamId = body.team_id;
  const isEnterpriseInstall = body.authorizations?.[0]?.is_enterprise_install === true;
  try {
    await deps.installations.deleteInstallation({
      teamId,
      enterpriseId: body.enterprise_id,
      isEnterpriseInstall,
    });
    deps.clients.forget(teamId);
    const abandoned = await deps.core.abandonDeliveries(tenantIdOf(teamId), 'slack', UNINSTALL_REASONS[why]);
    deps.logger.info({ team: teamId, why, abandoned }, 'slack: workspace uninstalled');
  } catch (error) {
    deps.logger.error({ err: error, team: teamId, why }, 'slack: could not remove an installation');
  }
}

export function registerUninstall(app: App, deps: UninstallDeps, inFlight: InFlight): void {
  app.event('app_uninstalled', ({ body }) => inFlight.track(remove(deps, body, 'app_uninstalled')));
  app.event('tokens_revoked', ({ body, event }) =>
    // Only the bot's token matters: Hearken asks for no user tokens.
    (event.tokens.bot?.length ?? 0) > 0
      ? inFlight.track(remove(deps, body, 'tokens_revoked'))
      : Promise.resolve(),
  );
}
