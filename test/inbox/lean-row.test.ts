/**
 * The lean step's one write for an inbox row (`sendInboxStep`): the session write, the row marked
 * done under this run's lease and the answer into the outbox, all or nothing. Each case is one
 * part failing to match, and the other parts must not have happened.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inbox, intakeSessions, outbox } from '../../db/schema.js';
import { Hearken } from '../../src/core.js';
import { acceptLeasing } from '../../src/inbox/inbox.js';
import { sendInboxStep } from '../../src/inbox/replies.js';
import { type Session, StepWrite, saveSession } from '../../src/intake/session.js';
import { silentLogger } from '../../src/log.js';
import type { MessageEvent, Reply } from '../../src/messages.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { customer, STAFF_CHANNEL, TENANT } from '../support/harness.js';

let database: TestDatabase;
let hearken: Hearken;
beforeAll(async () => {
  database = await createTestDatabase();
  hearken = new Hearken({ database, logger: silentLogger });
  await hearken.configureTenant(TENANT, 'sandbox', { staffChannelId: STAFF_CHANNEL });
});
afterAll(async () => {
  await database.destroy();
});

const reply: Reply = { messages: [{ text: 'one' }, { text: 'two' }], ephemeral: false };
const leaseUntil = () => new Date(Date.now() + 60_000);

/** A customer with an active session, and a message of theirs stored in the inbox leased to this run. */
async function customerWithRow(name: string) {
  const actor = customer(`${name}-${randomUUID().slice(0, 8)}`);
  await hearken.handle({ kind: 'message', id: randomUUID(), actor, place: { kind: 'dm' }, text: 'hi' });
  const [session] = await database.db
    .select()
    .from(intakeSessions)
    .where(eq(intakeSessions.customerId, actor.userId));
  const event: MessageEvent = {
    kind: 'message',
    id: randomUUID(),
    actor,
    place: { kind: 'dm' },
    text: 'more',
  };
  const stored = await acceptLeasing(database.db, event, new Date(), leaseUntil());
  if (!session || !stored.leased) throw new Error('setup failed');
  return { session, event, row: stored.leased };
}

/** The session write a step would send (held, not sent). */
function held(session: Session) {
  const write = new StepWrite();
  void saveSession(database.db, session, { step: 'category' }, new Date(), write);
  if (!write.held) throw new Error('not held');
  return write.held;
}

const versionOf = async (id: string) =>
  (await database.db.select().from(intakeSessions).where(eq(intakeSessions.id, id)))[0]?.version;
const rowOf = async (id: number) => (await database.db.select().from(inbox).where(eq(inbox.id, id)))[0];
const answersTo = async (event: MessageEvent) =>
  (await database.db.select().from(outbox)).filter((r) => r.idempotencyKey.includes(event.id));

describe('a lean inbox step writes all or nothing', () => {
  it('all: the session moves, the row is done, the answer is in the outbox leased, in order', async () => {
    const { session, event, row } = await customerWithRow('Ann');
    const lease = { rowId: row.id, attempts: row.attempts };

    const step = await sendInboxStep(
      database.db,
      held(session),
      event,
      reply,
      lease,
      new Date(),
      leaseUntil(),
    );

    expect(step.kind).toBe('done');
    expect(step.kind === 'done' && step.rows.map((r) => r.message.text)).toEqual(['one', 'two']);
    expect(step.kind === 'done' && step.rows.every((r) => r.attempts === 1 && r.lockedUntil)).toBe(true);
    expect(await versionOf(session.id)).toBe(session.version + 1);
    expect((await rowOf(row.id))?.state).toBe('done');
  });

  it('nothing when the session moved since the read: the row stays pending, no answer', async () => {
    const { session, event, row } = await customerWithRow('Ben');
    const write = held(session);
    await saveSession(database.db, session, { step: 'impact' }, new Date());

    const step = await sendInboxStep(
      database.db,
      write,
      event,
      reply,
      { rowId: row.id, attempts: row.attempts },
      new Date(),
      leaseUntil(),
    );

    expect(step.kind).toBe('moved');
    expect((await rowOf(row.id))?.state).toBe('pending');
    expect(await answersTo(event)).toHaveLength(0);
  });

  it('nothing when the row is no longer ours (leased again): the session write is undone with it', async () => {
    const { session, event, row } = await customerWithRow('Cas');
    await database.db
      .update(inbox)
      .set({ attempts: row.attempts + 1 })
      .where(eq(inbox.id, row.id));

    const step = await sendInboxStep(
      database.db,
      held(session),
      event,
      reply,
      { rowId: row.id, attempts: row.attempts },
      new Date(),
      leaseUntil(),
    );

    expect(step.kind).toBe('taken');
    expect(await versionOf(session.id)).toBe(session.version);
    expect((await rowOf(row.id))?.state).toBe('pending');
    expect(await answersTo(event)).toHaveLength(0);
  });
});
