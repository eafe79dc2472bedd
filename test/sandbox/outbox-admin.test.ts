/**
 * In the sandbox: the manager (an admin there) lists the messages Hearken gave up on with
 * `/hearken outbox` and sends one again with `/hearken outbox retry <id>`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CHANNELS, SANDBOX_TENANT, startSandbox } from '../../adapters/sandbox/index.js';
import { outbox } from '../../db/schema.js';
import { Hearken } from '../../src/core.js';
import { createHost } from '../../src/host.js';
import { HttpServer } from '../../src/http.js';
import { silentLogger } from '../../src/log.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const MORGAN = `${SANDBOX_TENANT}:morgan`;
const MANAGERS = `channel:${SANDBOX_CHANNELS.managers}`;

describe('/hearken outbox in the sandbox', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());

  it('lists a dead message for the manager and requeues it, and it arrives', async () => {
    const core = new Hearken({ database, logger: silentLogger });
    const http = new HttpServer();
    const adapter = await startSandbox(createHost(core, http));
    const base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
    const [dead] = await database.db
      .insert(outbox)
      .values({
        idempotencyKey: 'sandbox-dead-notice',
        tenantId: SANDBOX_TENANT,
        platform: 'sandbox',
        kind: 'send',
        target: { kind: 'staff_channel' },
        message: { text: 'The notice that was refused once.' },
        purpose: 'thread',
        status: 'dead',
        lastError: 'channel_not_found',
      })
      .returning();
    let counter = 0;
    const say = async (text: string) => {
      counter += 1;
      const response = await fetch(`${base}/sandbox/api/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          id: `outbox-${counter}`,
          actorId: MORGAN,
          conversation: MANAGERS,
          kind: 'text',
          text,
        }),
      });
      expect(response.status).toBe(200);
      const state = (await (await fetch(`${base}/sandbox/api/state`)).json()) as {
        messages: { conversation: string; authorId: string; html: string }[];
      };
      return state.messages.filter((m) => m.authorId === 'sandbox:bot').map((m) => [m.conversation, m.html]);
    };

    const listed = await say('/hearken outbox');
    const retried = await say(`/hearken outbox retry ${dead?.id}`);
    await core.outbox.drain();
    const after = await say('/hearken outbox');
    await adapter.stop();
    await http.close();

    const text = (messages: string[][]) => messages.map(([, html]) => html).join('\n');
    expect(text(listed)).toContain(`${dead?.id}</code> · `);
    expect(text(listed)).toContain('thread → staff channel: channel_not_found');
    expect(text(retried)).toContain('queued again');
    const staff = after.filter(([conversation]) => conversation === `channel:${SANDBOX_CHANNELS.staff}`);
    expect(text(staff)).toContain('The notice that was refused once.');
    expect(text(after)).toContain('No message is waiting');
  });
});
