/**
 * The Slack adapter: `startSlack()` builds Bolt (HTTP on our server, or Socket Mode), registers
 * the Slack port with the core and the listeners with Bolt. Only this folder imports Bolt.
 * Single-token mode serves one workspace; OAuth mode serves every workspace installed through
 * /slack/install, each with its own token from the installation store.
 */
import { webApi } from '@slack/bolt';
import type { NodeListener } from '../../src/http.js';
import type { Adapter, AdapterHandle, AdapterHost, Logger } from '../../src/ports.js';
import { Sealer } from '../../src/seal.js';
import { ActorDirectory, type ActorDirectoryOptions, DEFAULT_ACTOR_OPTIONS } from './actors.js';
import {
  apiBaseUrl,
  boltLogger,
  buildApp,
  DEFAULT_RETRY_CONFIG,
  EVENTS_PATH,
  INSTALL_PATH,
  REDIRECT_PATH,
  webClientOptions,
} from './bolt.js';
import { type BotUsers, InstalledBotUsers, singleBotUser } from './bot-users.js';
import { InstalledClients, type SlackClients, singleClient } from './clients.js';
import { type SlackConfig, slackConfigSchema } from './config.js';
import { fastEvents } from './fast-events.js';
import { SlackInstallations } from './installations.js';
import { InFlight, type ListenerDeps, registerListeners } from './listeners.js';
import { portClientOptions, SlackPort } from './port.js';
import { registerUninstall } from './uninstall.js';

export { EVENTS_PATH, INSTALL_PATH, REDIRECT_PATH } from './bolt.js';
export type { SlackConfig } from './config.js';
export { SlackPort } from './port.js';

/** The running adapter, plus a way to wait for work still in flight after its ack. */
export interface SlackHandle extends AdapterHandle {
  /** Resolves when every accepted Slack request has been fully handled. */
  idle(): Promise<void>;
}

/** Seams for tests; production uses the defaults. */
export interface SlackOptions {
  /** WebClient retry policy (tests pass a short one before injecting 5xx). */
  retryConfig?: { retries: number; factor?: number; minTimeout?: number; maxTimeout?: number };
  actors?: ActorDirectoryOptions;
  /** Used for response_url posts. */
  fetch?: typeof fetch;
  serverPingTimeoutMs?: number;
  /** Each outbox request's own timeout (the outbox has its own deadline over the whole send). */
  requestTimeoutMs?: number;
}

/** An outbox request with no answer by then is abandoned (and checked for before the retry). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

function guarded(listener: NodeListener, isStopped: () => boolean, logger: Logger): NodeListener {
  return (req, res) => {
    if (isStopped()) {
      res.writeHead(503).end();
      return;
    }
    try {
      listener(req, res);
    } catch (error) {
      // Bolt throws for paths and methods it does not serve (a GET on /slack/events).
      logger.debug({ err: error }, 'slack: request not for Bolt');
      if (!res.headersSent) res.writeHead(404).end();
    }
  };
}

/**
 * Starts Slack. Single token: resolves once the token is verified (auth.test) and, in Socket
 * Mode, the WebSocket is connected; rejects with Slack's error otherwise. OAuth: resolves once
 * the install routes are mounted (each workspace's token is checked as it installs).
 */
