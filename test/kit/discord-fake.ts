/**
 * A loopback fake Discord for tests that drive real discord.js: REST under `/api/v10` (recording
 * every call) and the gateway WebSocket, found by the client through `GET /gateway/bot`.
 * Tests act as users (DMs, slash commands, clicks, modal submits) and read what the bot did.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DISCORD_LIMITS } from '../../adapters/discord/limits.js';

/** Discord's answers to a payload over a limit: invalid form body, invalid JSON, too large. */
const LIMIT_CODES = new Set([50035, 50109, 40005]);

import { FakeGateway, shardOf } from './discord-gateway.js';
import {
  ATTACHMENTS,
  type Invoker,
  interactionPayload,
  modalSubmitComponents,
  optionTree,
} from './discord-interactions.js';
import {
  apiGuildCreate,
  apiMember,
  apiUser,
  type FakeChannel,
  type FakeGuild,
  type FakeMember,
  type FakeUser,
  snowflake,
  snowflakeTime,
} from './discord-model.js';
import {
  DiscordHttpError,
  type FakeState,
  type InteractionState,
  needsBotToken,
  type RecordedCall,
  ROUTES,
  respond,
  type StoredMessage,
} from './discord-rest.js';
import { type Loopback, readBody as readRaw, startLoopback } from './shared.js';

export interface FakeDiscordOptions {
  guilds: FakeGuild[];
  /** Users who share no guild with the bot but may still DM it. */
  strangers?: FakeUser[];
  token?: string;
  /** The shard count `GET /gateway/bot` recommends (Discord: one per 1,000 guilds or so); 1 by default. */
  shards?: number;
  /** Short by default so every test run exercises heartbeats and their ACKs. */
  heartbeatIntervalMs?: number;
  interactionDeadlineMs?: number;
}

export interface InboundDispatch {
  type: string;
  data: Record<string, unknown>;
  /** Position in the conversation, shared with RecordedCall.order. */
  order: number;
}

export class FakeDiscord {
  readonly calls: RecordedCall[] = [];
  /** Every dispatch the test pushed (MESSAGE_CREATE, INTERACTION_CREATE), in order. */
  readonly inbound: InboundDispatch[] = [];
  readonly state: FakeState;
  readonly gateway: FakeGateway;

  private loopback: Loopback | undefined;
  /** Every payload refused for breaking one of Discord's limits (400/50035, 50109, 413/40005). */
  readonly refusals: { method: string; path: string; code: number; message: string; errors?: unknown }[] = [];
  private refusalsExpected = false;
  private readonly failures: {
    method: string;
    path: RegExp;
    status: number;
    code: number;
    times: number;
    /** Do what Discord would (store the message) before failing: an ambiguous failure. */
    store?: boolean;
  }[] = [];
  private readonly hangs: { method: string; path: RegExp; gate: Promise<void>; arrive: () => void }[] = [];
  private order = 0;
  /** Files people shared, served as Discord's CDN serves attachments (no token needed). */
  private readonly cdn = new Map<string, { contentType: string; data: Buffer }>();

  private nextOrder(): number {
    this.order += 1;
    return this.order;
  }

  private constructor(options: FakeDiscordOptions) {
    const bot: FakeUser = { id: snowflake(), username: 'Hearken', bot: true };
    const users = new Map<string, FakeUser>([[bot.id, bot]]);
    const channels = new Map<string, FakeChannel>();
    for (const guild of options.guilds) {
      for (const member of guild.members) users.set(member.user.id, member.user);
      for (const channel of guild.channels) channels.set(channel.id, { ...channel, guildId: guild.id });
    }
    for (const user of options.strangers ?? []) users.set(user.id, user);
    this.state = {
      token: options.token ?? 'fake-bot-token',
      applicationId: bot.id,
      bot,
      gatewayUrl: '',
      recommendedShards: options.shards ?? 1,
      guilds: options.guilds,
      users,
      channels,
      messages: new Map(),
      interactions: new Map(),
      commands: new Map(),
      reactions: [],
      interactionDeadlineMs: options.interactionDeadlineMs ?? 3000,
      now: () => Date.now(),
      dispatch: (type, data) => this.gateway.dispatch(type, data),
    };
    this.gateway = new FakeGateway(
      {
        ready: (_identify, shard) => ({
          v: 10,
          user: { ...apiUser(bot), verified: true, mfa_enabled: false },
          guilds: onShard(options.guilds, shard).map((g) => ({ id: g.id, unavailable: true })),
          session_id: snowflake(),
          resume_gateway_url: this.state.gatewayUrl,
          shard: [...shard],
          application: { id: bot.id, flags: 0 },
          private_channels: [],
          relationships: [],
          user_settings: {},
          presences: [],
          geo_ordered_rtc_regions: [],
          guild_join_requests: [],
        }),
        guildCreates: (shard) => onShard(options.guilds, shard).map((g) => apiGuildCreate(g, this.botMember)),
      },
      options.heartbeatIntervalMs ?? 250,
    );
  }

