/**
 * A loopback fake of the Slack Web API for tests that drive real Bolt. It records every call
 * (method + parsed body), answers like Slack for the methods Hearken uses, keeps the messages the
 * bot posted (so `chat.update`, history and replies behave), hosts `response_url`s and file upload
 * URLs, and serves a Socket Mode WebSocket.
 *
 * Point the WebClient at `fake.apiUrl` (with its trailing slash: Bolt needs it).
 *
 * OAuth installs (`registerApp`): Slack's authorize page (`approveInstall`, as if an admin of that
 * workspace clicked Allow) and `oauth.v2.access`, strict about the client id and secret, the code
 * (once, for the app it was issued to) and the redirect URI. Each install gets a bot token of its
 * own; from then on every call is answered as that token's workspace (auth.test names it, a
 * channel or user of another workspace is not found) and each posted message records its token.
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

/** An app registered for OAuth installs, as in its settings on api.slack.com. */
export interface FakeOAuthApp {
  clientId: string;
  clientSecret: string;
  /** The redirect URLs in the app's OAuth settings; the first is used when none is sent. */
  redirectUrls: string[];
  appId?: string;
}

/** A workspace the app is installed in, and the bot token the install issued. */
export interface FakeInstall {
  teamId: string;
  teamName: string;
  token: string;
  botUserId: string;
  botId: string;
  scopes: string[];
}

interface IssuedCode {
  teamId: string;
  clientId: string;
  redirectUri: string | undefined;
  scopes: string[];
  installer: string;
}

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
  /** The workspace the person belongs to (OAuth installs); another workspace's token cannot see them. */
  teamId?: string;
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
  /** The token that posted it. */
  token?: string | undefined;
}

/** A file completed through `files.getUploadURLExternal` + upload + `files.completeUploadExternal`. */
export interface UploadedFile {
  id: string;
  filename: string;
  data: Buffer;
  channel?: string;
  threadTs?: string;
}

/** One Socket Mode envelope the fake sent, and the app's ack of it. */
export interface EnvelopeDelivery {
  readonly envelopeId: string;
  readonly type: string;
  readonly payload: Body;
  readonly retryAttempt: number;
  /** Resolves with the ack's payload when the app acks this envelope. */
  readonly acked: Promise<Body | undefined>;
  /** The ack's payload once it arrived (`{}` for a bare ack); undefined while not acked. */
  ack: Body | undefined;
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
  /** Files uploaded through the current upload API and completed, in order. */
  readonly files: UploadedFile[] = [];
  /** Files people shared (`shareFile`), served at their private URL to the bot token only. */
  private readonly privateFiles = new Map<string, { name: string; mimetype: string; data: Buffer }>();
  /** Upload URLs handed out by `files.getUploadURLExternal`, waiting for their bytes. */
  private readonly pendingUploads = new Map<string, { filename: string; length: number; data?: Buffer }>();
  /** Channel id → its workspace (OAuth installs): another workspace's token gets channel_not_found. */
  readonly channelTeams = new Map<string, string>();
  /** Bot token → the install that issued it (OAuth installs). */
  readonly installs = new Map<string, FakeInstall>();
  /** Every install ever made, revoked ones included: to tell whose token a past call used. */
  readonly issued: FakeInstall[] = [];
  private oauthApp: FakeOAuthApp | undefined;
  private readonly codes = new Map<string, IssuedCode>();
  private readonly nextCode = sequence('code-');
  private readonly overrides = new Map<string, MethodOverride[]>();
  private readonly hangs: { method: string; match: (body: Body) => boolean; gate: Promise<void> }[] = [];
  private readonly latency = new Map<string, number>();
  private readonly usedTriggers = new Set<string>();
  private readonly pendingAcks = new Map<string, (payload: Body | undefined) => void>();
  /** Every Socket Mode envelope sent, in order, with its ack once the app sent one. */
  readonly envelopes: EnvelopeDelivery[] = [];
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

