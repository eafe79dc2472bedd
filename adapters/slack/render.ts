/**
 * Block Kit rendering: the core's neutral messages and forms become Slack blocks and modal views.
 * Pure functions of their input, so tests assert the exact JSON Slack receives.
 *
 * Every payload fits Slack's limits (./limits.ts), measured after escaping: long text is split
 * into several sections and, past one message's budget, into several messages
 * (`renderMessageParts`), cut between graphemes so no emoji is broken. Only labels (a button, a
 * modal title) are ever shortened, with an ellipsis.
 */
import type { types } from '@slack/bolt';
import type { Button, ChoiceList, Form, FormField, OutboundMessage, Tone } from '../../src/messages.js';
import { spans, unmarked } from '../../src/messages.js';
import { clipText, fitStart, splitText, type Weigh } from '../fit.js';
import { blockTextLength, SLACK_LIMITS as L } from './limits.js';

type KnownBlock = types.KnownBlock;
type ModalView = types.ModalView;

/** Every modal the core asks for carries this callback id prefix, followed by the form id. */
export const FORM_CALLBACK_PREFIX = 'hearken:';

/** What `chat.postMessage` / `chat.update` / a response_url take from a rendered message. */
export interface RenderedMessage {
  text: string;
  blocks: KnownBlock[];
}

const TONE_EMOJI: Record<Tone, string> = {
  neutral: '',
  info: ':information_source: ',
  success: ':white_check_mark: ',
  warning: ':warning: ',
  danger: ':rotating_light: ',
};

/**
 * Plain text (labels, headers, the notification fallback) without the core's person-text marks,
 * shortened to `max` characters at a grapheme boundary with an ellipsis. Slack never parses
 * `plain_text` for mentions.
 */
export function clip(text: string, max: number): string {
  return clipText(unmarked(text), max);
}

/**
 * Escapes the three characters Slack treats as control sequences, so text from a customer can
 * never become a `<!channel>` ping or a disguised link. Markdown (*bold*, _italic_) stays.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A person's words made inert in mrkdwn: escaped as above, bare `@channel`/`@here`/`@everyone`
 * broken with a zero-width space (Slack parses those in sections that are not `verbatim`), and
 * code fences broken so their words cannot swallow the rest of the message.
 */
export function inertMrkdwn(text: string): string {
  return escapeMrkdwn(text)
    .replace(/@(everyone|here|channel)/gi, '@\u200b$1')
    .replace(/```/g, '`\u200b`\u200b`');
}

/** The core's text as mrkdwn: its own words escaped, the words people wrote (marked) made inert. */
export function toMrkdwn(text: string): string {
  return spans(text)
    .map((span) => (span.person ? inertMrkdwn(span.text) : escapeMrkdwn(span.text)))
    .join('');
}

/**
 * What a character costs once rendered: `&` is sent as `&amp;`, `<` as `&lt;`; in a person's words
 * `@` and `` ` `` may gain a zero-width space (`inertMrkdwn`), so they count double: an upper bound.
 */
const escapedWeight: Weigh = (unit) =>
  unit === '&' ? 5 : unit === '<' || unit === '>' ? 4 : unit === '@' || unit === '`' ? 2 : 1;

/**
 * Splits raw text into pieces that fit `max` once rendered, returning them as mrkdwn. A cut inside a
 * person's words leaves a piece with only one of the marks; `spans` reads that right.
 */
function escapedPieces(text: string, max: number, firstMax = max): string[] {
  // A piece holding only the marks (a person's empty words) renders empty: Slack refuses that.
  return splitText(text, max, escapedWeight, firstMax)
    .map(toMrkdwn)
    .filter((piece) => piece.length > 0);
}

/**
 * A button's Slack `action_id` must be unique within its block, but several of the core's buttons
 * share an action (one `intake.category` button per category), so the index rides along.
 */
export function encodeActionId(action: string, index: number): string {
  return `${action}|${index}`;
}

/** The core action id back out of a Slack `action_id`. */
export function decodeActionId(actionId: string): string {
  const bar = actionId.lastIndexOf('|');
  return bar === -1 ? actionId : actionId.slice(0, bar);
}

function renderButton(button: Button, index: number): types.Button {
  return {
    type: 'button',
    action_id: encodeActionId(button.action, index),
    text: { type: 'plain_text', text: clip(button.label, L.buttonText.value), emoji: true },
    ...(button.value !== '' ? { value: button.value } : {}),
    ...(button.style === 'primary' || button.style === 'danger' ? { style: button.style } : {}),
  };
}

function renderOption(option: { value: string; label: string; description?: string }): types.PlainTextOption {
  return {
    text: { type: 'plain_text', text: clip(option.label, L.optionText.value), emoji: true },
    value: fitStart(option.value, L.optionValue.value),
    ...(option.description
      ? { description: { type: 'plain_text', text: clip(option.description, L.optionText.value) } }
      : {}),
  };
}

/** Groups items `size` at a time. */
function groups<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < items.length; at += size) out.push(items.slice(at, at + size));
  return out;
}

