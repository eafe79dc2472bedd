/**
 * Waiting for things that arrive on their own (a NOTIFY's payload, a message a platform port was
 * asked to send) by the event itself, not by polling or sleeping: a test that waits for something
 * that never comes fails by its own timeout.
 */
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { openPgliteClient } from '../../db/client.js';
import type { MessageRef, OutboundMessage, Target } from '../../src/messages.js';
import type { SendOptions } from '../../src/ports.js';
import { createTestDatabase, serverUrl, type TestDatabase } from '../support/db.js';
import { MemoryPort } from '../support/memory-port.js';

/** What has arrived, in order, and a promise for the moment `count` of them have. */
export class Arrivals<T> {
  readonly seen: T[] = [];
  private readonly waiting: { count: number; resolve: (seen: T[]) => void }[] = [];

  push(value: T): void {
    this.seen.push(value);
    for (const wait of [...this.waiting]) {
      if (this.seen.length < wait.count) continue;
      this.waiting.splice(this.waiting.indexOf(wait), 1);
      wait.resolve([...this.seen]);
    }
  }

  /** Resolves with everything seen once at least `count` values have arrived. */
  atLeast(count: number): Promise<T[]> {
    if (this.seen.length >= count) return Promise.resolve([...this.seen]);
    return new Promise((resolve) => this.waiting.push({ count, resolve }));
  }

  /** Resolves with everything seen before the first value `is` accepts, once it has arrived. */
  async until(is: (value: T) => boolean): Promise<T[]> {
    for (let count = 1; ; count++) {
      const seen = await this.atLeast(count);
      const at = seen.findIndex(is);
      if (at >= 0) return seen.slice(0, at);
    }
  }
}

/** A `MemoryPort` that also reports each message it was asked to send, as it is sent. */
export class ArrivingPort extends MemoryPort {
  readonly sends = new Arrivals<{ target: Target; message: OutboundMessage }>();

  override async send(target: Target, message: OutboundMessage, options: SendOptions): Promise<MessageRef> {
    const ref = await super.send(target, message, options);
    this.sends.push({ target, message });
    return ref;
  }
}

/**
 * A fresh test database (as `createTestDatabase`) with a listener on `channel` started through
 * the driver itself: on a server, `Database.listen` (postgres.js, a connection of its own); on
 * PGlite, PGlite's own `listen`, which the app has no use for (one process) but which shows what
 * the SQL notifies.
 */
export async function listenedDatabase(
  channel: string,
): Promise<{ database: TestDatabase; notices: Arrivals<string> }> {
  const notices = new Arrivals<string>();
  if (serverUrl) {
    const database = await createTestDatabase();
    if (!database.listen) throw new Error('a Postgres server database has listen');
    await database.listen(channel, (payload) => notices.push(payload));
    return { database, notices };
  }
  const template = inject('pgliteTemplate');
  const { client, database } = await openPgliteClient(
    undefined,
    template ? new Blob([readFileSync(template)]) : undefined,
  );
  await database.migrate();
  await client.listen(channel, (payload) => notices.push(payload));
  return { database: { ...database, destroy: () => database.close() }, notices };
}
