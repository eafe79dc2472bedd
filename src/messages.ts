/**
 * The neutral message model: what adapters turn platform events into, and what the core asks
 * adapters to render. Nothing here knows about Slack, Discord or HTML.
 *
 * Ids are opaque strings made by adapters (`slack:T123:U456`, `discord:987:654`, `sandbox:demo:ana`).
 * The core stores and compares them but never parses them.
 */

import type { MessageChange, Platform, ThreadReaction } from './domain/index.js';

/**
 * The domain's values, re-exported so existing imports of them from here keep working.
 * `ROLE_STAFF` is the staff group every new tenant starts with (`staffRoles` defaults to it): a
 * platform whose people carry no opaque group ids of their own (the sandbox) reports its staff
 * team under it. There is no admin role to grant: the platform's word is `Actor.platformAdmin`.
 */
export { LOCALES, type Locale, type Platform, ROLE_STAFF } from './domain/index.js';

/** Who did something. Built by the adapter from the platform's user. */
export interface Actor {
  platform: Platform;
  /** Opaque tenant id: a Slack team, a Discord guild (or `discord:dm` scope), a sandbox workspace. */
  tenantId: string;
  /** Opaque user id, unique across platforms and tenants. */
  userId: string;
  displayName: string;
  /** Platform locale if known (`en-US`, `zh-CN`, …); the core maps it onto a catalog. */
  locale?: string;
  /**
   * Facts, not permissions: the opaque ids of the platform roles and groups this person is in, as
   * the platform reports them (Discord roles, Slack user groups and channels, the sandbox's team).
   * The core decides what they allow (`src/commands/access.ts`, with the tenant's staff roles).
   */
  roles: string[];
  /**
   * The platform says this person runs the workspace: a Slack admin or owner, a Discord member
   * with Manage Server, the sandbox's manager. Absent means no.
   */
  platformAdmin?: boolean;
}

/** Where an inbound event happened. */
export type Place =
  | { kind: 'dm' }
  | { kind: 'channel'; channelId: string; threadOf?: string }
  | { kind: 'form' };

interface InboundBase {
  /** Platform delivery id (event_id, interaction id, …) used to drop retried deliveries. */
  id: string;
  actor: Actor;
  place: Place;
  /** The platform payload, kept for debugging only. The core never reads it. */
  raw?: unknown;
}

/**
 * A file a person shared, as a reference: the bytes stay on the platform (never in the database).
 * `ref` is opaque to the core: the adapter that made it knows how to fetch the file again (a Slack
 * file's private download URL, a Discord CDN URL, a sandbox file id) to re-post it elsewhere.
 */
export interface FileRef {
  name: string;
  /** The content type the platform reports (`image/png`); `application/octet-stream` when unknown. */
  mimeType: string;
  /** Bytes, as the platform reports them. */
  size: number;
  ref: string;
  /** A link a person with access can open (Slack permalink, Discord CDN URL), when there is one. */
  url?: string;
}

/** A customer (or anyone) writing to the bot in a DM. `text` may be empty when files came alone. */
export interface MessageEvent extends InboundBase {
  kind: 'message';
  text: string;
  /** Files shared with the message (a screenshot, with or without a caption). */
  files?: FileRef[];
  /**
   * Set when this is not a new message but the writer's change to an earlier one: `edited` (the
   * text is the new text) or `deleted` (the text is empty). The id is the change's own delivery id.
   */
  change?: MessageChange;
}

export type CommandName = 'complain' | 'ticket' | 'hearken';

/** A slash command. `text` is everything after the command name, as typed. */
export interface CommandEvent extends InboundBase {
  kind: 'command';
  command: CommandName;
  /**
   * The arguments as typed, with platform mentions replaced by opaque ids
   * (`assign C-1001 slack:T1:U2`, `setup staff=discord:123 role=discord:9:77`).
   */
  text: string;
  /** Display names for opaque user ids that appear in `text` (for `/ticket assign`). */
  mentions?: Record<string, string>;
  /** Files attached to the command (`/ticket reply` with a file: sent to the customer with it). */
  files?: FileRef[];
}

/** A click on a button or a pick in a choice list the core rendered. */
export interface ActionEvent extends InboundBase {
  kind: 'action';
  /** The `Button.action` / `Choice.action` the core rendered. */
  action: string;
  value: string;
  /** The message the button was on, when the platform tells us. */
  source?: MessageRef;
}

/** A submitted form (Slack modal, Discord modal, HTML form). */
export interface FormEvent extends InboundBase {
  kind: 'form';
  /** The `Form.id` the core rendered. */
  formId: string;
  /** The `Form.context` echoed back untouched. */
  context?: string;
  values: Record<string, string>;
}

export type InboundEvent = MessageEvent | CommandEvent | ActionEvent | FormEvent;

/** A message the platform stored, so the core can update it or thread under it later. */
export interface MessageRef {
  platform: Platform;
  /** Opaque channel (or DM, or thread) id where the message lives. */
  channelId: string;
  /** Opaque message id within that channel. */
  messageId: string;
}

/** Where the core wants a message to go. */
export type Target =
  | { kind: 'user'; userId: string }
  | { kind: 'channel'; channelId: string }
  /** Under a message as a thread (Slack thread_ts; Discord thread started from the message). */
  | { kind: 'thread'; parent: MessageRef };

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

/** Field labels and values are plain text: render them without markdown or mention parsing. */
export interface Field {
  label: string;
  value: string;
  /** Short fields may sit side by side. */
  short?: boolean;
}

