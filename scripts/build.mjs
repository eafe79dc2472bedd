/**
 * `npm run build` (also run by `npm ci` through `prepare`): compiles the app to plain JavaScript in
 * `dist/`, copies what it reads at run time next to the compiled files (the migrations, the
 * sandbox's page), and creates a migrated embedded database there (`dist/db/pglite-seed/`), which a
 * first start copies instead of running PGlite's initdb (seconds of WebAssembly) and every migration.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist/`;

rmSync(dist, { recursive: true, force: true });
const tsc = (() => {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
  } catch {
    // `npm ci --omit=dev` runs `prepare` too: build with the dev dependencies, then prune them.
    throw new Error('build: TypeScript is not installed; run `npm ci` (with dev dependencies) first');
  }
})();
execFileSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });

cpSync(`${root}db/migrations`, `${dist}db/migrations`, { recursive: true });
cpSync(`${root}adapters/sandbox/public`, `${dist}adapters/sandbox/public`, { recursive: true });

const { openPgliteClient, PGLITE_SEED_DIR } = await import(`${dist}db/client.js`);
const { client, database } = await openPgliteClient(PGLITE_SEED_DIR);
await database.migrate();
// Everything flushed to the data files, so a copy starts without replaying the log.
await client.exec('checkpoint');
await database.close();
if (!existsSync(`${dist}src/main.js`)) throw new Error('build: dist/src/main.js is missing');
process.stdout.write('built dist/ (with a migrated embedded database to start from)\n');
