/**
 * A fresh, migrated database per test file: a new database on the Postgres server when
 * DATABASE_URL is set (CI), an in-memory PGlite otherwise.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { inject } from 'vitest';
import { type Database, openDatabase, openPgliteClient } from '../../db/client.js';

export const serverUrl = process.env.DATABASE_URL;
export const onServer = Boolean(serverUrl);

/** The migrated PGlite dump made by test/support/global-setup.ts, when running under vitest. */
function templatePath(): string | undefined {
  try {
    return inject('pgliteTemplate') || undefined;
  } catch {
    return undefined;
  }
}

export interface TestDatabase extends Database {
  /** Drops the database (server) or closes it (PGlite). */
  destroy(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (!serverUrl) {
    const template = templatePath();
    const database = template
      ? (await openPgliteClient(undefined, new Blob([readFileSync(template)]))).database
      : await openDatabase({});
    // Cheap when the template already has every migration; complete when there is no template.
    await database.migrate();
    return { ...database, destroy: () => database.close() };
  }
  const name = `hearken_t_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), maxConnections: 20 });
  await database.migrate();
  return {
    ...database,
    async destroy() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
