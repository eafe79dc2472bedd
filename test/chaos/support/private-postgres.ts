/**
 * A throwaway Postgres server of our own (initdb into a temp dir, a free port, a socket dir of its
 * own), so a test can stop and start it without touching the shared server other tests use.
 * Postgres refuses to run as root: as root, every command runs as the `postgres` user.
 */
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './app.js';

const run = promisify(execFile);

/** Where Debian and Ubuntu put the server binaries; PG_BIN overrides. */
const BIN =
  process.env.PG_BIN ?? ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin'].find(existsSync);

export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  start(): Promise<void>;
  /** Fast shutdown: open connections are cut, as in a crash or a failover. */
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

function asServerUser(command: string, args: string[]) {
  const root = process.getuid?.() === 0;
  return root ? run('runuser', ['-u', 'postgres', '--', command, ...args]) : run(command, args);
}

export async function createPrivatePostgres(): Promise<PrivatePostgres> {
  if (!BIN) throw new Error('No Postgres server binaries found: install postgresql-15 or set PG_BIN');
  const dir = mkdtempSync(join(tmpdir(), 'hearken-pg-'));
  chmodSync(dir, 0o755);
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = join(dir, 'data');
  const port = await freePort();
  await asServerUser(join(BIN, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '-A',
    'trust',
    '--no-sync',
    '-E',
    'UTF8',
  ]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const pgCtl = (...args: string[]) => asServerUser(join(BIN, 'pg_ctl'), ['-D', data, ...args]);
  const server: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async start() {
      await pgCtl('-o', options, '-l', join(dir, 'log'), '-w', 'start');
    },
    async stop() {
      await pgCtl('-m', 'fast', '-w', 'stop');
    },
    async destroy() {
      await pgCtl('-m', 'immediate', '-w', 'stop').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
