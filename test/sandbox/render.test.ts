import { describe, expect, it } from 'vitest';
import { inlineMarkdown, renderBody, renderForm, renderMessage } from '../../adapters/sandbox/render.js';
import type { SandboxMessage } from '../../adapters/sandbox/store.js';

const HOSTILE = '<img src=x onerror="alert(1)">&\'"';

function message(overrides: Partial<SandboxMessage>): SandboxMessage {
  return {
    id: 7,
    conversation: 'channel:sandbox:channel:staff',
    authorId: 'sandbox:bot',
    authorName: 'Hearken',
    fromBot: true,
    body: { text: 'hello' },
    command: false,
    createdAt: new Date('2026-01-02T03:04:05Z'),
    edited: false,
    ...overrides,
  };
}

describe('sandbox HTML renderer', () => {
  it('turns *bold*, _italic_ and line breaks into markup', () => {
    expect(inlineMarkdown('*Thank you* for _telling_ us.\nWe are on it.')).toBe(
      '<strong>Thank you</strong> for <em>telling</em> us.<br>We are on it.',
    );
  });

  it('shows `code` as code', () => {
    expect(inlineMarkdown('Use `/complain status C-1001`')).toBe('Use <code>/complain status C-1001</code>');
  });

  it('leaves underscores inside words alone', () => {
    expect(inlineMarkdown('order_id_42')).toBe('order_id_42');
  });

  it('escapes hostile text in every part of a message', () => {
    const html = renderBody({
      text: HOSTILE,
      title: HOSTILE,
      footer: HOSTILE,
      fields: [{ label: HOSTILE, value: HOSTILE }],
      buttons: [{ action: HOSTILE, value: HOSTILE, label: HOSTILE }],
      choices: { action: HOSTILE, placeholder: HOSTILE, options: [{ value: HOSTILE, label: HOSTILE }] },
      attachments: [{ filename: HOSTILE, contentType: 'image/png', base64: HOSTILE, alt: HOSTILE }],
    });

    expect(html).not.toContain('<img src=x');
    expect(html).not.toMatch(/onerror="/);
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;&quot;');
  });

  it('escapes the author name and shows the time', () => {
    const html = renderMessage(message({ authorName: HOSTILE, fromBot: false }));

    expect(html).not.toContain('<img src=x');
    expect(html).toContain('<time datetime="2026-01-02T03:04:05.000Z">03:04</time>');
  });

  it('marks an ephemeral reply as seen only by its reader', () => {
    const html = renderMessage(message({ visibleTo: 'sandbox:demo:sam' }));

    expect(html).toContain('class="msg from-bot ephemeral"');
    expect(html).toContain('Only you can see this');
  });

  it('renders a chart attachment as an image with its alt text', () => {
    const html = renderBody({
      text: 'Daily digest',
      attachments: [
        { filename: 'digest.png', contentType: 'image/png', base64: 'iVBORw0KGgo=', alt: 'Volume by day' },
      ],
    });

    expect(html).toContain('<img src="data:image/png;base64,iVBORw0KGgo=" alt="Volume by day">');
    expect(html).toContain('aria-label="Enlarge: Volume by day"');
  });

  it('offers an export as a download link', () => {
    const html = renderBody({
      text: 'Export',
      attachments: [
        { filename: 'export.json', contentType: 'application/json', base64: 'e30=', alt: 'export' },
      ],
    });

    expect(html).toContain(
      '<a href="data:application/json;base64,e30=" download="export.json">export.json</a>',
    );
  });

  it('shows field values as plain text', () => {
    expect(renderBody({ text: 'x', fields: [{ label: 'Summary', value: '*not bold*' }] })).toContain(
      '<dd>*not bold*</dd>',
    );
  });

  it('does not put an attachment of another type into the page', () => {
    const html = renderBody({
      text: 'x',
      attachments: [{ filename: 'a.html', contentType: 'text/html', base64: 'PGI+', alt: 'a' }],
    });

    expect(html).not.toContain('data:text/html');
    expect(html).toContain('a.html');
  });

  it('renders a form with labelled fields, escaped values and the context to echo back', () => {
    const html = renderForm({
      id: 'ticket.reply',
      title: 'Reply to C-1001',
      submitLabel: 'Send',
      context: HOSTILE,
      fields: [
        {
          id: 'text',
          label: 'Your reply',
          kind: 'paragraph',
          required: true,
          initial: HOSTILE,
          maxLength: 2000,
        },
        {
          id: 'tone',
          label: 'Tone',
          kind: 'select',
          required: false,
          options: [{ value: 'warm', label: 'Warm' }],
          initial: 'warm',
        },
      ],
    });

    expect(html).toContain('<label for="f-ticket-reply-text">Your reply</label>');
    expect(html).toContain(
      '<textarea id="f-ticket-reply-text" name="text" rows="4" required maxlength="2000">',
    );
    expect(html).toContain('<option value="warm" selected>Warm</option>');
    expect(html).not.toContain('<img src=x');
  });
});
