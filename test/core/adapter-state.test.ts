import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adapterState } from '../../db/schema.js';
import { DbAdapterState, pruneAdapterState } from '../../src/adapter-state.js';
import { Hearken } from '../../src/core.js';
import { silentLogger } from '../../src/log.js';
import { HOUR, ManualClock, MINUTE } from '../support/clock.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

describe('the adapters’ durable state store', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());

  /** A store of its own namespace, so tests share the database but never a row. */
  function store() {
    const clock = new ManualClock();
    const ns = `test.${Math.random().toString(36).slice(2)}`;
    return { clock, ns, state: new DbAdapterState(database, clock) };
  }

  test('a value set is read back as the same JSON, and a missing key reads as undefined', async () => {
    const { ns, state } = store();
    const value = { kind: 'message', text: '我的包裹没到', roles: ['a', 'b'], n: 3, ok: true, none: null };

    await state.set(ns, 'discord:1:2', value);

    expect(await state.get(ns, 'discord:1:2')).toEqual(value);
    expect(await state.get(ns, 'discord:1:3')).toBeUndefined();
  });

  test('strings that look like numbers, booleans or null come back as the same strings', async () => {
    const { ns, state } = store();
    const values = ['1576428114123161615', '12', 'true', 'null'];

    for (const [i, value] of values.entries()) await state.set(ns, `k${i}`, value);
    const read = await Promise.all(values.map((_, i) => state.get(ns, `k${i}`)));

    expect(read).toEqual(values);
  });

  test('setting a key again replaces its value and its expiry', async () => {
    const { clock, ns, state } = store();

    await state.set(ns, 'k', 'first', MINUTE);
    await state.set(ns, 'k', 'second');
    clock.advance(HOUR);

    expect(await state.get(ns, 'k')).toBe('second');
  });

  test('a value with a TTL is there until its time is up, then reads as undefined', async () => {
    const { clock, ns, state } = store();

    await state.set(ns, 'k', 'held', 10 * MINUTE);
    clock.advance(10 * MINUTE - 1);
    const before = await state.get(ns, 'k');
    clock.advance(1);
    const after = await state.get(ns, 'k');

    expect(before).toBe('held');
    expect(after).toBeUndefined();
  });

  test('a deleted key reads as undefined, and deleting a missing key is harmless', async () => {
    const { ns, state } = store();
    await state.set(ns, 'k', 1);

    await state.delete(ns, 'k');
    await state.delete(ns, 'never-set');

    expect(await state.get(ns, 'k')).toBeUndefined();
  });

  test('keys are isolated by their full text: another tenant’s key or another namespace sees nothing', async () => {
    const { ns, state } = store();

    await state.set(ns, 'discord:111:42', 'thread-in-guild-111');
    await state.set(ns, 'discord:222:42', 'thread-in-guild-222');
    await state.set(`${ns}.other`, 'discord:111:42', 'something else');
    await state.delete(ns, 'discord:222:42');

    expect(await state.get(ns, 'discord:111:42')).toBe('thread-in-guild-111');
    expect(await state.get(ns, 'discord:222:42')).toBeUndefined();
    expect(await state.get(`${ns}.other`, 'discord:111:42')).toBe('something else');
  });

  test('pruning deletes only rows whose time is up', async () => {
    const { clock, ns, state } = store();
    await state.set(ns, 'expired', 1, MINUTE);
    await state.set(ns, 'fresh', 2, HOUR);
    await state.set(ns, 'forever', 3);
    clock.advance(2 * MINUTE);

    await pruneAdapterState(database.db, clock.now());
    const keys = (await database.db.select().from(adapterState))
      .filter((row) => row.namespace === ns)
      .map((row) => row.key)
      .sort();

    expect(keys).toEqual(['forever', 'fresh']);
  });

  test('the core offers the store to adapters, on its own clock', async () => {
    const clock = new ManualClock();
    const core = new Hearken({ database, logger: silentLogger, clock });

    await core.adapterState.set('test.core', 'k', 'v', MINUTE);
    const now = await core.adapterState.get('test.core', 'k');
    clock.advance(MINUTE);

    expect(now).toBe('v');
    expect(await core.adapterState.get('test.core', 'k')).toBeUndefined();
  });
});