  /** Registers the app for OAuth installs; from then on only tokens from installs are valid. */
  registerApp(app: FakeOAuthApp): void {
    this.oauthApp = app;
  }

  /**
   * An admin of `teamId` opens the app's authorize URL and clicks Allow: returns where Slack sends
   * the browser (the redirect URI with `code` and `state`). Throws, as Slack shows an error page,
   * for another app's client id, no scopes, or a redirect URI the app did not register.
   */
  approveInstall(authorizeUrl: string, teamId: string, installer = 'U0INSTALLER'): string {
    const app = this.oauthApp;
    if (!app) throw new Error('The fake Slack has no app registered for OAuth (registerApp)');
    const url = new URL(authorizeUrl);
    if (url.pathname !== '/oauth/v2/authorize')
      throw new Error(`Not Slack's authorize page: ${url.pathname}`);
    const query = url.searchParams;
    if (query.get('client_id') !== app.clientId) throw new Error('invalid_client_id');
    const scopes = (query.get('scope') ?? '').split(',').filter(Boolean);
    if (scopes.length === 0) throw new Error('invalid_scope: an install must ask for scopes');
    const redirectUri = query.get('redirect_uri') ?? undefined;
    if (redirectUri !== undefined && !app.redirectUrls.includes(redirectUri))
      throw new Error(`bad_redirect_uri: ${redirectUri}`);
    const code = this.nextCode();
    this.codes.set(code, { teamId, clientId: app.clientId, redirectUri, scopes, installer });
    const target = new URL(redirectUri ?? app.redirectUrls[0] ?? '');
    target.searchParams.set('code', code);
    const state = query.get('state');
    if (state) target.searchParams.set('state', state);
    return target.toString();
  }

  /** The install of `teamId`, if the app is installed there. */
  installOf(teamId: string): FakeInstall | undefined {
    return [...this.installs.values()].find((i) => i.teamId === teamId);
  }

  /** The workspace uninstalls the app: its tokens stop working (send `app_uninstalled` yourself). */
  revoke(teamId: string): void {
    for (const [token, install] of this.installs) if (install.teamId === teamId) this.installs.delete(token);
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

  /**
   * The next call to `method` (whose body `match`es) does what Slack would (stores the message)
   * but answers with HTTP `status`: the ambiguous failure a retry must not double.
   */
  storeThenFail(method: string, status = 500, times = 1): void {
    this.override(
      method,
      (_body, answer) => {
        answer();
        return { error: 'internal_error', status };
      },
      times,
    );
  }

  /**
   * The next call to `method` whose body `match`es gets no answer until `release()` (a hung
   * platform). `arrived` resolves when that call has come in.
   */
  hang(
    method: string,
    match: (body: Body) => boolean = () => true,
  ): { release(): void; arrived: Promise<void> } {
    let release!: () => void;
    let arrive!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const arrived = new Promise<void>((resolve) => {
      arrive = resolve;
    });
    this.hangs.push({
      method,
      match: (body) => {
        if (!match(body)) return false;
        arrive();
        return true;
      },
      gate,
    });
    return { release, arrived };
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

  /**
   * A person shares a file: it is kept at a private URL only the bot token may read, and the Slack
   * file object (as a `file_share` message event carries it) is returned.
   */
  shareFile(name: string, mimetype: string, data: Buffer): Body {
    const id = this.nextFile();
    this.privateFiles.set(`${id}/${name}`, { name, mimetype, data });
    return {
      id,
      name,
      title: name,
      mimetype,
      filetype: name.split('.').pop() ?? 'binary',
      size: data.length,
      mode: 'hosted',
      url_private: `${this.url}/files-pri/${id}/${encodeURIComponent(name)}`,
      url_private_download: `${this.url}/files-pri/${id}/download/${encodeURIComponent(name)}`,
      permalink: `https://hearken-demo.slack.com/files/U0/${id}/${encodeURIComponent(name)}`,
    };
  }

  /** Files completed into `channel` (and its thread, when given). */
  filesIn(channel: string, threadTs?: string): UploadedFile[] {
    return this.files.filter(
      (f) => f.channel === channel && (threadTs === undefined || f.threadTs === threadTs),
    );
  }

  private serveFile(req: IncomingMessage, res: ServerResponse, path: string): void {
    if (req.headers.authorization !== `Bearer ${BOT_TOKEN}`) {
      // Slack answers a private file without the token with its login page, not the file.
      res.writeHead(302, { location: 'https://slack.com/signin' }).end();
      return;
    }
    const file = this.privateFiles.get(path.replace('/download/', '/'));
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.mimetype, 'content-length': file.data.length }).end(file.data);
  }

