/**
 * Counts what a client asks Postgres on the wire: a TCP relay in front of the server that reads
 * the frontend protocol. A statement is an Execute (extended protocol) or a Query (simple
 * protocol); a round trip is each point where the client stops and waits for the server: a Sync,
 * a Flush (postgres.js's "describe first" of an unprepared statement) or a simple Query. This is
 * the driver's real behaviour, whatever the driver or ORM thinks it sends.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface WireCounts {
  statements: number;
  roundTrips: number;
}

export interface WireCounter {
  /** `url` with its host and port pointing at the relay. */
  url: string;
  counts(): WireCounts;
  reset(): void;
  close(): Promise<void>;
}

/**
 * Reads frontend messages out of a byte stream and counts them into `totals`. A server connection
 * starts with an untyped startup message (`typedFromStart` false); the bytes a driver hands PGlite
 * are typed from the first, and PGlite follows a simple Query with a Sync of its own, so there a
 * Query is not counted as a round trip twice.
 */
export function frontendReader(totals: WireCounts, typedFromStart: boolean): (chunk: Uint8Array) => void {
  let started = typedFromStart;
  let pending = Buffer.alloc(0);
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      // Startup, SSL and cancel requests carry no type byte: just a length.
      const header = started ? 5 : 4;
      if (pending.length < header) return;
      const length = pending.readInt32BE(started ? 1 : 0);
      const total = (started ? 1 : 0) + length;
      if (pending.length < total) return;
      if (started) {
        const type = String.fromCharCode(pending[0] ?? 0);
        if (type === 'E' || type === 'Q') totals.statements += 1;
        if (type === 'S' || type === 'H' || (type === 'Q' && !typedFromStart)) totals.roundTrips += 1;
      } else if (pending.readInt32BE(4) === 196_608) {
        started = true; // protocol 3.0 startup: typed messages follow
      }
      pending = pending.subarray(total);
    }
  };
}

export async function wireCounter(serverUrl: string): Promise<WireCounter> {
  const target = new URL(serverUrl);
  const totals: WireCounts = { statements: 0, roundTrips: 0 };
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: target.hostname, port: Number(target.port || 5432) });
    sockets.add(client).add(upstream);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    upstream.pipe(client);
    const read = frontendReader(totals, false);
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      read(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = new URL(serverUrl);
  url.hostname = '127.0.0.1';
  url.port = String(typeof address === 'object' && address ? address.port : 0);
  return {
    url: url.toString(),
    counts: () => ({ ...totals }),
    reset() {
      totals.statements = 0;
      totals.roundTrips = 0;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
