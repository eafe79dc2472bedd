import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { restoreSeed } from '../db/client.js';

/**
 * The rules for a first start on the embedded database, on plain files (a real PGlite data
 * directory takes initdb to make; `npm run bench`'s cold start opens the real one).
 */
describe('the embedded database on first start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hearken-seed-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const seed = join(dir, 'seed');
  mkdirSync(join(seed, 'base'), { recursive: true });
  writeFileSync(join(seed, 'PG_VERSION'), '17\n');
  writeFileSync(join(seed, 'base', 'tables'), 'migrated');

  it('copies the seed into an empty data directory', () => {
    const app = join(dir, 'fresh');

    restoreSeed(app, seed);

    expect(readFileSync(join(app, 'base', 'tables'), 'utf8')).toBe('migrated');
  });

  it('never touches a data directory that already holds a database', () => {
    const app = join(dir, 'used');
    mkdirSync(app);
    writeFileSync(join(app, 'PG_VERSION'), '17\n');

    restoreSeed(app, seed);

    expect(existsSync(join(app, 'base', 'tables'))).toBe(false);
  });

  it('without a built seed (running from source) leaves an empty directory for PGlite to create', () => {
    const app = join(dir, 'from-source');

    restoreSeed(app, join(dir, 'no-build'));

    expect(existsSync(app)).toBe(true);
    expect(existsSync(join(app, 'PG_VERSION'))).toBe(false);
  });
});
