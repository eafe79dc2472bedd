/**
 * Neutral messages and forms as HTML. Every piece of text is escaped before the light markdown
 * (*bold*, _italic_, line breaks) is applied, so hostile input renders as the text it is.
 * The page's script wires the data attributes to the inbound API.
 */
import type {
  Attachment,
  Button,
  ChoiceList,
  Field,
  Form,
  FormField,
  OutboundMessage,
  Tone,
} from '../../src/messages.js';
import type { SandboxMessage } from './store.js';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** Escaped text with *bold*, _italic_, `code` and line breaks turned into markup. */
export function inlineMarkdown(value: string): string {
  return escapeHtml(value)
    .replace(/`([^`\n]+)`/g, '<code>$1</code>')
    .replace(/\*([^*\n]+)\*/g, '<strong>$1</strong>')
    .replace(/(^|[\s(（])_([^_\n]+)_(?=$|[\s).,!?:;，。！？：；）])/gu, '$1<em>$2</em>')
    .replace(/\r?\n/g, '<br>');
}

const TONES: readonly Tone[] = ['neutral', 'info', 'success', 'warning', 'danger'];
const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
/** Shown as a download link; nothing a browser would run or render in place. */
const DOWNLOAD_TYPES = ['application/json', 'text/csv', 'text/plain'];
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function toneClass(tone: Tone | undefined): string {
  return `tone-${tone && TONES.includes(tone) ? tone : 'neutral'}`;
}

function renderFields(fields: Field[]): string {
  const items = fields
    .map(
      (field) =>
        `<div class="field${field.short ? ' field-short' : ''}"><dt>${escapeHtml(field.label)}</dt>` +
        `<dd>${escapeHtml(field.value)}</dd></div>`,
    )
    .join('');
  return `<dl class="fields">${items}</dl>`;
}

function renderButtons(buttons: Button[]): string {
  const items = buttons
    .map((button) => {
      const style = button.style === 'primary' || button.style === 'danger' ? button.style : 'default';
      return (
        `<button type="button" class="btn btn-${style}" data-action="${escapeHtml(button.action)}" ` +
        `data-value="${escapeHtml(button.value)}">${escapeHtml(button.label)}</button>`
      );
    })
    .join('');
  return `<div class="actions" role="group" aria-label="Actions">${items}</div>`;
}

function renderChoices(choices: ChoiceList): string {
  const options = choices.options
    .map((option) => {
      const title = option.description ? ` title="${escapeHtml(option.description)}"` : '';
      return `<option value="${escapeHtml(option.value)}"${title}>${escapeHtml(option.label)}</option>`;
    })
    .join('');
  return (
    `<form class="choice" data-action="${escapeHtml(choices.action)}">` +
    `<label><span class="sr-only">${escapeHtml(choices.placeholder)}</span>` +
    `<select name="value" required><option value="">${escapeHtml(choices.placeholder)}</option>${options}</select></label>` +
    `<button type="submit" class="btn btn-default">Choose</button></form>`
  );
}

function renderAttachment(attachment: Attachment): string {
  const base64 = attachment.base64.replace(/\s+/g, '');
  const valid = BASE64.test(base64);
  if (valid && DOWNLOAD_TYPES.includes(attachment.contentType)) {
    return (
      `<p class="attachment"><a href="data:${attachment.contentType};base64,${base64}" ` +
      `download="${escapeHtml(attachment.filename)}">${escapeHtml(attachment.filename)}</a></p>`
    );
  }
  if (!valid || !IMAGE_TYPES.includes(attachment.contentType)) {
    return `<p class="attachment-missing">${escapeHtml(attachment.filename)}</p>`;
  }
  const alt = escapeHtml(attachment.alt);
  return (
    `<figure class="attachment"><button type="button" class="zoom" data-zoom aria-label="Enlarge: ${alt}">` +
    `<img src="data:${attachment.contentType};base64,${base64}" alt="${alt}"></button>` +
    `<figcaption>${escapeHtml(attachment.filename)}</figcaption></figure>`
  );
}

/** The body of one message: title, text, fields, attachments, choices, buttons, footer. */
export function renderBody(message: OutboundMessage): string {
  const parts = [`<div class="body ${toneClass(message.tone)}">`];
  if (message.title) parts.push(`<h3 class="title">${inlineMarkdown(message.title)}</h3>`);
  if (message.text) parts.push(`<p class="text">${inlineMarkdown(message.text)}</p>`);
  if (message.fields?.length) parts.push(renderFields(message.fields));
  for (const attachment of message.attachments ?? []) parts.push(renderAttachment(attachment));
  if (message.choices && message.choices.options.length > 0) parts.push(renderChoices(message.choices));
  if (message.buttons?.length) parts.push(renderButtons(message.buttons));
  if (message.footer) parts.push(`<p class="footer">${inlineMarkdown(message.footer)}</p>`);
  parts.push('</div>');
  return parts.join('');
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
  const note = message.visibleTo ? '<span class="only-you">Only you can see this</span>' : '';
  // The bot updates its cards as complaints move; say so, as the platforms do.
  const edited = message.edited ? '<span class="edited">(updated)</span>' : '';
  const body = message.command
    ? `<div class="body tone-neutral"><p class="text"><code>${escapeHtml(message.body.text)}</code></p></div>`
    : renderBody(message.body);
  return (
    `<article class="${classes.join(' ')}" data-id="${message.id}" aria-label="${escapeHtml(message.authorName)}">` +
    `<div class="avatar" aria-hidden="true">${escapeHtml(initials(message.authorName))}</div>` +
    `<div class="content"><header class="meta"><span class="author">${escapeHtml(message.authorName)}</span>` +
    `${message.fromBot ? '<span class="badge">app</span>' : ''}` +
    `<time datetime="${time}">${time.slice(11, 16)}</time>${edited}${note}</header>${body}</div></article>`
  );
}

/** A safe element id made of the form's and field's ids. */
function fieldElementId(formId: string, fieldId: string): string {
  return `f-${formId}-${fieldId}`.replace(/[^A-Za-z0-9_-]/g, '-');
}

function renderFormField(field: FormField, formId: string): string {
  const id = fieldElementId(formId, field.id);
  const name = escapeHtml(field.id);
  const required = field.required ? ' required' : '';
  const maxLength = field.maxLength ? ` maxlength="${Math.floor(field.maxLength)}"` : '';
  const placeholder = field.placeholder ? ` placeholder="${escapeHtml(field.placeholder)}"` : '';
  const initial = field.initial ?? '';
  // The core's label says "(optional)" itself, in the reader's language.
  const label = `<label for="${id}">${escapeHtml(field.label)}</label>`;
  let control: string;
  if (field.kind === 'paragraph') {
    control = `<textarea id="${id}" name="${name}" rows="4"${required}${maxLength}${placeholder}>${escapeHtml(initial)}</textarea>`;
  } else if (field.kind === 'select') {
    const options = (field.options ?? [])
      .map(
        (option) =>
          `<option value="${escapeHtml(option.value)}"${option.value === initial ? ' selected' : ''}>${escapeHtml(option.label)}</option>`,
      )
      .join('');
    control = `<select id="${id}" name="${name}"${required}><option value="">—</option>${options}</select>`;
  } else {
    control = `<input id="${id}" name="${name}" type="text" value="${escapeHtml(initial)}"${required}${maxLength}${placeholder}>`;
  }
  return `<div class="form-field">${label}${control}</div>`;
}

/** A form the core asked to open, as the inside of the page's dialog. */
export function renderForm(form: Form): string {
  const context = form.context === undefined ? '' : ` data-context="${escapeHtml(form.context)}"`;
  return (
    `<form class="core-form" data-form-id="${escapeHtml(form.id)}"${context}>` +
    `<h2 id="dialog-title">${escapeHtml(form.title)}</h2>` +
    form.fields.map((field) => renderFormField(field, form.id)).join('') +
    `<div class="dialog-actions"><button type="button" class="btn btn-default" data-close>${escapeHtml(form.cancelLabel ?? 'Cancel')}</button>` +
    `<button type="submit" class="btn btn-primary">${escapeHtml(form.submitLabel)}</button></div></form>`
  );
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