  /** Starts REST and the gateway on one loopback port (the shared kit's server). */
  static async start(options: FakeDiscordOptions): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    const loopback = await startLoopback((req, res) => fake.serve(req, res));
    loopback.server.on('upgrade', (req, socket, head) => fake.gateway.upgrade(req, socket, head));
    fake.loopback = loopback;
    fake.state.gatewayUrl = loopback.url.replace(/^http/, 'ws');
    return fake;
  }

  /** What `rest.api` must be: no version segment (discord.js adds `/v10`). */
  get apiUrl(): string {
    return `${this.loopback?.url ?? ''}/api`;
  }

  get token(): string {
    return this.state.token;
  }

  get bot(): FakeUser {
    return this.state.bot;
  }

  private get botMember(): FakeMember {
    return { user: this.state.bot, roles: [] };
  }

  /** This test means to send what Discord refuses: `stop()` will not complain about it. */
  expectRefusals(): void {
    this.refusalsExpected = true;
  }

  /**
   * Stops the fake. Throws when a payload was refused that the test did not expect: the strict
   * fake holds every test to what real Discord accepts, even where the test asserts nothing else.
   */
  async stop(): Promise<void> {
    await this.gateway.close();
    await this.loopback?.close();
    if (this.refusals.length > 0 && !this.refusalsExpected) {
      const first = this.refusals[0];
      throw new Error(
        `The fake Discord refused ${this.refusals.length} payload(s) real Discord would refuse; first: ${first?.method} ${first?.path} ${first?.code} ${first?.message} ${JSON.stringify(first?.errors)}`,
      );
    }
  }

  // ── acting as users ────────────────────────────────────────────────────────────────────────

  /** Pushes a raw dispatch (use it to redeliver a payload, as Discord sometimes does). */
  dispatch(type: string, data: Record<string, unknown>): void {
    this.inbound.push({ type, data, order: this.nextOrder() });
    if (type === 'INTERACTION_CREATE') this.track(data);
    this.gateway.dispatch(type, data);
  }

  /**
   * A file a person attaches to a message: kept on this fake's CDN, returned as the attachment
   * object Discord puts in MESSAGE_CREATE.
   */
  attachment(name: string, contentType: string, data: Buffer): Record<string, unknown> {
    const id = snowflake();
    const path = `/attachments/${snowflake()}/${id}/${encodeURIComponent(name)}`;
    this.cdn.set(path, { contentType, data });
    const url = `${this.apiUrl.replace(/\/api$/, '')}${path}`;
    const attachment = {
      id,
      filename: name,
      size: data.length,
      url,
      proxy_url: url,
      content_type: contentType,
    };
    ATTACHMENTS.set(id, attachment);
    return attachment;
  }

  /** The user writes to the bot in a DM (with attachments, if any). Returns the MESSAGE_CREATE body. */
  dm(user: FakeUser, content: string, attachments: Record<string, unknown>[] = []): Record<string, unknown> {
    const channel = this.dmChannel(user);
    const message = {
      id: snowflake(),
      type: 0,
      channel_id: channel.id,
      channel_type: 1,
      author: apiUser(user),
      content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments,
      embeds: [],
      components: [],
      pinned: false,
      flags: 0,
      nonce: snowflake(),
    };
    this.dispatch('MESSAGE_CREATE', message);
    return message;
  }

  /**
   * A guild member writes in a thread (staff under a card). The message is stored, as Discord
   * keeps it, so the bot can react to it. Returns the MESSAGE_CREATE body.
   */
  threadMessage(user: FakeUser, threadId: string, content: string): Record<string, unknown> {
    const thread = this.state.channels.get(threadId);
    const guild = this.state.guilds.find((g) => g.id === thread?.guildId);
    const member = guild?.members.find((m) => m.user.id === user.id);
    if (!thread || !guild || !member) throw new Error(`${user.username} cannot write in ${threadId}`);
    const message = {
      ...this.userMessage(user, thread.id, content),
      guild_id: guild.id,
      member: apiMember(guild, member, false),
    };
    this.state.messages.set(message.id, { ...message, edits: 0 });
    this.dispatch('MESSAGE_CREATE', message);
    return message;
  }

  /** The user edits a DM they sent (MESSAGE_UPDATE with the whole message, as Discord sends it). */
  editDm(sent: Record<string, unknown>, content: string): Record<string, unknown> {
    const edited = { ...sent, content, edited_timestamp: new Date().toISOString() };
    this.dispatch('MESSAGE_UPDATE', edited);
    return edited;
  }

  /** The user deletes a DM they sent (MESSAGE_DELETE carries ids only). */
  deleteDm(sent: Record<string, unknown>): void {
    this.dispatch('MESSAGE_DELETE', { id: sent.id, channel_id: sent.channel_id });
  }

  private userMessage(user: FakeUser, channelId: string, content: string) {
    return {
      id: snowflake(),
      type: 0,
      channel_id: channelId,
      author: apiUser(user),
      content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      flags: 0,
      nonce: snowflake(),
    };
  }

  /** A slash command, e.g. `/ticket claim code:C-1001`. Options may nest one subcommand. */
  slash(
    who: Invoker,
    name: string,
    subcommand?: string,
    options: Record<string, string | number | boolean> = {},
  ): Record<string, unknown> {
    const data = { id: snowflake(), name, type: 1, options: optionTree(subcommand, options) };
    return this.interact(who, 2, data);
  }

  /**
   * A slash command that Discord created `agoMs` before it reaches the bot (a gateway or event
   * loop that kept it): its id says so, as on Discord, and its 3 s run from then.
   */
  lateSlash(agoMs: number, who: Invoker, name: string, subcommand?: string): Record<string, unknown> {
    const data = { id: snowflake(), name, type: 1, options: optionTree(subcommand, {}) };
    return this.interact(who, 2, data, undefined, Date.now() - agoMs);
  }

  /** The user types in an autocompleted option; the bot answers with choices. */
  autocomplete(
    who: Invoker,
    name: string,
    subcommand: string,
    focused: string,
    typed: string,
  ): Record<string, unknown> {
    const data = {
      id: snowflake(),
      name,
      type: 1,
      options: optionTree(subcommand, { [focused]: typed }, focused),
    };
    return this.interact(who, 4, data);
  }

  /** A click on a button of a message the bot posted. */
  click(who: Invoker, message: StoredMessage, customId: string): Record<string, unknown> {
    return this.interact(who, 3, { custom_id: customId, component_type: 2 }, message);
  }

  /** A pick in a select menu of a message the bot posted. */
  select(who: Invoker, message: StoredMessage, customId: string, values: string[]): Record<string, unknown> {
    return this.interact(who, 3, { custom_id: customId, component_type: 3, values }, message);
  }

  /** Submits the modal the bot opened in answer to `openedBy`, filling fields by custom id. */
  submitModal(
    who: Invoker,
    openedBy: Record<string, unknown>,
    values: Record<string, string | string[]>,
  ): Record<string, unknown> {
    const opened = this.state.interactions.get(String(openedBy.id));
    if (!opened?.modal) throw new Error('The bot opened no modal for that interaction');
    const data = {
      custom_id: opened.modal.custom_id,
      components: modalSubmitComponents(opened.modal, values),
    };
    const source = opened.sourceMessageId ? this.state.messages.get(opened.sourceMessageId) : undefined;
    return this.interact(who, 5, data, source);
  }

  /**
   * Another instance on the same token answers the interaction first (its callback, as Discord
   * takes it), before this one's request arrives: that one then gets 40060 as on Discord.
   */
  answerElsewhere(payload: Record<string, unknown>, body: Record<string, unknown>): void {
    respond(this.state, [String(payload.id), String(payload.token)], body, {});
  }

  /** The next `times` calls matching method and path fail with this status and Discord code. */
  failNext(method: string, path: RegExp, status: number, code = 0, times = 1): void {
    this.failures.push({ method, path, status, code, times });
  }

  /** The next `times` matching calls are carried out (the message stored) but answered `status`. */
  storeThenFailNext(method: string, path: RegExp, status = 500, times = 1): void {
    this.failures.push({ method, path, status, code: 0, times, store: true });
  }

  /** The next matching call gets no answer until `release()`; `arrived` resolves when it comes in. */
  hangNext(method: string, path: RegExp): { release(): void; arrived: Promise<void> } {
    let release!: () => void;
    let arrive!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const arrived = new Promise<void>((resolve) => {
      arrive = resolve;
    });
    this.hangs.push({ method, path, gate, arrive });
    return { release, arrived };
  }

  // ── reading what the bot did ───────────────────────────────────────────────────────────────

  /** The DM channel between the bot and a user (made on first use, like Discord's). */
  dmChannel(user: FakeUser): FakeChannel {
    let channel = [...this.state.channels.values()].find((c) => c.type === 1 && c.recipientId === user.id);
    if (!channel) {
      channel = { id: snowflake(), name: '', type: 1, recipientId: user.id };
      this.state.channels.set(channel.id, channel);
    }
    return channel;
  }

  interaction(payload: Record<string, unknown>): InteractionState {
    const state = this.state.interactions.get(String(payload.id));
    if (!state) throw new Error('unknown interaction');
    return state;
  }

  /** Messages in a channel, oldest first (ephemeral replies included, flagged 64). */
  messagesIn(channelId: string): StoredMessage[] {
    return [...this.state.messages.values()].filter((m) => m.channel_id === channelId);
  }

  /** Messages sent as the response or follow-ups to an interaction. */
  repliesTo(payload: Record<string, unknown>): StoredMessage[] {
    return [...this.state.messages.values()].filter((m) => m.interactionId === String(payload.id));
  }

  callsTo(method: string, path: RegExp): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  channelByName(name: string): FakeChannel {
    const channel = [...this.state.channels.values()].find((c) => c.name === name);
    if (!channel) throw new Error(`no channel named ${name}`);
    return channel;
  }

  // ── plumbing ───────────────────────────────────────────────────────────────────────────────

  private interact(
    who: Invoker,
    type: number,
    data: Record<string, unknown>,
    message?: StoredMessage,
    createdAt?: number,
  ): Record<string, unknown> {
    const guild = who.guildId ? this.state.guilds.find((g) => g.id === who.guildId) : undefined;
    const channel = who.channelId ? this.state.channels.get(who.channelId) : this.dmChannel(who.user);
    if (!channel) throw new Error(`unknown channel ${who.channelId}`);
    const payload = interactionPayload({
      applicationId: this.state.applicationId,
      type,
      data,
      who,
      guild,
      channel,
      message,
    });
    if (createdAt !== undefined) payload.id = snowflake(createdAt);
    this.dispatch('INTERACTION_CREATE', payload);
    return payload;
  }

  private track(payload: Record<string, unknown>): void {
    const id = String(payload.id);
    if (this.state.interactions.has(id)) return;
    const message = payload.message as { id?: string } | undefined;
    this.state.interactions.set(id, {
      id,
      token: String(payload.token),
      type: Number(payload.type),
      // From the id, as Discord times it: a late slash's 3 s have partly passed already.
      createdAt: Math.min(this.state.now(), snowflakeTime(id)),
      channelId: String(payload.channel_id),
      ...(payload.guild_id ? { guildId: String(payload.guild_id) } : {}),
      ...(message?.id ? { sourceMessageId: message.id } : {}),
    });
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    const query = Object.fromEntries(url.searchParams);
    const { body, files } = await readBody(req);
    const method = req.method ?? 'GET';
    const shared = url.pathname.startsWith('/attachments/') ? this.cdn.get(url.pathname) : undefined;
    if (method === 'GET' && shared) {
      res.writeHead(200, { 'content-type': shared.contentType }).end(shared.data);
      return;
    }
    let status = 200;
    let response: unknown = null;
    let injected = false;
    try {
      if (!url.pathname.startsWith('/api/v10/')) throw new DiscordHttpError(404, 0, '404: Not Found');
      if (needsBotToken(path) && req.headers.authorization !== `Bot ${this.state.token}`) {
        throw new DiscordHttpError(401, 0, '401: Unauthorized');
      }
      const hang = this.hangs.findIndex((h) => h.method === method && h.path.test(path));
      if (hang >= 0) {
        const [held] = this.hangs.splice(hang, 1);
        held?.arrive();
        await held?.gate;
      }
      const run = () => {
        // Each file within the upload limit, the request within its own, at most ten files.
        if (
          files.some((file) => file.size > DISCORD_LIMITS.uploadBytes.value) ||
          files.reduce((sum, file) => sum + file.size, 0) > DISCORD_LIMITS.uploadRequestBytes.value
        )
          throw new DiscordHttpError(413, 40005, 'Request entity too large');
        if (files.length > DISCORD_LIMITS.filesPerMessage.value)
          throw new DiscordHttpError(400, 50035, 'Invalid Form Body', {
            attachments: {
              _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 10 or fewer in length.' }],
            },
          });
        const route = ROUTES.find(([m, pattern]) => m === method && pattern.test(path));
        if (!route) throw new DiscordHttpError(404, 0, '404: Not Found');
        const params = (path.match(route[1]) ?? []).slice(1);
        const json = (body ?? {}) as Record<string, unknown>;
        const withFiles = files.length ? { ...json, attachments: json.attachments ?? files } : json;
        return route[2](this.state, params, withFiles, query);
      };
      const failure = this.failures.find((f) => f.times > 0 && f.method === method && f.path.test(path));
      if (failure) {
        failure.times -= 1;
        if (failure.store) run();
        injected = true;
        throw new DiscordHttpError(failure.status, failure.code, `${failure.status}: injected by the test`);
      }
      response = run();
      if (response === null) status = 204;
    } catch (error) {
      if (!(error instanceof DiscordHttpError)) throw error;
      if (!injected && LIMIT_CODES.has(error.code))
        this.refusals.push({
          method,
          path,
          code: error.code,
          message: error.message,
          ...(error.errors ? { errors: error.errors } : {}),
        });
      status = error.status;
      response = {
        code: error.code,
        message: error.message,
        ...(error.errors ? { errors: error.errors } : {}),
      };
    }
    this.calls.push({
      method,
      path,
      query,
      body: body as RecordedCall['body'],
      files,
      status,
      response,
      order: this.nextOrder(),
      connection: req.socket.remotePort ?? 0,
    });
    // Like Discord, a 204 carries no body and no content type (discord.js would try to parse it).
    if (status === 204) res.writeHead(204).end();
    else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(response));
  }
}

/** The guilds Discord sends to a shard's connection. */
function onShard(guilds: FakeGuild[], [id, count]: readonly [number, number]): FakeGuild[] {
  return guilds.filter((guild) => shardOf(guild.id, count) === id);
}

async function readBody(req: IncomingMessage): Promise<{ body: unknown; files: RecordedCall['files'] }> {
  const raw = await readRaw(req);
  const type = req.headers['content-type'] ?? '';
  if (raw.length === 0) return { body: undefined, files: [] };
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    const files: RecordedCall['files'] = [];
    let body: unknown;
    for (const [key, value] of form.entries()) {
      if (key === 'payload_json') body = JSON.parse(String(value));
      else if (typeof value !== 'string')
        files.push({ name: value.name, size: value.size, contentType: value.type });
    }
    return { body, files };
  }
  return { body: JSON.parse(raw.toString('utf8')), files: [] };
}
