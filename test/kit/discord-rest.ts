/**
 * The REST half of the fake Discord: the routes the bot uses, answering like Discord does
 * (including its error codes), with the limits Discord enforces checked on every payload.
 */
import {
  apiChannel,
  apiMember,
  apiUser,
  type FakeChannel,
  type FakeGuild,
  type FakeUser,
  snowflake,
} from './discord-model.js';

export interface RecordedCall {
  method: string;
  /** Path after `/api/v10`, e.g. `/channels/123/messages`. */
  path: string;
  query: Record<string, string>;
  /** JSON body, or `payload_json` of a multipart body. */
  body: Record<string, unknown> | undefined;
  files: { name: string; size: number; contentType: string }[];
  status: number;
  response: unknown;
  /** Position in the conversation, shared with the fake's inbound dispatches. */
  order: number;
}

export interface StoredMessage {
  id: string;
  channel_id: string;
  author: Record<string, unknown>;
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: unknown[];
  flags: number;
  nonce?: string;
  /** The interaction this message answers, for ephemeral replies and follow-ups. */
  interactionId?: string;
  edits: number;
  [key: string]: unknown;
}

export interface InteractionState {
  id: string;
  token: string;
  type: number;
  createdAt: number;
  channelId: string;
  guildId?: string;
  /** The message a component was on. */
  sourceMessageId?: string;
  /** The callback type the bot answered with (4 reply, 5 defer, 6 defer update, 7 update, 8 choices, 9 modal). */
  callbackType?: number;
  originalMessageId?: string;
  modal?: Record<string, unknown>;
  choices?: unknown[];
}

/** Everything the fake knows; tests read it to assert outcomes. */
export interface FakeState {
  token: string;
  applicationId: string;
  bot: FakeUser;
  gatewayUrl: string;
  guilds: FakeGuild[];
  users: Map<string, FakeUser>;
  channels: Map<string, FakeChannel>;
  messages: Map<string, StoredMessage>;
  interactions: Map<string, InteractionState>;
  commands: Map<string, unknown[]>;
  /** How long an interaction may wait for its first response (Discord: 3 s). */
  interactionDeadlineMs: number;
  now(): number;
  dispatch(type: string, data: unknown): void;
}

export class DiscordHttpError {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly message: string,
  ) {}
}

type Body = Record<string, unknown>;
type Handler = (state: FakeState, params: string[], body: Body, query: Record<string, string>) => unknown;

const unknownChannel = () => new DiscordHttpError(404, 10003, 'Unknown Channel');
const unknownMessage = () => new DiscordHttpError(404, 10008, 'Unknown Message');
const invalidBody = (why: string) => new DiscordHttpError(400, 50035, `Invalid Form Body: ${why}`);

/** Discord's own limits, checked so a test fails the way production would. */
export function validateMessage(body: Body): void {
  const content = body.content;
  if (typeof content === 'string' && content.length > 2000) throw invalidBody('content longer than 2000');
  const embeds = (body.embeds as Body[] | undefined) ?? [];
  if (embeds.length > 10) throw invalidBody('more than 10 embeds');
  for (const embed of embeds) {
    if (String(embed.title ?? '').length > 256) throw invalidBody('embed title longer than 256');
    if (String(embed.description ?? '').length > 4096)
      throw invalidBody('embed description longer than 4096');
    const fields = (embed.fields as Body[] | undefined) ?? [];
    if (fields.length > 25) throw invalidBody('more than 25 embed fields');
    for (const field of fields) {
      if (!field.name || String(field.name).length > 256) throw invalidBody('embed field name');
      if (!field.value || String(field.value).length > 1024) throw invalidBody('embed field value');
    }
  }
  const rows = (body.components as Body[] | undefined) ?? [];
  if (rows.length > 5) throw invalidBody('more than 5 action rows');
  const ids = new Set<string>();
  for (const row of rows) {
    const children = (row.components as Body[] | undefined) ?? [];
    if (row.type !== 1 || children.length === 0 || children.length > 5) throw invalidBody('action row');
    for (const child of children) {
      const id = String(child.custom_id ?? '');
      if (!id || id.length > 100) throw invalidBody('custom_id must be 1–100 characters');
      if (ids.has(id)) throw invalidBody('custom_id must be unique in a message');
      ids.add(id);
      if (child.type === 2 && String(child.label ?? '').length > 80) throw invalidBody('button label');
      if (child.type === 3) {
        const options = (child.options as Body[] | undefined) ?? [];
        if (options.length === 0 || options.length > 25) throw invalidBody('select options');
        if (options.some((o) => String(o.label).length > 100 || String(o.value).length > 100)) {
          throw invalidBody('select option longer than 100');
        }
      }
    }
  }
  if (!content && embeds.length === 0 && rows.length === 0 && !body.attachments) {
    throw new DiscordHttpError(400, 50006, 'Cannot send an empty message');
  }
}

