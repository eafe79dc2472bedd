/**
 * Block Kit rendering: the core's neutral messages and forms become Slack blocks and modal views.
 * Pure functions of their input, so tests assert the exact JSON Slack receives.
 *
 * Slack limits are enforced here (clipped with an ellipsis) so a long customer text can never make
 * a whole message fail with `invalid_blocks`.
 */
import type { types } from '@slack/bolt';
import type { Button, Form, FormField, OutboundMessage, Tone } from '../../src/messages.js';
import { spans, unmarked } from '../../src/messages.js';

type KnownBlock = types.KnownBlock;
type ModalView = types.ModalView;

/** Slack's documented Block Kit limits that our content can reach. */
export const LIMITS = {
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  buttonText: 75,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  placeholder: 150,
  messageBlocks: 50,
  modalTitle: 24,
  modalSubmit: 24,
  inputLabel: 2000,
  inputMaxLength: 3000,
  fallbackText: 4000,
  privateMetadata: 3000,
} as const satisfies Record<string, number>;

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
 * shortened to `max` characters with an ellipsis. Slack never parses `plain_text` for mentions.
 */
export function clip(text: string, max: number): string {
  const plain = unmarked(text);
  return plain.length <= max ? plain : `${plain.slice(0, max - 1)}…`;
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

/** Splits long text into section-sized chunks, preferring to cut at line breaks. */
function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > size) {
    const cut = rest.lastIndexOf('\n', size);
    const at = cut > size / 2 ? cut : size;
    out.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, '');
  }
  if (rest.length > 0) out.push(rest);
  return out;
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
    text: { type: 'plain_text', text: clip(button.label, LIMITS.buttonText), emoji: true },
    ...(button.value !== '' ? { value: button.value } : {}),
    ...(button.style === 'primary' || button.style === 'danger' ? { style: button.style } : {}),
  };
}

function renderOption(option: { value: string; label: string; description?: string }): types.PlainTextOption {
  return {
    text: { type: 'plain_text', text: clip(option.label, LIMITS.optionText), emoji: true },
    value: option.value.slice(0, LIMITS.optionValue),
    ...(option.description
      ? { description: { type: 'plain_text', text: clip(option.description, LIMITS.optionText) } }
      : {}),
  };
}

/**
 * Field values are plain text (often the customer's own words): escaped, and `verbatim` so Slack
 * does not turn names, channels or addresses in them into links or mentions.
 */
function fieldText(label: string, value: string): string {
  return clip(`*${toMrkdwn(label)}*\n${toMrkdwn(value)}`, LIMITS.fieldText);
}

function renderFields(fields: NonNullable<OutboundMessage['fields']>): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let row: types.MrkdwnElement[] = [];
  const flush = () => {
    if (row.length > 0) blocks.push({ type: 'section', fields: row });
    row = [];
  };
  for (const field of fields) {
    if (field.short) {
      row.push({ type: 'mrkdwn', text: fieldText(field.label, field.value), verbatim: true });
      if (row.length === LIMITS.fieldsPerSection) flush();
    } else {
      flush();
      blocks.push({
        type: 'section',
        text: { type: 'mrkdwn', text: fieldText(field.label, field.value), verbatim: true },
      });
    }
  }
  flush();
  return blocks;
}

/** Renders one neutral message as Block Kit, with `text` as the notification / screen-reader fallback. */
export function renderMessage(message: OutboundMessage): RenderedMessage {
  const blocks: KnownBlock[] = [];
  if (message.title) {
    const title = `${TONE_EMOJI[message.tone ?? 'neutral']}${message.title}`;
    blocks.push({
      type: 'header',
      text: { type: 'plain_text', text: clip(title, LIMITS.headerText), emoji: true },
    });
  }
  for (const part of chunks(toMrkdwn(message.text), LIMITS.sectionText)) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: part } });
  }
  if (message.fields && message.fields.length > 0) blocks.push(...renderFields(message.fields));
  if (message.choices) {
    const { choices } = message;
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'static_select',
          action_id: encodeActionId(choices.action, 0),
          placeholder: { type: 'plain_text', text: clip(choices.placeholder, LIMITS.placeholder) },
          options: choices.options.slice(0, LIMITS.selectOptions).map(renderOption),
        },
      ],
    });
  }
  if (message.buttons && message.buttons.length > 0) {
    blocks.push({ type: 'actions', elements: message.buttons.map(renderButton) });
  }
  if (message.footer) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: clip(toMrkdwn(message.footer), LIMITS.sectionText) }],
    });
  }
  // The fallback is mrkdwn too (notifications, screen readers): people's words stay inert there.
  const fallback = toMrkdwn(message.title ? `${message.title}\n${message.text}` : message.text);
  return { text: clip(fallback, LIMITS.fallbackText), blocks: blocks.slice(0, LIMITS.messageBlocks) };
}

/** Renders several messages as one list of blocks (App Home), a divider between each. */
export function renderMessages(messages: OutboundMessage[], maxBlocks: number): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  for (const [index, message] of messages.entries()) {
    if (index > 0) blocks.push({ type: 'divider' });
    blocks.push(...renderMessage(message).blocks);
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
  if (full.length <= LIMITS.privateMetadata) return full;
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
    ? { placeholder: { type: 'plain_text' as const, text: clip(field.placeholder, LIMITS.placeholder) } }
    : {};
  let element: types.InputBlock['element'];
  if (field.kind === 'select') {
    const options = (field.options ?? []).slice(0, LIMITS.selectOptions).map(renderOption);
    const initial = options.find((o) => o.value === field.initial);
    element = {
      type: 'static_select',
      action_id: field.id,
      options,
      ...(initial ? { initial_option: initial } : {}),
      ...placeholder,
    };
  } else {
    element = {
      type: 'plain_text_input',
      action_id: field.id,
      multiline: field.kind === 'paragraph',
      max_length: Math.min(field.maxLength ?? LIMITS.inputMaxLength, LIMITS.inputMaxLength),
      ...(field.initial ? { initial_value: unmarked(field.initial) } : {}),
      ...placeholder,
    };
  }
  return {
    type: 'input',
    block_id: field.id,
    optional: !field.required,
    label: { type: 'plain_text', text: clip(field.label, LIMITS.inputLabel), emoji: true },
    element,
  };
}

/** Renders a neutral form as a Slack modal view. */
export function renderForm(form: Form, origin: FormOrigin = {}): ModalView {
  return {
    type: 'modal',
    callback_id: `${FORM_CALLBACK_PREFIX}${form.id}`,
    title: { type: 'plain_text', text: clip(form.title, LIMITS.modalTitle), emoji: true },
    submit: { type: 'plain_text', text: clip(form.submitLabel, LIMITS.modalSubmit), emoji: true },
    ...(form.cancelLabel
      ? {
          close: {
            type: 'plain_text' as const,
            text: clip(form.cancelLabel, LIMITS.modalSubmit),
            emoji: true,
          },
        }
      : {}),
    private_metadata: encodeFormMetadata(form, origin),
    blocks: form.fields.map(renderInput),
  };
}
