/**
 * Rendering: the core's neutral messages and forms as Discord JSON (content or an embed, action
 * rows of buttons and selects, label-wrapped modal inputs), inside every limit Discord enforces
 * (./limits.ts), measured after formatting (`*x*` becomes `**x**`, field text is escaped). Long
 * text becomes several messages (`renderMessageParts`), cut between graphemes; only labels and
 * titles are ever shortened, with an ellipsis.
 */
import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
  type APILabelComponent,
  type APIModalInteractionResponseCallbackData,
  type APIStringSelectComponent,
  type APITextInputComponent,
  ButtonStyle,
  ComponentType,
  TextInputStyle,
} from 'discord.js';
import { PlatformError } from '../../src/errors.js';
import type { Button, ChoiceList, Form, FormField, OutboundMessage, Tone } from '../../src/messages.js';
import { spans, unmarked } from '../../src/messages.js';
import { clipText, cutPoint, fitStart, splitText } from '../fit.js';
import { type FormOrigin, packAction, packForm } from './custom-id.js';
import { DISCORD_LIMITS as L } from './limits.js';

const TONE_COLOURS = {
  neutral: 0x99aab5,
  info: 0x3b82f6,
  success: 0x22c55e,
  warning: 0xf59e0b,
  danger: 0xef4444,
} as const satisfies Record<Tone, number>;

const BUTTON_STYLES = {
  primary: ButtonStyle.Primary,
  danger: ButtonStyle.Danger,
  default: ButtonStyle.Secondary,
} as const satisfies Record<NonNullable<Button['style']>, ButtonStyle>;

export interface RenderedFile {
  name: string;
  data: Buffer;
  contentType: string;
  description: string;
}

/** A message ready for Discord: REST body fields plus the files to upload beside it. */
export interface RenderedMessage {
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  files: RenderedFile[];
}

/** Plain text without the core's person-text marks, cut to `max` at a grapheme boundary, marking the cut. */
export function clip(text: string, max: number): string {
  return clipText(unmarked(text), max);
}