/** A block, the plain words it shows (for the notification text) and its role in the message. */
interface Piece {
  block: KnownBlock;
  plain: string;
  /** Body text may be dropped from a single-message render (a card update); the rest may not. */
  kind: 'head' | 'body' | 'fixed';
}

function section(text: string, plain: string, kind: Piece['kind'], verbatim = false): Piece {
  return {
    block: { type: 'section', text: { type: 'mrkdwn', text, ...(verbatim ? { verbatim: true } : {}) } },
    plain,
    kind,
  };
}

/**
 * A field as whole sections: `*label*` on the first line, the value below, split over as many
 * sections as it needs. Field values are plain text (often the customer's own words): escaped, and
 * `verbatim` so Slack does not turn names, channels or addresses in them into links or mentions.
 */
function longField(label: string, value: string): Piece[] {
  const head = `*${escapeMrkdwn(clip(label, L.headerText.value))}*\n`;
  const pieces = escapedPieces(value, L.sectionText.value, L.sectionText.value - head.length);
  if (pieces.length === 0) pieces.push('');
  return pieces.map((piece, index) =>
    section(index === 0 ? `${head}${piece}` : piece, `${label}: ${value}`, 'fixed', true),
  );
}

function renderFields(fields: NonNullable<OutboundMessage['fields']>): Piece[] {
  const pieces: Piece[] = [];
  let row: types.MrkdwnElement[] = [];
  let rowText = 0;
  const flush = () => {
    if (row.length > 0) pieces.push({ block: { type: 'section', fields: row }, plain: '', kind: 'fixed' });
    row = [];
    rowText = 0;
  };
  for (const field of fields) {
    const text = `*${toMrkdwn(field.label)}*\n${toMrkdwn(field.value)}`;
    if (field.short && text.length <= L.sectionFieldText.value) {
      // A row of fields holds as much text as one section, so rows never crowd out a message.
      if (row.length === L.sectionFields.value || rowText + text.length > L.sectionText.value) flush();
      row.push({ type: 'mrkdwn', text, verbatim: true });
      rowText += text.length;
    } else {
      flush();
      pieces.push(...longField(field.label, field.value));
    }
  }
  flush();
  return pieces;
}

function renderChoices(choices: ChoiceList): Piece[] {
  // A select needs at least one option; past what one select holds, more selects carry the rest,
  // each in its own actions block so no block outweighs a message's text budget.
  const selects: Piece[] = [];
  let options: types.PlainTextOption[] = [];
  let weight = 0;
  const flush = () => {
    if (options.length === 0) return;
    const select: types.StaticSelect = {
      type: 'static_select',
      action_id: encodeActionId(choices.action, selects.length),
      placeholder: { type: 'plain_text', text: clip(choices.placeholder, L.placeholder.value) },
      options,
    };
    selects.push({ block: { type: 'actions', elements: [select] }, plain: '', kind: 'fixed' });
    options = [];
    weight = 0;
  };
  for (const option of choices.options.map(renderOption)) {
    const size = blockTextLength(option);
    if (options.length === L.selectOptionsMax.value || weight + size > L.sectionText.value) flush();
    options.push(option);
    weight += size;
  }
  flush();
  return selects;
}

function renderButtons(buttons: Button[]): Piece[] {
  return groups(buttons.map(renderButton), L.actionsElements.value).map((elements) => ({
    block: { type: 'actions', elements },
    plain: '',
    kind: 'fixed',
  }));
}

function renderFooter(footer: string): Piece[] {
  // One element per context block: a block of ten full elements would outweigh a whole message.
  return escapedPieces(footer, L.contextText.value).map((text) => ({
    block: { type: 'context', elements: [{ type: 'mrkdwn', text }] },
    plain: '',
    kind: 'fixed',
  }));
}

