/** SIGTERM: the process stops taking work, lets what is open finish, closes the database, exits 0. */
import { afterEach, describe, expect, it } from 'vitest';
import { type AppDatabase, type AppProcess, appDatabase, startApp } from './support/app.js';
import { ANA, SandboxClient } from './support/sandbox.js';

/**
 * A sandbox tab as a browser keeps it: an event stream that, whenever it ends, connects again at
 * once (a browser's EventSource waits its retry time; at once is the harshest case), until the
 * server says 204 (EventSource's "stop reconnecting") or refuses the connection.
 */
function openTab(base: string): { statuses: number[]; connected: Promise<void> } {
  const statuses: number[] = [];
  let opened = (): void => undefined;
  const connected = new Promise<void>((resolve) => {
    opened = resolve;
  });
  void (async () => {
    for (;;) {
      try {
        const response = await fetch(`${base}/sandbox/api/stream`);
        statuses.push(response.status);
        if (response.status !== 200) return;
        opened();
        await response.text();
      } catch {
        return; // The server is gone: what a closed tab would see too.
      }
    }
  })();
  return { statuses, connected };
}

describe('graceful shutdown of the real process', () => {
  let database: AppDatabase | undefined;
  let app: AppProcess | undefined;
  afterEach(async () => {
    await app?.stop('SIGKILL');
    await database?.destroy();
  });

  it('on SIGTERM ends open streams, closes the database, exits 0, and a restart finds the intake', async () => {
    database = await appDatabase();
    app = await startApp(database.env);
    await app.ready();
    const sandbox = new SandboxClient(app.base);
    await sandbox.say(ANA, 'My parcel never arrived and nobody answers my emails.');
    const stream = await fetch(`${app.base}/sandbox/api/stream`);
    const streamEnded = stream.text().then(
      () => 'ended',
      () => 'ended',
    );

    const exit = await app.stop('SIGTERM');

    expect(exit).toEqual({ code: 0, signal: null });
    expect(await streamEnded).toBe('ended');
    expect(app.output()).toContain('"msg":"shutting down"');
    expect(app.output()).toContain('"msg":"stopped"');
    app = await startApp(database.env);
    await app.ready();
    await new SandboxClient(app.base).click(ANA, 'intake.outcome', 'refund');
    expect(await new SandboxClient(app.base).dmText(ANA)).toMatch(/Here is what I understood/);
  }, 240_000);

  it('with a sandbox tab open on the embedded database, closes the database and exits 0 within 2 s of SIGTERM', async () => {
    database = await appDatabase('');
    app = await startApp(database.env);
    await app.ready();
    const tab = openTab(app.base);
    await tab.connected;

    const signalled = Date.now();
    const exit = await app.stop('SIGTERM');
    const tookMs = Date.now() - signalled;

    expect(exit).toEqual({ code: 0, signal: null });
    expect(tookMs).toBeLessThan(2_000);
    expect(app.output()).toContain('"msg":"stopped"');
    // The tab was told to stop reconnecting, or found the server gone; never left hanging.
    expect(tab.statuses.every((status) => status === 200 || status === 204)).toBe(true);
  }, 240_000);
});
