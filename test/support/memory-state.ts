/**
 * An in-memory implementation of the core's own `AdapterState` port (not of the database), for
 * stand-in cores that have no database. The real store is tested in test/core/adapter-state.test.ts.
 */
import type { AdapterState, JsonValue } from '../../src/ports.js';

export class MemoryAdapterState implements AdapterState {
  private readonly rows = new Map<string, { value: JsonValue; expiresAt?: number }>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  async get(namespace: string, key: string): Promise<unknown> {
    const row = this.rows.get(JSON.stringify([namespace, key]));
    if (!row || (row.expiresAt !== undefined && row.expiresAt <= this.now())) return undefined;
    // A copy, as a database would give: callers cannot change what is stored.
    return structuredClone(row.value);
  }

  async set(namespace: string, key: string, value: JsonValue, ttlMs?: number): Promise<void> {
    const expiresAt = ttlMs === undefined ? undefined : this.now() + ttlMs;
    this.rows.set(JSON.stringify([namespace, key]), {
      value: structuredClone(value),
      ...(expiresAt === undefined ? {} : { expiresAt }),
    });
  }

  async delete(namespace: string, key: string): Promise<void> {
    this.rows.delete(JSON.stringify([namespace, key]));
  }
}
