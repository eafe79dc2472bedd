/**
 * The Discord adapter: customers, staff and admins inside Discord. `startDiscord` logs in over
 * the gateway, registers the PlatformPort with the core, and routes every DM and interaction to
 * the core. Only this folder imports discord.js.
 */
import { Events, Status } from 'discord.js';
import type { Config } from '../../src/config.js';
import type { Hearken } from '../../src/core.js';
import type { Logger, RunningAdapter } from '../../src/ports.js';
import { createDiscordClient } from './client.js';
import { loggable } from './errors.js';
import { ClosedDmFallback } from './fallback.js';
import { DiscordHandlers } from './handlers.js';
import { DiscordPort, PrivateThreads } from './port.js';
import { DEFAULT_TENANCY, DmTenancy, type TenancyOptions } from './tenancy.js';

/** What the adapter needs from the core: the surface of `Hearken` it calls. */
export type DiscordCore = Pick<Hearken, 'handle' | 'suggestCodes' | 'registerPlatform' | 'adapterState'>;

export interface DiscordOptions {
  /** Defer an interaction when the core has not answered by then (Discord allows 3 s in all). */
  deferAfterMs: number;
  /** How long to wait for the gateway to be ready (every guild received) before giving up. */
  readyTimeoutMs: number;
  tenancy: TenancyOptions;
}

export const DEFAULT_DISCORD_OPTIONS = {
  deferAfterMs: 1500,
  readyTimeoutMs: 60_000,
  tenancy: DEFAULT_TENANCY,
} as const satisfies DiscordOptions;

export interface DiscordDeps {
  core: DiscordCore;
  config: Config;
  logger: Logger;
  options?: Partial<DiscordOptions>;
}

export class DiscordStartError extends Error {
  override readonly name = 'DiscordStartError';
}

/** Connects to Discord and serves until `stop()`. Resolves once the gateway is ready. */
export async function startDiscord(deps: DiscordDeps): Promise<RunningAdapter> {
  const settings = deps.config.discord;
  if (!settings) throw new DiscordStartError('Discord is not configured: set DISCORD_TOKEN to the bot token');
  const options = { ...DEFAULT_DISCORD_OPTIONS, ...deps.options };
  const logger = deps.logger.child({ adapter: 'discord' });
  const client = createDiscordClient(settings.apiUrl ? { apiUrl: settings.apiUrl } : {});
  const threads = new PrivateThreads(deps.core.adapterState);
  const port = new DiscordPort(client.rest, threads, logger);
  const handlers = new DiscordHandlers({
    core: deps.core,
    port,
    tenancy: new DmTenancy(client, deps.core.adapterState, logger, options.tenancy),
    fallback: new ClosedDmFallback(port, threads, logger),
    logger,
    deferAfterMs: options.deferAfterMs,
  });
  deps.core.registerPlatform(port);

  // One sink for handler errors: nothing a handler throws may crash the process.
  const guard = (work: Promise<void>) =>
    work.catch((error: unknown) => logger.error({ err: loggable(error) }, 'discord: handler failed'));
  client.on(Events.MessageCreate, (message) => void guard(handlers.onMessage(message)));
  client.on(Events.InteractionCreate, (interaction) => void guard(handlers.onInteraction(interaction)));
  client.on(Events.Error, (error) => logger.error({ err: loggable(error) }, 'discord: client error'));
  client.on(Events.ShardDisconnect, (_event, shard) => logger.warn({ shard }, 'discord: shard disconnected'));

  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new DiscordStartError('Discord gateway was not ready in time: check DISCORD_TOKEN and the network'),
        ),
      options.readyTimeoutMs,
    );
    client.once(Events.ClientReady, () => {
      clearTimeout(timer);
      resolve();
    });
  });
  ready.catch(() => undefined);
  try {
    await client.login(settings.token);
    await ready;
  } catch (error) {
    clearTimeout(timer);
    await client.destroy();
    throw error;
  }
  logger.info({ guilds: client.guilds.cache.size }, 'discord: connected');

  let stopped = false;
  return {
    name: 'discord',
    connected: () => !stopped && client.ws.status === Status.Ready,
    async stop() {
      stopped = true;
      await client.destroy();
    },
  };
}
