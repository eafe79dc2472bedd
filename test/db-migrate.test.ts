import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../db/client.js';
import { lastShippedMigration } from '../db/migrate.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';

/** A copy of the shipped migrations in a temp folder, for a test to add to or take from. */
function copyOfMigrations(root: string, name: string): string {
  const folder = join(root, name);
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  return folder;
}

describe('migrations on restart', () => {
  let database: TestDatabase;
  const root = mkdtempSync(join(tmpdir(), 'hearken-migrations-'));
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.destroy();
    rmSync(root, { recursive: true, force: true });
  });

  it('finds a migrated database current from its last record, without running the migrator', async () => {
    // The journal alone: were drizzle's migrator to run, it would fail reading the missing SQL.
    const journalOnly = copyOfMigrations(root, 'journal-only');
    for (const file of readFileSync(join(journalOnly, 'meta', '_journal.json'), 'utf8').match(/\d{4}_\w+/g) ??
      [])
      rmSync(join(journalOnly, `${file}.sql`), { force: true });

    await expect(database.migrate(journalOnly)).resolves.toBe('current');
    await expect(database.migrate()).resolves.toBe('current');
  });

  it('still applies a migration newer than the last one recorded', async () => {
    const withPending = copyOfMigrations(root, 'with-pending');
    const journalPath = join(withPending, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: object[] };
    const when = lastShippedMigration(MIGRATIONS_FOLDER) + 1;
    journal.entries.push({
      idx: journal.entries.length,
      version: '7',
      when,
      tag: '9999_probe',
      breakpoints: true,
    });
    writeFileSync(journalPath, JSON.stringify(journal));
    writeFileSync(join(withPending, '9999_probe.sql'), 'CREATE TABLE "migration_probe" ("id" integer);');

    await expect(database.migrate(withPending)).resolves.toBe('ran');
    await database.db.execute(sql`insert into migration_probe (id) values (1)`);
    await expect(database.migrate(withPending)).resolves.toBe('current');
  });
});
