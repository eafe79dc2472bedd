/**
 * The Discord adapter: customers, staff and admins inside Discord. `startDiscord` logs in over
 * the gateway, registers the PlatformPort with the core, and routes every DM and interaction to
 * the core. Only this folder imports discord.js.
 */
import { type Client, Events, Status } from 'discord.js';
import { z } from 'zod';
import type { Adapter, AdapterHandle, AdapterHealth, AdapterHost, ShardHealth } from '../../src/ports.js';
import { createDiscordClient } from './client.js';
import { loggable } from './errors.js';
import { ClosedDmFallback } from './fallback.js';
import { DiscordHandlers } from './handlers.js';
import { DiscordPort, PrivateThreads } from './port.js';
import { DEFAULT_TENANCY, DmTenancy, type TenancyOptions } from './tenancy.js';
import { ThreadMessages } from './thread-messages.js';
import { DEFAULT_WAITING, WaitingDms, type WaitingOptions } from './waiting.js';
import { InteractionWebhooks } from './webhooks.js';

/** The Discord adapter's slice of the app config (`Config.discord`, from DISCORD_* in src/config.ts). */
export const discordConfigSchema = z
  .object({
    token: z.string().min(1),
    /** REST base without version; Discord's own when unset. */
    apiUrl: z.string().url().optional(),
    /** The shards this instance runs (`DISCORD_SHARDS`), or `auto`; unset: one shard. */
    shards: z.union([z.literal('auto'), z.array(z.number().int().min(0)).min(1).readonly()]).optional(),
    /** Shards over all instances (`DISCORD_SHARD_COUNT`), needed with a list of `shards`. */
    shardCount: z.number().int().min(1).optional(),
  })
  .superRefine((config, ctx) => {
    if (!Array.isArray(config.shards)) return;
    if (config.shardCount === undefined) {
      ctx.addIssue({ code: 'custom', path: ['shardCount'], message: 'a list of shards needs shardCount' });
    } else if (config.shards.some((id) => id >= (config.shardCount ?? 0))) {
      ctx.addIssue({ code: 'custom', path: ['shards'], message: 'every shard id must be below shardCount' });
    }
  });

export type DiscordConfig = z.infer<typeof discordConfigSchema>;

export interface DiscordOptions {
  /** Defer an interaction when the core has not answered by then (Discord allows 3 s in all). */
  deferAfterMs: number;
  /** How long to wait for the gateway to be ready (every guild received) before giving up. */
  readyTimeoutMs: number;
  tenancy: TenancyOptions;
  /** DMs that wait in memory while the database is down (Discord never redelivers them). */
  waiting: WaitingOptions;
}

export const DEFAULT_DISCORD_OPTIONS = {
  deferAfterMs: 1500,
  readyTimeoutMs: 60_000,
  tenancy: DEFAULT_TENANCY,
  waiting: DEFAULT_WAITING,
} as const satisfies DiscordOptions;

/** The running adapter, plus a way to wait for the events it is still handling. */
export interface DiscordHandle extends AdapterHandle {
  /** Resolves when every message and interaction received so far has been fully handled. */
  idle(): Promise<void>;
}

export class DiscordStartError extends Error {
  override readonly name = 'DiscordStartError';
}