/** The core writes Slack-like light markdown (`*bold*`); Discord spells bold `**bold**`. */
export function toDiscordMarkdown(text: string): string {
  return text.replace(/(^|[\s([{"'])\*(?!\s)([^*\n]+?)(?<!\s)\*(?=$|[\s)\]}.,!?:;"'])/gm, '$1**$2**');
}

/**
 * Plain text shown as typed: every markdown character escaped, and a line-start `>`, `#` or `-`
 * (quote, heading, subtext, list) too. Linear time: discord.js's `escapeMarkdown` takes over a
 * minute on a 60,000-character paste.
 */
export function escapeDiscordMarkdown(text: string): string {
  return text.replace(/[\\*_~`|[\]]/g, '\\$&').replace(/^([ \t]*)([>#-])/gm, '$1\\$2');
}

/**
 * A person's words shown exactly as typed: every markdown construct escaped (masked links,
 * headings and lists included), `@everyone`/`@here` broken with a zero-width space, and the `<`
 * of user, role, channel, command, emoji and timestamp mentions (`<@…>`, `<#…>`, `</…>`, `<:…>`,
 * `<t:…>`) kept from opening one. No ping could happen anyway (`allowed_mentions` is empty), but
 * a mention would still render as someone's name.
 */
export function inertDiscord(text: string): string {
  return escapeDiscordMarkdown(text)
    .replace(/@(everyone|here)/gi, '@\u200b$1')
    .replace(/<(?=[@#/:]|a:|t:)/g, '<\u200b');
}

/** The core's text as Discord markdown: its own words converted, people's (marked) made inert. */
export function toDiscordText(text: string): string {
  return spans(text)
    .map((span) => (span.person ? inertDiscord(span.text) : toDiscordMarkdown(span.text)))
    .join('');
}

function needsEmbed(message: OutboundMessage): boolean {
  return Boolean(
    message.title ||
      message.fields?.length ||
      message.footer ||
      message.attachments?.length ||
      (message.tone && message.tone !== 'neutral'),
  );
}

/** Embed text that counts towards the 6,000 total. */
function embedWeight(embed: APIEmbed): number {
  let total =
    (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0);
  total += embed.author?.name.length ?? 0;
  for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
  return total;
}

/** A field as one or more embed fields: a long value continues under an empty-looking name. */
function fieldPieces(label: string, value: string, inline: boolean): APIEmbedField[] {
  // Fields are plain text (customer words among them): shown as typed, never as markdown.
  const name = clip(inertDiscord(unmarked(label)) || '\u200b', L.fieldName.value);
  const values = splitText(inertDiscord(unmarked(value)) || '—', L.fieldValue.value);
  return values.map((piece, index) => ({ name: index === 0 ? name : '\u200b', value: piece, inline }));
}

/**
 * The message as embeds, each within every per-field limit and the 6,000 total: the title and
 * the start of the text in the first, the rest of the text in the next ones, then the fields, and
 * the footer under the last. One embed per message part.
 */
function renderEmbeds(message: OutboundMessage, hasImage: string | undefined): APIEmbed[] {
  const color = TONE_COLOURS[message.tone ?? 'neutral'];
  const title = message.title ? clip(toDiscordText(message.title), L.embedTitle.value) : undefined;
  const footer = message.footer ? clip(message.footer, L.footer.value) : undefined;
  // The footer's room is kept in every embed, since any of them may turn out to be the last.
  const budget = L.embedTotal.value - (footer?.length ?? 0);
  const embeds: APIEmbed[] = [{ color, ...(title ? { title } : {}) }];
  let current = embeds[0] as APIEmbed;
  const room = () => budget - embedWeight(current);
  const next = () => {
    current = { color };
    embeds.push(current);
  };
  let text = message.text ? toDiscordText(message.text) : '';
  while (text.length > 0) {
    if (current.description !== undefined) next();
    let cut = cutPoint(text, Math.min(L.embedDescription.value, room()));
    if (cut === 0) {
      // A long title left no room: the text starts in the next embed.
      next();
      cut = cutPoint(text, Math.min(L.embedDescription.value, room()));
    }
    current.description = text.slice(0, cut);
    text = text.slice(cut);
  }
  for (const field of message.fields ?? []) {
    for (const piece of fieldPieces(field.label, field.value, field.short ?? false)) {
      const count = current.fields?.length ?? 0;
      if (count === L.embedFields.value || piece.name.length + piece.value.length > room()) next();
      current.fields = [...(current.fields ?? []), piece];
    }
  }
  if (footer) current.footer = { text: footer };
  if (hasImage) (embeds[0] as APIEmbed).image = { url: `attachment://${hasImage}` };
  return embeds;
}

function renderButton(button: Button): APIButtonComponentWithCustomId {
  return {
    type: ComponentType.Button,
    style: BUTTON_STYLES[button.style ?? 'default'],
    label: clip(button.label, L.buttonLabel.value),
    custom_id: packAction(button.action, button.value),
  };
}

function renderSelects(choices: ChoiceList): APIStringSelectComponent[] {
  // Past 25 options, more selects carry the rest; each needs its own custom_id, and the pick
  // itself carries the value, so the packed value only tells them apart.
  const groups: ChoiceList['options'][] = [];
  for (let at = 0; at < choices.options.length; at += L.selectOptions.value)
    groups.push(choices.options.slice(at, at + L.selectOptions.value));
  return groups.map((options, index) => ({
    type: ComponentType.StringSelect,
    custom_id: packAction(choices.action, index === 0 ? '' : String(index + 1)),
    placeholder: clip(choices.placeholder, L.selectPlaceholder.value),
    min_values: 1,
    max_values: 1,
    options: options.map((option) => ({
      label: clip(option.label, L.optionText.value),
      value: fitStart(option.value, L.optionText.value),
      ...(option.description ? { description: clip(option.description, L.optionText.value) } : {}),
    })),
  }));
}

function renderRows(message: OutboundMessage): RenderedMessage['components'] {
  const rows: RenderedMessage['components'] = [];
  const seen = new Set<string>();
  // Discord rejects a message whose custom_ids repeat; the same action and value twice is one button.
  const buttons = (message.buttons ?? [])
    .map(renderButton)
    .filter((b) => !seen.has(b.custom_id) && seen.add(b.custom_id));
  const selects = message.choices?.options.length ? renderSelects(message.choices) : [];
  // Every row, however many: `rowChunks` spreads them over as many messages as Discord needs.
  for (let at = 0; at < buttons.length; at += L.perRow.value) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(at, at + L.perRow.value) });
  }
  for (const select of selects) rows.push({ type: ComponentType.ActionRow, components: [select] });
  return rows;
}

/** The message's rows in groups of at most five: one group per Discord message, nothing dropped. */
function rowChunks(message: OutboundMessage): RenderedMessage['components'][] {
  const rows = renderRows(message);
  const chunks: RenderedMessage['components'][] = [];
  for (let at = 0; at < rows.length; at += L.rows.value) chunks.push(rows.slice(at, at + L.rows.value));
  return chunks;
}

function renderFiles(message: OutboundMessage): RenderedFile[] {
  return (message.attachments ?? []).map((attachment) => ({
    name: attachment.filename,
    data: Buffer.from(attachment.base64, 'base64'),
    contentType: attachment.contentType,
    description: clip(attachment.alt, L.attachmentDescription.value),
  }));
}

export interface PartOptions {
  /** Characters kept free at the start of the first part's content (a mention put before it). */
  contentReserve?: number;
}

/**
 * The core's message as one or more Discord messages, in order: content (or embeds) split where
 * Discord's limits need it, files with the first part, buttons and selects with the last. A
 * 10,000-character staff reply arrives whole, as five messages.
 */
export function renderMessageParts(message: OutboundMessage, options: PartOptions = {}): RenderedMessage[] {
  const files = renderFiles(message);
  const [components = [], ...moreComponents] = rowChunks(message);
  let parts: RenderedMessage[];
  if (!needsEmbed(message)) {
    const content = toDiscordText(message.text);
    const pieces = splitText(
      content,
      L.content.value,
      undefined,
      L.content.value - (options.contentReserve ?? 0),
    );
    parts = (pieces.length ? pieces : ['']).map((piece) => ({
      content: piece,
      embeds: [],
      components: [],
      files: [],
    }));
  } else {
    const image = files.find((file) => file.contentType.startsWith('image/'));
    parts = renderEmbeds(message, image?.name).map((embed) => ({
      content: '',
      embeds: [embed],
      components: [],
      files: [],
    }));
  }
  (parts[0] as RenderedMessage).files = files;
  (parts[parts.length - 1] as RenderedMessage).components = components;
  // More than five rows of buttons or selects (a long server list): the rest follow, five rows a message.
  for (const rows of moreComponents) parts.push({ content: '', embeds: [], components: rows, files: [] });
  return parts;
}

/**
 * The core's message as exactly one Discord message, for edits (a card update, a replaced
 * click): when the text is too long for one, as much as fits and an ellipsis saying there is more.
 */
export function renderMessage(whole: OutboundMessage): RenderedMessage {
  // One message holds five rows: an edit keeps the first five (a new message would carry the rest).
  const { buttons: _buttons, choices: _choices, ...message } = whole;
  const components = rowChunks(whole)[0] ?? [];
  let parts = renderMessageParts(message);
  // One message holds at most one description's (or one content's) worth of text: start there.
  let keep = Math.min(message.text.length, needsEmbed(message) ? L.embedDescription.value : L.content.value);
  while (parts.length > 1 && keep > 0) {
    keep = Math.floor(keep * 0.9);
    parts = renderMessageParts({ ...message, text: `${fitStart(message.text, keep).trimEnd()}…` });
  }
  const first = parts[0] as RenderedMessage;
  return { ...first, components };
}

function renderInput(field: FormField): APITextInputComponent | APIStringSelectComponent {
  const options = (field.options ?? []).slice(0, L.selectOptions.value);
  // A select with nothing to pick cannot be sent; the person types the answer instead.
  if (field.kind === 'select' && options.length >= L.selectOptionsMin.value) {
    return {
      type: ComponentType.StringSelect,
      custom_id: field.id,
      required: field.required,
      min_values: field.required ? 1 : 0,
      max_values: 1,
      ...(field.placeholder ? { placeholder: clip(field.placeholder, L.selectPlaceholder.value) } : {}),
      options: options.map((option) => ({
        label: clip(option.label, L.optionText.value),
        value: fitStart(option.value, L.optionText.value),
        ...(option.value === field.initial ? { default: true } : {}),
      })),
    };
  }
  const maxLength = Math.min(field.maxLength ?? L.inputValue.value, L.inputValue.value);
  return {
    type: ComponentType.TextInput,
    custom_id: field.id,
    style: field.kind === 'paragraph' ? TextInputStyle.Paragraph : TextInputStyle.Short,
    required: field.required,
    max_length: maxLength,
    ...(field.placeholder ? { placeholder: clip(field.placeholder, L.inputPlaceholder.value) } : {}),
    // Never prefilled beyond what the input accepts: the form could not be submitted.
    ...(field.initial ? { value: fitStart(field.initial, maxLength) } : {}),
  };
}

function renderLabel(field: FormField): APILabelComponent {
  const long = field.label.length > L.labelText.value;
  return {
    type: ComponentType.Label,
    label: clip(field.label, L.labelText.value),
    // A label cut short keeps its full wording underneath.
    ...(long ? { description: clip(field.label, L.labelDescription.value) } : {}),
    component: renderInput(field),
  };
}

/**
 * The core's form as a Discord modal. Selects sit in Label components (supported since
 * discord.js 14.22). Discord modals have no custom submit label, so `submitLabel` is not shown.
 */
export function renderModal(form: Form, origin: FormOrigin): APIModalInteractionResponseCallbackData {
  if (form.fields.length > L.modalComponents.value) {
    throw new PlatformError(
      'E_PLATFORM_LIMIT',
      `form ${form.id} has ${form.fields.length} fields; Discord modals hold at most 5`,
    );
  }
  return {
    custom_id: packForm(form.id, form.context, origin),
    title: clip(form.title, L.modalTitle.value),
    components: form.fields.map(renderLabel),
  };
}
