/**
 * Inbound normalisation: a Slack payload (Events API body, slash command, interaction) becomes a
 * tagged result. Nothing here throws on odd input; anything we do not handle is `unsupported`
 * with a reason, and things we deliberately drop (bots, edits) are `ignored`.
 *
 * The actor comes out with the names Slack sent and no roles or locale; `actors.ts` fills those in
 * (they need API calls, which must wait until after the ack).
 */
import type { CommandName, FileRef, InboundEvent, MessageRef, Place } from '../../src/messages.js';
import { isDirectMessageChannel, opaqueId, tenantIdOf } from './ids.js';
import { normalizeSpecial } from './message-changes.js';
import { decodeActionId, decodeFormMetadata, FORM_CALLBACK_PREFIX, type FormOrigin } from './render.js';
import { commandTextToNeutral, mentionedUsers, slackTextToPlain } from './text.js';

/** What the adapter needs, beside the neutral event, to answer where the person is. */
export interface SlackVia {
  teamId: string;
  /** Raw Slack user id of the actor. */
  userId: string;
  /** Raw channel id where it happened (DM, channel), when there is one. */
  channelId?: string;
  /** Valid for 3 s, once: the only way to open a modal. */
  triggerId?: string;
  /** Answers ephemerally or in place for ~30 min. */
  responseUrl?: string;
  /** The message a clicked button sat on. */
  source?: { channelId: string; ts: string; ephemeral: boolean };
  /** For a form submission: where its modal was opened from. */
  origin?: FormOrigin;
  /** Users mentioned in a command whose names Slack did not send: opaque id → raw Slack id. */
  unnamedMentions?: Record<string, string>;
  /** A message in a channel thread: its ts (to react to) and the thread's ts (to answer in). */
  thread?: { ts: string; threadTs: string };
}

export type SlackInbound =
  | { kind: 'inbound'; event: InboundEvent; via: SlackVia }
  | { kind: 'home'; id: string; via: SlackVia }
  | { kind: 'ignored'; reason: string }
  | { kind: 'unsupported'; reason: string };

export interface NormalizeOptions {
  /** The bot's own user id (from auth.test), so its messages are never read as a customer's. */
  botUserId?: string;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function obj(value: unknown): Json {
  return isObject(value) ? value : {};
}

const COMMANDS: Record<string, CommandName> = {
  '/complain': 'complain',
  '/ticket': 'ticket',
  '/hearken': 'hearken',
};

function baseActor(teamId: string, userId: string, displayName: string) {
  return {
    platform: 'slack' as const,
    tenantId: tenantIdOf(teamId),
    userId: opaqueId(teamId, userId),
    displayName,
    roles: [],
  };
}

function placeOf(teamId: string, channelId: string | undefined): Place {
  if (!channelId || isDirectMessageChannel(channelId)) return { kind: 'dm' };
  return { kind: 'channel', channelId: opaqueId(teamId, channelId) };
}

/**
 * The files of a `file_share` message as references: the private download URL (fetched later with
 * the bot token, to re-post the file in the card's thread) and the permalink. Files Slack no longer
 * has (`tombstone`) or only links to (`external`) have nothing to fetch and are left out.
 */
function sharedFiles(value: unknown): FileRef[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).flatMap((file): FileRef[] => {
    const ref = str(file.url_private_download) ?? str(file.url_private);
    if (!ref || file.mode === 'tombstone' || file.mode === 'external') return [];
    const permalink = str(file.permalink);
    return [
      {
        name: str(file.name) ?? str(file.title) ?? str(file.id) ?? 'file',
        mimeType: str(file.mimetype) ?? 'application/octet-stream',
        size: typeof file.size === 'number' && file.size >= 0 ? file.size : 0,
        ref,
        ...(permalink ? { url: permalink } : {}),
      },
    ];
  });
}

/**
 * How staff send a file to a customer on Slack, where slash commands take no files (and do not
 * work in threads): share the file in the complaint card's thread with a caption that starts with
 * this marker, then the reply (`!reply Here is your return label`).
 */
export const FILE_REPLY_MARKER = '!reply';

/**
 * A file shared in a channel thread with the reply marker: `/ticket reply` with files, for the
 * complaint whose card starts the thread (the core checks the person is staff). Anything else in
 * a channel is not ours to read here.
 */
function staffFileReply(
  event: Json,
  teamId: string,
  eventId: string,
  user: string,
  body: Json,
): SlackInbound | undefined {
  const channel = str(event.channel);
  const threadTs = str(event.thread_ts);
  if (!channel || event.channel_type === 'im' || !threadTs || threadTs === str(event.ts)) return undefined;
  const text = slackTextToPlain(typeof event.text === 'string' ? event.text : '').trim();
  if (!text.toLowerCase().startsWith(FILE_REPLY_MARKER)) return undefined;
  const files = sharedFiles(event.files);
  if (files.length === 0) return undefined;
  return {
    kind: 'inbound',
    event: {
      kind: 'command',
      id: `slack:${eventId}`,
      actor: baseActor(teamId, user, ''),
      place: { kind: 'channel', channelId: opaqueId(teamId, channel), threadOf: threadTs },
      command: 'ticket',
      text: `reply ${text.slice(FILE_REPLY_MARKER.length).trim()}`,
      files,
      raw: body,
    },
    via: { teamId, userId: user, channelId: channel },
  };
}

