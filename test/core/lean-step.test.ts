/**
 * A customer's words in their DM take two autocommit statements (src/core/lean.ts): a read with
 * no lock and one write that moves the session's version and records the delivery, both or
 * neither. Races that the customer's advisory lock used to settle are settled by that version
 * here. On the Postgres server (DATABASE_URL) they run on a real pool in parallel; on PGlite its
 * one connection serialises them, which still checks the outcome.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeSessions, processedEvents } from '../../db/schema.js';
import { Hearken } from '../../src/core.js';
import type { InboundEvent } from '../../src/messages.js';
import type { Logger } from '../../src/ports.js';
import { createTestDatabase, onServer, type TestDatabase } from '../support/db.js';
import { customer, STAFF_CHANNEL, shown, TENANT } from '../support/harness.js';
import { MemoryPort } from '../support/memory-port.js';

const where = onServer
  ? 'on the Postgres server'
  : 'on PGlite (serialised: set DATABASE_URL for a real race)';

const messages: string[] = [];
const logger: Logger = {
  debug: () => {},
  info: (_obj, msg) => {
    if (msg) messages.push(msg);
  },
  warn: () => {},
  error: () => {},
  child: () => logger,
};

describe(`the lean intake step ${where}`, () => {
  let database: TestDatabase;
  let hearken: Hearken;
  beforeAll(async () => {
    database = await createTestDatabase();
    hearken = new Hearken({ database, logger });
    hearken.registerPlatform(new MemoryPort('sandbox'));
    await hearken.configureTenant(TENANT, 'sandbox', { staffChannelId: STAFF_CHANNEL });
  });
  afterAll(async () => {
    await hearken.outbox.stop();
    await database.destroy();
  });

  const dm = (name: string, text: string, id = randomUUID()): InboundEvent => ({
    kind: 'message',
    id,
    actor: customer(name),
    place: { kind: 'dm' },
    text,
  });
  const sessionOf = async (name: string) => {
    const [row] = await database.db
      .select()
      .from(intakeSessions)
      .where(and(eq(intakeSessions.customerId, customer(name).userId), eq(intakeSessions.status, 'active')));
    return row;
  };
  const dropped = () => messages.filter((m) => m === 'duplicate delivery dropped').length;

  it('four copies of one delivery at once: one answered and recorded, three dropped as copies', async () => {
    await hearken.handle(dm('Mei', 'hi'));
    const before = await sessionOf('Mei');
    const droppedBefore = dropped();
    const copy = dm('Mei', 'The courier left my parcel in the rain and the laptop inside is broken.');

    const replies = await Promise.all([1, 2, 3, 4].map(() => hearken.handle(copy)));

    expect(replies.filter((r) => r.duplicate)).toHaveLength(3);
    const answered = replies.filter((r) => !r.duplicate);
    expect(answered).toHaveLength(1);
    expect(answered[0]?.messages.length).toBeGreaterThan(0);
    expect(dropped() - droppedBefore).toBe(3);
    const after = await sessionOf('Mei');
    // One write: the version moved once, and the words are in the description once.
    expect(after?.version).toBe((before?.version ?? 0) + 1);
    expect(String(after?.answers.description).split('laptop inside is broken')).toHaveLength(2);
    const recorded = await database.db
      .select()
      .from(processedEvents)
      .where(eq(processedEvents.eventId, copy.id));
    expect(recorded).toHaveLength(1);
  });

  it('two copies of a first message at once start one conversation, answered once', async () => {
    const droppedBefore = dropped();
    const copy = dm('Noor', 'My order arrived damaged and the box was open.');

    const [a, b] = await Promise.all([hearken.handle(copy), hearken.handle(copy)]);

    expect([a, b].filter((r) => r.duplicate)).toHaveLength(1);
    expect([a, b].filter((r) => !r.duplicate && r.messages.length > 0)).toHaveLength(1);
    expect(dropped() - droppedBefore).toBe(1);
    const session = await sessionOf('Noor');
    expect(session?.version).toBe(0);
  });

  it("two different messages of one customer at once: both answered, both in the session's answers", async () => {
    await hearken.handle(dm('Ola', 'hello'));
    const first = 'The courier threw my parcel over the fence and the vase inside shattered.';
    const second = 'Also the delivery was two weeks late and nobody told me anything about it.';

    const replies = await Promise.all([hearken.handle(dm('Ola', first)), hearken.handle(dm('Ola', second))]);

    for (const reply of replies) {
      expect(reply.duplicate).toBeFalsy();
      expect(shown(reply)).not.toBe('');
    }
    const session = await sessionOf('Ola');
    // Two writes, one after the other: the second was redone from a read that saw the first.
    expect(session?.version).toBe(2);
    const description = String(session?.answers.description);
    expect(description).toContain('vase inside shattered');
    expect(description).toContain('nobody told me anything');
  });

  it('a customer writing in order is read in order: each answer joins after the one before', async () => {
    await hearken.handle(dm('Pia', 'hey'));
    const first = 'The courier threw my parcel over the fence and the vase inside shattered.';
    const second = 'Also the delivery was two weeks late and nobody told me anything about it.';
    await hearken.handle(dm('Pia', first));
    await hearken.handle(dm('Pia', second));

    const description = String((await sessionOf('Pia'))?.answers.description);
    expect(description.indexOf('vase inside')).toBeLessThan(description.indexOf('nobody told me'));
  });
});