export async function startSlack(
  host: AdapterHost,
  slack: SlackConfig,
  options: SlackOptions = {},
): Promise<SlackHandle> {
  const logger = host.logger.child({ adapter: 'slack' });
  const retryConfig = options.retryConfig ?? DEFAULT_RETRY_CONFIG;
  const installations = slack.oauth
    ? new SlackInstallations(
        host.database,
        new Sealer(slack.oauth.encryptionKey, slack.oauth.previousEncryptionKey),
        logger,
        host.adapterState,
      )
    : undefined;
  const inFlight = new InFlight();
  const built = buildApp(slack, logger, {
    retryConfig,
    inFlight,
    ...(options.serverPingTimeoutMs ? { serverPingTimeoutMs: options.serverPingTimeoutMs } : {}),
    ...(installations ? { installationStore: installations } : {}),
  });
  const { app } = built;
  await app.init();
  let botUserId: string | undefined;
  let team: string | undefined;
  if (!installations) {
    // Verifies the token (auth.test) now, so a bad token fails start-up rather than the first event.
    const auth = await app.client.auth.test();
    botUserId = typeof auth.user_id === 'string' ? auth.user_id : undefined;
    team = auth.team_id;
  }
  const clients: SlackClients = installations
    ? new InstalledClients(installations, {
        ...webClientOptions(slack, retryConfig),
        // Ours, not the WebClient's console logger (which would bypass pino).
        logger: boltLogger(logger),
      })
    : singleClient(app.client);

  const directory = new ActorDirectory(clients, host, logger, options.actors ?? DEFAULT_ACTOR_OPTIONS);
  const listenerDeps: ListenerDeps = {
    core: host,
    directory,
    logger,
    fetch: options.fetch ?? fetch,
    botUserId: () => botUserId,
  };
  registerListeners(app, listenerDeps, inFlight);
  const botUsers: BotUsers = installations ? new InstalledBotUsers(installations) : singleBotUser(botUserId);
  // The outbox posts through clients of its own: no blind retries, a timeout per request.
  const slackApiUrl = apiBaseUrl(slack.apiUrl);
  const outboxOptions = {
    ...portClientOptions(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS),
    logger: boltLogger(logger),
    ...(slackApiUrl ? { slackApiUrl } : {}),
  };
  const outboxClients: SlackClients = installations
    ? new InstalledClients(installations, outboxOptions)
    : singleClient(new webApi.WebClient(slack.botToken, outboxOptions));
  if (installations) {
    // An uninstall forgets the workspace's cached clients, the listeners' and the outbox's.
    const forgetting: SlackClients = {
      forTeam: (teamId) => clients.forTeam(teamId),
      forget: (teamId) => {
        clients.forget(teamId);
        outboxClients.forget(teamId);
        botUsers.forget();
      },
    };
    registerUninstall(app, { installations, clients: forgetting, core: host, logger }, inFlight);
  }
  host.registerPlatform(new SlackPort(outboxClients, logger));

  let stopped = false;
  let socketUp = false;
  if (built.mode === 'http' && built.listener && slack.signingSecret) {
    // DMs are stored without entering Bolt's App; everything else reaches Bolt as before.
    const fast = fastEvents(built.listener, {
      signingSecret: slack.signingSecret,
      botUsers,
      listener: listenerDeps,
      inFlight,
      logger,
    });
    const listener = guarded(fast, () => stopped, logger);
    // One receiver for all three: Bolt tells the install paths from the events path itself.
    for (const path of installations ? [EVENTS_PATH, INSTALL_PATH, REDIRECT_PATH] : [EVENTS_PATH])
      host.http.mount(path, listener);
  } else if (built.socket) {
    built.socket.client.on('connected', () => {
      socketUp = true;
    });
    built.socket.client.on('disconnected', () => {
      socketUp = false;
    });
    await app.start();
    socketUp = true;
  }
  logger.info({ mode: built.mode, installs: installations ? 'oauth' : 'single', team }, 'slack: started');

  return {
    health: () =>
      stopped
        ? { status: 'degraded', reason: 'stopped' }
        : built.mode === 'http' || socketUp
          ? { status: 'connected' }
          : { status: 'degraded', reason: 'Socket Mode connection lost; reconnecting' },
    idle: () => inFlight.idle(),
    async stop() {
      if (stopped) return;
      stopped = true;
      if (built.mode === 'socket') await app.stop();
      await inFlight.idle();
    },
  };
}

/** Slack as one of the app's adapters (`src/main.ts`). */
export const slackAdapter: Adapter<SlackConfig, SlackHandle> = {
  name: 'slack',
  configSchema: slackConfigSchema,
  start: (host, config) => startSlack(host, config),
};
