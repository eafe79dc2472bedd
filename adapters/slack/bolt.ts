/**
 * Building the Bolt app: HTTP mode on our one server (Bolt's receiver mounted at /slack/events)
 * or Socket Mode when an app token is configured, with the Web API base from SLACK_API_URL.
 * Transport is decided here and nowhere else.
 */
import {
  App,
  type Logger as BoltLogger,
  HTTPReceiver,
  LogLevel,
  SocketModeReceiver,
  type webApi,
} from '@slack/bolt';
import { ConfigurationError } from '../../src/errors.js';
import type { NodeListener } from '../../src/http.js';
import type { Logger } from '../../src/ports.js';
import type { SlackConfig } from './config.js';

export const EVENTS_PATH = '/slack/events';

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
  socket?: SocketModeReceiver;
}

export function buildApp(slack: SlackConfig, logger: Logger, options: BoltOptions): BuiltApp {
  const slackApiUrl = apiBaseUrl(slack.apiUrl);
  const clientOptions: webApi.WebClientOptions = {
    retryConfig: options.retryConfig,
    ...(slackApiUrl ? { slackApiUrl } : {}),
  };
  const log = boltLogger(logger);
  if (slack.appToken) {
    const socket = new SocketModeReceiver({
      appToken: slack.appToken,
      logger: log,
      // The receiver's own client calls apps.connections.open: same API base as the bot's.
      installerOptions: { clientOptions: { ...clientOptions } },
      ...(options.serverPingTimeoutMs ? { serverPingTimeout: options.serverPingTimeoutMs } : {}),
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
  const receiver = new HTTPReceiver({
    signingSecret: slack.signingSecret,
    endpoints: EVENTS_PATH,
    logger: log,
    // Slack hears back when the listener returns: a DM's only once it is stored in the inbox (a
    // 500 when it cannot be, so Slack retries); the interactive listeners ack first and return.
    processBeforeResponse: true,
  });
  const app = new App({
    token: slack.botToken,
    receiver,
    logger: log,
    clientOptions,
    deferInitialization: true,
    // State lives in the database; Bolt's in-memory conversation store would only grow.
    convoStore: false,
  });
  return { app, mode: 'http', listener: receiver.requestListener };
}
