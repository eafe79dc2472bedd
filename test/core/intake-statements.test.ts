/**
 * How much database work an intake does, counted (never timed): each step is one read and one
 * write, and the confirm reads twice and files in one last statement that takes the tenant's code
 * counter, so confirmations do not queue behind its lock. Every statement drizzle sends is counted
 * through drizzle's logger, on whichever driver the suite runs (PGlite, or the Postgres server
 * with DATABASE_URL). The engine is driven directly, inside a transaction like the core's, so the
 * counts are the engine's own and not the envelope's (dedupe, inbox, outbox reply).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { eq, sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Db, openDatabase, openPgliteClient } from '../../db/client.js';
import * as schema from '../../db/schema.js';
import { complaints, intakeSessions } from '../../db/schema.js';
import type { Ctx } from '../../src/complaints/workflow.js';
import { IntakeEngine } from '../../src/intake/engine.js';
import {
  activeSession,
  answersOf,
  customerLockKey,
  SessionMoved,
  saveSession,
} from '../../src/intake/session.js';
import type { Actor, Reply } from '../../src/messages.js';
import { LexiconAnalyzer } from '../../src/nlu/lexicon.js';
import { ensureTenant } from '../../src/tenants.js';
import { onServer, serverUrl } from '../support/db.js';
import { customer, shown, TENANT } from '../support/harness.js';

const where = onServer ? 'on the Postgres server' : 'on PGlite (set DATABASE_URL for the race)';

/** A migrated database whose drizzle client tells `seen` the text of every statement it sends. */
async function countingDatabase(seen: (query: string) => void) {
  const logger = { logQuery: (query: string) => seen(query) };
  if (!serverUrl) {
    const template = inject('pgliteTemplate');
    const opened = await openPgliteClient(
      undefined,
      template ? new Blob([readFileSync(template)]) : undefined,
    );
    await opened.database.migrate();
    const client: PGlite = opened.client;
    const db = drizzlePglite(client, { schema, logger }) as unknown as Db;
    return { db, close: () => opened.database.close() };
  }
  const name = `hearken_t_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const migrated = await openDatabase({ url: url.toString(), maxConnections: 2 });
  await migrated.migrate();
  await migrated.close();
  const client = postgres(url.toString(), { max: 4, onnotice: () => {} });
  const db = drizzlePostgres(client, { schema, logger }) as unknown as Db;
  return {
    db,
    async close() {
      await client.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

describe(`statements per intake step ${where}`, () => {
  let statements: string[] = [];
  let database: Awaited<ReturnType<typeof countingDatabase>>;
  const engine = new IntakeEngine(new LexiconAnalyzer());
  const now = new Date('2026-03-02T10:00:00Z');

  beforeAll(async () => {
    database = await countingDatabase((query) => statements.push(query));
  });
  afterAll(() => database.close());

  /** Runs `work` in a transaction as the core does, and returns what it sent besides the reply. */
  async function counted(work: (ctx: Ctx) => Promise<Reply>): Promise<{ reply: Reply; sent: string[] }> {
    const tenant = await ensureTenant(database.db, TENANT, 'sandbox', now);
    statements = [];
    const reply = await database.db.transaction((tx) => work({ q: tx, now, tenant }));
    const sent = statements;
    statements = [];
    return { reply, sent };
  }

  it('the first message is one read and one insert; each later step one read and one write', async () => {
    const ana = customer('Ana');
    const first = await counted((ctx) =>
      engine.message(ctx, ana, 'My parcel never arrived and nobody answers my emails.'),
    );
    expect(first.sent).toHaveLength(2);
    expect(first.sent[1]).toMatch(/^insert into "intake_sessions"/);

    const click = await counted((ctx) => engine.action(ctx, ana, 'intake.outcome', 'refund'));
    expect(click.sent).toHaveLength(2);
    expect(click.sent[1]).toMatch(/^update "intake_sessions"/);

    const typed = await counted((ctx) => engine.message(ctx, ana, 'Last Tuesday, order 88001'));
    expect(typed.sent).toHaveLength(2);
    expect(shown(typed.reply)).toContain('88001');
  });

  it('the confirm reads twice and files in one last statement that takes the code counter', async () => {
    const ben = customer('Ben');
    await counted((ctx) => engine.message(ctx, ben, 'I was charged twice for the same order last week.'));
    await counted((ctx) => engine.action(ctx, ben, 'intake.outcome', 'refund'));
    await counted((ctx) => engine.message(ctx, ben, 'Order 4471, on Monday'));

    const confirm = await counted((ctx) => engine.action(ctx, ben, 'intake.confirm', 'yes'));
    expect(confirm.sent).toHaveLength(3);
    const last = confirm.sent.at(-1) ?? '';
    expect(last).toContain('"code_counters"');
    expect(last).toContain('insert into "outbox"');
    expect(last).toContain('update "intake_sessions"');
    const code = confirm.reply.messages[0]?.footer;
    expect(code).toMatch(/^C-\d+$/);
    const [filed] = await database.db.select().from(complaints).where(eq(complaints.customerId, ben.userId));
    expect(filed?.code).toBe(code);
    const [session] = await database.db
      .select()
      .from(intakeSessions)
      .where(eq(intakeSessions.customerId, ben.userId));
    expect(session).toMatchObject({ status: 'completed', complaintId: filed?.id });
  });

  it("a step whose session another event changed after the step's read is redone, keeping both", async () => {
    const cho: Actor = customer('Cho');
    await counted((ctx) => engine.message(ctx, cho, 'The blender I bought arrived broken.'));
    await counted((ctx) => engine.action(ctx, cho, 'intake.outcome', 'replacement'));

    // Another event of Cho's holds the customer's lock and changes the session; on the server the
    // step's read starts meanwhile, so it reads the session as it was and its write must miss.
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holding = () => {};
    const held = new Promise<void>((resolve) => {
      holding = resolve;
    });
    const other = database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${customerLockKey(TENANT, cho.userId)}))`);
      const session = await activeSession(tx, TENANT, cho.userId);
      if (!session) throw new Error('no session to change');
      await saveSession(
        tx,
        session,
        { answers: { ...answersOf(session), outcomeNote: 'or store credit' } },
        now,
      );
      holding();
      await released;
    });
    await held;
    if (!onServer) {
      release();
      await other;
    }
    const tenant = await ensureTenant(database.db, TENANT, 'sandbox', now);
    statements = [];
    const step = database.db.transaction((tx) =>
      engine.message({ q: tx, now, tenant }, cho, 'Order 5521, delivered yesterday'),
    );
    if (onServer) {
      await waitForLockWaiter(database.db);
      release();
      await other;
    }
    await step;
    const reads = statements.filter((s) => s.startsWith('select "one"."locked"'));
    expect(reads).toHaveLength(onServer ? 2 : 1);
    const [session] = await database.db
      .select()
      .from(intakeSessions)
      .where(eq(intakeSessions.customerId, cho.userId));
    expect(answersOf(session ?? expect.unreachable())).toMatchObject({
      outcomeNote: 'or store credit',
      notedReference: expect.stringContaining('5521'),
    });
  });

  it('a write never brings back a session erased by a writer that does not count versions', async () => {
    const dan = customer('Dan');
    await counted((ctx) => engine.message(ctx, dan, 'My order arrived without the charger.'));
    const read = await activeSession(database.db, TENANT, dan.userId);
    if (!read) throw new Error('no session');
    // What `/hearken forget` does to the customer's sessions (src/commands/admin.ts).
    await database.db
      .update(intakeSessions)
      .set({ answers: {}, customerName: '[erased]', customerId: 'erased:x', status: 'cancelled' })
      .where(eq(intakeSessions.id, read.id));
    await expect(saveSession(database.db, read, { step: 'outcome' }, now)).rejects.toBeInstanceOf(
      SessionMoved,
    );
    const [after] = await database.db.select().from(intakeSessions).where(eq(intakeSessions.id, read.id));
    expect(after).toMatchObject({ customerId: 'erased:x', status: 'cancelled', answers: {} });
  });
});

/** Until a transaction waits for an advisory lock (the step's read, behind the other event). */
async function waitForLockWaiter(db: Db): Promise<void> {
  for (;;) {
    const rows = await db
      .select({ waiting: sql<number>`count(*)::int` })
      .from(sql`pg_locks`)
      .where(sql`locktype = 'advisory' and not granted`);
    if ((rows[0]?.waiting ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
