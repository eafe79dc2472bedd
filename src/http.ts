/**
 * The one HTTP server on PORT. Hono serves our own routes (/healthz, /metrics, the sandbox);
 * raw Node listeners can be mounted under a path prefix for libraries that want the bare request
 * (Bolt's receiver reads the raw body to check Slack's signature).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';

export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * How long `close()` lets requests in flight finish before it cuts their connections. Short:
 * a handler's work is durable before it answers, and a process told to stop must go (2 s budget).
 */
export const CLOSE_GRACE_MS = 1_000;

export class HttpServer {
  /** Add routes here (sandbox, health, metrics). */
  readonly app = new Hono();
  private readonly mounts: { prefix: string; listener: NodeListener }[] = [];
  private server: Server | undefined;
  private closing = false;

  /** Send every request whose path starts with `prefix` to `listener`, before Hono sees it. */
  mount(prefix: string, listener: NodeListener): void {
    this.mounts.push({ prefix, listener });
  }

  /** Starts listening; resolves with the bound port (pass 0 for any free port). */
  async listen(port: number, host?: string): Promise<number> {
    const honoListener = getRequestListener(this.app.fetch);
    const server = createServer((req, res) => {
      // While closing, a keep-alive connection must not outlive its last answer.
      if (this.closing) res.setHeader('connection', 'close');
      res.once('finish', () => {
        if (this.closing) server.closeIdleConnections();
      });
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const mount = this.mounts.find((m) => path === m.prefix || path.startsWith(`${m.prefix}/`));
      if (mount) mount.listener(req, res);
      else void honoListener(req, res);
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  /**
   * Stops accepting connections, closes idle keep-alive ones (a browser tab holds one) and waits
   * up to `graceMs` for the requests in flight; then cuts whatever is left, so a stream nobody
   * ended cannot keep the process alive.
   */
  async close(graceMs: number = CLOSE_GRACE_MS): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.closing = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    await closed;
    clearTimeout(cut);
    this.server = undefined;
  }
}