function validateModal(modal: Body): void {
  const customId = String(modal.custom_id ?? '');
  if (!customId || customId.length > 100) throw invalidBody('modal custom_id');
  const title = String(modal.title ?? '');
  if (!title || title.length > 45) throw invalidBody('modal title must be 1–45 characters');
  const components = (modal.components as Body[] | undefined) ?? [];
  if (components.length === 0 || components.length > 5) throw invalidBody('modal needs 1–5 components');
  for (const label of components) {
    if (label.type !== 18) throw invalidBody('modal components must be labels');
    if (!label.label || String(label.label).length > 45) throw invalidBody('label must be 1–45 characters');
    const inner = label.component as Body;
    if (inner.type !== 4 && inner.type !== 3) throw invalidBody('label holds a text input or a select');
    if (String(inner.custom_id ?? '').length > 100) throw invalidBody('input custom_id');
  }
}

function storeMessage(state: FakeState, channelId: string, body: Body, extra: Partial<StoredMessage> = {}) {
  validateMessage(body);
  const message: StoredMessage = {
    id: snowflake(),
    type: 0,
    channel_id: channelId,
    author: apiUser(state.bot),
    content: String(body.content ?? ''),
    embeds: (body.embeds as unknown[] | undefined) ?? [],
    components: (body.components as unknown[] | undefined) ?? [],
    attachments: ((body.attachments as Body[] | undefined) ?? []).map((a) => ({ ...a, id: snowflake() })),
    flags: Number(body.flags ?? 0),
    timestamp: new Date(state.now()).toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    pinned: false,
    edits: 0,
    ...extra,
  };
  const guildId = state.channels.get(channelId)?.guildId;
  if (guildId) message.guild_id = guildId;
  state.messages.set(message.id, message);
  return message;
}

function editMessage(state: FakeState, message: StoredMessage, body: Body) {
  const next = { ...message, ...pick(body, ['content', 'embeds', 'components', 'flags']) } as StoredMessage;
  validateMessage(next);
  next.edits = message.edits + 1;
  next.edited_timestamp = new Date(state.now()).toISOString();
  state.messages.set(message.id, next);
  return next;
}

function pick(body: Body, keys: string[]): Body {
  return Object.fromEntries(keys.filter((k) => body[k] !== undefined).map((k) => [k, body[k]]));
}

function channelOr404(state: FakeState, id: string): FakeChannel {
  const channel = state.channels.get(id);
  if (!channel) throw unknownChannel();
  return channel;
}

function postMessage(state: FakeState, channelId: string, body: Body): StoredMessage {
  const channel = channelOr404(state, channelId);
  if (channel.type === 1) {
    const recipient = state.users.get(channel.recipientId ?? '');
    if (recipient?.dmsClosed) throw new DiscordHttpError(403, 50007, 'Cannot send messages to this user');
  }
  if (body.enforce_nonce && body.nonce !== undefined) {
    // Discord: the same nonce from the same author in the same channel within minutes → the first message.
    for (const existing of state.messages.values()) {
      if (existing.channel_id === channelId && existing.nonce === String(body.nonce)) return existing;
    }
  }
  return storeMessage(state, channelId, body, body.nonce === undefined ? {} : { nonce: String(body.nonce) });
}

function interactionByToken(state: FakeState, token: string): InteractionState {
  for (const interaction of state.interactions.values()) if (interaction.token === token) return interaction;
  throw new DiscordHttpError(404, 10015, 'Unknown Webhook');
}