export interface Button {
  /** Core action id, e.g. `intake.category` or `ticket.claim`. At most 40 characters. */
  action: string;
  /** Payload for the action, at most 60 characters (adapters pack action and value together). */
  value: string;
  label: string;
  style?: 'primary' | 'danger' | 'default';
}

/** A single-choice list rendered as a select menu (too many options for buttons). */
export interface ChoiceList {
  action: string;
  placeholder: string;
  options: { value: string; label: string; description?: string }[];
}

/** A file the core made (a chart, an export part), sent with a message as bytes. */
export interface Attachment {
  filename: string;
  contentType: string;
  /** Base64 so the message stays JSON for the outbox. */
  base64: string;
  alt: string;
}

/**
 * The marks around words a person wrote inside a message the bot sends. Unicode noncharacters:
 * reserved for a program's internal use, so they never mean anything else, and `clean` strips any
 * that arrive from outside.
 */
export const PERSON_TEXT = { open: '\uFDD0', close: '\uFDD1' } as const;
const MARKS = /[\uFDD0\uFDD1]/g;

/** A run of a message's text: the bot's own words, or a person's (`person`: render inert). */
export interface TextSpan {
  text: string;
  person: boolean;
}

/**
 * A message text as runs of the bot's words and people's words, marks dropped. A piece cut from a
 * longer text (a renderer splitting at a platform limit) may begin inside a person's words: a
 * close mark with no open mark before it says so, and everything before it is theirs.
 */
export function spans(text: string): TextSpan[] {
  const open = text.indexOf(PERSON_TEXT.open);
  const close = text.indexOf(PERSON_TEXT.close);
  let person = close !== -1 && (open === -1 || close < open);
  const out: TextSpan[] = [];
  let run = '';
  const flush = () => {
    if (run) out.push({ text: run, person });
    run = '';
  };
  for (const char of text) {
    if (char === PERSON_TEXT.open || char === PERSON_TEXT.close) {
      flush();
      person = char === PERSON_TEXT.open;
    } else run += char;
  }
  flush();
  return out;
}

/** The text with the marks dropped, for places that show plain text only (labels, notifications). */
export function unmarked(text: string): string {
  return text.replace(MARKS, '');
}

/**
 * A message to render. Every part is optional but `text`, which is the plain fallback
 * (notifications, screen readers) and the body. Light markdown only: *bold*, _italic_, line breaks.
 * Words a person wrote are marked (`PERSON_TEXT`) in `text`, `title`, `footer` and field values:
 * a renderer shows them inert, in its own platform's terms.
 */
export interface OutboundMessage {
  text: string;
  title?: string;
  fields?: Field[];
  buttons?: Button[];
  choices?: ChoiceList;
  /** Small print under the message (SLA due, code, hints). */
  footer?: string;
  tone?: Tone;
  /** Files the core made, as bytes: uploaded with the message (charts, exports). */
  attachments?: Attachment[];
  /**
   * Files a person shared, by reference: the adapter fetches each from where its platform keeps it
   * and uploads it with the message (a customer's screenshot re-posted in the card's thread, a
   * staff member's file relayed to the customer). Files it cannot fetch or that pass its upload
   * limit are named in a line instead, never dropped silently.
   */
  files?: FileRef[];
  /**
   * Roles or user groups (opaque ids the adapter made) this message notifies: a new staff card
   * pings the staff group. The renderer writes its platform's mention and allows only these.
   */
  mentions?: { roles: string[] };
}

export interface FormField {
  id: string;
  label: string;
  kind: 'text' | 'paragraph' | 'select';
  required: boolean;
  placeholder?: string;
  initial?: string;
  maxLength?: number;
  options?: { value: string; label: string }[];
}

/** A one-page form (modal). At most five fields: Discord's limit. */
export interface Form {
  id: string;
  title: string;
  submitLabel: string;
  /** The close/cancel button, in the customer's language (Slack shows "Cancel" otherwise). */
  cancelLabel?: string;
  fields: FormField[];
  /** Opaque state echoed back in `FormEvent.context` (e.g. the complaint id for a Reply form). */
  context?: string;
}

/**
 * What the core answers to an inbound event, shown to the actor who caused it, where they are:
 * in the DM for a message, ephemerally for a command or a click in a channel.
 */
export interface Reply {
  messages: OutboundMessage[];
  /** Open this form now (must happen within the platform's trigger window). */
  form?: Form;
  /** Replace the message whose button was clicked (e.g. to show the pick and drop the buttons). */
  replaceSource?: OutboundMessage;
  /** Show only to the actor where the platform allows (Slack ephemeral, Discord ephemeral flag). */
  ephemeral: boolean;
  /**
   * React to the message that caused this (a staff message in a card's thread): `relayed` or
   * `kept` (an internal note, not sent). The adapter adds its own emoji, once.
   */
  react?: ThreadReaction;
  /**
   * This delivery was seen before and dropped: another instance (or an earlier delivery) owns
   * the answer. The adapter must not acknowledge it at all (no reply, no defer, no "Done.").
   */
  duplicate?: true;
}

/**
 * What goes through the durable inbox: a person's words in a DM (stored before the platform hears
 * back, answered through the outbox). Commands, clicks and forms must answer within the platform's
 * window, and staff words in a card's thread are answered by a reaction on that message: those take
 * the interactive path (`host.handle`).
 */
export function takesInbox(event: InboundEvent): event is MessageEvent {
  return event.kind === 'message' && event.place.kind === 'dm';
}
