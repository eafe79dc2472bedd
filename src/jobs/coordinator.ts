/**
 * node-cron's `RunCoordinator` backed by Postgres: for each scheduled slot (node-cron's key is
 * `<task name>:<slot ISO time>`) the first instance to insert the lease row runs the tick and the
 * others skip it. This only saves work; exactly-once delivery still comes from each job's own
 * claim (conditional update, unique key), so a lost or expired lease can never double-send.
 */
import { lt } from 'drizzle-orm';
import type { RunCoordinator } from 'node-cron';
import type { Db } from '../../db/client.js';
import { cronLeases } from '../../db/schema.js';
import type { Clock } from '../ports.js';

export class PostgresRunCoordinator implements RunCoordinator {
  constructor(
    private readonly db: Db,
    private readonly holder: string,
    private readonly clock: Clock,
  ) {}

  /** True for exactly one caller per key while the lease lives; a lapsed lease can be taken over. */
  async shouldRun(key: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + ttlMs);
    const rows = await this.db
      .insert(cronLeases)
      .values({ name: key, holder: this.holder, expiresAt })
      .onConflictDoUpdate({
        target: cronLeases.name,
        set: { holder: this.holder, expiresAt },
        // Take over only a lease whose holder died before finishing the tick.
        setWhere: lt(cronLeases.expiresAt, now),
      })
      .returning({ name: cronLeases.name });
    return rows.length > 0;
  }

  /**
   * The row stays after a tick so a slow instance cannot run the same slot late. Rows are per slot,
   * so `prune` removes old ones.
   */
  onComplete(): void {}

  /** Deletes leases that expired more than `olderThanMs` ago; returns how many. */
  async prune(olderThanMs = 24 * 60 * 60_000): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - olderThanMs);
    const rows = await this.db
      .delete(cronLeases)
      .where(lt(cronLeases.expiresAt, cutoff))
      .returning({ name: cronLeases.name });
    return rows.length;
  }
}