function respond(state: FakeState, params: string[], body: Body, query: Record<string, string>): unknown {
  const interaction = state.interactions.get(params[0] ?? '');
  if (!interaction || interaction.token !== params[1]) {
    throw new DiscordHttpError(404, 10062, 'Unknown interaction');
  }
  if (interaction.callbackType !== undefined) {
    throw new DiscordHttpError(400, 40060, 'Interaction has already been acknowledged.');
  }
  if (state.now() - interaction.createdAt > state.interactionDeadlineMs) {
    throw new DiscordHttpError(404, 10062, 'Unknown interaction');
  }
  const type = Number(body.type);
  const data = (body.data as Body | undefined) ?? {};
  if (type === 4) {
    const message = storeMessage(state, interaction.channelId, data, { interactionId: interaction.id });
    interaction.originalMessageId = message.id;
  } else if (type === 5) {
    const message = storeMessage(
      state,
      interaction.channelId,
      { content: '', flags: Number(data.flags ?? 0) | 128, attachments: [] },
      { interactionId: interaction.id },
    );
    interaction.originalMessageId = message.id;
  } else if (type === 7) {
    const source = state.messages.get(interaction.sourceMessageId ?? '');
    if (!source) throw unknownMessage();
    editMessage(state, source, data);
    interaction.originalMessageId = source.id;
  } else if (type === 6) {
    interaction.originalMessageId = interaction.sourceMessageId;
  } else if (type === 9) {
    if (interaction.type === 5) throw new DiscordHttpError(400, 40060, 'A modal cannot open a modal');
    validateModal(data);
    interaction.modal = data;
  } else if (type === 8) {
    const choices = (data.choices as unknown[] | undefined) ?? [];
    if (choices.length > 25) throw invalidBody('more than 25 choices');
    interaction.choices = choices;
  } else {
    throw invalidBody(`unknown callback type ${type}`);
  }
  interaction.callbackType = type;
  return query.with_response === 'true'
    ? { interaction: { id: interaction.id, type: interaction.type } }
    : null;
}

function editOriginal(state: FakeState, params: string[], body: Body): unknown {
  const interaction = interactionByToken(state, params[1] ?? '');
  const target = params[2] === '@original' ? interaction.originalMessageId : params[2];
  const message = state.messages.get(target ?? '');
  if (!message) throw unknownMessage();
  const edited = editMessage(state, message, body);
  edited.flags &= ~128;
  return edited;
}

function getOriginal(state: FakeState, params: string[]): unknown {
  const interaction = interactionByToken(state, params[1] ?? '');
  const target = params[2] === '@original' ? interaction.originalMessageId : params[2];
  const message = state.messages.get(target ?? '');
  if (!message) throw unknownMessage();
  return message;
}

function followUp(state: FakeState, params: string[], body: Body): unknown {
  const interaction = interactionByToken(state, params[1] ?? '');
  if (interaction.callbackType === undefined) throw new DiscordHttpError(404, 10015, 'Unknown Webhook');
  return storeMessage(state, interaction.channelId, body, { interactionId: interaction.id });
}

function openDm(state: FakeState, body: Body): unknown {
  const user = state.users.get(String(body.recipient_id));
  if (!user) throw new DiscordHttpError(404, 10013, 'Unknown User');
  let channel = [...state.channels.values()].find((c) => c.type === 1 && c.recipientId === user.id);
  if (!channel) {
    channel = { id: snowflake(), name: '', type: 1, recipientId: user.id };
    state.channels.set(channel.id, channel);
  }
  return apiChannel(channel, [user]);
}

/** Creates a thread under `parent` and announces it on the gateway, as Discord does. */
function createThread(state: FakeState, parent: FakeChannel, id: string, type: number, body: Body): unknown {
  const name = String(body.name ?? '');
  if (!name || name.length > 100) throw invalidBody('thread name must be 1–100 characters');
  const thread: FakeChannel = {
    id,
    name,
    type,
    parentId: parent.id,
    members: [state.bot.id],
    ...(parent.guildId ? { guildId: parent.guildId } : {}),
  };
  state.channels.set(thread.id, thread);
  const payload = apiChannel(thread);
  state.dispatch('THREAD_CREATE', { ...payload, newly_created: true });
  return payload;
}

