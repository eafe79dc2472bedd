/**
 * The gateway half of the fake Discord: a WebSocket speaking the real protocol (v10, JSON, no
 * compression): HELLO, IDENTIFY → READY + one GUILD_CREATE per guild, heartbeats and their ACKs,
 * RESUME after a dropped connection, then dispatches pushed by the test.
 *
 * As on Discord, a session outlives its connection: what is dispatched to it while it is away (or
 * into a connection the client is closing, as discord.js does when a heartbeat goes unacknowledged)
 * is numbered and kept, and a RESUME replays every dispatch after the client's last sequence number
 * before RESUMED. Nothing dispatched while a client reconnects is lost.
 *
 * Sharded as Discord shards: IDENTIFY carries `shard: [id, count]` (absent: `[0, 1]`), and each
 * connection gets only its shard's guilds and their events, the shard being
 * `(guild_id >> 22) % count`; events without a guild (DMs) go to shard 0. A shard id outside
 * the count closes the connection with 4010 (Invalid shard).
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

/** Discord's close code for a shard id outside the shard count. */
const INVALID_SHARD = 4010;

/** `[shard id, shard count]`, as IDENTIFY and READY carry it. */
export type ShardPair = readonly [number, number];

/** The shard Discord puts a guild on; guildless events (DMs) are shard 0's. */
export function shardOf(guildId: string | undefined, shardCount: number): number {
  if (guildId === undefined) return 0;
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** The guild a dispatch belongs to: `guild_id`, or the guild itself for GUILD_* events. */
function guildOf(type: string, data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const body = data as { guild_id?: unknown; id?: unknown };
  if (typeof body.guild_id === 'string') return body.guild_id;
  if (type.startsWith('GUILD_') && typeof body.id === 'string') return body.id;
  return undefined;
}

export interface GatewayHooks {
  /** READY's body for this IDENTIFY on this shard. */
  ready(identify: Record<string, unknown>, shard: ShardPair): Record<string, unknown>;
  /** The shard's GUILD_CREATE bodies, sent right after READY. */
  guildCreates(shard: ShardPair): Record<string, unknown>[];
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
  /** Each dispatch sent (READY and GUILD_CREATE included), with the shard whose connection carried it. */
  dispatched: { type: string; shard: number }[];
}

interface Session {
  id: string;
  shard: ShardPair;
  seq: number;
  /** The intents it identified with: what message events it may see (a resume keeps them). */
  intents: number;
  /** Its connection now; undefined while the client is away (it may RESUME). */
  socket?: WebSocket | undefined;
  /** Its latest dispatches, numbered, for a RESUME to replay (the oldest dropped past `REPLAYABLE`). */
  sent: { s: number; t: string; d: unknown }[];
}

/** How many of a session's dispatches a RESUME can replay. */
const REPLAYABLE = 1_000;

export class FakeGateway {
  readonly log: GatewayLog = {
    identifies: [],
    resumes: [],
    connectQueries: [],
    heartbeats: 0,
    acks: 0,
    dispatched: [],
  };
  /** Sessions handed out in READY, which a client may RESUME after a drop. */
  private readonly knownSessions = new Map<string, Session>();
  private readonly server = new WebSocketServer({ noServer: true });
  /** Identified (or resumed) connections and their session. */
  private readonly sessions = new Map<WebSocket, Session>();
  /** Sessions whose connection closed, still resumable: their dispatches are kept for the RESUME. */
  private readonly away = new Set<Session>();

  constructor(
    private readonly hooks: GatewayHooks,
    private readonly heartbeatIntervalMs: number,
  ) {
    this.server.on('connection', (socket, request) => this.accept(socket, request));
  }

  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.server.handleUpgrade(request, socket, head, (ws) => this.server.emit('connection', ws, request));
  }

  /** Sends a dispatch (op 0) to every identified session of the shard it belongs to. */
  dispatch(type: string, data: unknown): void {
    const guildId = guildOf(type, data);
    for (const session of [...this.sessions.values(), ...this.away]) {
      if (shardOf(guildId, session.shard[1]) !== session.shard[0]) continue;
      // As its intents allow (like Discord): message events in a guild need GUILD_MESSAGES, in a
      // DM DIRECT_MESSAGES, and a guild message's content arrives empty without MESSAGE_CONTENT.
      const shown = visible(type, data, session.intents);
      if (shown === undefined) continue;
      this.send(session, type, shown);
    }
  }

  get connected(): number {
    return this.sessions.size;
  }

  /** The shards connected now, as `[id, count]`, sorted by id. */
  get shards(): ShardPair[] {
    return [...this.sessions.values()].map((s) => s.shard).sort((a, b) => a[0] - b[0]);
  }

  /**
   * Drops every connection (or one shard's) as a network blip or a Discord restart would
   * (4000: unknown error, resumable; 4004 and the like end the shard for good).
   */
  drop(code = 4000, shard?: number): void {
    for (const [socket, session] of this.sessions) {
      if (shard === undefined || session.shard[0] === shard) socket.close(code, 'dropped by the test');
    }
  }

  close(): Promise<void> {
    for (const socket of this.server.clients) socket.terminate();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: WebSocket, request: IncomingMessage): void {
    this.log.connectQueries.push(new URL(request.url ?? '/', 'http://x').search.slice(1));
    socket.send(JSON.stringify({ op: OP.hello, d: { heartbeat_interval: this.heartbeatIntervalMs } }));
    socket.on('message', (raw) => this.receive(socket, String(raw)));
    socket.on('close', () => {
      const session = this.sessions.get(socket);
      this.sessions.delete(socket);
      if (session?.socket !== socket) return;
      session.socket = undefined;
      this.away.add(session);
    });
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
      const shard = shardPair(identify.shard);
      if (!shard) {
        socket.close(INVALID_SHARD, 'Invalid shard');
        return;
      }
      const session: Session = {
        id: '',
        shard,
        seq: 0,
        intents: Number(identify.intents ?? 0),
        socket,
        sent: [],
      };
      const ready = this.hooks.ready(identify, shard);
      session.id = String(ready.session_id);
      this.knownSessions.set(session.id, session);
      this.sessions.set(socket, session);
      this.send(session, 'READY', ready);
      for (const guild of this.hooks.guildCreates(shard)) this.send(session, 'GUILD_CREATE', guild);
    } else if (frame.op === OP.resume) {
      const resume = frame.d as Record<string, unknown>;
      this.log.resumes.push(resume);
      const session = this.knownSessions.get(String(resume.session_id));
      if (!session) {
        socket.send(JSON.stringify({ op: OP.invalidSession, d: false }));
        return;
      }
      // The client's old connection, if the server has not seen it close yet, is done with.
      if (session.socket && session.socket !== socket) this.sessions.delete(session.socket);
      this.away.delete(session);
      session.socket = socket;
      this.sessions.set(socket, session);
      // As Discord does: every dispatch after the client's last sequence number, then RESUMED.
      const after = Number(resume.seq ?? 0);
      for (const missed of session.sent.filter((m) => m.s > after)) this.write(session, missed);
      this.send(session, 'RESUMED', {});
    }
  }

  /** Numbers a dispatch in its session, keeps it for a RESUME, and sends it if connected. */
  private send(session: Session, type: string, data: unknown): void {
    session.seq += 1;
    const dispatch = { s: session.seq, t: type, d: data };
    session.sent.push(dispatch);
    if (session.sent.length > REPLAYABLE) session.sent.shift();
    this.write(session, dispatch);
  }

  /** Writes a dispatch to the session's connection, when it has one that is open. */
  private write(session: Session, dispatch: { s: number; t: string; d: unknown }): void {
    const { socket } = session;
    if (!socket || socket.readyState !== socket.OPEN) return;
    this.log.dispatched.push({ type: dispatch.t, shard: session.shard[0] });
    socket.send(JSON.stringify({ op: OP.dispatch, ...dispatch }));
  }
}

/** IDENTIFY's `shard` (absent: one shard), or undefined when Discord would refuse it. */
function shardPair(value: unknown): ShardPair | undefined {
  if (value === undefined) return [0, 1];
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [id, count] = value as unknown[];
  if (!Number.isInteger(id) || !Number.isInteger(count)) return undefined;
  const pair: ShardPair = [Number(id), Number(count)];
  return pair[1] >= 1 && pair[0] >= 0 && pair[0] < pair[1] ? pair : undefined;
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