/** The message's blocks in reading order, each inside its own limits. */
function pieces(message: OutboundMessage): Piece[] {
  const out: Piece[] = [];
  if (message.title) {
    const title = `${TONE_EMOJI[message.tone ?? 'neutral']}${message.title}`;
    out.push({
      block: {
        type: 'header',
        text: { type: 'plain_text', text: clip(title, L.headerText.value), emoji: true },
      },
      plain: message.title,
      kind: 'head',
    });
  }
  for (const raw of splitText(message.text, L.sectionText.value, escapedWeight)) {
    const text = toMrkdwn(raw);
    if (text) out.push(section(text, raw, 'body'));
  }
  if (message.fields && message.fields.length > 0) out.push(...renderFields(message.fields));
  if (message.choices && message.choices.options.length > 0) out.push(...renderChoices(message.choices));
  if (message.buttons && message.buttons.length > 0) out.push(...renderButtons(message.buttons));
  if (message.footer) out.push(...renderFooter(message.footer));
  return out;
}

/** The notification text of one message: its own words, within what Slack recommends. */
function fallbackOf(part: Piece[], message: OutboundMessage): string {
  const words = part
    .filter((p) => p.kind === 'body')
    .map((p) => p.plain)
    .join('');
  const text = part[0]?.kind === 'head' ? `${part[0].plain}\n${words}`.trim() : words;
  const chosen = text || message.title || message.text || ' ';
  // Slack reads this as mrkdwn too (notifications, screen readers): people's words stay inert.
  // Escaping can grow it past the recommended length, never past the 40,000 Slack accepts.
  return toMrkdwn(clipText(chosen, L.notificationText.value));
}

