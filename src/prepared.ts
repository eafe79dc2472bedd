/**
 * Statements built once. drizzle builds a query's SQL text anew on every call (a third of an
 * intake step's Node CPU was spent there), and its own `.prepare(name)` binds the result to the
 * client it was built on, so a statement prepared on the pool would run outside the event's
 * transaction. Here the text and its result columns are built the first time, with
 * `sql.placeholder`s for the values, and each call hands them to the session of the transaction
 * it runs in (`prepareQuery` is drizzle's public session API; on postgres.js, `direct` below does
 * what that prepared query would, minus its per-call overhead). postgres.js then sends a statement
 * it has parsed before on that connection as one round trip (db/client.ts).
 */
import {
  type Column,
  DrizzleQueryError,
  fillPlaceholders,
  is,
  Param,
  Placeholder,
  type Query,
  SQL,
  sql,
} from 'drizzle-orm';
import {
  makePgArray,
  PgColumn,
  type PreparedQueryConfig,
  type SelectedFieldsOrdered,
} from 'drizzle-orm/pg-core';
import { PostgresJsSession } from 'drizzle-orm/postgres-js/session';
import type { Queryable } from '../db/client.js';

/** What a statement returns per row: columns and `sql` fields, nested one level at most. */
export type Fields = Record<string, PgColumn | SQL | Record<string, PgColumn | SQL>>;

/** The fields in the order drizzle selects them (the object's key order), as drizzle maps rows. */
function ordered(fields: Fields): SelectedFieldsOrdered {
  return Object.entries(fields).flatMap(([key, field]) =>
    field instanceof PgColumn || field instanceof SQL
      ? [{ path: [key], field }]
      : Object.entries(field).map(([inner, column]) => ({ path: [key, inner], field: column })),
  );
}

/** Values by name, for a statement's placeholders. */
type Values = Record<string, unknown>;

/** A statement as built once: its text, and how each of its rows is made. */
interface Built {
  query: Query;
  columns: SelectedFieldsOrdered | undefined;
  /** A call's parameters from its values, as drizzle's `fillPlaceholders` makes them. */
  params: (values: Values) => unknown[];
  /** Each result column's place in the row object and its decoder, as drizzle's `mapResultRow`. */
  decoders: { path: string[]; decode: (raw: unknown) => unknown }[] | undefined;
}

/**
 * `fillPlaceholders(query.params, values)`, with what each parameter is (a value, a placeholder, a
 * placeholder with an encoder) found once: drizzle asks `is()` of each one per call, and walking
 * their classes was 2 % of an intake step's Node CPU. A missing value is left to drizzle's own
 * call, which fails as it always did.
 */
function parameters(params: unknown[]): (values: Values) => unknown[] {
  const each = params.map((param): ((values: Values) => unknown) => {
    if (is(param, Placeholder)) return (values) => values[param.name];
    if (is(param, Param) && is(param.value, Placeholder)) {
      const { encoder, value } = param;
      return (values) => encoder.mapToDriverValue(values[value.name]);
    }
    return () => param;
  });
  const names = params.flatMap((param) =>
    is(param, Placeholder)
      ? [param.name]
      : is(param, Param) && is(param.value, Placeholder)
        ? [param.value.name]
        : [],
  );
  return (values) => {
    for (const name of names) if (!(name in values)) return fillPlaceholders(params, values);
    return each.map((param) => param(values));
  };
}

/** An `sql` field's decoder (`.mapWith`): a member drizzle marks internal, so not in its types. */
type Decoding = { decoder: { mapFromDriverValue(value: unknown): unknown } };

/** How a result column is decoded: the decoder drizzle's `mapResultRow` picks for its field. */
function decoder(field: SelectedFieldsOrdered[number]['field']): (raw: unknown) => unknown {
  if (is(field, PgColumn)) return (raw) => (raw === null ? null : field.mapFromDriverValue(raw));
  // `fields` holds columns and `sql` fields only (`ordered`); an aliased one carries its `sql`.
  const { decoder } = (is(field, SQL) ? field : (field as SQL.Aliased).sql) as unknown as Decoding;
  return (raw) => (raw === null ? null : decoder.mapFromDriverValue(raw));
}

function build(query: Query, fields: Fields | undefined): Built {
  const columns = fields ? ordered(fields) : undefined;
  return {
    query,
    columns,
    params: parameters(query.params),
    decoders: columns?.map(({ path, field }) => ({ path, decode: decoder(field) })),
  };
}

