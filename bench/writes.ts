/**
 * What a message makes Postgres write, counted rather than timed (counts do not move with the
 * machine's load): heap rows inserted, updated (HOT or not) and deleted per table, btree index
 * entries added per index, WAL bytes and the pages they change. Reads only, in a throwaway
 * database nobody else uses:
 * - rows: `pg_stat_user_tables`. A backend sends its counts to the shared stats only at a
 *   transaction's end, and at most once a second (later ones wait for the backend to go idle), so
 *   `settle` first ends every other backend of the database (its counts flush as it exits), then
 *   reads with a fresh stats snapshot;
 * - index entries: counted in the index pages themselves (pageinspect: heap TIDs on the leaf
 *   pages, posting lists counted per TID), since no statistics view counts index insertions. Exact
 *   while nothing removes entries: autovacuum is off for the throwaway tables, and a leaf page is
 *   only cleaned or deduplicated when full, which these few rows never fill;
 * - WAL: the records between two LSNs (pg_walinspect), kept when they change a page of this
 *   database or belong to a transaction that did (its commit record), so the rest of the server's
 *   WAL is left out even while other work writes. Full-page images depend on when the last
 *   checkpoint was, so they are reported apart from the bytes that do not.
 */
import type postgres from 'postgres';

export interface TableWrites {
  inserted: number;
  updated: number;
  hotUpdated: number;
  deleted: number;
  indexEntries: number;
  walBytes: number;
  fpiBytes: number;
  walRecords: number;
  /** Distinct pages changed in the whole run (a page changed twice between writes out is one). */
  pagesChanged: number;
  /** Page changes: one per page a WAL record changes. */
  blockRefs: number;
}

export interface Writes {
  /** Per table (its indexes and TOAST included in its WAL and pages); `(commit)` is commit records. */
  tables: Record<string, TableWrites>;
  /** Per index: entries added. */
  indexes: Record<string, number>;
  total: TableWrites;
}

interface Snapshot {
  lsn: string;
  rows: Map<string, { inserted: number; updated: number; hotUpdated: number; deleted: number }>;
  indexes: Map<string, { table: string; entries: number }>;
}

const zero = (): TableWrites => ({
  inserted: 0,
  updated: 0,
  hotUpdated: 0,
  deleted: 0,
  indexEntries: 0,
  walBytes: 0,
  fpiBytes: 0,
  walRecords: 0,
  pagesChanged: 0,
  blockRefs: 0,
});

/** Installs what the meter reads with and keeps autovacuum off the database's tables. */
export async function prepareWriteCounting(sql: postgres.Sql): Promise<void> {
  await sql.unsafe('create extension if not exists pageinspect');
  await sql.unsafe('create extension if not exists pg_walinspect');
  const tables = await sql<{ name: string }[]>`
    select quote_ident(relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r'`;
  for (const { name } of tables) await sql.unsafe(`alter table ${name} set (autovacuum_enabled = false)`);
}

