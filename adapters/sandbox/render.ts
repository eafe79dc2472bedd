/**
 * Neutral messages and forms as HTML, written with hono's `html` tagged template: every value put
 * into a template is escaped unless it is markup itself, so no text can be forgotten. The light
 * markdown (*bold*, _italic_, line breaks) is applied to text already escaped, so hostile input
 * renders as the text it is.
 * The page's script wires the data attributes to the inbound API.
 */

import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type {
  Attachment,
  Button,
  ChoiceList,
  Field,
  FileRef,
  Form,
  FormField,
  OutboundMessage,
  Tone,
} from '../../src/messages.js';
import { spans, unmarked } from '../../src/messages.js';
import { fileUrl, INLINE_TYPES } from './files.js';
import type { SandboxMessage } from './store.js';

type Markup = HtmlEscapedString;
type Value = string | number | boolean | null | undefined | Markup | readonly Markup[];

/**
 * hono's `html`, synchronous: it returns a promise only when given one, and these templates take
 * plain values, strings and markup (the `Value` type keeps promises out), so the cast is sound.
 * Plain strings lose the core's person-text marks here, so no template can forget to drop them.
 */
function markup(strings: TemplateStringsArray, ...values: Value[]): Markup {
  return html(strings, ...values.map((v) => (typeof v === 'string' ? unmarked(v) : v))) as Markup;
}

/** `value` as HTML text or an attribute value: the same escaping the templates apply. */
export function escapeHtml(value: string): string {
  return markup`${value}`.toString();
}

