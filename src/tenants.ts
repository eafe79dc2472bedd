/** Tenant settings: read with defaults, created on first contact, changed by admins. */
import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { tenantSettings } from '../db/schema.js';
import type { Platform } from './domain/index.js';
import { DatabaseError } from './errors.js';

export type TenantSettings = typeof tenantSettings.$inferSelect;
export type TenantPatch = Partial<Omit<TenantSettings, 'tenantId' | 'platform' | 'createdAt' | 'updatedAt'>>;

export async function getTenant(q: Queryable, tenantId: string): Promise<TenantSettings | undefined> {
  const [row] = await q.select().from(tenantSettings).where(eq(tenantSettings.tenantId, tenantId));
  return row;
}

/**
 * Returns the tenant's settings, creating the row with defaults on first contact. `now` comes
 * from the injected clock: the digest reads `createdAt` to know whether a tenant has a yesterday.
 */
export async function ensureTenant(
  q: Queryable,
  tenantId: string,
  platform: Platform,
  now: Date,
): Promise<TenantSettings> {
  const existing = await getTenant(q, tenantId);
  if (existing) return existing;
  const [created] = await q
    .insert(tenantSettings)
    .values({ tenantId, platform, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning();
  // Nothing returned: another transaction created it first; read theirs.
  const settings = created ?? (await getTenant(q, tenantId));
  if (!settings) throw new DatabaseError('E_DB_ROW_VANISHED', `tenant ${tenantId}, just created,`);
  return settings;
}

/**
 * How long a process trusts settings it read. A change made through `configureTenant` is seen at
 * once by every core in this process; one made by another instance within this long.
 */
export const TENANT_CACHE_TTL_MS = 5_000;

/** Bumped by `configureTenant`; a cached copy read under an older generation is stale. */
const generations = new Map<string, number>();
const generationOf = (tenantId: string) => generations.get(tenantId) ?? 0;

/**
 * Tenant settings kept in memory between events, so an event does not read the same row again:
 * every inbound event needs them and they change only when an admin changes them. The settings
 * returned are shared: read them, never change them in place.
 */
export class TenantCache {
  private readonly entries = new Map<
    string,
    { settings: TenantSettings; generation: number; expires: number }
  >();

  constructor(
    private readonly ttlMs = TENANT_CACHE_TTL_MS,
    /** Monotonic milliseconds: cache ageing is not business time, so not the injected clock. */
    private readonly monotonic: () => number = () => performance.now(),
    private readonly maxEntries = 10_000,
  ) {}

  /** The settings, or undefined when the tenant has none yet (not cached). */
  async get(q: Queryable, tenantId: string): Promise<TenantSettings | undefined> {
    const hit = this.fresh(tenantId);
    if (hit) return hit;
    const generation = generationOf(tenantId);
    const settings = await getTenant(q, tenantId);
    if (settings) this.keep(tenantId, settings, generation);
    return settings;
  }

  /** Like `ensureTenant`, from memory when it can. */
  async ensure(q: Queryable, tenantId: string, platform: Platform, now: Date): Promise<TenantSettings> {
    const hit = this.fresh(tenantId);
    if (hit) return hit;
    const generation = generationOf(tenantId);
    const settings = await ensureTenant(q, tenantId, platform, now);
    this.keep(tenantId, settings, generation);
    return settings;
  }

  private fresh(tenantId: string): TenantSettings | undefined {
    const entry = this.entries.get(tenantId);
    if (!entry) return undefined;
    if (entry.generation === generationOf(tenantId) && entry.expires > this.monotonic())
      return entry.settings;
    this.entries.delete(tenantId);
    return undefined;
  }

  /** `generation` is the one before the read: a change made during the read makes it stale. */
  private keep(tenantId: string, settings: TenantSettings, generation: number): void {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(tenantId, { settings, generation, expires: this.monotonic() + this.ttlMs });
  }
}

export async function configureTenant(
  q: Queryable,
  tenantId: string,
  platform: Platform,
  patch: TenantPatch,
  now: Date,
): Promise<TenantSettings> {
  generations.set(tenantId, generationOf(tenantId) + 1);
  const [row] = await q
    .insert(tenantSettings)
    .values({ tenantId, platform, ...patch, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: tenantSettings.tenantId, set: { ...patch, updatedAt: now } })
    .returning();
  if (!row) throw new DatabaseError('E_DB_NO_ROW', `the settings of ${tenantId}`);
  // Every cache in this process drops its copy (again after the write, for reads made meanwhile).
  generations.set(tenantId, generationOf(tenantId) + 1);
  return row;
}

/**
 * Adds `userId` to the tenant's known admins, in one statement so two admins' first commands at
 * once both stay (a read, then a write, would keep only one).
 */
export async function addKnownAdmin(
  q: Queryable,
  tenantId: string,
  userId: string,
  now: Date,
): Promise<void> {
  generations.set(tenantId, generationOf(tenantId) + 1);
  await q
    .update(tenantSettings)
    .set({
      knownAdmins: sql`${tenantSettings.knownAdmins} || jsonb_build_array(${userId}::text)`,
      updatedAt: now,
    })
    .where(
      and(eq(tenantSettings.tenantId, tenantId), sql`not (${tenantSettings.knownAdmins} ? ${userId}::text)`),
    );
  generations.set(tenantId, generationOf(tenantId) + 1);
}
