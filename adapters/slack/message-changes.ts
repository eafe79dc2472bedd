/**
 * Message events beside a customer's new DM: a staff member writing in a card's thread in a
 * channel, and a customer editing (`message_changed`) or deleting (`message_deleted`) a message in
 * their DM. `normalizeSpecial` answers undefined for everything else, which normalize.ts handles.
 */
import type { InboundEvent } from '../../src/messages.js';
import { isDirectMessageChannel, opaqueId, tenantIdOf } from './ids.js';
import { slackTextToPlain } from './text.js';

type Json = Record<string, unknown>;

/** What normalize.ts needs back: the neutral event and the raw ids to answer with. */
export interface SpecialMessage {
  event: InboundEvent;
  teamId: string;
  userId: string;
  channelId: string;
  /** For a thread message: the message's own ts (to react to) and its thread's. */
  thread?: { ts: string; threadTs: string };
}

export type Special = SpecialMessage | { ignored: string } | undefined;

const isJson = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const obj = (value: unknown): Json => (isJson(value) ? value : {});
const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const plain = (value: unknown) => slackTextToPlain(typeof value === 'string' ? value : '').trim();

const actor = (teamId: string, user: string) => ({
  platform: 'slack' as const,
  tenantId: tenantIdOf(teamId),
  userId: opaqueId(teamId, user),
  displayName: '',
  roles: [],
});

/** Subtypes that still carry a person's own words in a thread. */
const THREAD_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

/**
 * Reads the message events normalize.ts does not: a channel thread reply, or a DM edit or
 * deletion. `botUserId` keeps the bot's own posts (and its own card edits) out.
 */
export function normalizeSpecial(body: Json, botUserId: string | undefined): Special {
  const event = obj(body.event);
  const teamId = str(body.team_id);
  const eventId = str(body.event_id);
  const channel = str(event.channel);
  if (!teamId || !eventId || !channel) return undefined;
  const subtype = str(event.subtype);
  const id = `slack:${eventId}`;
  const inDm = event.channel_type === 'im' || isDirectMessageChannel(channel);

  if (inDm && subtype === 'message_changed') {
    const message = obj(event.message);
    const previous = obj(event.previous_message);
    const user = str(message.user);
    if (!user || message.bot_id !== undefined || user === botUserId)
      return { ignored: 'a bot message changed' };
    // Slack also sends message_changed when it unfurls a link: only a real edit counts.
    const text = plain(message.text);
    if (message.edited === undefined || text === plain(previous.text)) return { ignored: 'not an edit' };
    if (!text) return { ignored: 'edited to nothing' };
    const change: InboundEvent = {
      kind: 'message',
      id,
      actor: actor(teamId, user),
      place: { kind: 'dm' },
      text,
      change: 'edited',
      raw: body,
    };
    return { event: change, teamId, userId: user, channelId: channel };
  }
  if (inDm && subtype === 'message_deleted') {
    const previous = obj(event.previous_message);
    const user = str(previous.user);
    if (!user || previous.bot_id !== undefined || user === botUserId)
      return { ignored: 'a bot message deleted' };
    const change: InboundEvent = {
      kind: 'message',
      id,
      actor: actor(teamId, user),
      place: { kind: 'dm' },
      text: '',
      change: 'deleted',
      raw: body,
    };
    return { event: change, teamId, userId: user, channelId: channel };
  }

  const ts = str(event.ts);
  const threadTs = str(event.thread_ts);
  if (inDm || !ts || !threadTs || threadTs === ts || !THREAD_SUBTYPES.has(subtype)) return undefined;
  const user = str(event.user);
  if (event.bot_id !== undefined || !user || user === botUserId) return { ignored: 'message from a bot' };
  // Only threads under the bot's own posts can be a card's: other chatter costs no look-ups.
  const parentUser = str(event.parent_user_id);
  if (parentUser && botUserId && parentUser !== botUserId) return { ignored: 'a thread under someone else' };
  const text = plain(event.text);
  if (!text) return { ignored: 'empty thread message' };
  const message: InboundEvent = {
    kind: 'message',
    id,
    actor: actor(teamId, user),
    place: { kind: 'channel', channelId: opaqueId(teamId, channel), threadOf: threadTs },
    text,
    raw: body,
  };
  return { event: message, teamId, userId: user, channelId: channel, thread: { ts, threadTs } };
}