/** The bot's own words: escaped, with *bold*, _italic_, `code` and line breaks turned into markup. */
function botMarkdown(value: string): string {
  return escapeHtml(value)
    .replace(/`([^`\n]+)`/g, '<code>$1</code>')
    .replace(/\*([^*\n]+)\*/g, '<strong>$1</strong>')
    .replace(/(^|[\s(（])_([^_\n]+)_(?=$|[\s).,!?:;，。！？：；）])/gu, '$1<em>$2</em>')
    .replace(/\r?\n/g, '<br>');
}

/**
 * The core's text as HTML: its own words with their light markdown, the words people wrote
 * (marked by the core) only escaped, line breaks kept, so a customer's `*stars*` stay stars.
 */
export function inlineMarkdown(value: string): string {
  return spans(value)
    .map((span) => (span.person ? escapeHtml(span.text).replace(/\r?\n/g, '<br>') : botMarkdown(span.text)))
    .join('');
}

/** `inlineMarkdown` as markup a template takes as it is. */
function inline(value: string): Markup {
  return raw(inlineMarkdown(value));
}

const TONES: readonly Tone[] = ['neutral', 'info', 'success', 'warning', 'danger'];
const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
/** Shown as a download link; nothing a browser would run or render in place. */
const DOWNLOAD_TYPES = ['application/json', 'text/csv', 'text/plain'];
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function toneClass(tone: Tone | undefined): string {
  return `tone-${tone && TONES.includes(tone) ? tone : 'neutral'}`;
}

function renderFields(fields: Field[]): Markup {
  const items = fields.map(
    (field) =>
      markup`<div class="field${field.short ? ' field-short' : ''}"><dt>${field.label}</dt><dd>${field.value}</dd></div>`,
  );
  return markup`<dl class="fields">${items}</dl>`;
}

function renderButtons(buttons: Button[]): Markup {
  const items = buttons.map((button) => {
    const style = button.style === 'primary' || button.style === 'danger' ? button.style : 'default';
    return markup`<button type="button" class="btn btn-${style}" data-action="${button.action}" data-value="${button.value}">${button.label}</button>`;
  });
  return markup`<div class="actions" role="group" aria-label="Actions">${items}</div>`;
}

function renderChoices(choices: ChoiceList): Markup {
  const options = choices.options.map((option) => {
    const title = option.description ? markup` title="${option.description}"` : '';
    return markup`<option value="${option.value}"${title}>${option.label}</option>`;
  });
  return markup`<form class="choice" data-action="${choices.action}"><label><span class="sr-only">${choices.placeholder}</span><select name="value" required><option value="">${choices.placeholder}</option>${options}</select></label><button type="submit" class="btn btn-default">Choose</button></form>`;
}

function renderAttachment(attachment: Attachment): Markup {
  const base64 = attachment.base64.replace(/\s+/g, '');
  const valid = BASE64.test(base64);
  if (valid && DOWNLOAD_TYPES.includes(attachment.contentType)) {
    return markup`<p class="attachment"><a href="data:${attachment.contentType};base64,${base64}" download="${attachment.filename}">${attachment.filename}</a></p>`;
  }
  if (!valid || !IMAGE_TYPES.includes(attachment.contentType)) {
    return markup`<p class="attachment-missing">${attachment.filename}</p>`;
  }
  const alt = attachment.alt;
  return markup`<figure class="attachment"><button type="button" class="zoom" data-zoom aria-label="Enlarge: ${alt}"><img src="data:${attachment.contentType};base64,${base64}" alt="${alt}"></button><figcaption>${attachment.filename}</figcaption></figure>`;
}

function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A person's or the bot's file, served by the sandbox: a picture inline, anything else a download. */
function renderFile(file: FileRef): Markup {
  const url = fileUrl(file);
  if (!url) return markup`<p class="attachment-missing">${file.name}</p>`;
  if (INLINE_TYPES.includes(file.mimeType)) {
    return markup`<figure class="attachment"><button type="button" class="zoom" data-zoom aria-label="Enlarge: ${file.name}"><img src="${url}" alt="${file.name}"></button><figcaption>${file.name}</figcaption></figure>`;
  }
  return markup`<p class="attachment"><a href="${url}" download="${file.name}">${file.name}</a> <span class="size">(${fileSize(file.size)})</span></p>`;
}

function bodyMarkup(message: OutboundMessage): Markup {
  // A new staff card pings the staff team; the sandbox's groups are plain names, shown as `@name`.
  const mention = message.mentions?.roles.length
    ? markup`<p class="mention">${message.mentions.roles.map((role) => `@${role}`).join(' ')}</p>`
    : '';
  const title = message.title ? markup`<h3 class="title">${inline(message.title)}</h3>` : '';
  const text = message.text ? markup`<p class="text">${inline(message.text)}</p>` : '';
  const fields = message.fields?.length ? renderFields(message.fields) : '';
  const attachments = [
    ...(message.attachments ?? []).map(renderAttachment),
    ...(message.files ?? []).map(renderFile),
  ];
  const choices = message.choices && message.choices.options.length > 0 ? renderChoices(message.choices) : '';
  const buttons = message.buttons?.length ? renderButtons(message.buttons) : '';
  const footer = message.footer ? markup`<p class="footer">${inline(message.footer)}</p>` : '';
  return markup`<div class="body ${toneClass(message.tone)}">${mention}${title}${text}${fields}${attachments}${choices}${buttons}${footer}</div>`;
}

/** The body of one message: title, text, fields, attachments, choices, buttons, footer. */
export function renderBody(message: OutboundMessage): string {
  return bodyMarkup(message).toString();
}

function initials(name: string): string {
  const letters = name
    .trim()
    .split(/\s+/)
    .map((part) => Array.from(part)[0] ?? '')
    .join('');
  return Array.from(letters).slice(0, 2).join('').toUpperCase() || '?';
}

/** One message as it appears in a conversation: avatar, author, time, body. */
export function renderMessage(message: SandboxMessage): string {
  const classes = ['msg', message.fromBot ? 'from-bot' : 'from-user'];
  if (message.visibleTo) classes.push('ephemeral');
  if (message.command) classes.push('command');
  const time = message.createdAt.toISOString();
  const note = message.visibleTo ? markup`<span class="only-you">Only you can see this</span>` : '';
  // The bot updates its cards as complaints move; say so, as the platforms do.
  const edited = message.edited ? markup`<span class="edited">(updated)</span>` : '';
  const badge = message.fromBot ? markup`<span class="badge">app</span>` : '';
  const body = message.command
    ? markup`<div class="body tone-neutral"><p class="text"><code>${message.body.text}</code></p></div>`
    : bodyMarkup(message.body);
  return markup`<article class="${classes.join(' ')}" data-id="${message.id}" aria-label="${message.authorName}"><div class="avatar" aria-hidden="true">${initials(message.authorName)}</div><div class="content"><header class="meta"><span class="author">${message.authorName}</span>${badge}<time datetime="${time}">${time.slice(11, 16)}</time>${edited}${note}</header>${body}</div></article>`.toString();
}

/** A safe element id made of the form's and field's ids. */
function fieldElementId(formId: string, fieldId: string): string {
  return `f-${formId}-${fieldId}`.replace(/[^A-Za-z0-9_-]/g, '-');
}

function renderFormField(field: FormField, formId: string): Markup {
  const id = fieldElementId(formId, field.id);
  const name = field.id;
  const required = field.required ? markup` required` : '';
  const maxLength = field.maxLength ? markup` maxlength="${Math.floor(field.maxLength)}"` : '';
  const placeholder = field.placeholder ? markup` placeholder="${field.placeholder}"` : '';
  const initial = field.initial ?? '';
  // The core's label says "(optional)" itself, in the reader's language.
  const label = markup`<label for="${id}">${field.label}</label>`;
  let control: Markup;
  if (field.kind === 'paragraph') {
    control = markup`<textarea id="${id}" name="${name}" rows="4"${required}${maxLength}${placeholder}>${initial}</textarea>`;
  } else if (field.kind === 'select') {
    const options = (field.options ?? []).map(
      (option) =>
        markup`<option value="${option.value}"${option.value === initial ? markup` selected` : ''}>${option.label}</option>`,
    );
    control = markup`<select id="${id}" name="${name}"${required}><option value="">—</option>${options}</select>`;
  } else {
    control = markup`<input id="${id}" name="${name}" type="text" value="${initial}"${required}${maxLength}${placeholder}>`;
  }
  return markup`<div class="form-field">${label}${control}</div>`;
}

/** A form the core asked to open, as the inside of the page's dialog. */
export function renderForm(form: Form): string {
  const context = form.context === undefined ? '' : markup` data-context="${form.context}"`;
  const fields = form.fields.map((field) => renderFormField(field, form.id));
  return markup`<form class="core-form" data-form-id="${form.id}"${context}><h2 id="dialog-title">${form.title}</h2>${fields}<div class="dialog-actions"><button type="button" class="btn btn-default" data-close>${form.cancelLabel ?? 'Cancel'}</button><button type="submit" class="btn btn-primary">${form.submitLabel}</button></div></form>`.toString();
}

/** What the page receives for one message: where it lives, who sees it, and its HTML. */
export interface MessageView {
  id: number;
  conversation: string;
  visibleTo?: string;
  authorId: string;
  html: string;
}

export function toView(message: SandboxMessage): MessageView {
  const view: MessageView = {
    id: message.id,
    conversation: message.conversation,
    authorId: message.authorId,
    html: renderMessage(message),
  };
  if (message.visibleTo) view.visibleTo = message.visibleTo;
  return view;
}
