/** SIGTERM: the process stops taking work, lets what is open finish, closes the database, exits 0. */
import { afterEach, describe, expect, it } from 'vitest';
import { type AppDatabase, type AppProcess, appDatabase, startApp } from './support/app.js';
import { ANA, SandboxClient } from './support/sandbox.js';

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
});