/** One row of values as the object drizzle's `mapResultRow` makes of it (no joins to nullify). */
function rowOf(decoders: NonNullable<Built['decoders']>, values: unknown[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < decoders.length; i++) {
    const { path, decode } = decoders[i]!;
    let node = row;
    for (let p = 0; p < path.length - 1; p++) {
      const key = path[p]!;
      if (!(key in node)) node[key] = {};
      // Every inner node is an object this loop made just above: only leaves hold decoded values.
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = decode(values[i]);
  }
  return row;
}

type PostgresSession = InstanceType<typeof PostgresJsSession>;

/** drizzle's `prepareQuery` for postgres.js, which `direct` stands in for. */
const drizzlePrepare = PostgresJsSession.prototype.prepareQuery;

/**
 * The statement through postgres.js, as drizzle's prepared query runs it (`PostgresJsPreparedQuery`
 * `execute`): the same parameters, logger call, driver call, error (`DrizzleQueryError`) and rows,
 * without what drizzle does per call around them (a prepared-query object, three tracing
 * wrappers, a cache check, and per row and column `is()` checks to find each decoder): 3-5 % of an
 * intake step's Node CPU in the profile.
 */
async function direct<Row>(session: PostgresSession, built: Built, values: Values): Promise<Row[]> {
  const params = built.params(values);
  const text = built.query.sql;
  session.logger.logQuery(text, params);
  const { decoders } = built;
  // The client (db/client.ts `preparing`) asks postgres.js to prepare it, as for drizzle's calls.
  if (!decoders) {
    try {
      return (await session.client.unsafe(text, params as never[])) as unknown as Row[];
    } catch (error) {
      throw new DrizzleQueryError(text, params, error as Error);
    }
  }
  let rows: unknown[][];
  try {
    rows = await session.client.unsafe(text, params as never[]).values();
  } catch (error) {
    throw new DrizzleQueryError(text, params, error as Error);
  }
  return rows.map((values) => rowOf(decoders, values)) as Row[];
}

/**
 * A statement built on first use from `make` (which must select or return exactly `fields`),
 * run with named values. `Row` is what drizzle's mapping of `fields` gives.
 */
export function statement<Row, V extends Values>(
  make: (q: Queryable) => { toSQL(): Query },
  fields: Fields | undefined,
): (q: Queryable, values: V) => Promise<Row[]> {
  let built: Built | undefined;
  return (q, values) => {
    built ??= build(make(q).toSQL(), fields);
    const session = q._.session;
    // Only where drizzle's own prepareQuery would run: a session whose prepareQuery was wrapped
    // (instrumentation, a test's seam) keeps that path.
    if (is(session, PostgresJsSession) && session.prepareQuery === drizzlePrepare)
      return direct<Row>(session, built, values);
    return session
      .prepareQuery<PreparedQueryConfig & { execute: Row[] }>(built.query, built.columns, undefined, true)
      .execute(values);
  };
}

/**
 * A named value for `column`, encoded as drizzle encodes that column's values (dates, JSON). A
 * null is SQL NULL, as drizzle sends a null it is given directly (a column's encoder would make a
 * JSON column's null the JSON value `null`, and fails on a date's).
 */
export const bind = (name: string, column: Column): SQL =>
  sql`${sql.param(sql.placeholder(name), { mapToDriverValue: (value: unknown) => (value === null ? null : column.mapToDriverValue(value)) })}`;

/**
 * A list as one value (a Postgres array literal), for `= any ($1::text[])` and `<> all (…)`: the
 * statement's text stays the same however many items the list has.
 */
export const listOf = (items: readonly string[]): string => makePgArray([...items]);

/**
 * `head` (a built statement) as the data-modifying CTE `s` of `template`, whose `{s}` marks where
 * it goes and whose `$name`s are more named values: the statements built once above, with parts
 * (an event id recorded, an inbox row marked done) that drizzle's builder cannot attach to them.
 */
export function around(head: Query, template: string): Query {
  const params: unknown[] = [...head.params];
  const text = template.replace(/\$([a-zA-Z]\w*)/g, (_, name: string) => {
    params.push(sql.placeholder(name));
    return `$${params.length}`;
  });
  return { sql: text.replace('{s}', () => head.sql), params };
}
