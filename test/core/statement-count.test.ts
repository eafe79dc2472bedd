/**
 * What one customer message and one click cost the database, counted as Postgres frontend
 * messages (an Execute or a simple Query is a statement; a Sync, a Flush or a simple Query is a
 * round trip), whatever the driver: on a server (DATABASE_URL) through a TCP relay in front of it,
 * on PGlite from the protocol bytes the driver hands PGlite. Counts, never time: the ceilings are
 * what the lean envelope around the intake (claim, tenant, block check, reply, delivery) costs
 * with today's intake engine, which a change that adds a statement breaks.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase, openPgliteClient } from '../../db/client.js';
import { Hearken } from '../../src/core.js';
import { silentLogger } from '../../src/log.js';
import type { InboundEvent } from '../../src/messages.js';
import { frontendReader, type WireCounts, wireCounter } from '../kit/wire.js';
import { customer, STAFF_CHANNEL, TENANT } from '../support/harness.js';
import { MemoryPort } from '../support/memory-port.js';

/**
 * Statements and round trips one DM from `accept` to its answer delivered may cost: the accept,
 * the lean step's read and its one write (session, row done, reply leased), each message marked sent.
 */
const DM_CEILING = { statements: 5, roundTrips: 5 };
/** A customer's words starting or continuing an intake through `handle`: read, then one write. */
const INTAKE_MESSAGE = { statements: 2, roundTrips: 2 };
/** The same for a click answered through `handle`. */
const CLICK_CEILING = { statements: 5, roundTrips: 5 };

interface Counted {
  database: Database;
  counts(): WireCounts;
  close(): Promise<void>;
}

/** A migrated database on the server, reached through a relay that counts what the client sends. */
async function countedServer(serverUrl: string): Promise<Counted> {
  const name = `hearken_t_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const inside = new URL(serverUrl);
  inside.pathname = `/${name}`;
  const wire = await wireCounter(inside.toString());
  // One connection: every statement is prepared on it after the warm-up, so round trips are stable.
  const database = await openDatabase({ url: wire.url, maxConnections: 1 });
  await database.migrate();
  return {
    database,
    counts: () => wire.counts(),
    async close() {
      await database.close();
      await wire.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** An in-memory PGlite whose protocol traffic is read as the driver hands it over. */
async function countedPglite(): Promise<Counted> {
  const totals: WireCounts = { statements: 0, roundTrips: 0 };
  const { client, database } = await openPgliteClient(undefined);
  await database.migrate();
  const read = frontendReader(totals, true);
  const send = client.execProtocolRaw.bind(client);
  // An observer, not a fake: every message still goes to PGlite unchanged.
  client.execProtocolRaw = (message, options) => {
    read(message);
    return send(message, options);
  };
  return { database, counts: () => ({ ...totals }), close: () => database.close() };
}

const serverUrl = process.env.DATABASE_URL;
let counted: Counted;
let hearken: Hearken;
let port: MemoryPort;

beforeAll(async () => {
  counted = serverUrl ? await countedServer(serverUrl) : await countedPglite();
  hearken = new Hearken({ database: counted.database, logger: silentLogger });
  port = new MemoryPort();
  hearken.registerPlatform(port);
  await hearken.configureTenant(TENANT, 'sandbox', { staffChannelId: STAFF_CHANNEL });
});
afterAll(async () => {
  await counted?.close();
});

const dm = (name: string): InboundEvent => ({
  kind: 'message',
  id: `sandbox:${randomUUID()}`,
  actor: customer(name),
  place: { kind: 'dm' },
  text: 'My parcel never arrived and nobody answers my emails.',
});
const words = (name: string, text: string): InboundEvent => ({
  kind: 'message',
  id: `sandbox:${randomUUID()}`,
  actor: customer(name),
  place: { kind: 'dm' },
  text,
});
const click = (name: string): InboundEvent => ({
  kind: 'action',
  id: `sandbox:${randomUUID()}`,
  actor: customer(name),
  place: { kind: 'dm' },
  action: 'intake.outcome',
  value: 'refund',
});

/** Runs `act` and returns what it cost, with the number of messages the port sent meanwhile. */
async function cost(act: () => Promise<unknown>): Promise<WireCounts & { sent: number }> {
  const before = counted.counts();
  const posted = port.posted.length;
  await act();
  return {
    statements: counted.counts().statements - before.statements,
    roundTrips: counted.counts().roundTrips - before.roundTrips,
    sent: port.posted.length - posted,
  };
}

async function dmAnswered(name: string): Promise<void> {
  expect(await hearken.accept(dm(name))).toBe('accepted');
  await hearken.inbox.idle();
}

describe(`statements per customer event, counted on the wire (${serverUrl ? 'Postgres server' : 'PGlite'})`, () => {
  it(`a DM from accept to its answer delivered costs at most ${DM_CEILING.statements} statements and round trips`, async () => {
    // A first customer warms the tenant cache and the connection's prepared statements.
    await dmAnswered('warm');
    await hearken.handle(click('warm'));

    const spent = await cost(() => dmAnswered('ana'));

    expect(spent.sent).toBeGreaterThan(0);
    expect(spent.statements).toBeLessThanOrEqual(DM_CEILING.statements);
    expect(spent.roundTrips).toBeLessThanOrEqual(DM_CEILING.roundTrips);
  });

  it(`a click through handle costs at most ${CLICK_CEILING.statements} statements and round trips`, async () => {
    await dmAnswered('bo');

    const spent = await cost(() => hearken.handle(click('bo')));

    expect(spent.statements).toBeLessThanOrEqual(CLICK_CEILING.statements);
    expect(spent.roundTrips).toBeLessThanOrEqual(CLICK_CEILING.roundTrips);
  });

  it('a message starting or continuing an intake through handle costs exactly 2 statements and round trips', async () => {
    // The lean step's read and both its writes (a new conversation, a next answer) prepared first.
    await hearken.handle(words('warm', 'Hello'));
    await hearken.handle(words('cy', 'Hello'));

    const started = await cost(() => hearken.handle(words('dee', 'My parcel never arrived at all.')));
    const continued = await cost(() => hearken.handle(words('cy', 'My parcel never arrived at all.')));

    expect({ statements: started.statements, roundTrips: started.roundTrips }).toEqual(INTAKE_MESSAGE);
    expect({ statements: continued.statements, roundTrips: continued.roundTrips }).toEqual(INTAKE_MESSAGE);
  });
});
