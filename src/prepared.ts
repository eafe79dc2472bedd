/**
 * Statements built once. drizzle builds a query's SQL text anew on every call (a third of an
 * intake step's Node CPU was spent there), and its own `.prepare(name)` binds the result to the
 * client it was built on, so a statement prepared on the pool would run outside the event's
 * transaction. Here the text and its result columns are built the first time, with
 * `sql.placeholder`s for the values, and each call hands them to the session of the transaction
 * it runs in (`prepareQuery` is drizzle's public session API). postgres.js then sends a statement
 * it has parsed before on that connection as one round trip (db/client.ts).
 */
import { type Column, type Query, SQL, sql } from 'drizzle-orm';
import {
  makePgArray,
  PgColumn,
  type PreparedQueryConfig,
  type SelectedFieldsOrdered,
} from 'drizzle-orm/pg-core';
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

/**
 * A statement built on first use from `build` (which must select or return exactly `fields`),
 * run with named values. `Row` is what drizzle's mapping of `fields` gives.
 */
export function statement<Row, Values extends Record<string, unknown>>(
  build: (q: Queryable) => { toSQL(): Query },
  fields: Fields | undefined,
): (q: Queryable, values: Values) => Promise<Row[]> {
  let built: { query: Query; columns: SelectedFieldsOrdered | undefined } | undefined;
  return (q, values) => {
    built ??= { query: build(q).toSQL(), columns: fields ? ordered(fields) : undefined };
    return q._.session
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
