/**
 * The adapters' durable key-value store (the `AdapterState` port) on the `adapter_state` table.
 * Adapters keep here what used to live in their process (a customer's pending choice, a private
 * thread), so a restart or another instance behind the load balancer carries on. Keys are opaque
 * strings: the core stores them and never parses them. A row about one customer is keyed by their
 * opaque user id, so `/hearken forget` erases it with their complaints. Expired rows are ignored
 * on read and deleted by `pruneAdapterState` (the nightly housekeeping job, src/jobs/housekeeping.ts).
 */
import { and, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../db/client.js';
import { adapterState } from '../db/schema.js';
import type { AdapterState, Clock, JsonValue } from './ports.js';

export class DbAdapterState implements AdapterState {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  async get(namespace: string, key: string): Promise<unknown> {
    // Read as text and parsed here: drizzle's jsonb column parses a string value a second time,
    // so a stored "1576428114123161615" (a snowflake) would come back as a rounded number.
    const [row] = await this.database.db
      .select({ json: sql<string>`${adapterState.value}::text` })
      .from(adapterState)
      .where(
        and(
          eq(adapterState.namespace, namespace),
          eq(adapterState.key, key),
          or(isNull(adapterState.expiresAt), gt(adapterState.expiresAt, this.clock.now())),
        ),
      );
    return row ? JSON.parse(row.json) : undefined;
  }

  async set(namespace: string, key: string, value: JsonValue, ttlMs?: number): Promise<void> {
    const now = this.clock.now();
    const expiresAt = ttlMs === undefined ? null : new Date(now.getTime() + ttlMs);
    await this.database.db
      .insert(adapterState)
      .values({ namespace, key, value, expiresAt, updatedAt: now })
      .onConflictDoUpdate({
        target: [adapterState.namespace, adapterState.key],
        set: { value, expiresAt, updatedAt: now },
      });
  }

  async delete(namespace: string, key: string): Promise<void> {
    await this.database.db
      .delete(adapterState)
      .where(and(eq(adapterState.namespace, namespace), eq(adapterState.key, key)));
  }
}

/** Deletes rows whose time is up; returns how many went. */
export async function pruneAdapterState(q: Queryable, now: Date): Promise<number> {
  const removed = await q
    .delete(adapterState)
    .where(lte(adapterState.expiresAt, now))
    .returning({ key: adapterState.key });
  return removed.length;
}
