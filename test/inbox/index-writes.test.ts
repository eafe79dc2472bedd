/**
 * What a DM through the inbox makes Postgres write into indexes, counted in the index pages
 * (pageinspect: heap TIDs on the leaf pages), not timed. Every entry is work each message pays
 * for (the page changed, its WAL, later its cleanup), so an index added to the inbox or the
 * sessions, or an update of theirs that stops being able to skip one, shows here as a higher
 * count. Read only on the Postgres server: PGlite runs without the pageinspect extension.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hearken } from '../../src/core.js';
import { silentLogger } from '../../src/log.js';
import type { InboundEvent } from '../../src/messages.js';
import { createTestDatabase, onServer, type TestDatabase } from '../support/db.js';
import { customer, STAFF_CHANNEL, TENANT } from '../support/harness.js';
import { MemoryPort } from '../support/memory-port.js';

/**
 * Entries one new customer's first DM adds, per table: the inbox row (primary key, dedupe key,
 * pending walk) and its update to done (primary key, dedupe key, done); the new session (primary
 * key, one live conversation per customer); the answer's two messages in the outbox (primary key,
 * key, due each), deleted once delivered (no entry) rather than marked sent (three more each).
 */
const ENTRIES_PER_DM = { inbox: 6, intake_sessions: 2, outbox: 6 };

let database: TestDatabase;
let hearken: Hearken;
let port: MemoryPort;

/** Index entries per table, from the leaf pages of each btree index (high keys left out). */
async function entriesPerTable(): Promise<Record<string, number>> {
  const result: unknown = await database.db.execute(sql`
    select tc.relname as "table", sum((
      select coalesce(sum(case when p.tids is not null then cardinality(p.tids) else 1 end), 0)
      from generate_series(1, (pg_relation_size(i.indexrelid) / current_setting('block_size')::int)::int - 1) b,
        lateral bt_page_stats(i.indexrelid::regclass::text, b) s,
        lateral bt_page_items(i.indexrelid::regclass::text, b) p
      where s.type = 'l' and not (s.btpo_next <> 0 and p.itemoffset = 1)))::int as entries
    from pg_index i join pg_class tc on tc.oid = i.indrelid join pg_namespace n on n.oid = tc.relnamespace
    where n.nspname = 'public' and tc.relname in ('inbox', 'intake_sessions', 'outbox')
    group by tc.relname`);
  const rows = (Array.isArray(result) ? result : []) as { table: string; entries: number }[];
  return Object.fromEntries(rows.map((r) => [r.table, r.entries]));
}

const dm = (name: string): InboundEvent => ({
  kind: 'message',
  id: randomUUID(),
  actor: customer(name),
  place: { kind: 'dm' },
  text: 'My parcel never arrived and nobody answers my emails.',
});

async function dmAnswered(name: string): Promise<void> {
  const posted = port.posted.length;
  expect(await hearken.accept(dm(name))).toBe('accepted');
  await hearken.inbox.idle();
  expect(port.posted.length).toBeGreaterThan(posted);
}

describe.runIf(onServer)('index entries a DM through the inbox adds (Postgres server, index pages)', () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    await database.db.execute(sql`create extension if not exists pageinspect`);
    hearken = new Hearken({ database, logger: silentLogger });
    port = new MemoryPort();
    hearken.registerPlatform(port);
    await hearken.configureTenant(TENANT, 'sandbox', { staffChannelId: STAFF_CHANNEL });
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it(`a new customer's DM adds ${ENTRIES_PER_DM.inbox} inbox, ${ENTRIES_PER_DM.intake_sessions} session and ${ENTRIES_PER_DM.outbox} outbox entries`, async () => {
    await dmAnswered('warm');
    const before = await entriesPerTable();

    await dmAnswered('ana');
    await dmAnswered('bo');

    const after = await entriesPerTable();
    const added = (table: keyof typeof ENTRIES_PER_DM) => ((after[table] ?? 0) - (before[table] ?? 0)) / 2;
    expect({
      inbox: added('inbox'),
      intake_sessions: added('intake_sessions'),
      outbox: added('outbox'),
    }).toEqual(ENTRIES_PER_DM);
  });
});
