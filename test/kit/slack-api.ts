/**
 * A loopback fake of the Slack Web API for tests that drive real Bolt. It records every call
 * (method + parsed body), answers like Slack for the methods Hearken uses, keeps the messages the
 * bot posted (so `chat.update`, history and replies behave), hosts `response_url`s and file upload
 * URLs, and serves a Socket Mode WebSocket.
 *
 * Point the WebClient at `fake.apiUrl` (with its trailing slash: Bolt needs it).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { type Loopback, readBody, sendJson, sequence, startLoopback } from './shared.js';
import { refuseMessage, refuseView, type SlackRefusal } from './slack-limits.js';

export const TEAM_ID = 'T0HEARKEN';
export const BOT_USER_ID = 'U0HEARKENBOT';
export const BOT_ID = 'B0HEARKEN';
export const BOT_TOKEN = 'xoxb-0000-test-token';
export const APP_TOKEN = 'xapp-1-A0HEARKEN-0000-test';

export type Body = Record<string, unknown>;

export interface SlackCall {
  method: string;
  body: Body;
  token: string | undefined;
}

export interface FakeUser {
  id: string;
  name: string;
  realName?: string;
  /** Slack locale as users.info reports it with include_locale (`en-US`, `zh-CN`). */
  locale?: string;
  isAdmin?: boolean;
  isOwner?: boolean;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: Body[];
  threadTs?: string;
  metadata?: Body;
  /** `chat.update` count, to tell a card that moved from one that did not. */
  updates: number;
}

export interface ResponseUrlPost {
  name: string;
  body: Body;
}

export interface SlackError {
  error: string;
  status?: number;
  /** With status 429: seconds for the Retry-After header. */
  retryAfter?: number;
}

/**
 * Return a response body to answer a call yourself, or undefined to let the fake answer.
 * `answer()` runs the fake's own handling (e.g. store the message) if you want it to happen too.
 */
export type MethodOverride = (body: Body, answer: () => Body | SlackError) => Body | SlackError | undefined;