/** A thread started from a message takes the message's id. */
function startThreadFromMessage(state: FakeState, params: string[], body: Body): unknown {
  const parent = channelOr404(state, params[0] ?? '');
  const message = state.messages.get(params[1] ?? '');
  if (!message || message.channel_id !== parent.id) throw unknownMessage();
  if (state.channels.has(message.id)) {
    throw new DiscordHttpError(400, 160004, 'A thread has already been created for this message');
  }
  return createThread(state, parent, message.id, 11, body);
}

function startThread(state: FakeState, params: string[], body: Body): unknown {
  const parent = channelOr404(state, params[0] ?? '');
  return createThread(state, parent, snowflake(), Number(body.type ?? 12), body);
}

function addThreadMember(state: FakeState, params: string[]): unknown {
  const thread = channelOr404(state, params[0] ?? '');
  if (thread.type !== 11 && thread.type !== 12) throw invalidBody('not a thread');
  thread.members = [...new Set([...(thread.members ?? []), params[1] ?? ''])];
  return null;
}

function guildMember(state: FakeState, params: string[]): unknown {
  const guild = state.guilds.find((g) => g.id === params[0]);
  if (!guild) throw new DiscordHttpError(404, 10004, 'Unknown Guild');
  const member = guild.members.find((m) => m.user.id === params[1]);
  if (!member) throw new DiscordHttpError(404, 10007, 'Unknown Member');
  return apiMember(guild, member, false);
}

function putCommands(state: FakeState, scope: string, body: unknown): unknown {
  if (!Array.isArray(body)) throw invalidBody('expected an array of commands');
  const stored = body.map((command: Body) => ({
    ...command,
    id: snowflake(),
    application_id: state.applicationId,
    version: snowflake(),
  }));
  state.commands.set(scope, stored);
  return stored;
}

/** `[method, pattern, handler]`; patterns match the path after `/api/v10`. */
export const ROUTES: [string, RegExp, Handler][] = [
  [
    'GET',
    /^\/gateway\/bot$/,
    (s) => ({
      url: s.gatewayUrl,
      shards: 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
    }),
  ],
  ['GET', /^\/users\/@me$/, (s) => apiUser(s.bot)],
  [
    'GET',
    /^\/applications\/@me$/,
    (s) => ({ id: s.applicationId, name: 'Hearken', flags: 0, bot_public: true }),
  ],
  ['PUT', /^\/applications\/(\d+)\/commands$/, (s, _p, b) => putCommands(s, 'global', b)],
  ['PUT', /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, (s, p, b) => putCommands(s, p[1] ?? '', b)],
  ['POST', /^\/interactions\/(\d+)\/([^/]+)\/callback$/, respond],
  ['PATCH', /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(@original|\d+)$/, editOriginal],
  ['GET', /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(@original|\d+)$/, getOriginal],
  ['POST', /^\/webhooks\/(\d+)\/([^/]+)$/, followUp],
  ['POST', /^\/users\/@me\/channels$/, (s, _p, b) => openDm(s, b)],
  ['GET', /^\/channels\/(\d+)$/, (s, p) => apiChannel(channelOr404(s, p[0] ?? ''))],
  ['POST', /^\/channels\/(\d+)\/messages$/, (s, p, b) => postMessage(s, p[0] ?? '', b)],
  [
    'GET',
    /^\/channels\/(\d+)\/messages\/(\d+)$/,
    (s, p) => {
      const message = s.messages.get(p[1] ?? '');
      if (!message || message.channel_id !== p[0]) throw unknownMessage();
      return message;
    },
  ],
  [
    'PATCH',
    /^\/channels\/(\d+)\/messages\/(\d+)$/,
    (s, p, b) => {
      const message = s.messages.get(p[1] ?? '');
      if (!message || message.channel_id !== p[0]) throw unknownMessage();
      return editMessage(s, message, b);
    },
  ],
  ['POST', /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/, startThreadFromMessage],
  ['POST', /^\/channels\/(\d+)\/threads$/, startThread],
  ['PUT', /^\/channels\/(\d+)\/thread-members\/(\d+)$/, (s, p) => addThreadMember(s, p)],
  ['GET', /^\/guilds\/(\d+)\/members\/(\d+)$/, guildMember],
];

/** Routes answered without the bot token: interaction callbacks and webhooks use their own token. */
export function needsBotToken(path: string): boolean {
  return !path.startsWith('/interactions/') && !path.startsWith('/webhooks/');
}
