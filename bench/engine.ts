/**
 * Engine throughput on the Postgres server: whole DM intakes through the core (four events each on the slot-filling engine,
 * every one a transaction) at a fixed concurrency, against single-row INSERTs into a table indexed
 * like `complaints`, at the same concurrency and pool size, in the same database.
 */
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase } from '../db/client.js';
import { Hearken } from '../src/core.js';
import { silentLogger } from '../src/log.js';
import type { Actor, InboundEvent } from '../src/messages.js';
import type { PlatformPort } from '../src/ports.js';
import { type Figure, figure, ms, now, pool, throwawayDatabase } from './lib.js';
import { wireCounter } from './wire.js';

const TENANT = 'sandbox:bench';

const noopPort: PlatformPort = {
  platform: 'sandbox',
  send: async () => ({ platform: 'sandbox', channelId: 'c', messageId: randomUUID() }),
  update: async () => {},
};

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

/** Customer events in one intake on today's engine: opener, outcome, details, confirm. */
const INTAKE_EVENTS = 4;

async function intake(hearken: Hearken, i: number) {
  const a = actor(i);
  const event = (e: Partial<InboundEvent>) =>
    hearken.handle({ id: randomUUID(), actor: a, place: { kind: 'dm' }, ...e } as InboundEvent);
  await event({ kind: 'message', text: `My parcel ${i} never arrived and nobody answers my emails.` });
  await event({ kind: 'action', action: 'intake.outcome', value: 'refund' });
  await event({ kind: 'message', text: `Last Tuesday, order ${88000 + i}` });
  return event({ kind: 'action', action: 'intake.confirm', value: 'yes' });
}

/**
 * Statements and round trips per customer message, counted on the wire (bench/wire.ts) for one
 * four-event intake after a warm-up intake, beside one single-row INSERT counted the same way.
 */
async function countPerMessage(): Promise<Figure[]> {
  const db = await throwawayDatabase(2);
  const wire = await wireCounter(db.url);
  const database = await openDatabase({ url: wire.url, maxConnections: 2 });
  const raw = postgres(wire.url, { max: 1, onnotice: () => {} });
  try {
    const hearken = new Hearken({ database, logger: silentLogger });
    hearken.registerPlatform(noopPort);
    await hearken.configureTenant(TENANT, 'sandbox', { staffChannelId: 'sandbox:channel:staff' });
    await intake(hearken, 0);
    wire.reset();
    const receipt = await intake(hearken, 1);
    const perIntake = wire.counts();
    if (!receipt.messages.some((m) => /C-\d+/.test(m.text ?? '')))
      throw new Error('the counted intake did not confirm');
    await raw.unsafe('create table bench_one (id bigserial primary key, body text not null)');
    const insert = () => raw`insert into bench_one (body) values (${'one row'})`;
    await insert();
    wire.reset();
    await insert();
    const single = wire.counts();
    const notes = { perIntake, eventsPerIntake: INTAKE_EVENTS };
    return [
      figure(
        'engine: statements per intake message',
        perIntake.statements / INTAKE_EVENTS,
        'stmt',
        {
          name: 'one single-row INSERT',
          value: single.statements,
        },
        notes,
      ),
      figure(
        'engine: round trips per intake message',
        perIntake.roundTrips / INTAKE_EVENTS,
        'trips',
        {
          name: 'one single-row INSERT',
          value: single.roundTrips,
        },
        notes,
      ),
    ];
  } finally {
    await raw.end({ timeout: 5 });
    await database.close();
    await wire.close();
    await db.drop();
  }
}

export async function benchEngine(options: { complaints: number; concurrency: number }): Promise<Figure[]> {
  const counted = await countPerMessage();
  return [...counted, ...(await throughput(options))];
}

async function throughput(options: { complaints: number; concurrency: number }): Promise<Figure[]> {
  const db = await throwawayDatabase(options.concurrency);
  try {
    const hearken = new Hearken({ database: db.database, logger: silentLogger });
    hearken.registerPlatform(noopPort);
    await hearken.configureTenant(TENANT, 'sandbox', { staffChannelId: 'sandbox:channel:staff' });
    let messages = 0;
    let confirmed = 0;
    const started = now();
    await pool(options.complaints, options.concurrency, async (i) => {
      const receipt = await intake(hearken, i);
      messages += INTAKE_EVENTS;
      if (receipt.messages.some((m) => /C-\d+/.test(m.text ?? ''))) confirmed += 1;
    });
    const seconds = ms(started) / 1000;

    // Baseline: the same number of single-row INSERTs as the engine handled events.
    await db.sql.unsafe('create table bench_raw (like complaints including all)');
    const rows = messages;
    const rawStarted = now();
    await pool(rows, options.concurrency, async (i) => {
      await db.sql`insert into bench_raw (tenant_id, platform, code, customer_id, customer_name, locale, category, severity,
        summary, description, desired_outcome, first_response_due, resolution_due)
        values (${TENANT}, 'sandbox', ${`R-${i}`}, ${`u${i}`}, ${`U${i}`}, 'en', 'delivery', 'high',
        'Parcel never arrived', 'My parcel never arrived and nobody answers my emails.', 'refund', now(), now())`;
    });
    const rawPerSecond = rows / (ms(rawStarted) / 1000);
    const baseline = {
      name: `single-row INSERTs/s, concurrency ${options.concurrency}`,
      value: rawPerSecond,
    };

    // Second baseline: a minimal deduplicated read-and-update (the least an intake with
    // redeliveries must do per message): in one transaction, read the row by its key for update,
    // then write it. Keys repeat one in two, so half the reads find a row.
    await db.sql.unsafe('create table bench_dedup (key text primary key, seen int not null)');
    const dedupStarted = now();
    await pool(rows, options.concurrency, async (i) => {
      const key = `k-${Math.floor(i / 2)}`;
      await db.sql.begin(async (tx) => {
        const [row] = await tx`select seen from bench_dedup where key = ${key} for update`;
        if (row) await tx`update bench_dedup set seen = seen + 1 where key = ${key}`;
        else
          await tx`insert into bench_dedup (key, seen) values (${key}, 1) on conflict (key) do update set seen = bench_dedup.seen + 1`;
      });
    });
    const dedupPerSecond = rows / (ms(dedupStarted) / 1000);
    const dedup = {
      name: `deduplicated read-and-update/s, concurrency ${options.concurrency}`,
      value: dedupPerSecond,
    };
    const notes = { complaints: options.complaints, confirmed, concurrency: options.concurrency, seconds };
    return [
      figure('engine: intake messages/s', messages / seconds, 'msg/s', baseline, notes),
      figure('engine: confirmed complaints/s', confirmed / seconds, 'cmp/s', baseline, notes),
      figure('engine: intake messages/s vs dedup read-and-update', messages / seconds, 'msg/s', dedup, notes),
      figure('engine: single-row INSERTs/s (baseline itself)', rawPerSecond, 'rows/s', dedup),
    ];
  } finally {
    await db.drop();
  }
}
