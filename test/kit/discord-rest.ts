/**
 * The REST half of the fake Discord: the routes the bot uses, answering like Discord does
 * (including its error codes), with the limits Discord enforces checked on every payload.
 */
import { INVALID_FORM_BODY, DISCORD_LIMITS as L } from '../../adapters/discord/limits.js';
import {
  apiChannel,
  apiGuildCreate,
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
  /** The TCP connection it came on (the client's port): which calls shared a connection. */
  connection: number;
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
  /** What `GET /gateway/bot` recommends as `shards`. */
  recommendedShards: number;
  guilds: FakeGuild[];
  users: Map<string, FakeUser>;
  channels: Map<string, FakeChannel>;
  messages: Map<string, StoredMessage>;
  interactions: Map<string, InteractionState>;
  commands: Map<string, unknown[]>;
  /** Reactions the bot added: `messageId` → emoji, in order. */
  reactions: { channelId: string; messageId: string; emoji: string }[];
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
    /** Discord's per-field `errors` object on a 50035 (Invalid Form Body). */
    readonly errors?: Record<string, unknown>,
  ) {}
}

type Body = Record<string, unknown>;
type Handler = (state: FakeState, params: string[], body: Body, query: Record<string, string>) => unknown;

const unknownChannel = () => new DiscordHttpError(404, 10003, 'Unknown Channel');
const unknownMessage = () => new DiscordHttpError(404, 10008, 'Unknown Message');

/**
 * Discord's answer to a body that breaks a limit: 400, code 50035, and an `errors` object keyed by
 * the path of the field, e.g. `{content: {_errors: [{code: 'BASE_TYPE_MAX_LENGTH', message}]}}`.
 */
function invalidAt(path: (string | number)[], code: string, message: string): DiscordHttpError {
  let errors: Record<string, unknown> = { _errors: [{ code, message }] };
  for (const key of [...path].reverse()) errors = { [String(key)]: errors };
  return new DiscordHttpError(
    INVALID_FORM_BODY.status,
    INVALID_FORM_BODY.code,
    INVALID_FORM_BODY.message,
    errors,
  );
}

const invalidBody = (why: string) => invalidAt([], 'BASE_TYPE_INVALID', why);

