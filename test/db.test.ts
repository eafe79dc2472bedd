import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantSettings } from '../db/schema.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';

describe('database', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());

  it('applies migrations and stores tenant settings with their defaults', async () => {
    await database.db.insert(tenantSettings).values({ tenantId: 'sandbox:demo', platform: 'sandbox' });
    const [row] = await database.db
      .select()
      .from(tenantSettings)
      .where(eq(tenantSettings.tenantId, 'sandbox:demo'));
    expect(row?.staffRoles).toEqual(['staff']);
    expect(row?.surveyDelayMinutes).toBe(1440);
    expect(await database.ping()).toBe(true);
  });

  it('applying migrations again is a no-op', async () => {
    await expect(database.migrate()).resolves.toBe('current');
  });
});