  /** The bytes for an upload URL: raw or as a multipart form, exactly the length announced. */
  private async receiveUpload(
    req: IncomingMessage,
    res: ServerResponse,
    id: string,
    raw: Buffer,
  ): Promise<void> {
    const pending = this.pendingUploads.get(id);
    if (!pending || pending.data) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('upload url not found');
      return;
    }
    let data = raw;
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
      const file = [...form.values()].find((value) => typeof value !== 'string');
      data = file ? Buffer.from(await file.arrayBuffer()) : Buffer.alloc(0);
    }
    if (data.length !== pending.length) {
      this.refusals.push({
        method: 'upload_url',
        error: 'length_mismatch',
        why: `announced ${pending.length} bytes, sent ${data.length}`,
      });
      res.writeHead(400, { 'content-type': 'text/plain' }).end('length mismatch');
      return;
    }
    pending.data = data;
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${data.length}`);
  }

  /** `files.completeUploadExternal`: every file must have had its bytes, and goes to one place. */
  private completeUploads(body: Body): Body | SlackError {
    const files = Array.isArray(body.files) ? (body.files as Body[]) : undefined;
    if (!files || files.length === 0 || files.length > 100) return { error: 'invalid_arguments' };
    const channel = typeof body.channel_id === 'string' ? body.channel_id : undefined;
    const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : undefined;
    if (threadTs && !channel) return { error: 'invalid_arguments' };
    if (channel && this.missingChannels.has(channel)) return { error: 'channel_not_found' };
    const done: Body[] = [];
    for (const file of files) {
      const id = String(file.id ?? '');
      const pending = this.pendingUploads.get(id);
      if (!pending?.data) return { error: 'file_not_found' };
      this.pendingUploads.delete(id);
      this.files.push({
        id,
        filename: pending.filename,
        data: pending.data,
        ...(channel ? { channel } : {}),
        ...(threadTs ? { threadTs } : {}),
      });
      done.push({ id, title: typeof file.title === 'string' ? file.title : pending.filename });
    }
    return { files: done };
  }

  /** The DM channel id `conversations.open` gives for a user (U0ANA → D0ANA). */
  dmChannelOf(userId: string): string {
    return `D${userId.slice(1)}`;
  }

  /** Sends a Socket Mode envelope to every connected client; resolves with the first ack's payload. */
  sendEnvelope(type: string, payload: Body, retryAttempt = 0): Promise<Body | undefined> {
    return this.deliverEnvelope(type, payload, retryAttempt).acked;
  }

  /**
   * Sends a Socket Mode envelope without waiting for its ack: the returned delivery tells whether
   * (and with what payload) the app acked it. Every delivery is kept in `envelopes`.
   */
  deliverEnvelope(type: string, payload: Body, retryAttempt = 0): EnvelopeDelivery {
    const envelopeId = randomUUID();
    let resolveAck: (payload: Body | undefined) => void = () => undefined;
    const delivery: EnvelopeDelivery = {
      envelopeId,
      type,
      payload,
      retryAttempt,
      acked: new Promise<Body | undefined>((resolve) => {
        resolveAck = resolve;
      }),
      ack: undefined,
    };
    this.pendingAcks.set(envelopeId, (ack) => {
      delivery.ack = ack ?? {};
      resolveAck(ack);
    });
    this.envelopes.push(delivery);
    const frame = JSON.stringify({
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      retry_attempt: retryAttempt,
      retry_reason: retryAttempt > 0 ? 'timeout' : '',
    });
    for (const ws of this.sockets) ws.send(frame);
    return delivery;
  }

  /**
   * Slack's retry timer, run now: every Events API payload none of whose deliveries was acked is
   * delivered again in a new envelope, its `retry_attempt` one higher (reason `timeout`).
   * Returns the new deliveries.
   */
  redeliverUnacked(): EnvelopeDelivery[] {
    const latest = new Map<string, EnvelopeDelivery>();
    const acked = new Set<string>();
    for (const delivery of this.envelopes) {
      if (delivery.type !== 'events_api') continue;
      const key = String(delivery.payload.event_id);
      if (delivery.ack) acked.add(key);
      latest.set(key, delivery);
    }
    return [...latest]
      .filter(([key]) => !acked.has(key))
      .map(([, last]) => this.deliverEnvelope(last.type, last.payload, last.retryAttempt + 1));
  }

  /**
   * A ping to every connected client, resolved by their pongs: whatever a client sent before its
   * pong (an ack) has arrived by then, so a test can tell "not acked" from "not arrived yet".
   */
  async roundTrip(): Promise<void> {
    const token = randomUUID();
    await Promise.all(
      [...this.sockets].map(
        (ws) =>
          new Promise<void>((resolve) => {
            const onPong = (data: Buffer) => {
              if (data.toString() !== token) return;
              ws.off('pong', onPong);
              resolve();
            };
            ws.on('pong', onPong);
            ws.ping(token);
          }),
      ),
    );
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
    const bytes = await readBody(req);
    const raw = bytes.toString('utf8');
    if (path.startsWith('/files-pri/')) {
      this.serveFile(req, res, decodeURIComponent(path.slice('/files-pri/'.length)));
      return;
    }
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
      await this.receiveUpload(req, res, path.slice('/upload/'.length), bytes);
      return;
    }
    if (!path.startsWith('/api/')) {
      sendJson(res, 404, { ok: false, error: 'not_found' });
      return;
    }
    const method = path.slice('/api/'.length);
    const body = parseBody(raw, req.headers['content-type'] ?? '');
    const auth = req.headers.authorization;
    const token = auth?.replace(/^Bearer /, '') ?? (body.token as string | undefined);
    this.calls.push({ method, body, token });
    const latency = this.latency.get(method);
    if (latency) await new Promise((resolve) => setTimeout(resolve, latency));
    const hang = this.hangs.findIndex((h) => h.method === method && h.match(body));
    if (hang >= 0) {
      const [held] = this.hangs.splice(hang, 1);
      await held?.gate;
    }
    const override = this.overrides.get(method)?.shift();
    const own = () => this.answerAs(method, body, token);
    const answer = override?.(body, own) ?? own();
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
      team_id: user.teamId ?? this.teamId,
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

  /**
   * With an app registered for OAuth, answers as the workspace the token belongs to: an unknown or
   * revoked token is `invalid_auth`, another workspace's channel or user is not found.
   */
  private answerAs(method: string, body: Body, token: string | undefined): Body | SlackError {
    if (!this.oauthApp || method === 'apps.connections.open') return this.answer(method, body);
    if (method === 'oauth.v2.access') return this.exchangeCode(body);
    const install = token ? this.installs.get(token) : undefined;
    if (!install) return { error: 'invalid_auth' };
    const channel = typeof body.channel === 'string' ? body.channel : undefined;
    const channelTeam = channel ? (this.channelTeams.get(channel) ?? this.dmTeam(channel)) : undefined;
    if (channelTeam && channelTeam !== install.teamId) return { error: 'channel_not_found' };
    const user = typeof body.user === 'string' ? body.user : typeof body.users === 'string' ? body.users : '';
    const userTeam = this.users.get(user)?.teamId;
    if (userTeam && userTeam !== install.teamId) return { error: 'user_not_found' };
    if (method === 'auth.test')
      return {
        url: `https://${install.teamId.toLowerCase()}.slack.com/`,
        team: install.teamName,
        user: 'hearken',
        team_id: install.teamId,
        user_id: install.botUserId,
        bot_id: install.botId,
        is_enterprise_install: false,
      };
    const answer = this.answer(method, body);
    if (method === 'chat.postMessage' && !('error' in answer)) {
      const posted = this.messages.at(-1);
      if (posted) posted.token = token;
    }
    return answer;
  }

  /** The workspace of a DM channel (D0MEI → U0MEI's team), when the person has one. */
  private dmTeam(channel: string): string | undefined {
    return channel.startsWith('D') ? this.users.get(`U${channel.slice(1)}`)?.teamId : undefined;
  }

  /** `oauth.v2.access`: a code for a bot token, strict as Slack is about who asks and how. */
  private exchangeCode(body: Body): Body | SlackError {
    const app = this.oauthApp;
    if (!app || body.client_id !== app.clientId) return { error: 'invalid_client_id' };
    if (body.client_secret !== app.clientSecret) return { error: 'bad_client_secret' };
    const code = typeof body.code === 'string' ? this.codes.get(body.code) : undefined;
    if (!code || code.clientId !== app.clientId) return { error: 'invalid_code' };
    // Once only: a replayed code is refused.
    this.codes.delete(String(body.code));
    const redirectUri = typeof body.redirect_uri === 'string' ? body.redirect_uri : undefined;
    if (redirectUri !== code.redirectUri) return { error: 'bad_redirect_uri' };
    this.revoke(code.teamId);
    const suffix = code.teamId.slice(1);
    const install: FakeInstall = {
      teamId: code.teamId,
      teamName: `Workspace ${code.teamId}`,
      token: `xoxb-0000-test-${code.teamId}-${randomUUID().slice(0, 8)}`,
      botUserId: `U0BOT${suffix}`,
      botId: `B0BOT${suffix}`,
      scopes: code.scopes,
    };
    this.installs.set(install.token, install);
    this.issued.push(install);
    return {
      access_token: install.token,
      token_type: 'bot',
      scope: install.scopes.join(','),
      bot_user_id: install.botUserId,
      app_id: app.appId ?? 'A0HEARKEN',
      team: { id: install.teamId, name: install.teamName },
      enterprise: null,
      is_enterprise_install: false,
      authed_user: { id: code.installer },
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
        return this.page(found, body);
      }
      case 'conversations.replies': {
        const found = this.messages.filter(
          (m) => m.channel === channel && (m.ts === body.ts || m.threadTs === body.ts),
        );
        return this.page(found, body);
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
        // Both are required; `length` is the exact byte count the upload must then carry.
        const filename = typeof body.filename === 'string' ? body.filename : '';
        const length = Number(body.length);
        if (!filename || !Number.isInteger(length) || length < 1) return { error: 'invalid_arguments' };
        if (length > 1024 * 1024 * 1024) return { error: 'file_too_large' };
        const file = this.nextFile();
        this.pendingUploads.set(file, { filename, length });
        return { upload_url: `${this.url}/upload/${file}`, file_id: file };
      }
      case 'files.completeUploadExternal':
        return this.completeUploads(body);
      case 'files.upload':
        // Retired by Slack for new apps (and sunset for all): Hearken must never call it.
        return { error: 'method_deprecated' };
      case 'apps.connections.open':
        return { url: `${this.url.replace(/^http/, 'ws')}/socket` };
      default:
        return { error: 'unknown_method' };
    }
  }

  /** One page of a history, as Slack pages it: `limit` (default 100) from the `cursor`. */
  private page(found: StoredMessage[], body: Body): Body {
    const limit = Math.min(Number(body.limit ?? 100) || 100, 999);
    const start = typeof body.cursor === 'string' && body.cursor ? Number(body.cursor) : 0;
    const slice = found.slice(start, start + limit);
    const more = start + limit < found.length;
    return {
      messages: slice.map((m) => this.messageJson(m, body)),
      has_more: more,
      response_metadata: { next_cursor: more ? String(start + limit) : '' },
    };
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
