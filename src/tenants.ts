/** Tenant settings: read with defaults, created on first contact, changed by admins. */
import { eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { tenantSettings } from '../db/schema.js';
import type { Platform } from './domain/index.js';

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
  await q
    .insert(tenantSettings)
    .values({ tenantId, platform, createdAt: now, updatedAt: now })
    .onConflictDoNothing();
  const created = await getTenant(q, tenantId);
  if (!created) throw new Error(`tenant ${tenantId} vanished right after it was created`);
  return created;
}

export async function configureTenant(
  q: Queryable,
  tenantId: string,
  platform: Platform,
  patch: TenantPatch,
  now: Date,
): Promise<TenantSettings> {
  const [row] = await q
    .insert(tenantSettings)
    .values({ tenantId, platform, ...patch, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: tenantSettings.tenantId, set: { ...patch, updatedAt: now } })
    .returning();
  if (!row) throw new Error(`could not save settings for ${tenantId}`);
  return row;
}