function parseBody(raw: string, contentType: string): Body {
  if (contentType.includes('application/json')) return raw ? (JSON.parse(raw) as Body) : {};
  const out: Body = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    // The WebClient form-encodes objects and arrays as JSON strings.
    if (/^[[{]/.test(value)) {
      try {
        out[key] = JSON.parse(value);
        continue;
      } catch {
        // Not JSON after all: keep the string.
      }
    }
    out[key] = value;
  }
  return out;
}

/** A payload the fake refused as real Slack would, and why. */
export interface Refusal extends SlackRefusal {
  method: string;
}

/** Emoji names the fake knows (Slack answers `invalid_name` for any other). */
const KNOWN_EMOJI = new Set(['incoming_envelope', 'lock', 'white_check_mark', 'eyes']);

const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral']);
const VIEW_METHODS = new Set(['views.open', 'views.update', 'views.push', 'views.publish']);

export class FakeSlack {
  readonly calls: SlackCall[] = [];
  /** Every payload refused for breaking one of Slack's limits (see slack-limits.ts). */
  readonly refusals: Refusal[] = [];
  private refusalsExpected = false;
  readonly responses: ResponseUrlPost[] = [];
  readonly messages: StoredMessage[] = [];
  readonly ephemerals: Body[] = [];
  /** Reactions the bot added, in order. */
  readonly reactions: { channel: string; timestamp: string; name: string }[] = [];
  /** Messages people sent (the test delivered them as events): `channel:ts`, so the bot can react. */
  readonly peopleMessages = new Set<string>();
  readonly users = new Map<string, FakeUser>();
  /** User group id → member user ids (usergroups.users.list). */
  readonly usergroups = new Map<string, string[]>();
  /** Channel id → member user ids (conversations.members). */
  readonly channelMembers = new Map<string, string[]>();
  /** Channels that answer `channel_not_found`. */
  readonly missingChannels = new Set<string>();
  readonly sockets = new Set<WebSocket>();
  private readonly overrides = new Map<string, MethodOverride[]>();
  private readonly latency = new Map<string, number>();
  private readonly usedTriggers = new Set<string>();
  private readonly pendingAcks = new Map<string, (payload: Body | undefined) => void>();
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly nextView = sequence('V0VIEW');
  private readonly nextFile = sequence('F0FILE');
  private tsCounter = 0;
  private pingTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly loopback: Loopback,
    /** The workspace id: tests that share a database use one workspace (tenant) each. */
    readonly teamId: string,
  ) {
    loopback.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => this.acceptSocket(ws));
    });
  }

  static async start(options: { teamId?: string } = {}): Promise<FakeSlack> {
    let fake: FakeSlack | undefined;
    const loopback = await startLoopback((req, res) => fake!.route(req, res));
    fake = new FakeSlack(loopback, options.teamId ?? TEAM_ID);
    return fake;
  }

  get url(): string {
    return this.loopback.url;
  }

  /** The Web API base, with the trailing slash `slackApiUrl` needs. */
  get apiUrl(): string {
    return `${this.loopback.url}/api/`;
  }

  /** A response_url on this fake; posts to it land in `responses` under `name`. */
  responseUrl(name: string): string {
    return `${this.loopback.url}/response/${encodeURIComponent(name)}`;
  }

  addUser(user: FakeUser): this {
    this.users.set(user.id, user);
    return this;
  }

  /** Answer `method` yourself once (or every time with `times: Infinity`). */
  override(method: string, answer: MethodOverride, times = 1): void {
    const list = this.overrides.get(method) ?? [];
    for (let i = 0; i < Math.min(times, 1000); i += 1) list.push(answer);
    this.overrides.set(method, list);
  }

  /** The next call(s) to `method` fail with a Slack error (`ok: false`) or an HTTP status. */
  fail(method: string, error: string, { times = 1, status = 200 } = {}): void {
    this.override(method, () => ({ error, status }), times);
  }

  /** Slack answers `method` only after `ms` (a slow API, to prove the app acks before it waits). */
  slowDown(method: string, ms: number): void {
    this.latency.set(method, ms);
  }

  /** The next call to `method` is refused with HTTP 429 and `Retry-After: seconds`, as Slack does. */
  rateLimit(method: string, seconds: number): void {
    this.override(method, () => ({ error: 'ratelimited', status: 429, retryAfter: seconds }));
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages the bot posted in `channel`, oldest first (thread replies included). */
  messagesIn(channel: string): StoredMessage[] {
    return this.messages.filter((m) => m.channel === channel);
  }

  /** Replies under a thread parent, oldest first. */
  threadOf(channel: string, ts: string): StoredMessage[] {
    return this.messages.filter((m) => m.channel === channel && m.threadTs === ts);
  }

  /** The DM channel id `conversations.open` gives for a user (U0ANA → D0ANA). */
  dmChannelOf(userId: string): string {
    return `D${userId.slice(1)}`;
  }

  /** Sends a Socket Mode envelope to every connected client; resolves with the first ack's payload. */
  async sendEnvelope(type: string, payload: Body, retryAttempt = 0): Promise<Body | undefined> {
    const envelopeId = randomUUID();
    const acked = new Promise<Body | undefined>((resolve) => this.pendingAcks.set(envelopeId, resolve));
    const frame = JSON.stringify({
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      retry_attempt: retryAttempt,
      retry_reason: retryAttempt > 0 ? 'timeout' : '',
    });
    for (const ws of this.sockets) ws.send(frame);
    return acked;
  }

  /** This test means to send what Slack refuses: `close()` will not complain about it. */
  expectRefusals(): void {
    this.refusalsExpected = true;
  }

  /**
   * Closes the fake. Throws when a payload was refused that the test did not expect: the strict
   * fake holds every test to what real Slack accepts, even where the test asserts nothing else.
   */
  async close(): Promise<void> {
    if (this.pingTimer) clearInterval(this.pingTimer);
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    await this.loopback.close();
    if (this.refusals.length > 0 && !this.refusalsExpected) {
      const first = this.refusals[0];
      throw new Error(
        `The fake Slack refused ${this.refusals.length} payload(s) real Slack would refuse; first: ${first?.method} ${first?.error} (${first?.why})`,
      );
    }
  }

  private acceptSocket(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { envelope_id?: string; payload?: Body };
      const resolve = frame.envelope_id ? this.pendingAcks.get(frame.envelope_id) : undefined;
      if (frame.envelope_id && resolve) {
        this.pendingAcks.delete(frame.envelope_id);
        resolve(frame.payload);
      }
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.sockets.size,
        debug_info: { host: 'fake-slack', approximate_connection_time: 3600 },
        connection_info: { app_id: 'A0HEARKEN' },
      }),
    );
    // Slack pings every few seconds; the client drops a connection that stays silent for 30 s.
    this.pingTimer ??= setInterval(() => {
      for (const socket of this.sockets) socket.ping();
    }, 2_000).unref();
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.url).pathname;
    const raw = (await readBody(req)).toString('utf8');
    if (path.startsWith('/response/')) {
      const name = decodeURIComponent(path.slice('/response/'.length));
      const body = parseBody(raw, req.headers['content-type'] ?? 'application/json');
      const refused = refuseMessage(body);
      if (refused) {
        this.refusals.push({ method: 'response_url', ...refused });
        sendJson(res, 400, { ok: false, error: refused.error });
        return;
      }
      this.responses.push({ name, body });
      sendJson(res, 200, { ok: true });
      return;
    }
    if (path.startsWith('/upload/')) {
      sendJson(res, 200, { ok: true });
      return;
    }
    if (!path.startsWith('/api/')) {
      sendJson(res, 404, { ok: false, error: 'not_found' });
      return;
    }
    const method = path.slice('/api/'.length);
    const body = parseBody(raw, req.headers['content-type'] ?? '');
    const auth = req.headers.authorization;
    this.calls.push({
      method,
      body,
      token: auth?.replace(/^Bearer /, '') ?? (body.token as string | undefined),
    });
    const latency = this.latency.get(method);
    if (latency) await new Promise((resolve) => setTimeout(resolve, latency));
    const override = this.overrides.get(method)?.shift();
    const answer = override?.(body, () => this.answer(method, body)) ?? this.answer(method, body);
    if ('error' in answer && typeof answer.error === 'string') {
      const status = 'status' in answer && typeof answer.status === 'number' ? answer.status : 200;
      if (status === 429) {
        const retryAfter = 'retryAfter' in answer ? String(answer.retryAfter ?? 1) : '1';
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': retryAfter });
        res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
        return;
      }
      if (status !== 200) {
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end('upstream trouble');
        return;
      }
      sendJson(res, 200, { ok: false, error: answer.error });
      return;
    }
    sendJson(res, 200, { ok: true, ...answer });
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `1763900${String(100 + this.tsCounter).padStart(3, '0')}.${String(this.tsCounter).padStart(6, '0')}`;
  }

  private userJson(user: FakeUser, includeLocale: boolean): Body {
    return {
      id: user.id,
      team_id: this.teamId,
      name: user.name,
      real_name: user.realName ?? user.name,
      is_admin: user.isAdmin ?? false,
      is_owner: user.isOwner ?? false,
      is_primary_owner: false,
      is_bot: false,
      deleted: false,
      tz: 'Europe/London',
      profile: { display_name: user.name, real_name: user.realName ?? user.name },
      ...(includeLocale ? { locale: user.locale ?? 'en-US' } : {}),
    };
  }

  private answer(method: string, body: Body): Body | SlackError {
    const refused = MESSAGE_METHODS.has(method)
      ? refuseMessage(body)
      : VIEW_METHODS.has(method)
        ? refuseView(body.view)
        : undefined;
    if (refused) {
      this.refusals.push({ method, ...refused });
      return { error: refused.error };
    }
    const channel = typeof body.channel === 'string' ? body.channel : '';
    switch (method) {
      case 'auth.test':
        return {
          url: 'https://hearken-demo.slack.com/',
          team: 'Hearken Demo',
          user: 'hearken',
          team_id: this.teamId,
          user_id: BOT_USER_ID,
          bot_id: BOT_ID,
          is_enterprise_install: false,
        };
      case 'chat.postMessage': {
        if (this.missingChannels.has(channel)) return { error: 'channel_not_found' };
        const message: StoredMessage = {
          channel,
          ts: this.nextTs(),
          text: String(body.text ?? ''),
          blocks: Array.isArray(body.blocks) ? (body.blocks as Body[]) : [],
          updates: 0,
          ...(typeof body.thread_ts === 'string' ? { threadTs: body.thread_ts } : {}),
          ...(body.metadata ? { metadata: body.metadata as Body } : {}),
        };
        this.messages.push(message);
        return { channel, ts: message.ts, message: { type: 'message', text: message.text, ts: message.ts } };
      }
      case 'chat.update': {
        const message = this.messages.find((m) => m.channel === channel && m.ts === body.ts);
        if (!message) return { error: 'message_not_found' };
        message.text = String(body.text ?? message.text);
        if (Array.isArray(body.blocks)) message.blocks = body.blocks as Body[];
        message.updates += 1;
        return { channel, ts: message.ts, text: message.text };
      }
      case 'chat.postEphemeral':
        if (this.missingChannels.has(channel)) return { error: 'channel_not_found' };
        this.ephemerals.push(body);
        return { message_ts: this.nextTs() };
      case 'reactions.add': {
        const timestamp = String(body.timestamp ?? '');
        const name = String(body.name ?? '');
        if (!channel || !timestamp || !name) return { error: 'invalid_arguments' };
        if (!KNOWN_EMOJI.has(name)) return { error: 'invalid_name' };
        const known =
          this.peopleMessages.has(`${channel}:${timestamp}`) ||
          this.messages.some((m) => m.channel === channel && m.ts === timestamp);
        if (!known) return { error: 'message_not_found' };
        if (this.reactions.some((r) => r.channel === channel && r.timestamp === timestamp && r.name === name))
          return { error: 'already_reacted' };
        this.reactions.push({ channel, timestamp, name });
        return {};
      }
      case 'conversations.open': {
        const users = String(body.users ?? '');
        if (!this.users.has(users)) return { error: 'user_not_found' };
        return { channel: { id: this.dmChannelOf(users) } };
      }
      case 'conversations.history': {
        const found = this.messages
          .filter((m) => m.channel === channel && (!m.threadTs || m.threadTs === m.ts))
          .reverse();
        return { messages: found.map((m) => this.messageJson(m, body)), has_more: false };
      }
      case 'conversations.replies': {
        const found = this.messages.filter(
          (m) => m.channel === channel && (m.ts === body.ts || m.threadTs === body.ts),
        );
        return { messages: found.map((m) => this.messageJson(m, body)), has_more: false };
      }
      case 'conversations.members':
        return { members: this.channelMembers.get(channel) ?? [], response_metadata: { next_cursor: '' } };
      case 'usergroups.users.list': {
        const users = this.usergroups.get(String(body.usergroup));
        return users ? { users } : { error: 'no_such_subteam' };
      }
      case 'users.info': {
        const user = this.users.get(String(body.user));
        if (!user) return { error: 'user_not_found' };
        return { user: this.userJson(user, body.include_locale === true || body.include_locale === 'true') };
      }
      case 'views.open': {
        const trigger = String(body.trigger_id ?? '');
        if (!trigger || this.usedTriggers.has(trigger)) return { error: 'expired_trigger_id' };
        this.usedTriggers.add(trigger);
        return { view: { id: this.nextView(), ...(body.view as Body) } };
      }
      case 'views.update':
      case 'views.push':
        return { view: { id: this.nextView(), ...(body.view as Body) } };
      case 'views.publish':
        return { view: { id: this.nextView(), ...(body.view as Body) } };
      case 'files.getUploadURLExternal': {
        const file = this.nextFile();
        return { upload_url: `${this.url}/upload/${file}`, file_id: file };
      }
      case 'files.completeUploadExternal':
        return { files: (body.files as Body[] | undefined) ?? [] };
      case 'apps.connections.open':
        return { url: `${this.url.replace(/^http/, 'ws')}/socket` };
      default:
        return { error: 'unknown_method' };
    }
  }

  private messageJson(message: StoredMessage, request: Body): Body {
    const withMetadata = request.include_all_metadata === true || request.include_all_metadata === 'true';
    return {
      type: 'message',
      user: BOT_USER_ID,
      bot_id: BOT_ID,
      text: message.text,
      ts: message.ts,
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      ...(withMetadata && message.metadata ? { metadata: message.metadata } : {}),
    };
  }
}
