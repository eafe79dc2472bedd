/**
 * A database that can be "down": while `down` is set, every query through it fails as a refused
 * connection does, before reaching the server. The real database stays untouched underneath.
 */
import type { Db } from '../../db/client.js';
import type { TestDatabase } from './db.js';

export interface Outage {
  database: TestDatabase;
  down: boolean;
}

/** The error a driver gives when the server refuses the connection (the database is down). */
export function refusedConnection(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
}

export function withOutage(real: TestDatabase): Outage {
  const outage: Outage = { database: real, down: false };
  const down = (client: Db): Db =>
    new Proxy(client, {
      get(target, property) {
        if (outage.down) throw refusedConnection();
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  // The accepts' own connections go down with the rest.
  outage.database = { ...real, db: down(real.db), accepts: down(real.accepts) };
  return outage;
}
