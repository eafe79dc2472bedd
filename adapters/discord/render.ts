/**
 * Rendering: the core's neutral messages and forms as Discord JSON (content or an embed, action
 * rows of buttons and selects, label-wrapped modal inputs), inside every limit Discord enforces.
 */
import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APILabelComponent,
  type APIModalInteractionResponseCallbackData,
  type APIStringSelectComponent,
  type APITextInputComponent,
  ButtonStyle,
  ComponentType,
  escapeMarkdown,
  TextInputStyle,
} from 'discord.js';
import { PlatformError } from '../../src/errors.js';
import type { Button, ChoiceList, Form, FormField, OutboundMessage, Tone } from '../../src/messages.js';
import { spans, unmarked } from '../../src/messages.js';
import { type FormOrigin, packAction, packForm } from './custom-id.js';

/** Discord's limits (https://discord.com/developers/docs/resources/message). */
export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  rows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  selectOptions: 25,
  selectText: 100,
  selectPlaceholder: 150,
  modalTitle: 45,
  modalFields: 5,
  labelText: 45,
  labelDescription: 100,
  inputPlaceholder: 100,
  inputValue: 4000,
  altText: 1024,
} as const satisfies Record<string, number>;

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

/** Plain text without the core's person-text marks, cut to `max` characters, marking the cut. */
export function clip(text: string, max: number): string {
  const plain = unmarked(text);
  return plain.length <= max ? plain : `${plain.slice(0, max - 1)}…`;
}

