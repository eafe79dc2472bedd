import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CHANNELS, SANDBOX_TENANT, startSandbox } from '../../adapters/sandbox/index.js';
import { Hearken } from '../../src/core.js';
import { createHost } from '../../src/host.js';
import { HttpServer } from '../../src/http.js';
import { silentLogger } from '../../src/log.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

describe('starting the sandbox', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());

  /** One process lifetime: a core, a server and the adapter on the shared database. */
  async function boot() {
    const core = new Hearken({ database, logger: silentLogger });
    const http = new HttpServer();
    const adapter = await startSandbox(createHost(core, http));
    const base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
    return {
      core,
      adapter,
      base,
      async stop() {
        await adapter.stop();
        await core.inbox.stop();
        await http.close();
      },
    };
  }

  it('sets up the demo workspace once and keeps an admin’s later changes across restarts', async () => {
    const first = await boot();
    expect(first.adapter.health()).toEqual({ status: 'connected' });
    expect(await first.core.tenantSettings(SANDBOX_TENANT)).toMatchObject({
      name: 'Demo workspace',
      staffChannelId: SANDBOX_CHANNELS.staff,
      managerChannelId: SANDBOX_CHANNELS.managers,
    });
    await first.core.configureTenant(SANDBOX_TENANT, 'sandbox', { timeZone: 'Asia/Shanghai' });
    await first.stop();
    expect(first.adapter.health()).toMatchObject({ status: 'degraded' });

    const second = await boot();
    const state = (await (await fetch(`${second.base}/sandbox/api/state`)).json()) as { users: unknown[] };
    await second.stop();

    expect(await second.core.tenantSettings(SANDBOX_TENANT)).toMatchObject({ timeZone: 'Asia/Shanghai' });
    expect(state.users).toHaveLength(5);
  });

  it('shows a retried submission once: one message from the customer, one answer', async () => {
    const app = await boot();
    const submit = () =>
      fetch(`${app.base}/sandbox/api/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          id: 'retried-0001',
          actorId: 'sandbox:demo:ana',
          conversation: 'dm:sandbox:demo:ana',
          kind: 'text',
          text: 'The delivery driver was rude to me at the door yesterday evening.',
        }),
      });

    const directMessages = async () => {
      const state = (await (await fetch(`${app.base}/sandbox/api/state`)).json()) as {
        messages: { conversation: string; authorId: string }[];
      };
      return state.messages.filter((m) => m.conversation === 'dm:sandbox:demo:ana');
    };

    await submit();
    // The message went through the inbox: its answer is there once the inbox is idle.
    await app.core.inbox.idle();
    const afterFirst = await directMessages();
    await submit();
    await app.core.inbox.idle();
    const afterRetry = await directMessages();
    await app.stop();

    expect(afterFirst.filter((m) => m.authorId === 'sandbox:demo:ana')).toHaveLength(1);
    expect(afterFirst.some((m) => m.authorId === 'sandbox:bot')).toBe(true);
    expect(afterRetry).toEqual(afterFirst);
  });

  it('on stop ends the open live stream and tells a reconnecting tab to stop (204)', async () => {
    const app = await boot();
    const stream = await fetch(`${app.base}/sandbox/api/stream`);
    const ended = stream.text().then(() => 'ended');

    await app.adapter.stop();
    const again = await fetch(`${app.base}/sandbox/api/stream`);
    await app.stop();

    expect(stream.status).toBe(200);
    expect(await ended).toBe('ended');
    expect(again.status).toBe(204);
  });

  it('closes the server even when a response never ends, after the grace period', async () => {
    const http = new HttpServer();
    http.app.get('/forever', () => new Response(new ReadableStream({ start() {} })));
    const base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
    const response = await fetch(`${base}/forever`);
    const body = response.text().catch(() => 'cut');

    await http.close(50);

    expect(await body).toBe('cut');
  });
});
