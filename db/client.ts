/**
 * The one database client: postgres.js when a URL is given, embedded PGlite otherwise.
 * Both are wrapped by drizzle so the rest of the code sees one `Db` type. Each driver (and drizzle's
 * migrator) is imported when it is opened: a start on one does not load the other.
 */
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { type MigrationRun, migrationsCurrent } from './migrate.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle; the same query API as `Db`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything that can run queries: the database or a transaction in progress. */
export type Queryable = Db | Tx;

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * A migrated, empty embedded database directory that `npm run build` writes next to the compiled
 * client. A first start copies it into `DATA_DIR` instead of running initdb and every migration
 * (seconds of WebAssembly); newer migrations still apply after. A copy, not PGlite's
 * `loadDataDir` tarball: PGlite unpacks a tarball file by file through its WebAssembly file
 * system (1.1 s for the 40 MB of a fresh database), a native copy takes 0.2 s. Running from
 * source (tests, `npm run dev`) there is none, and PGlite creates the database as before.
 */
export const PGLITE_SEED_DIR = fileURLToPath(new URL('./pglite-seed', import.meta.url));

/**
 * Added to PGlite's default start parameters: smaller shared buffers, since zeroing the default
 * 128 MB is most of the second PGlite takes to open (1.0 → 0.6 s measured), and the embedded
 * database's files sit in the OS page cache anyway. It is the trial database; production runs on
 * a Postgres server.
 */
export const PGLITE_EXTRA_START_PARAMS = ['-c', 'shared_buffers=16MB'];

/**
 * V8 runs PGlite's WebAssembly from a quick baseline compile and re-compiles, optimised and on
 * background threads, each function that has run "enough" (its tiering budget, in bytes of code
 * run). Opening a database runs a burst of code once, and at V8's default budget (1.8 MB) much of
 * it was optimised for nothing: 0.35 s of CPU on a restart (1.2 → 0.85 s at the first healthy
 * /healthz), competing with the start-up on a two-core machine. At a budget 100 times larger the
 * query paths, which keep running, are still optimised: steady-state query CPU did not move.
 * Process-wide and WebAssembly only (PGlite is the app's only WebAssembly); read by V8 when a
 * module is instantiated, so it is set before PGlite is.
 */
export const PGLITE_WASM_TIERING = '--wasm-tiering-budget=180000000';

/** Arbitrary but fixed: serialises migrations when several instances start at once. */
const MIGRATION_LOCK_ID = 4_242_001;

/**
 * Connections kept apart for storing inbound events (`Database.accepts`). An accept is one
 * autocommit INSERT of well under a millisecond; two let a burst overlap without waiting.
 */
export const ACCEPT_CONNECTIONS = 2;

/** A listener `Database.listen` started; `unlisten` stops it. */
export interface Listening {
  unlisten(): Promise<void>;
}

export interface Database {
  readonly kind: 'postgres' | 'pglite';
  readonly db: Db;
  /**
   * The same database through connections of their own, for the inbox's accept: the platform
   * waits for that INSERT before it hears "got it", and it must not queue for a pooled connection
   * behind transactions (the inbox's workers, the outbox, clicks, jobs can hold all of `db`'s).
   * PGlite has one connection: there it is `db`.
   */
  readonly accepts: Db;
  /**
   * Applies pending migrations (idempotent, safe with several instances starting together). A
   * database that already has the last shipped migration costs one query (`'current'`).
   * `migrationsFolder` is for tests; the app applies `MIGRATIONS_FOLDER`.
   */
  migrate(migrationsFolder?: string): Promise<MigrationRun>;
  /**
   * Calls `onNotice` with the payload of each NOTIFY on `channel`, from any session. postgres.js
   * listens on one connection of its own (opened by the first call, closed by `close`), which
   * reconnects and listens again by itself; `onListen` runs each time it starts listening, since
   * what was notified while it was away is lost. Resolves once the LISTEN is in place. Only a
   * Postgres server has it: PGlite is one process, whose inbox pool is told in process.
   */
  listen?(channel: string, onNotice: (payload: string) => void, onListen?: () => void): Promise<Listening>;
  /** True when a trivial query succeeds; otherwise `onFailure` hears why (for the log). */
  ping(onFailure?: (error: unknown) => void): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Postgres URL; without it PGlite is used. */
  url?: string | undefined;
  /** PGlite data directory; `memory://` (or undefined) keeps it in memory. */
  dataDir?: string | undefined;
  /** postgres.js pool size (the accepts' `ACCEPT_CONNECTIONS` come on top). */
  maxConnections?: number;
  /** A migrated PGlite directory copied into an empty `dataDir` (default: the built seed). */
  seedDir?: string;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.maxConnections ?? 10);
  return (await openPgliteClient(options.dataDir, undefined, options.seedDir)).database;
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const [{ default: postgres }, { drizzle }] = await Promise.all([
    import('postgres'),
    import('drizzle-orm/postgres-js'),
  ]);
  // onnotice: Postgres "relation already exists, skipping" notices are noise, not errors.
  const client = postgres(url, { max, onnotice: () => {}, connection: { application_name: 'hearken' } });
  const db = drizzle(preparing(client), { schema }) as unknown as Db;
  // Opened on first use, like the pool's connections.
  const acceptClient = postgres(url, {
    max: ACCEPT_CONNECTIONS,
    onnotice: () => {},
    connection: { application_name: 'hearken-accept' },
  });
  const accepts = drizzle(preparing(acceptClient), { schema }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    accepts,
    async migrate(migrationsFolder = MIGRATIONS_FOLDER) {
      // Checked before the lock: when nothing is pending there is nothing to take turns for.
      if (await migrationsCurrent(db, migrationsFolder)) return 'current';
      const { migrate } = await import('drizzle-orm/postgres-js/migrator');
      // One connection holding a session advisory lock: instances starting together take turns.
      const single = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await single`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
        await migrate(drizzle(single, { schema }), { migrationsFolder });
        await single`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
      } finally {
        await single.end({ timeout: 5 });
      }
      return 'ran';
    },
    listen: (channel, onNotice, onListen) => client.listen(channel, onNotice, onListen),
    ping: (onFailure) => pingWith(db, onFailure),
    async close() {
      await Promise.all([client.end({ timeout: 5 }), acceptClient.end({ timeout: 5 })]);
    },
  };
}