/** The core writes Slack-like light markdown (`*bold*`); Discord spells bold `**bold**`. */
export function toDiscordMarkdown(text: string): string {
  return text.replace(/(^|[\s([{"'])\*(?!\s)([^*\n]+?)(?<!\s)\*(?=$|[\s)\]}.,!?:;"'])/gm, '$1**$2**');
}

/**
 * A person's words shown exactly as typed: every markdown construct escaped (masked links,
 * headings and lists included), `@everyone`/`@here` broken with a zero-width space, and the `<`
 * of user, role, channel, command, emoji and timestamp mentions (`<@…>`, `<#…>`, `</…>`, `<:…>`,
 * `<t:…>`) kept from opening one. No ping could happen anyway (`allowed_mentions` is empty), but
 * a mention would still render as someone's name.
 */
export function inertDiscord(text: string): string {
  return escapeMarkdown(text, { maskedLink: true, heading: true, bulletedList: true, numberedList: true })
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
      (message.tone && message.tone !== 'neutral') ||
      message.text.length > LIMITS.content,
  );
}

function renderEmbed(message: OutboundMessage, files: RenderedFile[]): APIEmbed {
  const embed: APIEmbed = { color: TONE_COLOURS[message.tone ?? 'neutral'] };
  let budget: number = LIMITS.embedTotal;
  const take = (text: string, max: number) => {
    const clipped = clip(text, Math.min(max, budget));
    budget -= clipped.length;
    return clipped;
  };
  if (message.title) embed.title = take(toDiscordText(message.title), LIMITS.embedTitle);
  // Embed footers show no markdown and resolve no mentions: plain text.
  if (message.footer) embed.footer = { text: take(message.footer, LIMITS.footer) };
  const fields = (message.fields ?? []).slice(0, LIMITS.embedFields).map((field) => ({
    // Fields are plain text (customer words among them): shown as typed, never as markdown.
    name: take(inertDiscord(unmarked(field.label)) || '\u200b', LIMITS.fieldName),
    value: take(inertDiscord(unmarked(field.value)) || '—', LIMITS.fieldValue),
    inline: field.short ?? false,
  }));
  if (fields.length) embed.fields = fields;
  if (message.text) embed.description = take(toDiscordText(message.text), LIMITS.embedDescription);
  const image = files.find((file) => file.contentType.startsWith('image/'));
  if (image) embed.image = { url: `attachment://${image.name}` };
  return embed;
}

function renderButton(button: Button): APIButtonComponentWithCustomId {
  return {
    type: ComponentType.Button,
    style: BUTTON_STYLES[button.style ?? 'default'],
    label: clip(button.label, LIMITS.buttonLabel),
    custom_id: packAction(button.action, button.value),
  };
}

function renderSelect(choices: ChoiceList): APIStringSelectComponent {
  return {
    type: ComponentType.StringSelect,
    custom_id: packAction(choices.action, ''),
    placeholder: clip(choices.placeholder, LIMITS.selectPlaceholder),
    min_values: 1,
    max_values: 1,
    options: choices.options.slice(0, LIMITS.selectOptions).map((option) => ({
      label: clip(option.label, LIMITS.selectText),
      value: clip(option.value, LIMITS.selectText),
      ...(option.description ? { description: clip(option.description, LIMITS.selectText) } : {}),
    })),
  };
}

function renderRows(message: OutboundMessage): RenderedMessage['components'] {
  const rows: RenderedMessage['components'] = [];
  const seen = new Set<string>();
  // Discord rejects a message whose custom_ids repeat; the same action and value twice is one button.
  const buttons = (message.buttons ?? [])
    .map(renderButton)
    .filter((b) => !seen.has(b.custom_id) && seen.add(b.custom_id));
  const buttonRows = LIMITS.rows - (message.choices ? 1 : 0);
  for (let at = 0; at < buttons.length && rows.length < buttonRows; at += LIMITS.buttonsPerRow) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(at, at + LIMITS.buttonsPerRow) });
  }
  if (message.choices?.options.length) {
    rows.push({ type: ComponentType.ActionRow, components: [renderSelect(message.choices)] });
  }
  return rows;
}

function renderFiles(message: OutboundMessage): RenderedFile[] {
  return (message.attachments ?? []).map((attachment) => ({
    name: attachment.filename,
    data: Buffer.from(attachment.base64, 'base64'),
    contentType: attachment.contentType,
    description: clip(attachment.alt, LIMITS.altText),
  }));
}

/** The core's message as Discord content or an embed, with its buttons and select. */
export function renderMessage(message: OutboundMessage): RenderedMessage {
  const files = renderFiles(message);
  const components = renderRows(message);
  if (!needsEmbed(message)) {
    return { content: toDiscordText(message.text), embeds: [], components, files };
  }
  return { content: '', embeds: [renderEmbed(message, files)], components, files };
}

function renderInput(field: FormField): APITextInputComponent | APIStringSelectComponent {
  if (field.kind === 'select') {
    const options = (field.options ?? []).slice(0, LIMITS.selectOptions);
    return {
      type: ComponentType.StringSelect,
      custom_id: field.id,
      required: field.required,
      min_values: field.required ? 1 : 0,
      max_values: 1,
      ...(field.placeholder ? { placeholder: clip(field.placeholder, LIMITS.inputPlaceholder) } : {}),
      options: options.map((option) => ({
        label: clip(option.label, LIMITS.selectText),
        value: clip(option.value, LIMITS.selectText),
        ...(option.value === field.initial ? { default: true } : {}),
      })),
    };
  }
  const maxLength = Math.min(field.maxLength ?? LIMITS.inputValue, LIMITS.inputValue);
  return {
    type: ComponentType.TextInput,
    custom_id: field.id,
    style: field.kind === 'paragraph' ? TextInputStyle.Paragraph : TextInputStyle.Short,
    required: field.required,
    max_length: maxLength,
    ...(field.placeholder ? { placeholder: clip(field.placeholder, LIMITS.inputPlaceholder) } : {}),
    ...(field.initial ? { value: clip(field.initial, maxLength) } : {}),
  };
}

function renderLabel(field: FormField): APILabelComponent {
  const long = field.label.length > LIMITS.labelText;
  return {
    type: ComponentType.Label,
    label: clip(field.label, LIMITS.labelText),
    // A label cut short keeps its full wording underneath.
    ...(long ? { description: clip(field.label, LIMITS.labelDescription) } : {}),
    component: renderInput(field),
  };
}

/**
 * The core's form as a Discord modal. Selects sit in Label components (supported since
 * discord.js 14.22). Discord modals have no custom submit label, so `submitLabel` is not shown.
 */
export function renderModal(form: Form, origin: FormOrigin): APIModalInteractionResponseCallbackData {
  if (form.fields.length > LIMITS.modalFields) {
    throw new PlatformError(
      'E_PLATFORM_LIMIT',
      `form ${form.id} has ${form.fields.length} fields; Discord modals hold at most 5`,
    );
  }
  return {
    custom_id: packForm(form.id, form.context, origin),
    title: clip(form.title, LIMITS.modalTitle),
    components: form.fields.map(renderLabel),
  };
}