/** Waits until `probe` is the only backend of its database, so every other one flushed its stats. */
async function settle(probe: postgres.Sql): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [row] = await probe<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()`;
    if (row?.n === 0) return;
    if (Date.now() > deadline) throw new Error('backends of the measured database did not exit');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function snapshot(probe: postgres.Sql): Promise<Snapshot> {
  await settle(probe);
  // The probe's own counts (the baseline's INSERTs run on it) flush as it goes idle after this.
  await probe`select pg_stat_force_next_flush()`;
  await probe`select pg_stat_clear_snapshot()`;
  const [{ lsn } = { lsn: '0/0' }] = await probe<
    { lsn: string }[]
  >`select pg_current_wal_insert_lsn()::text as lsn`;
  const tableRows = await probe<
    { name: string; inserted: number; updated: number; hot: number; deleted: number }[]
  >`select relname as name, n_tup_ins::int as inserted, n_tup_upd::int as updated,
      n_tup_hot_upd::int as hot, n_tup_del::int as deleted from pg_stat_user_tables`;
  const indexRows = await probe<{ index: string; table: string; entries: number }[]>`
    select ic.relname as index, tc.relname as table,
      (select coalesce(sum(case when p.tids is not null then cardinality(p.tids) else 1 end), 0)::int
       from generate_series(1, (pg_relation_size(i.indexrelid) / current_setting('block_size')::int)::int - 1) b,
         lateral bt_page_stats(i.indexrelid::regclass::text, b) s,
         lateral bt_page_items(i.indexrelid::regclass::text, b) p
       where s.type = 'l' and not (s.btpo_next <> 0 and p.itemoffset = 1)) as entries
    from pg_index i join pg_class ic on ic.oid = i.indexrelid join pg_class tc on tc.oid = i.indrelid
      join pg_namespace n on n.oid = tc.relnamespace join pg_am am on am.oid = ic.relam
    where n.nspname = 'public' and am.amname = 'btree'`;
  return {
    lsn,
    rows: new Map(
      tableRows.map((r) => [
        r.name,
        { inserted: r.inserted, updated: r.updated, hotUpdated: r.hot, deleted: r.deleted },
      ]),
    ),
    indexes: new Map(indexRows.map((r) => [r.index, { table: r.table, entries: r.entries }])),
  };
}

/** This database's WAL between two LSNs, per table (see the top of this file). */
async function walBetween(probe: postgres.Sql, from: string, to: string) {
  // pg_walinspect reads only WAL already flushed; a commit flushes its own, so this is quick.
  for (;;) {
    const [row] = await probe<{ ok: boolean }[]>`select pg_current_wal_flush_lsn() >= ${to}::pg_lsn as ok`;
    if (row?.ok) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return probe<{ table: string; bytes: number; fpi: number; records: number; pages: number; refs: number }[]>`
    with owner as (
      -- This database's own relations by file: tables, their indexes, sequences and TOAST, each
      -- under its table's name. Catalogs are left out: what new connections set in them (hint
      -- bits logged with a full-page image) is the count's doing, not a message's.
      select c.relfilenode as node, coalesce(t.relname, ix.relname, c.relname) as name
      from pg_class c
      left join pg_index i on i.indexrelid = c.oid left join pg_class ix on ix.oid = i.indrelid
      left join pg_class t on t.reltoastrelid in (c.oid, ix.oid)
      where c.relfilenode <> 0
        and coalesce(t.relnamespace, ix.relnamespace, c.relnamespace) = 'public'::regnamespace),
    recs as (
      select r.xid, r.record_length, r.fpi_length,
        array(select m[1] || '/' || m[2] from regexp_matches(coalesce(r.block_ref, ''),
          'rel \\d+/' || (select oid from pg_database where datname = current_database())
          || '/(\\d+)(?: fork \\w+)? blk (\\d+)', 'g') m) as pages
      from pg_get_wal_records_info(${from}::pg_lsn, ${to}::pg_lsn) r),
    named as (
      select recs.*, (select o.name from unnest(recs.pages) p join owner o
                      on o.node = split_part(p, '/', 1)::oid limit 1) as name
      from recs),
    ours as (select distinct xid from named where name is not null and xid <> 0),
    kept as (
      select named.xid, named.record_length, named.fpi_length, named.pages,
        coalesce(named.name, case when cardinality(named.pages) = 0 then '(commit)' else '(other)' end) as name
      from named where name is not null or (xid <> 0 and xid in (select xid from ours))),
    pages as (
      select o.name, count(distinct p)::int as pages
      from (select distinct unnest(pages) as p from kept) k
      join owner o on o.node = split_part(k.p, '/', 1)::oid
      group by o.name)
    select kept.name as table, sum(record_length)::int as bytes, sum(fpi_length)::int as fpi,
      count(*)::int as records, coalesce(max(pages.pages), 0)::int as pages,
      sum(cardinality(kept.pages))::int as refs
    from kept left join pages on pages.name = kept.name
    group by kept.name`;
}

/**
 * Counts what `run` makes the database write; `probe` is a connection of the measured database,
 * and `quiesce` closes every other one (it runs before each count).
 */
export async function countWrites(
  probe: postgres.Sql,
  run: () => Promise<void>,
  quiesce: () => Promise<void> = async () => {},
): Promise<Writes> {
  await quiesce();
  const before = await snapshot(probe);
  await run();
  await quiesce();
  const after = await snapshot(probe);
  const tables: Record<string, TableWrites> = {};
  const of = (name: string) => {
    tables[name] ??= zero();
    return tables[name];
  };
  for (const [name, end] of after.rows) {
    const start = before.rows.get(name) ?? { inserted: 0, updated: 0, hotUpdated: 0, deleted: 0 };
    const d = {
      inserted: end.inserted - start.inserted,
      updated: end.updated - start.updated,
      hotUpdated: end.hotUpdated - start.hotUpdated,
      deleted: end.deleted - start.deleted,
    };
    if (d.inserted + d.updated + d.deleted === 0) continue;
    Object.assign(of(name), d);
  }
  const indexes: Record<string, number> = {};
  for (const [name, end] of after.indexes) {
    const added = end.entries - (before.indexes.get(name)?.entries ?? 0);
    if (added === 0) continue;
    indexes[name] = added;
    of(end.table).indexEntries += added;
  }
  for (const w of await walBetween(probe, before.lsn, after.lsn)) {
    const t = of(w.table);
    t.walBytes = w.bytes;
    t.fpiBytes = w.fpi;
    t.walRecords = w.records;
    t.pagesChanged = w.pages;
    t.blockRefs = w.refs;
  }
  const total = zero();
  for (const t of Object.values(tables))
    for (const key of Object.keys(total) as (keyof TableWrites)[]) total[key] += t[key];
  return { tables, indexes, total };
}

/** `w` divided by `messages`, rounded for a report. */
export function perMessage(w: TableWrites, messages: number): TableWrites {
  const out = zero();
  for (const key of Object.keys(out) as (keyof TableWrites)[])
    out[key] = Math.round((w[key] / messages) * 100) / 100;
  return out;
}
