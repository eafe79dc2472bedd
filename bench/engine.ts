/**
 * Engine throughput on the Postgres server, phase by phase at one concurrency, each beside
 * single-row INSERTs into a table indexed like `complaints` at the same concurrency and pool size,
 * in the same database and run:
 * - intake messages/s: many customers each sending the events of an intake before the
 *   confirmation (opener, outcome, details: each answered with a question or the restatement),
 *   through `hearken.handle`;
 * - confirmed complaints/s: as many customers, all at the restatement, confirming at once (the
 *   code counter's row lock is what caps it);
 * - DM messages/s through the durable inbox: `hearken.accept` (the INSERT an adapter waits for
 *   before its ack) with the inbox workers and the outbox running and a port that does nothing,
 *   timed until the port has been handed every answer. This is how a customer's DM travels.
 * Per message: statements and round trips on the wire (test/kit/wire.ts), Node CPU and the Postgres
 * server's CPU (bench/cpu.ts), each beside the same for one single-row INSERT.
 */
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase } from '../db/client.js';
import { Hearken } from '../src/core.js';
import { silentLogger } from '../src/log.js';
import type { Actor, InboundEvent, Reply } from '../src/messages.js';
import type { PlatformPort } from '../src/ports.js';
import { wireCounter } from '../test/kit/wire.js';
import { type CpuPerMessage, cpuMeter } from './cpu.js';
import { type Figure, figure, ms, now, pool, SERVER_URL, throwawayDatabase } from './lib.js';
import { countWrites, perMessage, prepareWriteCounting, type TableWrites, type Writes } from './writes.js';

const TENANT = 'sandbox:bench';

/** A port that does nothing but count what it was handed. */
function countingPort(): { port: PlatformPort; sends: () => number } {
  let sends = 0;
  return {
    port: {
      platform: 'sandbox',
      send: async () => {
        sends += 1;
        return { platform: 'sandbox', channelId: 'c', messageId: randomUUID() };
      },
      update: async () => {},
    },
    sends: () => sends,
  };
}

function actor(i: number): Actor {
  return {
    platform: 'sandbox',
    tenantId: TENANT,
    userId: `sandbox:bench:u${i}`,
    displayName: `U${i}`,
    locale: 'en',
    roles: [],
  };
}

const opener = (i: number) => `My parcel ${i} never arrived and nobody answers my emails.`;

function event(i: number, e: Partial<InboundEvent>): InboundEvent {
  return { id: randomUUID(), actor: actor(i), place: { kind: 'dm' }, ...e } as InboundEvent;
}

/** Events a customer sends before the confirmation: opener, outcome, details. */
const BEFORE_CONFIRMATION = 3;

const restates = (reply: Reply) =>
  reply.messages.some((m) => m.buttons?.some((b) => b.action === 'intake.confirm'));
const confirms = (reply: Reply) => reply.messages.some((m) => /C-\d+/.test(m.text ?? ''));

/** Customer `i` up to the restatement (and one detail after it); false if it was not restated. */
async function beforeConfirmation(hearken: Hearken, i: number): Promise<boolean> {
  await hearken.handle(event(i, { kind: 'message', text: opener(i) }));
  await hearken.handle(event(i, { kind: 'action', action: 'intake.outcome', value: 'refund' }));
  return restates(
    await hearken.handle(event(i, { kind: 'message', text: `Last Tuesday, order ${88000 + i}` })),
  );
}

async function confirm(hearken: Hearken, i: number): Promise<boolean> {
  return confirms(await hearken.handle(event(i, { kind: 'action', action: 'intake.confirm', value: 'yes' })));
}

