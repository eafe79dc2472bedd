/**
 * The one database client: postgres.js when a URL is given, embedded PGlite otherwise.
 * Both are wrapped by drizzle so the rest of the code sees one `Db` type.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle; the same query API as `Db`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything that can run queries: the database or a transaction in progress. */
export type Queryable = Db | Tx;

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

/** Arbitrary but fixed: serialises migrations when several instances start at once. */
const MIGRATION_LOCK_ID = 4_242_001;

export interface Database {
  readonly kind: 'postgres' | 'pglite';
  readonly db: Db;
  /** Applies pending migrations (idempotent, safe with several instances starting together). */
  migrate(): Promise<void>;
  /** True when a trivial query succeeds; otherwise `onFailure` hears why (for the log). */
  ping(onFailure?: (error: unknown) => void): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Postgres URL; without it PGlite is used. */
  url?: string | undefined;
  /** PGlite data directory; `memory://` (or undefined) keeps it in memory. */
  dataDir?: string | undefined;
  /** postgres.js pool size. */
  maxConnections?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url, options.maxConnections ?? 10) : openPglite(options.dataDir);
}

function openPostgres(url: string, max: number): Database {
  // onnotice: Postgres "relation already exists, skipping" notices are noise, not errors.
  const client = postgres(url, { max, onnotice: () => {}, connection: { application_name: 'hearken' } });
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    async migrate() {
      // One connection holding a session advisory lock: instances starting together take turns.
      const single = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await single`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
        await migratePostgres(drizzlePostgres(single, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
        await single`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
      } finally {
        await single.end({ timeout: 5 });
      }
    },
    ping: (onFailure) => pingWith(db, onFailure),
    close: () => client.end({ timeout: 5 }),
  };
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  return (await openPgliteClient(dataDir)).database;
}

/**
 * PGlite with its raw client, for callers that need PGlite's own API (tests copy a migrated
 * template with `dumpDataDir` / `loadDataDir` instead of migrating every time).
 */
export async function openPgliteClient(
  dataDir: string | undefined,
  loadDataDir?: Blob,
): Promise<{ client: PGlite; database: Database }> {
  const inMemory = !dataDir || dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const options = loadDataDir ? { loadDataDir } : {};
  const client = inMemory ? new PGlite(options) : new PGlite(dataDir, options);
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  const database: Database = {
    kind: 'pglite',
    db,
    async migrate() {
      await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    },
    ping: (onFailure) => pingWith(db, onFailure),
    close: () => client.close(),
  };
  return { client, database };
}

async function pingWith(db: Db, onFailure?: (error: unknown) => void): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch (error) {
    // Down is an answer (healthz says 503), but the operator needs the reason to fix it.
    onFailure?.(error);
    return false;
  }
}
