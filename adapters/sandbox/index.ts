/**
 * The sandbox adapter: a local web workspace (customer, staff and manager panes) on the same core
 * as Slack and Discord, stored in the same database, so a newcomer sees Hearken work in a minute.
 */
import { z } from 'zod';
import { ROLE_STAFF } from '../../src/messages.js';
import type { Adapter, AdapterHandle, AdapterHost } from '../../src/ports.js';
import { Directory, SANDBOX_TENANT } from './directory.js';
import { SandboxFiles } from './files.js';
import { SandboxPort } from './port.js';
import { addSandboxRoutes } from './routes.js';
import { SandboxStore } from './store.js';

export { SANDBOX_TENANT } from './directory.js';
export { SandboxPort } from './port.js';
export { SandboxStore } from './store.js';

/** The demo workspace's settings, applied on the first start only (admins may change them later). */
export const SANDBOX_CHANNELS = {
  staff: 'sandbox:channel:staff',
  managers: 'sandbox:channel:managers',
} as const;

/** The sandbox needs nothing from the environment: it runs when no platform token is set. */
export const sandboxConfigSchema = z.object({});

export type SandboxConfig = z.infer<typeof sandboxConfigSchema>;

/** Registers the sandbox platform with the core and serves the page at `/` on the shared server. */
export async function startSandbox(host: AdapterHost, _config: SandboxConfig = {}): Promise<AdapterHandle> {
  const logger = host.logger.child({ adapter: 'sandbox' });
  const store = new SandboxStore(host.database);
  const directory = new Directory(store);
  await directory.seed();
  const files = new SandboxFiles(host.database);
  host.registerPlatform(new SandboxPort(store, files));
  await host.provisionTenant(SANDBOX_TENANT, 'sandbox', {
    name: 'Demo workspace',
    staffChannelId: SANDBOX_CHANNELS.staff,
    managerChannelId: SANDBOX_CHANNELS.managers,
    staffRoles: [ROLE_STAFF],
  });
  const routes = await addSandboxRoutes(host.http.app, { core: host, store, directory, files, logger });
  let running = true;
  logger.info({}, 'sandbox ready at /');
  return {
    health: () => (running ? { status: 'connected' } : { status: 'degraded', reason: 'stopped' }),
    async stop() {
      running = false;
      routes.closeStreams();
    },
  };
}

/** The sandbox as one of the app's adapters (`src/main.ts`). */
export const sandboxAdapter: Adapter<SandboxConfig> = {
  name: 'sandbox',
  configSchema: sandboxConfigSchema,
  start: (host, config) => startSandbox(host, config),
};
