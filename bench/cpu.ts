/**
 * CPU spent per message, on both sides of the wire: Node's own (`process.cpuUsage()`) and the
 * Postgres server's, read from /proc (utime + stime of its processes, in clock ticks). Reads only.
 *
 * The Postgres server on this machine is shared (other work may run its own tests against it), so
 * its processes are split by what pg_stat_activity says they serve: the backends of the measured
 * database (counted), the server's background processes and the postmaster (WAL writer,
 * checkpointer, background writer, autovacuum launcher: counted, since a commit wakes them, though
 * other work wakes them too) and the backends of other databases (left out, reported in the notes).
 * A backend that exits within the phase takes its ticks with it (the postmaster only sees them once
 * it reaps the child, mixed with everyone's): the count of those is in the notes too.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type postgres from 'postgres';

/** Clock ticks per second (`getconf CLK_TCK`, 100 on Linux almost everywhere). */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

type Kind = 'measured' | 'background' | 'other';

interface Sample {
  node: NodeJS.CpuUsage;
  /** pid → (kind, ticks); undefined when /proc could not be read for the server's processes. */
  postgres: Map<number, { kind: Kind; ticks: number }> | undefined;
  unreadable?: string;
}

/** utime + stime of a process, in ticks; undefined when it is gone or not readable. */
function ticksOf(pid: number): { ticks: number; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: fields count from after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the name: state(3) ppid(4) … utime(14) stime(15), so index = field − 3.
    return { ticks: Number(fields[11]) + Number(fields[12]), ppid: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

async function sample(admin: postgres.Sql, database: string): Promise<Sample> {
  const node = process.cpuUsage();
  const rows = await admin<{ pid: number; datname: string | null }[]>`
    select pid, datname from pg_stat_activity where pid <> pg_backend_pid()`;
  const out = new Map<number, { kind: Kind; ticks: number }>();
  let postmaster: number | undefined;
  for (const row of rows) {
    const read = ticksOf(row.pid);
    if (!read) continue;
    const kind: Kind = row.datname === database ? 'measured' : row.datname === null ? 'background' : 'other';
    out.set(row.pid, { kind, ticks: read.ticks });
    postmaster ??= read.ppid;
  }
  if (postmaster !== undefined) {
    const read = ticksOf(postmaster);
    if (read) out.set(postmaster, { kind: 'background', ticks: read.ticks });
  }
  if (rows.length > 0 && out.size === 0)
    return {
      node,
      postgres: undefined,
      unreadable: '/proc/<pid>/stat of the Postgres processes is not readable',
    };
  if (rows.length === 0)
    return { node, postgres: undefined, unreadable: 'pg_stat_activity lists no other process' };
  return { node, postgres: out };
}

export interface CpuPerMessage {
  nodeMs: number;
  /** Undefined when the Postgres processes could not be read (see `notes.postgres`). */
  postgresMs: number | undefined;
  notes: Record<string, unknown>;
}

export interface CpuMeter {
  /** CPU per message since the meter started, `messages` being what the phase handled. */
  stop(messages: number): Promise<CpuPerMessage>;
}

/**
 * Starts measuring: Node's CPU in this process and the Postgres server's for `database` (the
 * throwaway database's name). `admin` is a connection to any other database on the same server.
 */
export async function cpuMeter(admin: postgres.Sql, database: string): Promise<CpuMeter> {
  const before = await sample(admin, database);
  return {
    async stop(messages) {
      const after = await sample(admin, database);
      const node = process.cpuUsage(before.node);
      const nodeMs = (node.user + node.system) / 1000 / messages;
      if (!before.postgres || !after.postgres)
        return { nodeMs, postgresMs: undefined, notes: { postgres: before.unreadable ?? after.unreadable } };
      const ms = { measured: 0, background: 0, other: 0 };
      let started = 0;
      let exited = 0;
      for (const [pid, end] of after.postgres) {
        const start = before.postgres.get(pid);
        if (!start) started += 1;
        ms[end.kind] += ((end.ticks - (start?.ticks ?? 0)) * 1000) / TICKS_PER_SECOND;
      }
      for (const [pid, start] of before.postgres)
        if (start.kind === 'measured' && !after.postgres.has(pid)) exited += 1;
      const per = (x: number) => Math.round((x / messages) * 1000) / 1000;
      return {
        nodeMs,
        postgresMs: (ms.measured + ms.background) / messages,
        notes: {
          postgresBackendsMsPerMessage: per(ms.measured),
          postgresBackgroundMsPerMessage: per(ms.background),
          otherDatabasesMsPerMessageLeftOut: per(ms.other),
          // The resolution: a figure from a few ticks is a rough one.
          ticksCounted: Math.round(((ms.measured + ms.background) * TICKS_PER_SECOND) / 1000),
          backendsStartedInPhase: started,
          measuredBackendsExitedInPhase: exited,
          tickMs: 1000 / TICKS_PER_SECOND,
        },
      };
    },
  };
}