/** A string field within `max` (and present when `required`), else Discord's length error. */
function checkLength(
  value: unknown,
  max: number,
  path: (string | number)[],
  required = false,
  min = 1,
): void {
  if (value === undefined || value === null) {
    if (required) throw invalidAt(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  const length = String(value).length;
  if (length > max) throw invalidAt(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  if (length < min) throw invalidAt(path, 'BASE_TYPE_MIN_LENGTH', `Must be ${min} or more in length.`);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function holdsLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return LONE_SURROGATE.test(value);
  if (Array.isArray(value)) return value.some(holdsLoneSurrogate);
  if (value && typeof value === 'object') return Object.values(value).some(holdsLoneSurrogate);
  return false;
}

/** Half an emoji cannot be encoded as UTF-8: Discord refuses the body as invalid JSON. */
export function checkEncodable(body: unknown): void {
  if (holdsLoneSurrogate(body))
    throw new DiscordHttpError(400, 50109, 'The request body contains invalid JSON.');
}

function checkEmbeds(embeds: Body[]): void {
  if (embeds.length > L.embeds.value)
    throw invalidAt(['embeds'], 'BASE_TYPE_MAX_LENGTH', `Must be ${L.embeds.value} or fewer in length.`);
  let total = 0;
  for (const [e, embed] of embeds.entries()) {
    checkLength(embed.title, L.embedTitle.value, ['embeds', e, 'title']);
    checkLength(embed.description, L.embedDescription.value, ['embeds', e, 'description']);
    const footer = embed.footer as Body | undefined;
    if (footer) checkLength(footer.text, L.footer.value, ['embeds', e, 'footer', 'text'], true);
    const author = embed.author as Body | undefined;
    if (author) checkLength(author.name, L.author.value, ['embeds', e, 'author', 'name'], true);
    const fields = (embed.fields as Body[] | undefined) ?? [];
    if (fields.length > L.embedFields.value)
      throw invalidAt(
        ['embeds', e, 'fields'],
        'BASE_TYPE_MAX_LENGTH',
        `Must be ${L.embedFields.value} or fewer in length.`,
      );
    for (const [f, field] of fields.entries()) {
      checkLength(field.name, L.fieldName.value, ['embeds', e, 'fields', f, 'name'], true);
      checkLength(field.value, L.fieldValue.value, ['embeds', e, 'fields', f, 'value'], true);
      total += String(field.name).length + String(field.value).length;
    }
    total += String(embed.title ?? '').length + String(embed.description ?? '').length;
    total += String(footer?.text ?? '').length + String(author?.name ?? '').length;
  }
  if (total > L.embedTotal.value)
    throw invalidAt(
      ['embeds'],
      'MAX_EMBED_SIZE_EXCEEDED',
      `Embed size exceeds maximum size of ${L.embedTotal.value}`,
    );
}

function checkSelect(select: Body, path: (string | number)[]): void {
  const options = (select.options as Body[] | undefined) ?? [];
  if (options.length < L.selectOptionsMin.value || options.length > L.selectOptions.value)
    throw invalidAt(
      [...path, 'options'],
      'BASE_TYPE_BAD_LENGTH',
      `Must be between 1 and ${L.selectOptions.value} in length.`,
    );
  checkLength(select.placeholder, L.selectPlaceholder.value, [...path, 'placeholder']);
  for (const [i, o] of options.entries()) {
    checkLength(o.label, L.optionText.value, [...path, 'options', i, 'label'], true);
    checkLength(o.value, L.optionText.value, [...path, 'options', i, 'value'], true);
    checkLength(o.description, L.optionText.value, [...path, 'options', i, 'description']);
  }
}

/** Discord's own limits (adapters/discord/limits.ts), checked so a test fails the way production would. */
export function validateMessage(body: Body): void {
  checkEncodable(body);
  checkAllowedMentions(body.allowed_mentions as Body | undefined);
  const content = body.content;
  checkLength(content, L.content.value, ['content'], false, 0);
  checkLength(body.nonce, L.nonce.value, ['nonce']);
  const embeds = (body.embeds as Body[] | undefined) ?? [];
  checkEmbeds(embeds);
  const attachments = (body.attachments as Body[] | undefined) ?? [];
  for (const [i, a] of attachments.entries())
    checkLength(a.description, L.attachmentDescription.value, ['attachments', i, 'description'], false, 0);
  const rows = (body.components as Body[] | undefined) ?? [];
  if (rows.length > L.rows.value)
    throw invalidAt(['components'], 'BASE_TYPE_MAX_LENGTH', `Must be ${L.rows.value} or fewer in length.`);
  const ids = new Set<string>();
  for (const [r, row] of rows.entries()) {
    const children = (row.components as Body[] | undefined) ?? [];
    if (row.type !== 1 || children.length === 0 || children.length > L.perRow.value)
      throw invalidAt(
        ['components', r, 'components'],
        'BASE_TYPE_BAD_LENGTH',
        `Must be between 1 and ${L.perRow.value} in length.`,
      );
    for (const [c, child] of children.entries()) {
      const path = ['components', r, 'components', c];
      const id = String(child.custom_id ?? '');
      checkLength(child.custom_id, L.customId.value, [...path, 'custom_id'], true);
      if (ids.has(id))
        throw invalidAt(
          [...path, 'custom_id'],
          'COMPONENT_CUSTOM_ID_DUPLICATED',
          'Component custom id cannot be duplicated',
        );
      ids.add(id);
      if (child.type === 2) checkLength(child.label, L.buttonLabel.value, [...path, 'label']);
      if (child.type === 3) checkSelect(child, path);
    }
  }
  if (!content && embeds.length === 0 && rows.length === 0 && !body.attachments) {
    throw new DiscordHttpError(400, 50006, 'Cannot send an empty message');
  }
}

export function validateModal(modal: Body): void {
  checkEncodable(modal);
  checkLength(modal.custom_id, L.customId.value, ['data', 'custom_id'], true);
  checkLength(modal.title, L.modalTitle.value, ['data', 'title'], true);
  const components = (modal.components as Body[] | undefined) ?? [];
  if (components.length === 0 || components.length > L.modalComponents.value)
    throw invalidAt(
      ['data', 'components'],
      'BASE_TYPE_BAD_LENGTH',
      `Must be between 1 and ${L.modalComponents.value} in length.`,
    );
  for (const [i, label] of components.entries()) {
    const path = ['data', 'components', i];
    if (label.type !== 18) throw invalidBody('modal components must be labels');
    checkLength(label.label, L.labelText.value, [...path, 'label'], true);
    checkLength(label.description, L.labelDescription.value, [...path, 'description']);
    const inner = label.component as Body;
    const innerPath = [...path, 'component'];
    checkLength(inner.custom_id, L.customId.value, [...innerPath, 'custom_id'], true);
    if (inner.type === 3) {
      checkSelect(inner, innerPath);
      continue;
    }
    if (inner.type !== 4) throw invalidBody('label holds a text input or a select');
    const max = inner.max_length === undefined ? L.inputValue.value : Number(inner.max_length);
    if (!(max >= 1 && max <= L.inputValue.value))
      throw invalidAt(
        [...innerPath, 'max_length'],
        'NUMBER_TYPE_MAX',
        `int value should be less than or equal to ${L.inputValue.value}.`,
      );
    checkLength(inner.placeholder, L.inputPlaceholder.value, [...innerPath, 'placeholder']);
    checkLength(inner.value, max, [...innerPath, 'value'], false, 0);
  }
}

export function validateChoices(choices: Body[]): void {
  checkEncodable(choices);
  if (choices.length > L.autocompleteChoices.value)
    throw invalidAt(
      ['data', 'choices'],
      'BASE_TYPE_MAX_LENGTH',
      `Must be ${L.autocompleteChoices.value} or fewer in length.`,
    );
  for (const [i, choice] of choices.entries()) {
    checkLength(choice.name, L.choiceText.value, ['data', 'choices', i, 'name'], true);
    checkLength(choice.value, L.choiceText.value, ['data', 'choices', i, 'value'], true);
  }
}

/** How long Discord remembers an enforced nonce ("a few minutes"; we take the short end). */
export const NONCE_WINDOW_MS = 2 * 60_000;

/**
 * Discord refuses `parse: ['roles']` beside a `roles` list (and the same for users), and more than
 * 100 ids in either list.
 */
function checkAllowedMentions(allowed: Body | undefined): void {
  if (!allowed) return;
  const parse = (allowed.parse as string[] | undefined) ?? [];
  for (const kind of ['roles', 'users'] as const) {
    const list = allowed[kind] as string[] | undefined;
    if (list && parse.includes(kind))
      throw invalidAt(
        ['allowed_mentions', kind],
        'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        `parse:["${kind}"] and ${kind}: [ids] are mutually exclusive.`,
      );
    if (list && list.length > 100)
      throw invalidAt(['allowed_mentions', kind], 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
  }
}

/** The roles a message's content pings: `<@&id>` mentions its `allowed_mentions` let through. */
function pingedRoles(body: Body): string[] {
  const mentioned = [...String(body.content ?? '').matchAll(/<@&(\d+)>/g)].map((m) => m[1] ?? '');
  const allowed = body.allowed_mentions as Body | undefined;
  if (!allowed) return mentioned;
  const roles = allowed.roles as string[] | undefined;
  if (((allowed.parse as string[] | undefined) ?? []).includes('roles')) return mentioned;
  return mentioned.filter((id) => roles?.includes(id));
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
    mention_roles: pingedRoles(body),
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
    // Discord: the same nonce from the same author in the same channel within a few minutes → the
    // first message; an older one no longer counts.
    for (const existing of state.messages.values()) {
      const age = state.now() - Date.parse(String(existing.timestamp));
      if (existing.channel_id === channelId && existing.nonce === String(body.nonce) && age < NONCE_WINDOW_MS)
        return existing;
    }
  }
  return storeMessage(state, channelId, body, body.nonce === undefined ? {} : { nonce: String(body.nonce) });
}

function interactionByToken(state: FakeState, token: string): InteractionState {
  for (const interaction of state.interactions.values()) if (interaction.token === token) return interaction;
  throw new DiscordHttpError(404, 10015, 'Unknown Webhook');
}

/** `POST /interactions/{id}/{token}/callback`: the first response, once (a second is 40060). */
export function respond(
  state: FakeState,
  params: string[],
  body: Body,
  query: Record<string, string>,
): unknown {
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
    const choices = (data.choices as Body[] | undefined) ?? [];
    validateChoices(choices);
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
  // As for a follow-up: the token's webhook exists once Discord has taken a first response.
  if (interaction.callbackType === undefined) throw new DiscordHttpError(404, 10015, 'Unknown Webhook');
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
  checkEncodable(body);
  checkLength(body.name, L.threadName.value, ['name'], true);
  const name = String(body.name);
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

/** GUILD_CREATE's extra fields, which `GET /guilds/{id}` does not return. */
const GATEWAY_ONLY = new Set([
  'joined_at',
  'large',
  'unavailable',
  'member_count',
  'voice_states',
  'members',
  'channels',
  'threads',
  'presences',
  'stage_instances',
  'guild_scheduled_events',
  'soundboard_sounds',
]);

/** The bot's guilds, partial, by id, paged as Discord pages them (`limit` ≤ 200, `after`). */
function ownGuilds(state: FakeState, query: Record<string, string>): unknown {
  const limit = Number(query.limit ?? 200);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw invalidBody('limit must be 1 to 200');
  const after = BigInt(query.after ?? 0);
  return [...state.guilds]
    .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
    .filter((guild) => BigInt(guild.id) > after)
    .slice(0, limit)
    .map((guild) => ({
      id: guild.id,
      name: guild.name,
      icon: null,
      banner: null,
      owner: false,
      permissions: '0',
      features: [],
    }));
}

/** `GET /guilds/{id}`: the guild with its roles, as a bot on another shard would fetch it. */
function guildOr404(state: FakeState, guildId: string): unknown {
  const guild = state.guilds.find((g) => g.id === guildId);
  if (!guild) throw new DiscordHttpError(404, 10004, 'Unknown Guild');
  const full = apiGuildCreate(guild, { user: state.bot, roles: [] });
  return Object.fromEntries(Object.entries(full).filter(([key]) => !GATEWAY_ONLY.has(key)));
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

/** Unicode emoji the fake knows; Discord answers 10014 Unknown Emoji for anything else. */
const KNOWN_EMOJI = new Set(['📨', '🔒', '✅', '👀']);

/** PUT a reaction as the bot: the message must exist in that channel; adding it twice is a no-op. */
function addReaction(state: FakeState, params: string[]): unknown {
  const [channelId = '', messageId = '', emoji = ''] = params;
  channelOr404(state, channelId);
  const message = state.messages.get(messageId);
  if (!message || message.channel_id !== channelId) throw unknownMessage();
  if (!KNOWN_EMOJI.has(emoji)) throw new DiscordHttpError(400, 10014, 'Unknown Emoji');
  const already = state.reactions.some((r) => r.messageId === messageId && r.emoji === emoji);
  if (!already) state.reactions.push({ channelId, messageId, emoji });
  return null;
}

/** `[method, pattern, handler]`; patterns match the path after `/api/v10`. */
export const ROUTES: [string, RegExp, Handler][] = [
  [
    'GET',
    /^\/gateway\/bot$/,
    (s) => ({
      url: s.gatewayUrl,
      shards: s.recommendedShards,
      // 16 as for large bots: shards identify together instead of five seconds apart.
      session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 16 },
    }),
  ],
  ['GET', /^\/users\/@me$/, (s) => apiUser(s.bot)],
  ['GET', /^\/users\/@me\/guilds$/, (s, _p, _b, q) => ownGuilds(s, q)],
  ['GET', /^\/guilds\/(\d+)$/, (s, p) => guildOr404(s, p[0] ?? '')],
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
  ['PUT', /^\/channels\/(\d+)\/messages\/(\d+)\/reactions\/([^/]+)\/@me$/, addReaction],
  ['POST', /^\/channels\/(\d+)\/threads$/, startThread],
  ['PUT', /^\/channels\/(\d+)\/thread-members\/(\d+)$/, (s, p) => addThreadMember(s, p)],
  ['GET', /^\/guilds\/(\d+)\/members\/(\d+)$/, guildMember],
];

/** Routes answered without the bot token: interaction callbacks and webhooks use their own token. */
export function needsBotToken(path: string): boolean {
  return !path.startsWith('/interactions/') && !path.startsWith('/webhooks/');
}
