/**
 * The `AdapterHost` the core gives every adapter, built around `Hearken` (kept out of core.ts so
 * the core stays about events), and the one way `src/main.ts` starts an adapter.
 */
import { accessOf, staffGroupsOf } from './commands/access.js';
import type { Hearken } from './core.js';
import { firstDelivery } from './dedupe.js';
import { abandonPending } from './outbox/outbox.js';
import type { Adapter, AdapterHandle, AdapterHost, HttpRoutes } from './ports.js';

/** The host for adapters running on `hearken`, with `http` as the server they may add routes to. */
export function createHost(hearken: Hearken, http: HttpRoutes): AdapterHost {
  return {
    handle: (event, signals) => hearken.handle(event, signals),
    accept: (event) => hearken.accept(event),
    suggestCodes: (actor, prefix) => hearken.suggestCodes(actor, prefix),
    access: async (actor) => accessOf(actor, await hearken.tenantSettings(actor.tenantId)),
    staffGroups: async (tenantId) => {
      const tenant = await hearken.tenantSettings(tenantId);
      return tenant ? staffGroupsOf(tenant) : [];
    },
    claimDelivery: (platform, id) => firstDelivery(hearken.database.db, platform, id, hearken.clock.now()),
    provisionTenant: async (tenantId, platform, settings) => {
      if (await hearken.tenantSettings(tenantId)) return;
      await hearken.configureTenant(tenantId, platform, settings);
    },
    registerPlatform: (port) => hearken.registerPlatform(port),
    abandonDeliveries: (tenantId, platform, reason) =>
      abandonPending(hearken.database.db, tenantId, platform, reason),
    adapterState: hearken.adapterState,
    database: hearken.database,
    logger: hearken.logger,
    clock: hearken.clock,
    http,
  };
}

/** An adapter whose config slice is known to be valid, ready to start. */
export interface EnabledAdapter {
  readonly name: string;
  start(host: AdapterHost): Promise<AdapterHandle>;
}

/** Thrown when an adapter's slice of the config does not fit its schema. */
export class AdapterConfigError extends Error {
  override readonly name = 'AdapterConfigError';
}

/**
 * Checks `slice` against the adapter's config schema now (start-up fails naming the adapter) and
 * binds it, so a list of adapters with different config types starts through one loop.
 */
export function enable<Config>(adapter: Adapter<Config>, slice: unknown): EnabledAdapter {
  const parsed = adapter.configSchema.safeParse(slice);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`,
    );
    throw new AdapterConfigError(`${adapter.name}: ${problems.join('; ')}`, { cause: parsed.error });
  }
  const config = parsed.data;
  return { name: adapter.name, start: (host) => adapter.start(host, config) };
}
