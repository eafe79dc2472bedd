/**
 * Start-up to a healthy `/healthz`, as `npm start` runs it (`node dist/src/main.js`, built first
 * by `npm run build`), on the embedded database:
 * - on an empty `DATA_DIR` (first start: the shipped seed database is restored), beside the same
 *   start from source through tsx (no build, no seed: PGlite's initdb and every migration), which
 *   is what `npm start` ran before the build existed;
 * - on restart (the data directory exists), beside the floor: Node opening that PGlite directory
 *   and nothing else.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ROOT } from '../test/chaos/support/app.js';
import { type Figure, figure, ms, now } from './lib.js';

/** PGlite opened with the app's start parameters (its smaller shared buffers), and nothing else. */
const FLOOR = `import { PGlite } from '@electric-sql/pglite';
const startParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];
const db = new PGlite(process.argv[1], { startParams }); await db.waitReady; await db.close();`;

/** Runs `node args` until it exits (0) or, with `port`, until /healthz says 200; then stops it. */
function run(args: string[], env: Record<string, string>, port?: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = now();
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', ...env },
      stdio: 'ignore',
    });
    let elapsed: number | undefined;
    child.once('exit', (code) => {
      if (elapsed !== undefined) resolve(elapsed);
      else if (code === 0 && port === undefined) resolve(ms(started));
      else reject(new Error(`${args.join(' ')} exited with ${code}`));
    });
    if (port === undefined) return;
    const poll = async () => {
      for (;;) {
        const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.status === 200,
          () => false,
        );
        if (ok) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      elapsed = ms(started);
      // A clean stop, as an operator's restart would be: the next start finds a closed database.
      child.kill('SIGTERM');
    };
    void poll();
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

export async function benchColdStart(options: { runs: number }): Promise<Figure[]> {
  const buildStarted = now();
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'ignore' });
  const buildMs = ms(buildStarted);
  const first: number[] = [];
  const fromSource: number[] = [];
  const restart: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < options.runs; i += 1) {
    const dir = mkdtempSync(join(tmpdir(), 'hearken-cold-'));
    try {
      const start = async (args: string[], dataDir: string) => {
        const port = await freePort();
        return run(args, { DATA_DIR: join(dir, dataDir), PORT: String(port) }, port);
      };
      first.push(await start(['dist/src/main.js'], 'app'));
      restart.push(await start(['dist/src/main.js'], 'app'));
      floor.push(await run(['--input-type=module', '-e', FLOOR, join(dir, 'app')], {}));
      fromSource.push(await start(['--import', 'tsx', 'src/main.ts'], 'src'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const notes = {
    runs: options.runs,
    buildSeconds: Math.round(buildMs / 100) / 10,
    target: '< 3 s, < 1.5 s',
  };
  return [
    figure(
      'cold start to healthy, empty DATA_DIR',
      median(first),
      'ms',
      { name: 'same from source via tsx, initdb + migrations', value: median(fromSource) },
      { ...notes, runs: first.map(Math.round), baselineRuns: fromSource.map(Math.round) },
    ),
    figure(
      'restart to healthy, existing DATA_DIR',
      median(restart),
      'ms',
      { name: 'node opening that PGlite directory only', value: median(floor) },
      { ...notes, runs: restart.map(Math.round), baselineRuns: floor.map(Math.round) },
    ),
  ];
}
