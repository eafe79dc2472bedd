/**
 * The transaction every inbound event's first step runs in: the delivery id is recorded (a retried
 * delivery stops here) and the tenant loaded or created, then the caller's work runs with both.
 */
import type { Database } from '../../db/client.js';
import type { Ctx } from '../complaints/workflow.js';
import { firstDelivery } from '../dedupe.js';
import type { InboundEvent } from '../messages.js';
import type { Clock, Logger } from '../ports.js';
import type { TenantCache } from '../tenants.js';

/** What the core's parts share; built once by `Hearken`. */
export interface CoreDeps {
  database: Database;
  clock: Clock;
  logger: Logger;
  /** Tenant settings kept between events (every event needs them; they rarely change). */
  tenants: TenantCache;
}

/**
 * In one transaction: records the delivery (undefined for a repeat), loads or creates the
 * tenant, and runs `work` with them.
 */
export function firstTime<T>(
  deps: CoreDeps,
  event: InboundEvent,
  log: Logger,
  work: (ctx: Ctx) => Promise<T>,
  /** Told as soon as the delivery is known to be the first (see `HandleSignals.owned`). */
  owned?: () => void,
): Promise<T | undefined> {
  return deps.database.db.transaction(async (tx) => {
    const now = deps.clock.now();
    if (!(await firstDelivery(tx, event.actor.platform, event.id, now))) {
      log.info({}, 'duplicate delivery dropped');
      return undefined;
    }
    owned?.();
    const tenant = await deps.tenants.ensure(tx, event.actor.tenantId, event.actor.platform, now);
    return work({ q: tx, now, tenant });
  });
}