/**
 * Lets postgres.js prepare every statement drizzle sends, in transactions too. An unprepared
 * statement with parameters costs two round trips (Parse and Describe first, to learn the
 * parameter types, then Bind and Execute); a prepared one, once its connection has seen the text,
 * one. drizzle asks for `prepare: false` unless a query is built with `.prepare(name)` (and the
 * name is not used: postgres.js names and caches statements per connection by their text and
 * parameter types), so without this every query took the two. drizzle's SQL texts are fixed by the
 * code (values are always parameters), so the per-connection cache stays small; postgres.js
 * recycles connections (`max_lifetime`), which empties it. (Behind a pooler in transaction mode,
 * such as PgBouncer before 1.21, prepared statements do not work: point DATABASE_URL at Postgres.)
 */
function preparing<T extends object>(client: T): T {
  return new Proxy(client, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      if (key === 'unsafe')
        return (query: string, parameters?: unknown[], options?: object) =>
          value.call(target, query, parameters, { ...options, prepare: true });
      // Transactions and savepoints hand their callback a new client: wrap that one too.
      if (key === 'begin' || key === 'savepoint')
        return (...args: unknown[]) => {
          const callback = args.pop();
          if (typeof callback !== 'function') return value.apply(target, [...args, callback]);
          return value.apply(target, [...args, (tx: object) => callback(preparing(tx))]);
        };
      return value;
    },
  });
}

/**
 * PGlite with its raw client, for callers that need PGlite's own API (tests copy a migrated
 * template with `dumpDataDir` / `loadDataDir` instead of migrating every time).
 */
export async function openPgliteClient(
  dataDir: string | undefined,
  loadDataDir?: Blob,
  seedDir = PGLITE_SEED_DIR,
): Promise<{ client: PGlite; database: Database }> {
  const inMemory = !dataDir || dataDir.startsWith('memory://');
  if (!inMemory) restoreSeed(dataDir, seedDir);
  const [{ PGlite }, { drizzle }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
  ]);
  setFlagsFromString(PGLITE_WASM_TIERING);
  const options = {
    startParams: [...PGlite.defaultStartParams, ...PGLITE_EXTRA_START_PARAMS],
    ...(loadDataDir ? { loadDataDir } : {}),
  };
  const client = inMemory ? new PGlite(options) : new PGlite(dataDir, options);
  await client.waitReady;
  const db = drizzle(client, { schema }) as unknown as Db;
  const database: Database = {
    kind: 'pglite',
    db,
    accepts: db,
    async migrate(migrationsFolder = MIGRATIONS_FOLDER) {
      if (await migrationsCurrent(db, migrationsFolder)) return 'current';
      const { migrate } = await import('drizzle-orm/pglite/migrator');
      await migrate(drizzle(client, { schema }), { migrationsFolder });
      return 'ran';
    },
    ping: (onFailure) => pingWith(db, onFailure),
    close: () => client.close(),
  };
  return { client, database };
}

/**
 * Creates `dataDir`; when it holds no database yet (no `PG_VERSION`), fills it with a copy of the
 * seed, if there is one. A directory that has a database is never touched.
 */
export function restoreSeed(dataDir: string, seedDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  const empty = !existsSync(join(dataDir, 'PG_VERSION'));
  if (empty && resolve(dataDir) !== resolve(seedDir) && existsSync(join(seedDir, 'PG_VERSION')))
    cpSync(seedDir, dataDir, { recursive: true });
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
