/**
 * The gateway half of the fake Discord: a WebSocket speaking the real protocol (v10, JSON, no
 * compression): HELLO, IDENTIFY → READY + one GUILD_CREATE per guild, heartbeats and their ACKs,
 * RESUME after a dropped connection, then dispatches pushed by the test.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';

const OP = {
  dispatch: 0,
  heartbeat: 1,
  identify: 2,
  resume: 6,
  invalidSession: 9,
  hello: 10,
  ack: 11,
} as const;

export interface GatewayHooks {
  /** READY's body for this IDENTIFY. */
  ready(identify: Record<string, unknown>): Record<string, unknown>;
  /** GUILD_CREATE bodies, sent right after READY. */
  guildCreates(): Record<string, unknown>[];
}

export interface GatewayLog {
  /** The IDENTIFY payloads received (token, intents, properties…). */
  identifies: Record<string, unknown>[];
  /** The RESUME payloads received after a dropped connection. */
  resumes: Record<string, unknown>[];
  /** The query strings clients connected with (`v=10&encoding=json`). */
  connectQueries: string[];
  heartbeats: number;
  acks: number;
}

export class FakeGateway {
  readonly log: GatewayLog = { identifies: [], resumes: [], connectQueries: [], heartbeats: 0, acks: 0 };
  /** Sessions handed out in READY, which a client may RESUME after a drop. */
  private readonly knownSessions = new Set<string>();
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly sessions = new Set<WebSocket>();
  private readonly intents = new Map<WebSocket, number>();
  private seq = 0;

  constructor(
    private readonly hooks: GatewayHooks,
    private readonly heartbeatIntervalMs: number,
  ) {
    this.server.on('connection', (socket, request) => this.accept(socket, request));
  }

  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.server.handleUpgrade(request, socket, head, (ws) => this.server.emit('connection', ws, request));
  }

  /**
   * Sends a dispatch (op 0) to every identified session, as its intents allow (like Discord):
   * message events in a guild need GUILD_MESSAGES, in a DM DIRECT_MESSAGES, and a guild message's
   * content, embeds and attachments arrive empty without MESSAGE_CONTENT.
   */
  dispatch(type: string, data: unknown): void {
    this.seq += 1;
    for (const socket of this.sessions) {
      const shown = visible(type, data, this.intents.get(socket) ?? 0);
      if (shown === undefined) continue;
      socket.send(JSON.stringify({ op: OP.dispatch, t: type, s: this.seq, d: shown }));
    }
  }

  get connected(): number {
    return this.sessions.size;
  }

  /** Drops every connection as a network blip or a Discord restart would (4000: unknown error, resumable). */
  drop(code = 4000): void {
    for (const socket of this.sessions) socket.close(code, 'dropped by the test');
  }

  close(): Promise<void> {
    for (const socket of this.server.clients) socket.terminate();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: WebSocket, request: IncomingMessage): void {
    this.log.connectQueries.push(new URL(request.url ?? '/', 'http://x').search.slice(1));
    socket.send(JSON.stringify({ op: OP.hello, d: { heartbeat_interval: this.heartbeatIntervalMs } }));
    socket.on('message', (raw) => this.receive(socket, String(raw)));
    socket.on('close', () => this.sessions.delete(socket));
  }

  private receive(socket: WebSocket, raw: string): void {
    const frame = JSON.parse(raw) as { op: number; d: unknown };
    if (frame.op === OP.heartbeat) {
      this.log.heartbeats += 1;
      socket.send(JSON.stringify({ op: OP.ack }));
      this.log.acks += 1;
    } else if (frame.op === OP.identify) {
      const identify = frame.d as Record<string, unknown>;
      this.log.identifies.push(identify);
      this.sessions.add(socket);
      this.intents.set(socket, Number(identify.intents ?? 0));
      this.seq += 1;
      const ready = this.hooks.ready(identify);
      this.knownSessions.add(String(ready.session_id));
      socket.send(JSON.stringify({ op: OP.dispatch, t: 'READY', s: this.seq, d: ready }));
      for (const guild of this.hooks.guildCreates()) {
        this.seq += 1;
        socket.send(JSON.stringify({ op: OP.dispatch, t: 'GUILD_CREATE', s: this.seq, d: guild }));
      }
    } else if (frame.op === OP.resume) {
      const resume = frame.d as Record<string, unknown>;
      this.log.resumes.push(resume);
      if (!this.knownSessions.has(String(resume.session_id))) {
        socket.send(JSON.stringify({ op: OP.invalidSession, d: false }));
        return;
      }
      // Nothing was missed while away (tests dispatch only to live sessions), so just RESUMED.
      this.sessions.add(socket);
      // A resumed session keeps the intents it identified with (every test client uses the same).
      this.intents.set(socket, Number(this.log.identifies.at(-1)?.intents ?? 0));
      this.seq += 1;
      socket.send(JSON.stringify({ op: OP.dispatch, t: 'RESUMED', s: this.seq, d: {} }));
    }
  }
}

/** Gateway intent bits (Discord's documented values). */
const INTENT = { guildMessages: 1 << 9, directMessages: 1 << 12, messageContent: 1 << 15 } as const;
const MESSAGE_EVENTS = new Set(['MESSAGE_CREATE', 'MESSAGE_UPDATE', 'MESSAGE_DELETE']);

/** What a session with `intents` receives of a dispatch; undefined when it receives nothing. */
function visible(type: string, data: unknown, intents: number): unknown {
  if (!MESSAGE_EVENTS.has(type) || typeof data !== 'object' || data === null) return data;
  const inGuild = 'guild_id' in data && data.guild_id !== undefined;
  const needed = inGuild ? INTENT.guildMessages : INTENT.directMessages;
  if ((intents & needed) === 0) return undefined;
  if (!inGuild || (intents & INTENT.messageContent) !== 0 || type === 'MESSAGE_DELETE') return data;
  return { ...data, content: '', embeds: [], attachments: [], components: [] };
}