async function until(
  what: string,
  done: () => boolean | Promise<boolean>,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/**
 * A core with its port and tenant set up. Its inbox workers and outbox wait for `start()`, so the
 * phases through `handle` do not also deliver staff cards meanwhile (that is the DM phase's work).
 */
async function core(database: Hearken['database']) {
  const hearken = new Hearken({ database, logger: silentLogger });
  const counting = countingPort();
  hearken.registerPlatform(counting.port);
  await hearken.configureTenant(TENANT, 'sandbox', { staffChannelId: 'sandbox:channel:staff' });
  return {
    hearken,
    sends: counting.sends,
    /** Starts the inbox workers and the outbox, and delivers what the outbox holds already. */
    async start() {
      hearken.inbox.start();
      hearken.outbox.start();
      await hearken.outbox.drain();
    },
    async stop() {
      await hearken.inbox.stop();
      await hearken.outbox.stop();
    },
  };
}

/** How many port sends one customer's opener through the inbox leads to (a warm-up customer). */
async function sendsPerDm(c: Awaited<ReturnType<typeof core>>, i: number): Promise<number> {
  const before = c.sends();
  if ((await c.hearken.accept(event(i, { kind: 'message', text: opener(i) }))) !== 'accepted')
    throw new Error('the inbox did not accept the warm-up DM');
  await until('the warm-up DM answered', () => c.sends() > before);
  // Let any further message of the same answer go out too.
  let seen = -1;
  while (seen !== c.sends()) {
    seen = c.sends();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return c.sends() - before;
}

/**
 * Statements and round trips on the wire, per message, after warm-up customers: the events before
 * the confirmation through `handle`, the confirmation alone, and a DM through the inbox until its
 * answer is handed to the port (the pollers' statements in that window included); beside one
 * single-row INSERT counted the same way.
 */
async function countPerMessage(): Promise<Figure[]> {
  const db = await throwawayDatabase(2);
  const wire = await wireCounter(db.url);
  const database = await openDatabase({ url: wire.url, maxConnections: 4 });
  const raw = postgres(wire.url, { max: 1, onnotice: () => {} });
  const c = await core(database);
  try {
    if (!(await beforeConfirmation(c.hearken, 0)) || !(await confirm(c.hearken, 0)))
      throw new Error('the warm-up intake did not confirm');
    wire.reset();
    if (!(await beforeConfirmation(c.hearken, 1))) throw new Error('the counted intake was not restated');
    const intake = wire.counts();
    wire.reset();
    if (!(await confirm(c.hearken, 1))) throw new Error('the counted intake did not confirm');
    const confirmation = wire.counts();
    await c.start();
    const perAnswer = await sendsPerDm(c, 2);
    const DMS = 5;
    wire.reset();
    for (let i = 3; i < 3 + DMS; i++) {
      const before = c.sends();
      await c.hearken.accept(event(i, { kind: 'message', text: opener(i) }));
      await until('a DM answered', () => c.sends() >= before + perAnswer);
    }
    const dm = wire.counts();
    await raw.unsafe('create table bench_one (id bigserial primary key, body text not null)');
    const insert = () => raw`insert into bench_one (body) values (${'one row'})`;
    await insert();
    wire.reset();
    await insert();
    const single = wire.counts();
    const one = (what: 'statements' | 'roundTrips') => ({
      name: 'one single-row INSERT',
      value: single[what],
    });
    const rows: [string, number, string][] = [
      ['intake message (handle, before the confirmation)', BEFORE_CONFIRMATION, 'intake'],
      ['confirmation', 1, 'confirmation'],
      ['DM through the inbox, accept → answer handed to the port', DMS, 'dm'],
    ];
    const counted = { intake, confirmation, dm };
    const out: Figure[] = [];
    for (const [label, per, key] of rows) {
      const counts = counted[key as keyof typeof counted];
      const notes = { counted: counts, messages: per };
      out.push(
        figure(`engine: statements per ${label}`, counts.statements / per, 'stmt', one('statements'), notes),
        figure(
          `engine: round trips per ${label}`,
          counts.roundTrips / per,
          'trips',
          one('roundTrips'),
          notes,
        ),
      );
    }
    return out;
  } finally {
    await c.stop();
    await raw.end({ timeout: 5 });
    await database.close();
    await wire.close();
    await db.drop();
  }
}

/** DMs through the inbox whose writes are counted (after a warm-up one). */
const COUNTED_DMS = 5;
/** Single-row INSERTs whose writes are counted, the baseline. */
const COUNTED_INSERTS = 10;

/**
 * What Postgres writes per message (bench/writes.ts), in a throwaway database with nothing else
 * running: heap rows, index entries, WAL and the pages it changes, for the events before the
 * confirmation, the confirmation and a DM through the inbox, each beside one single-row INSERT
 * into a table indexed like `complaints` (the CPU figures' baseline). Every pool of the database is
 * closed before each count so its backends flush their statistics as they exit.
 */
export async function writesPerMessage(): Promise<Figure[]> {
  const db = await throwawayDatabase(4);
  const probe = postgres(db.url, { max: 1, onnotice: () => {} });
  const c = await core(db.database);
  const counted = (run: () => Promise<void>): Promise<Writes> =>
    countWrites(probe, run, () => db.reconnect());
  try {
    await prepareWriteCounting(probe);
    // A page's first change after a checkpoint is logged as a full-page image, which also drops
    // the change's own bytes from the record: a checkpoint now, before the warm-ups touch the
    // pages the counted messages change, keeps the counts free of those (barring a timed one).
    await probe`checkpoint`;
    if (!(await beforeConfirmation(c.hearken, 0)) || !(await confirm(c.hearken, 0)))
      throw new Error('the warm-up intake did not confirm');
    const intake = await counted(async () => {
      if (!(await beforeConfirmation(c.hearken, 1))) throw new Error('the counted intake was not restated');
    });
    const confirmation = await counted(async () => {
      if (!(await confirm(c.hearken, 1))) throw new Error('the counted intake did not confirm');
    });
    // The staff cards of both confirmations (the warm-up's and the counted one's), delivered.
    const cards = await counted(async () => {
      await c.start();
      await c.stop();
    });
    await c.start();
    const perAnswer = await sendsPerDm(c, 2);
    await c.stop();
    const dm = await counted(async () => {
      await c.start();
      for (let i = 3; i < 3 + COUNTED_DMS; i++) {
        const before = c.sends();
        await c.hearken.accept(event(i, { kind: 'message', text: opener(i) }));
        await until('a DM answered', () => c.sends() >= before + perAnswer);
      }
      await c.stop();
    });
    await probe.unsafe('create table bench_write (like complaints including all)');
    await probe.unsafe('alter table bench_write set (autovacuum_enabled = false)');
    const insert = (i: number) =>
      probe`insert into bench_write (tenant_id, platform, code, customer_id, customer_name, locale, category,
        severity, summary, description, desired_outcome, first_response_due, resolution_due)
        values (${TENANT}, 'sandbox', ${`W-${i}`}, ${`u${i}`}, ${`U${i}`}, 'en', 'delivery', 'high',
        'Parcel never arrived', 'My parcel never arrived and nobody answers my emails.', 'refund', now(), now())`;
    await insert(0);
    const single = await counted(async () => {
      for (let i = 1; i <= COUNTED_INSERTS; i++) await insert(i);
    });
    return writeFigures(
      [
        ['intake message (handle)', intake, BEFORE_CONFIRMATION],
        ['confirmation', confirmation, 1],
        ['staff card delivered', cards, 2],
        ['DM through the inbox', dm, COUNTED_DMS],
      ],
      perMessage(single.total, COUNTED_INSERTS),
    );
  } finally {
    await c.stop();
    await probe.end({ timeout: 5 });
    await db.drop();
  }
}

/** The write counts as figures, each beside one single-row INSERT's, with the per-table breakdown. */
function writeFigures(phases: [string, Writes, number][], one: TableWrites): Figure[] {
  const out: Figure[] = [];
  const measures: [keyof TableWrites | 'rowsWritten' | 'nonHot' | 'walWithoutFpi', string, string][] = [
    ['rowsWritten', 'heap rows written (inserted + updated)', 'rows'],
    ['nonHot', 'non-HOT updates', 'rows'],
    ['indexEntries', 'index entries added', 'entries'],
    ['walWithoutFpi', 'WAL bytes (without full-page images)', 'B'],
    ['walRecords', 'WAL records', 'records'],
    ['blockRefs', 'page changes (WAL block refs)', 'pages'],
  ];
  const value = (w: TableWrites, key: (typeof measures)[number][0]) =>
    key === 'rowsWritten'
      ? w.inserted + w.updated
      : key === 'nonHot'
        ? w.updated - w.hotUpdated
        : key === 'walWithoutFpi'
          ? w.walBytes - w.fpiBytes
          : w[key];
  for (const [label, writes, messages] of phases) {
    const per = perMessage(writes.total, messages);
    const tables = Object.fromEntries(
      Object.entries(writes.tables).map(([name, t]) => [name, perMessage(t, messages)]),
    );
    const indexes = Object.fromEntries(
      Object.entries(writes.indexes).map(([name, n]) => [name, Math.round((n / messages) * 100) / 100]),
    );
    for (const [key, what, unit] of measures)
      out.push(
        figure(
          `engine: ${what} per ${label}`,
          value(per, key),
          unit,
          { name: `${what} per single-row INSERT`, value: value(one, key) },
          key === 'rowsWritten'
            ? {
                messages,
                perTable: tables,
                perIndex: indexes,
                fullPageImageBytes: per.fpiBytes,
                distinctPagesChanged: per.pagesChanged,
              }
            : key === 'walWithoutFpi'
              ? // A checkpoint during the count makes images, which drop their changes' own bytes.
                { fullPageImageBytes: per.fpiBytes, disturbedByACheckpoint: per.fpiBytes > 0 }
              : undefined,
        ),
      );
  }
  return out;
}

export async function benchEngine(options: { complaints: number; concurrency: number }): Promise<Figure[]> {
  const counted = await countPerMessage();
  const written = await writesPerMessage();
  return [...counted, ...written, ...(await throughput(options))];
}

interface Phase {
  perSecond: number;
  seconds: number;
  cpu: CpuPerMessage;
}

/** Runs `work` over `total` items at `concurrency`, timing it and metering CPU per `messages`. */
async function phase(
  admin: postgres.Sql,
  database: string,
  messages: number,
  run: () => Promise<void>,
): Promise<Phase> {
  const meter = await cpuMeter(admin, database);
  const started = now();
  await run();
  const seconds = ms(started) / 1000;
  return { perSecond: messages / seconds, seconds, cpu: await meter.stop(messages) };
}

async function throughput(options: { complaints: number; concurrency: number }): Promise<Figure[]> {
  const { complaints, concurrency } = options;
  const db = await throwawayDatabase(concurrency);
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
  const c = await core(db.database);
  try {
    // Warm-up: prepared statements, the tenant cache, the JIT.
    if (!(await beforeConfirmation(c.hearken, 0)) || !(await confirm(c.hearken, 0)))
      throw new Error('the warm-up intake did not confirm');

    const first = 10;
    let restated = 0;
    const intake = await phase(admin, db.name, complaints * BEFORE_CONFIRMATION, () =>
      pool(complaints, concurrency, async (i) => {
        if (await beforeConfirmation(c.hearken, first + i)) restated += 1;
      }),
    );
    let confirmed = 0;
    const confirming = await phase(admin, db.name, complaints, () =>
      pool(complaints, concurrency, async (i) => {
        if (await confirm(c.hearken, first + i)) confirmed += 1;
      }),
    );
    if (restated !== complaints || confirmed !== complaints)
      throw new Error(`${restated} restated and ${confirmed} confirmed of ${complaints}`);

    // The DM path: as many messages as the intake phase, one opener each from new customers. The
    // staff cards of the confirmations are delivered first, outside the timed window.
    await c.start();
    const perAnswer = await sendsPerDm(c, 1);
    const dms = complaints * BEFORE_CONFIRMATION;
    const from = first + complaints;
    const sendsBefore = c.sends();
    let refused = 0;
    const inbox = await phase(admin, db.name, dms, async () => {
      await pool(dms, concurrency, async (i) => {
        if (
          (await c.hearken.accept(event(from + i, { kind: 'message', text: opener(from + i) }))) !==
          'accepted'
        )
          refused += 1;
      });
      await until('every DM answered', () => c.sends() - sendsBefore >= dms * perAnswer);
    });
    const [left] = await db.sql<{ inbox: number; outbox: number }[]>`
      select (select count(*)::int from inbox where state <> 'done') as inbox,
             (select count(*)::int from outbox where status <> 'sent') as outbox`;

    // Baseline: single-row INSERTs, at least as many as the intake phase handled messages, and
    // enough for Postgres CPU per row to span many clock ticks (a tick is 10 ms, a row ~0.02 ms).
    await db.sql.unsafe('create table bench_raw (like complaints including all)');
    const rows = complaints * BEFORE_CONFIRMATION;
    const inserts = Math.max(rows, 3_000);
    const insert = await phase(admin, db.name, inserts, () =>
      pool(inserts, concurrency, async (i) => {
        await db.sql`insert into bench_raw (tenant_id, platform, code, customer_id, customer_name, locale, category, severity,
          summary, description, desired_outcome, first_response_due, resolution_due)
          values (${TENANT}, 'sandbox', ${`R-${i}`}, ${`u${i}`}, ${`U${i}`}, 'en', 'delivery', 'high',
          'Parcel never arrived', 'My parcel never arrived and nobody answers my emails.', 'refund', now(), now())`;
      }),
    );
    const baseline = { name: `single-row INSERTs/s, concurrency ${concurrency}`, value: insert.perSecond };

    // Second baseline: a minimal deduplicated read-and-update (the least an intake with
    // redeliveries must do per message): in one transaction, read the row by its key for update,
    // then write it. Keys repeat one in two, so half the reads find a row.
    await db.sql.unsafe('create table bench_dedup (key text primary key, seen int not null)');
    const dedupStarted = now();
    await pool(rows, concurrency, async (i) => {
      const key = `k-${Math.floor(i / 2)}`;
      await db.sql.begin(async (tx) => {
        const [row] = await tx`select seen from bench_dedup where key = ${key} for update`;
        if (row) await tx`update bench_dedup set seen = seen + 1 where key = ${key}`;
        else
          await tx`insert into bench_dedup (key, seen) values (${key}, 1) on conflict (key) do update set seen = bench_dedup.seen + 1`;
      });
    });
    const dedup = {
      name: `deduplicated read-and-update/s, concurrency ${concurrency}`,
      value: rows / (ms(dedupStarted) / 1000),
    };

    const sizes = { complaints, concurrency };
    const out = [
      figure('engine: intake messages/s', intake.perSecond, 'msg/s', baseline, {
        ...sizes,
        path: 'hearken.handle, the events before the confirmation (opener, outcome, details)',
        messages: complaints * BEFORE_CONFIRMATION,
        seconds: intake.seconds,
      }),
      figure('engine: confirmed complaints/s', confirming.perSecond, 'cmp/s', baseline, {
        ...sizes,
        path: 'hearken.handle, every customer at the restatement confirming at once',
        seconds: confirming.seconds,
      }),
      figure(
        'engine: DM messages/s through the inbox, acked → answered',
        inbox.perSecond,
        'msg/s',
        baseline,
        {
          ...sizes,
          path: 'hearken.accept with the inbox workers and the outbox running, until the port has every answer',
          messages: dms,
          sendsPerAnswer: perAnswer,
          refused,
          leftAfter: left,
          seconds: inbox.seconds,
        },
      ),
      figure('engine: intake messages/s vs dedup read-and-update', intake.perSecond, 'msg/s', dedup, sizes),
      figure('engine: single-row INSERTs/s (baseline itself)', insert.perSecond, 'rows/s', dedup, {
        inserts,
      }),
    ];
    const insertCpu = insert.cpu;
    for (const [label, p] of [
      ['intake message (handle)', intake],
      ['confirmation', confirming],
      ['DM through the inbox', inbox],
    ] as const) {
      out.push(
        figure(`engine: Node CPU per ${label}`, p.cpu.nodeMs, 'ms', {
          name: 'Node CPU per single-row INSERT',
          value: insertCpu.nodeMs,
        }),
        figure(
          `engine: Postgres CPU per ${label}`,
          p.cpu.postgresMs ?? Number.NaN,
          'ms',
          { name: 'Postgres CPU per single-row INSERT', value: insertCpu.postgresMs ?? Number.NaN },
          { ...p.cpu.notes, baseline: insertCpu.notes },
        ),
      );
    }
    return out;
  } finally {
    await c.stop();
    await admin.end({ timeout: 5 });
    await db.drop();
  }
}