/** Packs blocks into messages: at most 50 blocks and the cumulative text budget each. */
function pack(all: Piece[]): Piece[][] {
  const parts: Piece[][] = [];
  let current: Piece[] = [];
  let size = 0;
  for (const piece of all) {
    const weight = blockTextLength(piece.block);
    if (
      current.length > 0 &&
      (current.length === L.blocksPerMessage.value || size + weight > L.blockTextTotal.value)
    ) {
      parts.push(current);
      current = [];
      size = 0;
    }
    current.push(piece);
    size += weight;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/**
 * Renders one neutral message as one or more Slack messages, in order: the header and text first,
 * then fields, choices, buttons and footer. A long text (a 20,000-character complaint, a pasted
 * log full of `<`) becomes several messages instead of one Slack refuses.
 */
export function renderMessageParts(message: OutboundMessage): RenderedMessage[] {
  const parts = pack(pieces(message)).map((part) => ({
    text: fallbackOf(part, message),
    blocks: part.map((p) => p.block),
  }));
  return parts.length > 0 ? parts : [nothingToShow(message)];
}

/** A message with nothing to show (empty words, no blocks) is still one message, never none. */
function nothingToShow(message: OutboundMessage): RenderedMessage {
  return { text: clip(message.text || ' ', L.notificationText.value), blocks: [] };
}

/**
 * Renders a message that must stay one Slack message (a card update, a replaced click): when the
 * text is too long for one, as much of it as fits, then an ellipsis that says the rest is not
 * shown here. Every other block is kept.
 */
export function renderMessage(message: OutboundMessage): RenderedMessage {
  const parts = renderMessageParts(message);
  if (parts.length <= 1) return parts[0] ?? nothingToShow(message);
  const all = pieces(message);
  const fixed = all.filter((p) => p.kind !== 'body');
  const marker: Piece = {
    block: { type: 'context', elements: [{ type: 'mrkdwn', text: '…' }] },
    plain: '',
    kind: 'fixed',
  };
  let blocksLeft = L.blocksPerMessage.value - fixed.length - 1;
  let textLeft = L.blockTextTotal.value - blockTextLength([...fixed, marker].map((p) => p.block));
  const kept: Piece[] = [];
  for (const piece of all) {
    if (piece.kind !== 'body') {
      kept.push(piece);
      continue;
    }
    const weight = blockTextLength(piece.block);
    if (blocksLeft > 0 && weight <= textLeft && !kept.includes(marker)) {
      kept.push(piece);
      blocksLeft -= 1;
      textLeft -= weight;
    } else if (!kept.includes(marker)) {
      kept.push(marker);
    }
  }
  if (blocksLeft < 0 || textLeft < 0) return parts[0] as RenderedMessage;
  return { text: fallbackOf(kept, message), blocks: kept.map((p) => p.block) };
}

/** Renders several messages as one list of blocks (App Home), a divider between each. */
export function renderMessages(messages: OutboundMessage[], maxBlocks: number): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  for (const [index, message] of messages.entries()) {
    if (index > 0) blocks.push({ type: 'divider' });
    for (const part of renderMessageParts(message)) blocks.push(...part.blocks);
  }
  return blocks.slice(0, maxBlocks);
}

/**
 * Where a modal was opened from, kept in `private_metadata` beside the core's context so the
 * answer to its submission lands where the person was (`response_url` of the command or click).
 */
export interface FormOrigin {
  channelId?: string;
  responseUrl?: string;
}

interface FormMetadata {
  /** Form id. */
  f: string;
  /** The core's opaque context. */
  c?: string;
  /** Origin channel (raw Slack id). */
  ch?: string;
  /** Origin response_url. */
  r?: string;
}

export function encodeFormMetadata(form: Form, origin: FormOrigin): string {
  const meta: FormMetadata = {
    f: form.id,
    ...(form.context !== undefined ? { c: form.context } : {}),
    ...(origin.channelId ? { ch: origin.channelId } : {}),
    ...(origin.responseUrl ? { r: origin.responseUrl } : {}),
  };
  const full = JSON.stringify(meta);
  if (full.length <= L.privateMetadata.value) return full;
  // The core's context must survive; the origin is a convenience and goes first.
  return JSON.stringify({ f: meta.f, ...(meta.c !== undefined ? { c: meta.c } : {}) });
}

export interface DecodedFormMetadata {
  formId: string;
  context?: string;
  origin: FormOrigin;
}

export function decodeFormMetadata(raw: string): DecodedFormMetadata | undefined {
  try {
    const meta = JSON.parse(raw) as Partial<FormMetadata>;
    if (typeof meta.f !== 'string') return undefined;
    return {
      formId: meta.f,
      ...(typeof meta.c === 'string' ? { context: meta.c } : {}),
      origin: {
        ...(typeof meta.ch === 'string' ? { channelId: meta.ch } : {}),
        ...(typeof meta.r === 'string' ? { responseUrl: meta.r } : {}),
      },
    };
  } catch {
    return undefined;
  }
}

function renderInput(field: FormField): types.InputBlock {
  const placeholder = field.placeholder
    ? { placeholder: { type: 'plain_text' as const, text: clip(field.placeholder, L.placeholder.value) } }
    : {};
  let element: types.InputBlock['element'];
  const options = (field.options ?? []).slice(0, L.selectOptionsMax.value).map(renderOption);
  if (field.kind === 'select' && options.length >= L.selectOptionsMin.value) {
    const initial = options.find((o) => o.value === field.initial);
    element = {
      type: 'static_select',
      action_id: field.id,
      options,
      ...(initial ? { initial_option: initial } : {}),
      ...placeholder,
    };
  } else {
    // A select with nothing to pick cannot be sent; the person types the answer instead.
    const maxLength = Math.min(field.maxLength ?? L.inputMaxLength.value, L.inputMaxLength.value);
    // Never prefilled beyond what the input accepts: the form could not be submitted.
    const initial = field.initial ? fitStart(field.initial, maxLength) : undefined;
    element = {
      type: 'plain_text_input',
      action_id: field.id,
      multiline: field.kind === 'paragraph',
      max_length: maxLength,
      ...(initial ? { initial_value: initial } : {}),
      ...placeholder,
    };
  }
  return {
    type: 'input',
    block_id: field.id,
    optional: !field.required,
    label: { type: 'plain_text', text: clip(field.label, L.inputLabel.value), emoji: true },
    element,
  };
}

/** Renders a neutral form as a Slack modal view. */
export function renderForm(form: Form, origin: FormOrigin = {}): ModalView {
  return {
    type: 'modal',
    callback_id: `${FORM_CALLBACK_PREFIX}${form.id}`,
    title: { type: 'plain_text', text: clip(form.title, L.modalTitle.value), emoji: true },
    submit: { type: 'plain_text', text: clip(form.submitLabel, L.modalSubmit.value), emoji: true },
    ...(form.cancelLabel
      ? {
          close: {
            type: 'plain_text' as const,
            text: clip(form.cancelLabel, L.modalSubmit.value),
            emoji: true,
          },
        }
      : {}),
    private_metadata: encodeFormMetadata(form, origin),
    blocks: form.fields.slice(0, L.blocksPerView.value).map(renderInput),
  };
}
