/**
 * The transaction every inbound event's first step runs in: the delivery id is recorded (a retried
 * delivery stops here) and the tenant loaded or created, then the caller's work runs with both.
 */
import type { Database, Queryable } from '../../db/client.js';
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
 * tenant, and runs `work` with them; then `after` (in the same transaction, repeat or not) with
 * what `work` returned.
 */
export function firstTime<T>(
  deps: CoreDeps,
  event: InboundEvent,
  log: Logger,
  work: (ctx: Ctx) => Promise<T>,
  after?: (q: Queryable, result: T | undefined) => Promise<void>,
  /** Told as soon as the delivery is known to be the first (see `HandleSignals.owned`). */
  owned?: () => void,
): Promise<T | undefined> {
  return deps.database.db.transaction(async (tx) => {
    const now = deps.clock.now();
    let result: T | undefined;
    if (!(await firstDelivery(tx, event.actor.platform, event.id, now))) {
      log.info({}, 'duplicate delivery dropped');
    } else {
      owned?.();
      const tenant = await deps.tenants.ensure(tx, event.actor.tenantId, event.actor.platform, now);
      result = await work({ q: tx, now, tenant });
    }
    await after?.(tx, result);
    return result;
  });
}