function normalizeEvent(body: Json, options: NormalizeOptions): SlackInbound {
  const event = obj(body.event);
  const teamId = str(body.team_id);
  const eventId = str(body.event_id);
  if (!teamId || !eventId)
    return { kind: 'unsupported', reason: 'event_callback without team_id or event_id' };
  const type = str(event.type);
  if (type === 'app_home_opened') {
    const user = str(event.user);
    if (!user) return { kind: 'unsupported', reason: 'app_home_opened without user' };
    if (event.tab !== 'home')
      return { kind: 'ignored', reason: `app_home_opened on the ${String(event.tab)} tab` };
    return { kind: 'home', id: `slack:${eventId}`, via: { teamId, userId: user } };
  }
  if (type !== 'message') return { kind: 'unsupported', reason: `event ${type ?? 'without type'}` };
  // A file shared in a card's thread with `!reply` is a staff reply with files, not thread talk.
  const sharer = str(event.user);
  if (
    sharer &&
    sharer !== options.botUserId &&
    event.bot_id === undefined &&
    (event.subtype === undefined || event.subtype === 'file_share')
  ) {
    const staffFiles = staffFileReply(event, teamId, eventId, sharer, body);
    if (staffFiles) return staffFiles;
  }
  // Card-thread messages, and a customer's edits and deletions: message-changes.ts.
  const special = normalizeSpecial(body, options.botUserId);
  if (special && 'ignored' in special) return { kind: 'ignored', reason: special.ignored };
  if (special) {
    const { event: inbound, userId, channelId, thread } = special;
    return {
      kind: 'inbound',
      event: inbound,
      via: { teamId, userId, channelId, ...(thread ? { thread } : {}) },
    };
  }
  // A file shared with a caption is still the customer's words; every other subtype (edits,
  // deletions, joins, bot posts) is not a new message from them.
  if (event.subtype !== undefined && event.subtype !== 'file_share') {
    return { kind: 'ignored', reason: `message subtype ${String(event.subtype)}` };
  }
  const user = str(event.user);
  if (event.bot_id !== undefined || !user || user === options.botUserId) {
    return { kind: 'ignored', reason: 'message from a bot' };
  }
  const channel = str(event.channel);
  if (event.channel_type !== 'im' || !channel) {
    return { kind: 'unsupported', reason: `message in a ${String(event.channel_type)} conversation` };
  }
  const text = slackTextToPlain(typeof event.text === 'string' ? event.text : '').trim();
  const files = sharedFiles(event.files);
  if (text === '' && files.length === 0) return { kind: 'ignored', reason: 'empty message' };
  return {
    kind: 'inbound',
    event: {
      kind: 'message',
      id: `slack:${eventId}`,
      actor: baseActor(teamId, user, ''),
      place: { kind: 'dm' },
      text,
      ...(files.length > 0 ? { files } : {}),
      raw: body,
    },
    via: { teamId, userId: user, channelId: channel },
  };
}

function normalizeCommand(body: Json): SlackInbound {
  const command = COMMANDS[String(body.command)];
  if (!command) return { kind: 'unsupported', reason: `command ${String(body.command)}` };
  const teamId = str(body.team_id);
  const user = str(body.user_id);
  const triggerId = str(body.trigger_id);
  if (!teamId || !user || !triggerId)
    return { kind: 'unsupported', reason: 'command without team, user or trigger' };
  const channelId = str(body.channel_id);
  const responseUrl = str(body.response_url);
  const rawText = typeof body.text === 'string' ? body.text : '';
  const mentions: Record<string, string> = {};
  const unnamedMentions: Record<string, string> = {};
  for (const [opaque, name] of mentionedUsers(rawText, teamId)) {
    if (name) mentions[opaque] = name;
    else unnamedMentions[opaque] = opaque.slice(opaque.lastIndexOf(':') + 1);
  }
  return {
    kind: 'inbound',
    event: {
      kind: 'command',
      // Slack never retries a slash command; trigger_id is unique per invocation.
      id: `slack:command:${triggerId}`,
      actor: baseActor(teamId, user, str(body.user_name) ?? ''),
      place: placeOf(teamId, channelId),
      command,
      text: commandTextToNeutral(rawText, teamId),
      ...(Object.keys(mentions).length > 0 ? { mentions } : {}),
      raw: body,
    },
    via: {
      teamId,
      userId: user,
      triggerId,
      ...(Object.keys(unnamedMentions).length > 0 ? { unnamedMentions } : {}),
      ...(channelId ? { channelId } : {}),
      ...(responseUrl ? { responseUrl } : {}),
    },
  };
}

