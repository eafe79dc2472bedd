/**
 * Pieces every fake-platform kit needs (Slack here, Discord in its twin): a loopback HTTP server,
 * body reading. (To wait for work an adapter finishes after it has acked, use vitest's `vi.waitFor`.)
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Loopback {
  server: Server;
  /** `http://127.0.0.1:<port>` without a trailing slash. */
  url: string;
  close(): Promise<void>;
}

/** Starts an HTTP server on a free loopback port. Handler errors become a 500, never a crash. */
export async function startLoopback(
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void,
): Promise<Loopback> {
  const server = createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** Monotonic ids for fake payloads: unique within a test run, readable in failures. */
export function sequence(prefix: string): () => string {
  let next = 0;
  return () => {
    next += 1;
    return `${prefix}${String(next).padStart(6, '0')}`;
  };
}
