/**
 * Start-up to a healthy `/healthz`, as `npm start` runs it (`node dist/src/main.js`, built first
 * by `npm run build`), on the embedded database:
 * - on an empty `DATA_DIR` (first start: the shipped seed database is restored), beside the same
 *   start from source through tsx (no build, no seed: PGlite's initdb and every migration), which
 *   is what `npm start` ran before the build existed;
 * - on restart (the data directory exists), beside the floor: Node opening that PGlite directory
 *   and nothing else.
 * Wall-clock time moves with whatever else the machine runs, so each restart also records the CPU
 * Node had used when /healthz first said 200 (main thread, and all threads: V8 compiles PGlite's
 * WebAssembly on its own threads) beside the floor's at ready (Linux only: read from /proc), and
 * the app's start-up phases (its debug log: ms since the process started, per phase).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGLITE_EXTRA_START_PARAMS, PGLITE_WASM_TIERING } from '../db/client.js';
import { freePort, ROOT } from '../test/chaos/support/app.js';
import { type Figure, figure, ms, now } from './lib.js';

/**
 * CPU milliseconds a process (`/proc/<pid>/stat`) or one of its threads (`…/task/<tid>/stat`) has
 * used: utime + stime, in ticks of 10 ms; 0 off Linux. The floor's child carries the same text.
 */
const CPU_OF = `(path) => {
  try {
    const fields = readFileSync(path, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}`;
function cpuOf(path: string): number {
  try {
    const fields = readFileSync(path, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/**
 * PGlite opened as the app opens it (its smaller shared buffers, V8's larger tiering budget), and
 * nothing else; prints the CPU it used to get there (all threads, main thread) as JSON.
 */
const FLOOR = `import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
const cpuOf = ${CPU_OF};
setFlagsFromString(${JSON.stringify(PGLITE_WASM_TIERING)});
const { PGlite } = await import('@electric-sql/pglite');
const startParams = [...PGlite.defaultStartParams, ...${JSON.stringify(PGLITE_EXTRA_START_PARAMS)}];
const db = new PGlite(process.argv[1], { startParams }); await db.waitReady;
const self = '/proc/' + process.pid;
process.stdout.write(JSON.stringify({ total: cpuOf(self + '/stat'), main: cpuOf(self + '/task/' + process.pid + '/stat') }));
await db.close();`;

interface Run {
  ms: number;
  /** CPU ms used by then: all threads, and the main thread. */
  cpu: { total: number; main: number };
  /** Start-up phases from the app's debug log: ms since the process started. */
  phases: Record<string, number>;
}

/**
 * Runs `node args` until it exits (0) or, with `port`, until /healthz says 200; then stops it. The
 * CPU is read from /proc at that moment (the app), or printed by the process itself (the floor).
 */
function run(args: string[], env: Record<string, string>, port?: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = now();
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: port === undefined ? 'silent' : 'debug', DATABASE_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    let healthy: Omit<Run, 'phases'> | undefined;
    const phases = () =>
      Object.fromEntries(
        output
          .split('\n')
          .filter((line) => line.includes('"phase"'))
          .map((line) => JSON.parse(line) as { phase: string; ms: number })
          .map((line) => [line.phase, line.ms]),
      );
    child.once('exit', (code) => {
      if (healthy !== undefined) resolve({ ...healthy, phases: phases() });
      else if (code === 0 && port === undefined)
        resolve({ ms: ms(started), cpu: JSON.parse(output) as Run['cpu'], phases: {} });
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
      const self = `/proc/${child.pid}`;
      healthy = {
        ms: ms(started),
        cpu: { total: cpuOf(`${self}/stat`), main: cpuOf(`${self}/task/${child.pid}/stat`) },
      };
      // A clean stop, as an operator's restart would be: the next start finds a closed database.
      child.kill('SIGTERM');
    };
    void poll();
  });
}

/** Each start-up phase's median over the runs. */
function medianPhases(runs: Run[]): Record<string, number> {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.phases)))];
  return Object.fromEntries(
    names.map((name) => [name, median(runs.flatMap((r) => r.phases[name] ?? []))] as const),
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

export async function benchColdStart(options: { runs: number }): Promise<Figure[]> {
  const buildStarted = now();
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'ignore' });
  const buildMs = ms(buildStarted);
  const first: number[] = [];
  const fromSource: number[] = [];
  const restart: Run[] = [];
  const floor: Run[] = [];
  for (let i = 0; i < options.runs; i += 1) {
    const dir = mkdtempSync(join(tmpdir(), 'hearken-cold-'));
    try {
      const start = async (args: string[], dataDir: string) => {
        const port = await freePort();
        return run(args, { DATA_DIR: join(dir, dataDir), PORT: String(port) }, port);
      };
      first.push((await start(['dist/src/main.js'], 'app')).ms);
      restart.push(await start(['dist/src/main.js'], 'app'));
      floor.push(await run(['--input-type=module', '-e', FLOOR, join(dir, 'app')], {}));
      fromSource.push((await start(['--import', 'tsx', 'src/main.ts'], 'src')).ms);
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
      median(restart.map((r) => r.ms)),
      'ms',
      { name: 'node opening that PGlite directory only', value: median(floor.map((r) => r.ms)) },
      {
        ...notes,
        runs: restart.map((r) => Math.round(r.ms)),
        baselineRuns: floor.map((r) => Math.round(r.ms)),
        phases: medianPhases(restart),
      },
    ),
    figure(
      'restart: Node CPU to healthy, all threads',
      median(restart.map((r) => r.cpu.total)),
      'ms',
      { name: 'the floor, at ready', value: median(floor.map((r) => r.cpu.total)) },
      { runs: restart.map((r) => r.cpu.total), baselineRuns: floor.map((r) => r.cpu.total) },
    ),
    figure(
      'restart: Node CPU to healthy, main thread',
      median(restart.map((r) => r.cpu.main)),
      'ms',
      { name: 'the floor, at ready', value: median(floor.map((r) => r.cpu.main)) },
      { runs: restart.map((r) => r.cpu.main), baselineRuns: floor.map((r) => r.cpu.main) },
    ),
  ];
}
