/**
 * A database whose inbox INSERTs the test controls: held until released (to see what Slack heard
 * while the row is not there yet) or refused as a connection that is down. Every other query goes
 * straight through to the real database underneath.
 */
import type { Db } from '../../db/client.js';
import { inbox } from '../../db/schema.js';
import type { TestDatabase } from '../support/db.js';
import { refusedConnection } from '../support/outage.js';

export interface InboxInserts {
  database: TestDatabase;
  /** While set, an inbox INSERT fails as a refused connection does, before reaching the server. */
  failing: boolean;
  /** Holds every inbox INSERT from now on until the returned function is called. */
  hold(): () => void;
  /** Resolves when the next inbox INSERT is attempted (held, refused or sent). */
  attempted(): Promise<void>;
}

type Thenable = { then: (done: (value: unknown) => unknown, failed: (error: unknown) => unknown) => unknown };

export function inboxInserts(real: TestDatabase): InboxInserts {
  let gate: Promise<void> = Promise.resolve();
  let waiters: (() => void)[] = [];
  const control: InboxInserts = {
    database: real,
    failing: false,
    hold() {
      let release: () => void = () => undefined;
      gate = new Promise((resolve) => {
        release = resolve;
      });
      return () => release();
    },
    attempted: () => new Promise((resolve) => waiters.push(resolve)),
  };
  const beforeInsert = async (): Promise<void> => {
    const reached = waiters;
    waiters = [];
    for (const resolve of reached) resolve();
    await gate;
    if (control.failing) throw refusedConnection();
  };
  // The builder chain (values, onConflictDoNothing, returning) ends in `then`: that is the INSERT.
  const gated = (builder: object): object =>
    new Proxy(builder, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (property === 'then' && typeof value === 'function') {
          const query = target as Thenable;
          return (done: (v: unknown) => unknown, failed: (e: unknown) => unknown) =>
            beforeInsert().then(() => query.then(done, failed), failed);
        }
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const result: unknown = value.apply(target, args);
          return typeof result === 'object' && result !== null ? gated(result) : result;
        };
      },
    });
  // A statement built once (src/prepared.ts) runs through the session's `prepareQuery`, not a
  // builder: its `execute` is the INSERT.
  const gatedSession = (session: object): object =>
    new Proxy(session, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (property !== 'prepareQuery' || typeof value !== 'function') return value;
        return (query: { sql: string }, ...rest: unknown[]) => {
          const prepared = value.call(target, query, ...rest) as {
            execute(values?: unknown): Promise<unknown>;
          };
          if (!query.sql.startsWith('insert into "inbox"')) return prepared;
          return new Proxy(prepared, {
            get(inner, name) {
              const member: unknown = Reflect.get(inner, name, inner);
              if (name !== 'execute' || typeof member !== 'function') return member;
              return (values?: unknown) => beforeInsert().then(() => member.call(inner, values));
            },
          });
        };
      },
    });
  const inserting = (client: Db): Db =>
    new Proxy(client, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (property === '_') return { ...target._, session: gatedSession(target._.session) };
        if (property === 'insert') {
          return (table: unknown) => {
            const builder = target.insert(table as typeof inbox);
            return table === inbox ? gated(builder) : builder;
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  // The inbox's INSERT goes through the accepts' own connections (db/client.ts).
  control.database = { ...real, db: inserting(real.db), accepts: inserting(real.accepts) };
  return control;
}
