import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantSettings } from '../../db/schema.js';
import { configureTenant, TENANT_CACHE_TTL_MS, TenantCache } from '../../src/tenants.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const NOW = new Date('2026-11-30T12:00:00Z');

describe('tenant settings kept in memory between events', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());

  it('answers from memory, and sees a change made elsewhere once the copy is older than the TTL', async () => {
    let ms = 0;
    const cache = new TenantCache(TENANT_CACHE_TTL_MS, () => ms);
    const first = await cache.ensure(database.db, 'sandbox:ttl', 'sandbox', NOW);
    // Another instance changes the row directly (not through this process's configureTenant).
    await database.db
      .update(tenantSettings)
      .set({ timeZone: 'Asia/Shanghai' })
      .where(eq(tenantSettings.tenantId, 'sandbox:ttl'));

    const soon = await cache.ensure(database.db, 'sandbox:ttl', 'sandbox', NOW);
    ms += TENANT_CACHE_TTL_MS + 1;
    const later = await cache.ensure(database.db, 'sandbox:ttl', 'sandbox', NOW);

    expect(first.timeZone).toBe('UTC');
    expect(soon.timeZone).toBe('UTC');
    expect(later.timeZone).toBe('Asia/Shanghai');
  });

  it('drops its copy at once when this process changes the settings', async () => {
    const cache = new TenantCache(TENANT_CACHE_TTL_MS, () => 0);
    await cache.ensure(database.db, 'sandbox:admin', 'sandbox', NOW);

    await configureTenant(database.db, 'sandbox:admin', 'sandbox', { digestTime: '07:30' }, NOW);

    expect((await cache.get(database.db, 'sandbox:admin'))?.digestTime).toBe('07:30');
  });
});
