import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client.js';
import { tenantSettings } from '../db/schema.js';

describe('the embedded database on first start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hearken-seed-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const tenants = async (dataDir: string, seedDir: string) => {
    const database = await openDatabase({ dataDir, seedDir });
    try {
      await database.migrate();
      const rows = await database.db.select({ id: tenantSettings.tenantId }).from(tenantSettings);
      return { database, ids: rows.map((r) => r.id).sort() };
    } catch (error) {
      await database.close();
      throw error;
    }
  };

  it('starts from a copy of the built seed, and later starts keep their own data', async () => {
    const seed = join(dir, 'seed');
    const app = join(dir, 'app');
    const made = await tenants(seed, join(dir, 'no-seed-here'));
    await made.database.db.insert(tenantSettings).values({ tenantId: 'from-seed', platform: 'sandbox' });
    await made.database.close();

    const first = await tenants(app, seed);
    await first.database.db.insert(tenantSettings).values({ tenantId: 'from-app', platform: 'sandbox' });
    await first.database.close();
    const again = await tenants(app, seed);
    await again.database.close();
    const seedAfter = await tenants(seed, join(dir, 'no-seed-here'));
    await seedAfter.database.close();

    expect(first.ids).toEqual(['from-seed']);
    expect(again.ids).toEqual(['from-app', 'from-seed']);
    expect(seedAfter.ids).toEqual(['from-seed']);
  });
});
