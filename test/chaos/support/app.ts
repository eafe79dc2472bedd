/**
 * The real Hearken process (`src/main.ts` through tsx), spawned on a free port with a database of
 * its own, so tests can signal it, kill it and start it again as an operator would.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { vi } from 'vitest';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A port nobody is listening on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface AppDatabase {
  /** DATABASE_URL or DATA_DIR for the process. */
  env: Record<string, string>;
  /** A Postgres URL when the app runs on a server (tests may read it directly). */
  url: string | undefined;
  destroy(): Promise<void>;
}

/**
 * A database the app owns: a fresh database on the server when DATABASE_URL is set (CI),
 * otherwise an embedded PGlite directory in a temp folder (what `npm start` uses).
 */
export async function appDatabase(serverUrl = process.env.DATABASE_URL): Promise<AppDatabase> {
  if (!serverUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'hearken-app-'));
    return {
      env: { DATA_DIR: dir },
      url: undefined,
      destroy: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  return serverDatabase(serverUrl);
}

/** A fresh database on a Postgres server, dropped by `destroy`. */
export async function serverDatabase(serverUrl: string): Promise<AppDatabase> {
  const name = `hearken_x_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    url: url.toString(),
    async destroy() {
      await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await admin.end({ timeout: 5 });
    },
  };
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface AppProcess {
  readonly base: string;
  readonly child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  readonly exited: Promise<Exit>;
  /** Resolves once `/healthz` answers 200. */
  ready(): Promise<void>;
  /** Sends `signal` and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

/**
 * Starts `src/main.ts` with `env` on a free port. Node runs the file with tsx's loader in one
 * process (as `npx tsx` does, minus the wrapper), so a signal reaches the app itself.
 */
export async function startApp(env: Record<string, string>): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      LOG_LEVEL: 'info',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let ended = false;
  void exited.then(() => {
    ended = true;
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    child,
    output: () => out,
    exited,
    async ready() {
      const healthy = vi.waitFor(
        async () => {
          if (ended) return;
          const response = await fetch(`${base}/healthz`);
          if (response.status !== 200) throw new Error(`healthz ${response.status}`);
        },
        { timeout: 120_000, interval: 200 },
      );
      // A process that dies while starting fails the test at once, with what it said.
      const died = exited.then(() => {
        throw new Error(`Hearken exited before it was ready:\n${out}`);
      });
      await Promise.race([healthy, died]).catch((error: unknown) => {
        child.kill('SIGKILL');
        throw error;
      });
      died.catch(() => undefined);
    },
    async stop(signal = 'SIGTERM') {
      if (!ended) child.kill(signal);
      return exited;
    },
  };
}