/** Connects to Discord and serves until `stop()`. Resolves once the gateway is ready. */
export async function startDiscord(
  host: AdapterHost,
  settings: DiscordConfig,
  overrides: Partial<DiscordOptions> = {},
): Promise<DiscordHandle> {
  const options = { ...DEFAULT_DISCORD_OPTIONS, ...overrides };
  const logger = host.logger.child({ adapter: 'discord' });
  const client = createDiscordClient({
    ...(settings.apiUrl ? { apiUrl: settings.apiUrl } : {}),
    ...(settings.shards ? { shards: settings.shards } : {}),
    ...(settings.shardCount ? { shardCount: settings.shardCount } : {}),
  });
  const threads = new PrivateThreads(host.adapterState);
  const port = new DiscordPort(client.rest, threads, logger);
  const waiting = new WaitingDms(
    {
      logger,
      now: () => host.clock.now().getTime(),
      tell: (channelId, locale, what) => handlers.tell(channelId, locale, what),
    },
    options.waiting,
  );
  const tenancy = new DmTenancy(client, host.adapterState, logger, options.tenancy);
  const handlers = new DiscordHandlers({
    core: host,
    waiting,
    port,
    tenancy,
    fallback: new ClosedDmFallback(port, threads, logger),
    logger,
    deferAfterMs: options.deferAfterMs,
    webhooks: new InteractionWebhooks(settings.apiUrl),
  });
  host.registerPlatform(port);

  // One sink for handler errors: nothing a handler throws may crash the process.
  const inFlight = new Set<Promise<void>>();
  const guard = (work: Promise<void>) => {
    const tracked = work.catch((error: unknown) =>
      logger.error({ err: loggable(error) }, 'discord: handler failed'),
    );
    inFlight.add(tracked);
    void tracked.finally(() => inFlight.delete(tracked));
    return tracked;
  };
  const threadMessages = new ThreadMessages({ core: host, client, port, tenancy, logger });
  // Guild messages: staff writing in a card's thread (thread-messages.ts); DMs: the intake.
  client.on(
    Events.MessageCreate,
    (message) =>
      void guard(message.inGuild() ? threadMessages.onGuildMessage(message) : handlers.onMessage(message)),
  );
  client.on(Events.MessageUpdate, (_before, after) => void guard(threadMessages.onUpdate(after)));
  client.on(Events.MessageDelete, (message) => void guard(threadMessages.onDelete(message)));
  client.on(Events.InteractionCreate, (interaction) => void guard(handlers.onInteraction(interaction)));
  client.on(Events.Error, (error) => logger.error({ err: loggable(error) }, 'discord: client error'));
  client.on(Events.ShardDisconnect, (_event, shard) => logger.warn({ shard }, 'discord: shard disconnected'));
  client.on(Events.ShardReady, (shard) => logger.info({ shard }, 'discord: shard ready'));
  client.on(Events.ShardReconnecting, (shard) => logger.warn({ shard }, 'discord: shard reconnecting'));

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
  logger.info(
    {
      guilds: client.guilds.cache.size,
      shards: [...client.ws.shards.keys()],
      shardCount: client.options.shardCount,
    },
    'discord: connected',
  );

  let stopped = false;
  return {
    health: () => health(client, stopped),
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      await waiting.idle();
    },
    async stop() {
      stopped = true;
      waiting.stop();
      await client.destroy();
    },
  };
}

/** The gateway as a whole (every shard this instance runs must be Ready), and each shard. */
function health(client: Client, stopped: boolean): AdapterHealth {
  const shards: ShardHealth[] = [...client.ws.shards.values()].map((shard) => ({
    id: shard.id,
    status: Status[shard.status] ?? String(shard.status),
    pingMs: shard.ping >= 0 ? shard.ping : null,
  }));
  const sharding = { shards, shardCount: client.options.shardCount ?? 1 };
  if (stopped) return { status: 'degraded', reason: 'stopped', ...sharding };
  const down = shards.filter((shard) => shard.status !== Status[Status.Ready]);
  if (client.ws.status === Status.Ready && down.length === 0) return { status: 'connected', ...sharding };
  const reason = down.length
    ? `shard ${down.map((shard) => `${shard.id} ${shard.status}`).join(', ')}`
    : `gateway ${Status[client.ws.status] ?? client.ws.status}`;
  return { status: 'degraded', reason, ...sharding };
}

/** Discord as one of the app's adapters (`src/main.ts`). */
export const discordAdapter: Adapter<DiscordConfig, DiscordHandle> = {
  name: 'discord',
  configSchema: discordConfigSchema,
  start: (host, config) => startDiscord(host, config),
};
