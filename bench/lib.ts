/** Shared pieces of the benchmarks: figures with baselines, percentiles, throwaway databases. */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { type Database, openDatabase } from '../db/client.js';

/** One measured figure, printed and stored beside the baseline measured in the same run. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: { name: string; value: number };
  /** value / baseline */
  ratio: number;
  /** Anything worth keeping with the figure (sizes, EXPLAIN lines). */
  notes?: Record<string, unknown>;
}

export function figure(
  name: string,
  value: number,
  unit: string,
  baseline: { name: string; value: number },
  notes?: Record<string, unknown>,
): Figure {
  const ratio = baseline.value === 0 ? Number.NaN : value / baseline.value;
  const out: Figure = {
    name,
    value: round(value),
    unit,
    baseline: { ...baseline, value: round(baseline.value) },
    ratio: round(ratio),
  };
  if (notes) out.notes = notes;
  console.log(
    `${name.padEnd(46)} ${String(out.value).padStart(10)} ${unit.padEnd(8)} baseline ${String(out.baseline.value).padStart(10)} (${baseline.name})  ratio ${out.ratio}`,
  );
  return out;
}

/** A target from the issue, met or missed, printed as it is judged. */
export interface Target {
  name: string;
  pass: boolean;
  detail: string;
}

export function judge(name: string, pass: boolean, detail: string): Target {
  console.log(`${pass ? 'PASS' : 'MISS'}  ${name}: ${detail}`);
  return { name, pass, detail };
}

export function round(n: number): number {
  return Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 100) / 100;
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** Runs `work(i)` for i in [0, total) with at most `concurrency` in flight. */
export async function pool(
  total: number,
  concurrency: number,
  work: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, total) }, async () => {
    for (;;) {
      const i = next++;
      if (i >= total) return;
      await work(i);
    }
  });
  await Promise.all(lanes);
}

export const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ThrowawayDatabase {
  /** The database's name on the server (pg_stat_activity's `datname`). */
  name: string;
  url: string;
  database: Database;
  sql: postgres.Sql;
  /** New connections for both pools (after ALTER DATABASE … SET). */
  reconnect(): Promise<void>;
  drop(): Promise<void>;
}

/** A fresh, migrated database on the server, dropped after. */
export async function throwawayDatabase(maxConnections = 20): Promise<ThrowawayDatabase> {
  const name = `hearken_bench_${randomBytes(5).toString('hex')}`;
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const open = async () => openDatabase({ url: url.toString(), maxConnections });
  const connect = () => postgres(url.toString(), { max: maxConnections, onnotice: () => {} });
  const out: ThrowawayDatabase = {
    name,
    url: url.toString(),
    database: await open(),
    sql: connect(),
    async reconnect() {
      // The Database object is shared by reference (cores hold it): swap its pool in place.
      await out.database.close();
      Object.assign(out.database, await open());
      await out.sql.end({ timeout: 5 });
      out.sql = connect();
    },
    async drop() {
      await out.sql.end({ timeout: 5 });
      await out.database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
  await out.database.migrate();
  return out;
}

export const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;
export const now = (): bigint => process.hrtime.bigint();