function actionValue(action: Json): string {
  const selected = obj(action.selected_option);
  if (typeof selected.value === 'string') return selected.value;
  return typeof action.value === 'string' ? action.value : '';
}

function normalizeBlockActions(body: Json): SlackInbound {
  const user = obj(body.user);
  const userId = str(user.id);
  const teamId = str(obj(body.team).id) ?? str(user.team_id);
  const triggerId = str(body.trigger_id);
  const actions = Array.isArray(body.actions) ? body.actions.filter(isObject) : [];
  const action = actions[0];
  if (!userId || !teamId || !triggerId || !action) {
    return { kind: 'unsupported', reason: 'block_actions without user, team, trigger or action' };
  }
  const actionId = str(action.action_id);
  if (!actionId) return { kind: 'unsupported', reason: 'block action without action_id' };
  const container = obj(body.container);
  const channelId = str(container.channel_id) ?? str(obj(body.channel).id);
  const messageTs = str(container.message_ts);
  const responseUrl = str(body.response_url);
  const inModal = container.type === 'view';
  const source: MessageRef | undefined =
    channelId && messageTs
      ? { platform: 'slack', channelId: opaqueId(teamId, channelId), messageId: messageTs }
      : undefined;
  return {
    kind: 'inbound',
    event: {
      kind: 'action',
      // Interactions are not retried by Slack; trigger_id is unique per click.
      id: `slack:action:${triggerId}`,
      actor: baseActor(teamId, userId, str(user.name) ?? str(user.username) ?? ''),
      place: inModal ? { kind: 'form' } : placeOf(teamId, channelId),
      action: decodeActionId(actionId),
      value: actionValue(action),
      ...(source ? { source } : {}),
      raw: body,
    },
    via: {
      teamId,
      userId,
      triggerId,
      ...(channelId ? { channelId } : {}),
      ...(responseUrl ? { responseUrl } : {}),
      ...(channelId && messageTs
        ? { source: { channelId, ts: messageTs, ephemeral: container.is_ephemeral === true } }
        : {}),
    },
  };
}

/** Reads a modal's submitted values: text inputs and single selects, keyed by the form field id. */
export function readViewValues(state: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [blockId, block] of Object.entries(obj(obj(state).values))) {
    for (const element of Object.values(obj(block))) {
      const input = obj(element);
      const selected = obj(input.selected_option);
      if (typeof selected.value === 'string') values[blockId] = selected.value;
      else if (typeof input.value === 'string') values[blockId] = input.value;
    }
  }
  return values;
}

function normalizeViewSubmission(body: Json): SlackInbound {
  const view = obj(body.view);
  const callbackId = str(view.callback_id) ?? '';
  if (!callbackId.startsWith(FORM_CALLBACK_PREFIX)) {
    return { kind: 'unsupported', reason: `view ${callbackId || 'without callback_id'}` };
  }
  const user = obj(body.user);
  const userId = str(user.id);
  const teamId = str(obj(body.team).id) ?? str(user.team_id);
  const meta = decodeFormMetadata(typeof view.private_metadata === 'string' ? view.private_metadata : '');
  if (!userId || !teamId || !meta)
    return { kind: 'unsupported', reason: 'view_submission without user, team or metadata' };
  const triggerId = str(body.trigger_id);
  // trigger_id is unique per submission; the view id and hash identify it when it is missing.
  const id = triggerId ?? `${String(view.id)}:${String(view.hash)}`;
  return {
    kind: 'inbound',
    event: {
      kind: 'form',
      id: `slack:form:${id}`,
      actor: baseActor(teamId, userId, str(user.name) ?? str(user.username) ?? ''),
      place: { kind: 'form' },
      formId: meta.formId,
      ...(meta.context !== undefined ? { context: meta.context } : {}),
      values: readViewValues(view.state),
      raw: body,
    },
    via: {
      teamId,
      userId,
      origin: meta.origin,
      ...(triggerId ? { triggerId } : {}),
      ...(meta.origin.channelId ? { channelId: meta.origin.channelId } : {}),
    },
  };
}

/** Turns any Slack request body Bolt hands us into a tagged, neutral result. */
export function normalizeSlack(body: unknown, options: NormalizeOptions = {}): SlackInbound {
  if (!isObject(body)) return { kind: 'unsupported', reason: 'body is not an object' };
  if (body.type === 'event_callback') return normalizeEvent(body, options);
  if (typeof body.command === 'string') return normalizeCommand(body);
  if (body.type === 'block_actions') return normalizeBlockActions(body);
  if (body.type === 'view_submission') return normalizeViewSubmission(body);
  return { kind: 'unsupported', reason: `payload type ${String(body.type ?? 'unknown')}` };
}
