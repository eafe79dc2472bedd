/**
 * Cold start to ready: `src/main.ts` on a fresh embedded PGlite directory (first run: the data
 * directory is created and migrated), until /healthz answers 200. Baseline: the floor, i.e. the
 * same Node and tsx opening a fresh PGlite directory and doing nothing else.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ROOT } from '../test/chaos/support/app.js';
import { type Figure, figure, ms, now } from './lib.js';

const FLOOR = `import { PGlite } from '@electric-sql/pglite';
const db = new PGlite(process.argv[1]); await db.waitReady; await db.close();`;

function run(
  args: string[],
  env: Record<string, string>,
  until?: (port: number) => Promise<boolean>,
  port = 0,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = now();
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    let done = false;
    child.once('exit', (code) => {
      if (!done) code === 0 ? resolve(ms(started)) : reject(new Error(`exit ${code}`));
      done = true;
    });
    if (!until) return;
    const poll = async () => {
      while (!done) {
        if (await until(port).catch(() => false)) {
          done = true;
          resolve(ms(started));
          child.kill('SIGKILL');
          return;
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    void poll();
  });
}

export async function benchColdStart(options: { runs: number }): Promise<Figure[]> {
  const startups: number[] = [];
  const floors: number[] = [];
  for (let i = 0; i < options.runs; i += 1) {
    const dir = mkdtempSync(join(tmpdir(), 'hearken-cold-'));
    const port = await freePort();
    try {
      startups.push(
        await run(
          ['--import', 'tsx', 'src/main.ts'],
          { DATA_DIR: join(dir, 'app'), PORT: String(port), LOG_LEVEL: 'silent', DATABASE_URL: '' },
          async (p) => (await fetch(`http://127.0.0.1:${p}/healthz`)).status === 200,
          port,
        ),
      );
      floors.push(await run(['--import', 'tsx', '--input-type=module', '-e', FLOOR, join(dir, 'floor')], {}));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  return [
    figure(
      'cold start to ready, fresh PGlite',
      median(startups),
      'ms',
      {
        name: 'node+tsx opening a fresh PGlite only',
        value: median(floors),
      },
      { runs: startups.map(Math.round), floorRuns: floors.map(Math.round) },
    ),
  ];
}
