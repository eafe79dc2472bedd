/**
 * The sandbox adapter: a local web workspace (customer, staff and manager panes) on the same core
 * as Slack and Discord, stored in the same database, so a newcomer sees Hearken work in a minute.
 */
import type { Database } from '../../db/client.js';
import type { Hearken } from '../../src/core.js';
import type { HttpServer } from '../../src/http.js';
import type { Logger, RunningAdapter } from '../../src/ports.js';
import { Directory, SANDBOX_TENANT } from './directory.js';
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

export interface SandboxDeps {
  core: Hearken;
  database: Database;
  http: HttpServer;
  logger: Logger;
}

/** Registers the sandbox platform with the core and serves the page at `/` on the shared server. */
export async function startSandbox(deps: SandboxDeps): Promise<RunningAdapter> {
  const logger = deps.logger.child({ adapter: 'sandbox' });
  const store = new SandboxStore(deps.database);
  const directory = new Directory(store);
  await directory.seed();
  deps.core.registerPlatform(new SandboxPort(store));
  if (!(await deps.core.tenantSettings(SANDBOX_TENANT))) {
    await deps.core.configureTenant(SANDBOX_TENANT, 'sandbox', {
      name: 'Demo workspace',
      staffChannelId: SANDBOX_CHANNELS.staff,
      managerChannelId: SANDBOX_CHANNELS.managers,
      staffRoles: ['staff'],
    });
  }
  const routes = await addSandboxRoutes(deps.http.app, { core: deps.core, store, directory, logger });
  let running = true;
  logger.info({}, 'sandbox ready at /');
  return {
    name: 'sandbox',
    connected: () => running,
    async stop() {
      running = false;
      routes.closeStreams();
    },
  };
}
