import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxFiles } from '../../adapters/sandbox/files.js';
import { SandboxPort } from '../../adapters/sandbox/port.js';
import { SandboxStore, type StoreChange } from '../../adapters/sandbox/store.js';
import { sandboxFiles } from '../../db/schema.js';
import { PermanentDeliveryError } from '../../src/ports.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

describe('sandbox platform port', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());

  it('puts a message to a user in that user’s direct messages', async () => {
    const store = new SandboxStore(database);
    const port = new SandboxPort(store);

    const ref = await port.send(
      { kind: 'user', userId: 'sandbox:demo:dm-user' },
      { text: 'Thank you for telling us.' },
      { idempotencyKey: 'k-dm-1', attempt: 1 },
    );

    const messages = await store.conversation('dm:sandbox:demo:dm-user');
    expect(messages.map((m) => m.body.text)).toEqual(['Thank you for telling us.']);
    expect(messages[0]).toMatchObject({ fromBot: true, authorName: 'Hearken' });
    expect(ref).toEqual({
      platform: 'sandbox',
      channelId: 'dm:sandbox:demo:dm-user',
      messageId: String(messages[0]?.id),
    });
  });

  it('threads a message under a channel card', async () => {
    const port = new SandboxPort(new SandboxStore(database));
    const card = await port.send(
      { kind: 'channel', channelId: 'sandbox:channel:thread-test' },
      { text: 'C-1001 new complaint' },
      { idempotencyKey: 'k-card', attempt: 1 },
    );

    const reply = await port.send(
      { kind: 'thread', parent: card },
      { text: 'Customer: it is still broken' },
      { idempotencyKey: 'k-thread-1', attempt: 1 },
    );

    expect(card.channelId).toBe('sandbox:channel:thread-test');
    const thread = await new SandboxStore(database).conversation(`thread:${card.messageId}`);
    expect(thread.map((m) => String(m.id))).toEqual([reply.messageId]);
  });

  it('shows a retried send once and returns the same reference', async () => {
    const store = new SandboxStore(database);
    const port = new SandboxPort(store);
    const target = { kind: 'channel', channelId: 'sandbox:channel:retry' } as const;

    const first = await port.send(target, { text: 'ping' }, { idempotencyKey: 'k-retry', attempt: 1 });
    const second = await port.send(target, { text: 'ping' }, { idempotencyKey: 'k-retry', attempt: 2 });

    expect(second).toEqual(first);
    expect(await store.conversation('channel:sandbox:channel:retry')).toHaveLength(1);
  });

  it('hosts a file the core made, sent through the outbox, as a download; a retried send hosts it once', async () => {
    const store = new SandboxStore(database);
    const files = new SandboxFiles(database);
    const port = new SandboxPort(store, files);
    const csv = Buffer.from('code,status\nC-1001,open\n');
    const message = {
      text: 'Here is the export.',
      attachments: [
        {
          filename: 'complaints.csv',
          contentType: 'text/csv',
          base64: csv.toString('base64'),
          alt: 'Complaints, as CSV',
        },
      ],
    };
    const target = { kind: 'user', userId: 'sandbox:demo:export-user' } as const;
    const stored = async () => (await database.db.select({ id: sandboxFiles.id }).from(sandboxFiles)).length;
    const before = await stored();

    const first = await port.send(target, message, { idempotencyKey: 'k-export', attempt: 1 });
    const second = await port.send(target, message, { idempotencyKey: 'k-export', attempt: 2 });

    expect(second).toEqual(first);
    expect(await stored()).toBe(before + 1);
    const [shown] = await store.conversation('dm:sandbox:demo:export-user');
    expect(shown?.body.attachments).toBeUndefined();
    const [file] = shown?.body.files ?? [];
    expect(file).toMatchObject({ name: 'complaints.csv', mimeType: 'text/csv', size: csv.length });
    expect(file?.url).toMatch(/^\/sandbox\/files\/[0-9a-f-]{36}\/complaints\.csv$/);
    const kept = await files.get(file?.ref.slice('sandbox-file:'.length) ?? '');
    expect(kept?.data.equals(csv)).toBe(true);
  });

  it('updates a card in place and tells the page', async () => {
    const store = new SandboxStore(database);
    const port = new SandboxPort(store);
    const ref = await port.send(
      { kind: 'channel', channelId: 'sandbox:channel:update' },
      { text: 'Open', buttons: [{ action: 'ticket.claim', value: '1', label: 'Claim' }] },
      { idempotencyKey: 'k-update', attempt: 1 },
    );
    const changes: StoreChange[] = [];
    const unsubscribe = store.subscribe((change) => changes.push(change));

    await port.update(ref, { text: 'Claimed by Sam' });
    unsubscribe();

    const [message] = await store.conversation('channel:sandbox:channel:update');
    expect(message?.body).toEqual({ text: 'Claimed by Sam' });
    expect(changes).toEqual([{ kind: 'message', message: expect.objectContaining({ id: message?.id }) }]);
  });

  it('refuses, for good, to update a message that does not exist', async () => {
    const port = new SandboxPort(new SandboxStore(database));

    const update = port.update({ platform: 'sandbox', channelId: 'x', messageId: '999999' }, { text: 'x' });

    await expect(update).rejects.toBeInstanceOf(PermanentDeliveryError);
  });

  it('keeps messages for a store opened later on the same database (a restart)', async () => {
    await new SandboxPort(new SandboxStore(database)).send(
      { kind: 'channel', channelId: 'sandbox:channel:restart' },
      { text: 'before the restart' },
      { idempotencyKey: 'k-restart', attempt: 1 },
    );

    const afterRestart = new SandboxStore(database);

    const messages = await afterRestart.conversation('channel:sandbox:channel:restart');
    expect(messages.map((m) => m.body.text)).toEqual(['before the restart']);
  });
});
