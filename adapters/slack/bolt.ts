/**
 * Building the Bolt app: HTTP mode on our one server (Bolt's receiver mounted at /slack/events)
 * or Socket Mode when an app token is configured, with the Web API base from SLACK_API_URL.
 * With OAuth settings instead of a bot token, Bolt's own install flow serves /slack/install and
 * /slack/oauth_redirect on the same receiver, and authorizes every request from the installation
 * store. Transport is decided here and nowhere else.
 */
import {
  App,
  type Logger as BoltLogger,
  HTTPReceiver,
  type InstallationStore,
  LogLevel,
  type webApi,
} from '@slack/bolt';
import { ConfigurationError } from '../../src/errors.js';
import type { NodeListener } from '../../src/http.js';
import type { Logger } from '../../src/ports.js';
import type { SlackConfig } from './config.js';
import type { InFlight } from './listeners.js';
import { DeferredAckReceiver } from './socket-receiver.js';

export const EVENTS_PATH = '/slack/events';
/** Where an admin starts an install (Bolt's default paths, named once). */
export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

/** The bot scopes an install asks for: the same list as the manifest's (a test holds them equal). */
export const BOT_SCOPES = [
  'chat:write',
  'im:write',
  'im:history',
  'channels:history',
  'groups:history',
  'channels:read',
  'groups:read',
  'usergroups:read',
  'users:read',
  'commands',
  'files:read',
  'reactions:write',
  'files:write',
] as const;

/**
 * The WebClient retries 5xx and rate limits itself; a few tries over some seconds is enough, as
 * the outbox retries for longer and never loses a message (the library default is ~30 minutes).
 */
export const DEFAULT_RETRY_CONFIG = {
  retries: 3,
  factor: 2,
  minTimeout: 500,
  maxTimeout: 5_000,
} as const satisfies webApi.RetryOptions;

export interface BoltOptions {
  retryConfig: webApi.RetryOptions;
  /** Socket Mode: how long to wait for Slack's ping before reconnecting (Slack's default 30 s). */
  serverPingTimeoutMs?: number;
  /** OAuth mode: where installs are kept (required with `slack.oauth`). */
  installationStore?: InstallationStore;
  /** Socket Mode: where each envelope's handling is tracked, so a stop waits for its ack. */
  inFlight: InFlight;
  /** Socket Mode: an interaction still handled after its ack is acked anyway after this long. */
  interactionDeadlineMs?: number;
}

/** Bolt's `slackApiUrl` must end with a slash or every method URL is built wrong. */
export function apiBaseUrl(apiUrl: string | undefined): string | undefined {
  if (!apiUrl) return undefined;
  return apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`;
}

/**
 * Bolt's logs through ours. Its debug output dumps whole payloads, customer text included, so it is
 * dropped: customer words are personal data and never logged.
 */
export function boltLogger(logger: Logger): BoltLogger {
  const line = (parts: unknown[]) => ({
    bolt: parts.map((p) => (p instanceof Error ? p.message : String(p))).join(' '),
  });
  return {
    debug: () => {},
    info: (...parts: unknown[]) => logger.info(line(parts)),
    warn: (...parts: unknown[]) => logger.warn(line(parts)),
    error: (...parts: unknown[]) => logger.error(line(parts)),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}

export interface BuiltApp {
  app: App;
  mode: 'http' | 'socket';
  /** HTTP mode: the listener to mount at EVENTS_PATH. */
  listener?: NodeListener;
  socket?: DeferredAckReceiver;
}

/** Options for every WebClient the adapter makes: retries and the API base. */
export function webClientOptions(
  slack: SlackConfig,
  retryConfig: webApi.RetryOptions,
): webApi.WebClientOptions {
  const slackApiUrl = apiBaseUrl(slack.apiUrl);
  return { retryConfig, ...(slackApiUrl ? { slackApiUrl } : {}) };
}

/**
 * Slack's authorize page lives on the same host as its Web API (slack.com, slack-gov.com): with
 * SLACK_API_URL set, installs go to that host's /oauth/v2/authorize.
 */
export function authorizationUrlOf(apiUrl: string | undefined): string | undefined {
  return apiUrl ? new URL('/oauth/v2/authorize', apiUrl).toString() : undefined;
}

export function buildApp(slack: SlackConfig, logger: Logger, options: BoltOptions): BuiltApp {
  const clientOptions = webClientOptions(slack, options.retryConfig);
  const log = boltLogger(logger);
  if (slack.appToken) {
    // Acks wait until a DM is stored (or an interaction handled), as in HTTP mode below.
    const socket = new DeferredAckReceiver({
      socket: {
        appToken: slack.appToken,
        logger: log,
        // The receiver's own client calls apps.connections.open: same API base as the bot's.
        installerOptions: { clientOptions: { ...clientOptions } },
        ...(options.serverPingTimeoutMs ? { serverPingTimeout: options.serverPingTimeoutMs } : {}),
      },
      logger,
      inFlight: options.inFlight,
      ...(options.interactionDeadlineMs ? { interactionDeadlineMs: options.interactionDeadlineMs } : {}),
    });
    const app = new App({
      token: slack.botToken,
      receiver: socket,
      logger: log,
      clientOptions,
      deferInitialization: true,
      // State lives in the database; Bolt's in-memory conversation store would only grow.
      convoStore: false,
    });
    return { app, mode: 'socket', socket };
  }
  if (!slack.signingSecret)
    throw new ConfigurationError('E_CONFIG_MISSING', 'SLACK_SIGNING_SECRET is required in HTTP mode');
  const { oauth } = slack;
  if (oauth && !options.installationStore)
    throw new ConfigurationError('E_CONFIG_MISSING', 'an installation store for Slack OAuth installs');
  const authorizationUrl = authorizationUrlOf(slack.apiUrl);
  const receiver = new HTTPReceiver({
    signingSecret: slack.signingSecret,
    endpoints: EVENTS_PATH,
    logger: log,
    // Slack hears back when the listener returns: a DM's only once it is stored in the inbox (a
    // 500 when it cannot be, so Slack retries); the interactive listeners ack first and return.
    processBeforeResponse: true,
    ...(oauth && options.installationStore
      ? {
          clientId: oauth.clientId,
          clientSecret: oauth.clientSecret,
          stateSecret: oauth.stateSecret,
          scopes: [...BOT_SCOPES],
          installationStore: options.installationStore,
          ...(oauth.redirectUri ? { redirectUri: oauth.redirectUri } : {}),
          installerOptions: {
            installPath: INSTALL_PATH,
            redirectUriPath: REDIRECT_PATH,
            // /slack/install goes straight to Slack (with the state cookie), no page of ours between.
            directInstall: true,
            // oauth.v2.access and the install's auth.test go to the same API base as the bot.
            clientOptions: { ...clientOptions },
            ...(authorizationUrl ? { authorizationUrl } : {}),
          },
        }
      : {}),
  });
  const app = new App({
    // OAuth: no token here; Bolt authorizes each request from the installation store.
    ...(slack.botToken ? { token: slack.botToken } : {}),
    receiver,
    logger: log,
    clientOptions,
    deferInitialization: true,
    // State lives in the database; Bolt's in-memory conversation store would only grow.
    convoStore: false,
  });
  return { app, mode: 'http', listener: receiver.requestListener };
}
