/**
 * The restart's migration check: one query instead of drizzle's migrator when the database already
 * has the last migration the code ships with. drizzle's migrator reads and hashes every SQL file,
 * then sends five statements (create the schema and the table if missing, read the last
 * migration, an empty transaction) on every start, to find nothing to do.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { desc } from 'drizzle-orm';
import { bigint, pgSchema } from 'drizzle-orm/pg-core';
import type { Queryable } from './client.js';

/**
 * drizzle's own bookkeeping table (`drizzle.__drizzle_migrations`), declared here for the one
 * read, not in schema.ts: drizzle-kit must not generate a migration for it.
 */
const applied = pgSchema('drizzle').table('__drizzle_migrations', {
  createdAt: bigint('created_at', { mode: 'number' }),
});

/** What `Database.migrate()` did. */
export type MigrationRun =
  /** The database already had the shipped journal's last migration: one query, nothing applied. */
  | 'current'
  /** drizzle's migrator ran and applied whatever was pending. */
  | 'ran';

/**
 * When the last migration in `folder`'s journal was made: drizzle records it as the migration's
 * `created_at` and applies exactly the migrations made after the last one recorded.
 */
export function lastShippedMigration(folder: string): number {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { when: number }[];
  };
  return Math.max(...journal.entries.map((entry) => entry.when));
}

/**
 * True when the database has recorded a migration at least as recent as the last one in `folder`,
 * so drizzle's migrator would apply nothing (it applies only migrations made after that record).
 * False on a database never migrated (the table is missing, the query fails): the migrator decides.
 */
export async function migrationsCurrent(db: Queryable, folder: string): Promise<boolean> {
  const shipped = lastShippedMigration(folder);
  try {
    const [last] = await db
      .select({ createdAt: applied.createdAt })
      .from(applied)
      .orderBy(desc(applied.createdAt))
      .limit(1);
    return last?.createdAt != null && last.createdAt >= shipped;
  } catch {
    return false;
  }
}
