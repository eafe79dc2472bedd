import { describe, expect, it } from 'vitest';
import { blockTextLength } from '../../adapters/slack/limits.js';
import {
  decodeActionId,
  decodeFormMetadata,
  escapeMrkdwn,
  renderForm,
  renderMessage,
  renderMessageParts,
} from '../../adapters/slack/render.js';
import type { Form, OutboundMessage } from '../../src/messages.js';
import { refuseMessage, refuseView } from '../kit/slack-limits.js';

const card: OutboundMessage = {
  title: 'C-1001 · Urgent · Delivery',
  text: 'Parcel arrived crushed; customer is upset.',
  tone: 'danger',
  fields: [
    { label: 'Severity', value: 'urgent', short: true },
    { label: 'Category', value: 'delivery', short: true },
    { label: 'Summary', value: 'Parcel arrived crushed' },
  ],
  buttons: [
    { action: 'ticket.claim', value: 'c1', label: 'Claim', style: 'primary' },
    { action: 'ticket.reply', value: 'c1', label: 'Reply' },
    { action: 'ticket.escalate', value: 'c1', label: 'Escalate', style: 'danger' },
    { action: 'ticket.resolve', value: 'c1', label: 'Resolve' },
  ],
  footer: 'First response due 14:30 UTC',
};

describe('Block Kit rendering of a message', () => {
  it('renders a staff card as header, text, fields, buttons and footer', () => {
    expect(renderMessage(card)).toEqual({
      text: 'C-1001 · Urgent · Delivery\nParcel arrived crushed; customer is upset.',
      blocks: [
        {
          type: 'header',
          text: { type: 'plain_text', text: ':rotating_light: C-1001 · Urgent · Delivery', emoji: true },
        },
        { type: 'section', text: { type: 'mrkdwn', text: 'Parcel arrived crushed; customer is upset.' } },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Severity*\nurgent', verbatim: true },
            { type: 'mrkdwn', text: '*Category*\ndelivery', verbatim: true },
          ],
        },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '*Summary*\nParcel arrived crushed', verbatim: true },
        },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'ticket.claim|0',
              text: { type: 'plain_text', text: 'Claim', emoji: true },
              value: 'c1',
              style: 'primary',
            },
            {
              type: 'button',
              action_id: 'ticket.reply|1',
              text: { type: 'plain_text', text: 'Reply', emoji: true },
              value: 'c1',
            },
            {
              type: 'button',
              action_id: 'ticket.escalate|2',
              text: { type: 'plain_text', text: 'Escalate', emoji: true },
              value: 'c1',
              style: 'danger',
            },
            {
              type: 'button',
              action_id: 'ticket.resolve|3',
              text: { type: 'plain_text', text: 'Resolve', emoji: true },
              value: 'c1',
            },
          ],
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'First response due 14:30 UTC' }] },
      ],
    });
  });

  it('gives buttons sharing one core action distinct action ids that decode back to it', () => {
    const { blocks } = renderMessage({
      text: 'Which fits best?',
      buttons: [
        { action: 'intake.category', value: 'product', label: 'Product' },
        { action: 'intake.category', value: 'delivery', label: 'Delivery' },
      ],
    });
    const actions = blocks.find((b) => b.type === 'actions') as {
      elements: { action_id: string; value: string }[];
    };
    const ids = actions.elements.map((e) => e.action_id);
    expect(new Set(ids).size).toBe(2);
    expect(ids.map(decodeActionId)).toEqual(['intake.category', 'intake.category']);
    expect(actions.elements.map((e) => e.value)).toEqual(['product', 'delivery']);
  });

  it('renders a choice list as a static select', () => {
    const { blocks } = renderMessage({
      text: 'What outcome would help?',
      choices: {
        action: 'intake.outcome',
        placeholder: 'Pick one',
        options: [
          { value: 'refund', label: 'Refund' },
          { value: 'fix', label: 'Repair or fix', description: 'We repair it' },
        ],
      },
    });
    expect(blocks[1]).toEqual({
      type: 'actions',
      elements: [
        {
          type: 'static_select',
          action_id: 'intake.outcome|0',
          placeholder: { type: 'plain_text', text: 'Pick one' },
          options: [
            { text: { type: 'plain_text', text: 'Refund', emoji: true }, value: 'refund' },
            {
              text: { type: 'plain_text', text: 'Repair or fix', emoji: true },
              value: 'fix',
              description: { type: 'plain_text', text: 'We repair it' },
            },
          ],
        },
      ],
    });
  });

  it('escapes customer text so it cannot ping a channel or hide a link', () => {
    expect(escapeMrkdwn('<!channel> look at <http://evil|this> & that')).toBe(
      '&lt;!channel&gt; look at &lt;http://evil|this&gt; &amp; that',
    );
    const { blocks } = renderMessage({ text: 'Hi <!here>' });
    expect(blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'Hi &lt;!here&gt;' } });
  });

  it('splits text longer than a section allows instead of failing the whole message', () => {
    const long = `${'a'.repeat(2500)}\n${'b'.repeat(2500)}`;
    const { blocks } = renderMessage({ text: long });
    expect(blocks).toHaveLength(2);
    for (const block of blocks)
      expect((block as { text: { text: string } }).text.text.length).toBeLessThanOrEqual(3000);
  });

  it('clips a title to the header limit', () => {
    const { blocks } = renderMessage({ title: 'x'.repeat(200), text: 'body' });
    expect((blocks[0] as { text: { text: string } }).text.text).toHaveLength(150);
  });

  it('measures after escaping: 3,970 pasted < become several messages Slack accepts, all of them shown', () => {
    const paste = '<'.repeat(3970);
    const parts = renderMessageParts({ text: paste });
    for (const part of parts) {
      expect(refuseMessage({ ...part })).toBeUndefined();
      expect(blockTextLength(part.blocks)).toBeLessThanOrEqual(12_000);
    }
    const shown = parts.flatMap((p) => p.blocks.map((b) => (b as { text: { text: string } }).text.text));
    expect(shown.join('')).toBe('&lt;'.repeat(3970));
    expect(parts.length).toBeGreaterThan(1);
  });

  it('shows a 20,000-character complaint whole, split into several messages', () => {
    const complaint = Array.from({ length: 400 }, (_, i) => `Sentence ${i} about the broken order.`)
      .join(' ')
      .padEnd(20_000, ' and more');
    const parts = renderMessageParts({ text: complaint });
    expect(parts.length).toBeGreaterThanOrEqual(2);
    for (const part of parts) expect(refuseMessage({ ...part })).toBeUndefined();
    const shown = parts.flatMap((p) => p.blocks.map((b) => (b as { text: { text: string } }).text.text));
    expect(shown.join('')).toBe(escapeMrkdwn(complaint));
  });

  it('never cuts an emoji in half', () => {
    const parts = renderMessageParts({ text: '👩‍👩‍👧'.repeat(2000), title: '🎉'.repeat(100) });
    for (const part of parts) expect(refuseMessage({ ...part })).toBeUndefined();
  });

  it('puts more than 25 buttons in several actions blocks and leaves out an empty choice list', () => {
    const buttons = Array.from({ length: 30 }, (_, i) => ({
      action: 'intake.category',
      value: `v${i}`,
      label: `B${i}`,
    }));
    const [part] = renderMessageParts({
      text: 'Pick',
      buttons,
      choices: { action: 'intake.pick', placeholder: 'Pick', options: [] },
    });
    const actions = part?.blocks.filter((b) => b.type === 'actions') ?? [];
    expect(actions.map((b) => (b as { elements: unknown[] }).elements.length)).toEqual([25, 5]);
    expect(refuseMessage({ ...part })).toBeUndefined();
  });

  it('keeps one message for an update, showing what fits and an ellipsis', () => {
    const rendered = renderMessage({ ...card, text: '<'.repeat(8000) });
    expect(refuseMessage({ ...rendered })).toBeUndefined();
    expect(rendered.blocks.some((b) => b.type === 'actions')).toBe(true);
    expect(rendered.blocks).toContainEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '…' }] });
  });
});

describe('Block Kit rendering of a form', () => {
  const form: Form = {
    id: 'ticket.reply',
    title: 'Reply to the customer of C-1001',
    submitLabel: 'Send',
    context: 'complaint-uuid',
    fields: [
      {
        id: 'message',
        label: 'Your reply',
        kind: 'paragraph',
        required: true,
        placeholder: 'Be kind',
        maxLength: 2000,
      },
      {
        id: 'tone',
        label: 'Tone',
        kind: 'select',
        required: false,
        initial: 'warm',
        options: [
          { value: 'warm', label: 'Warm' },
          { value: 'brief', label: 'Brief' },
        ],
      },
    ],
  };

  it('renders a modal with clipped title, inputs keyed by field id and the context in private_metadata', () => {
    const view = renderForm(form, { channelId: 'C0STAFF', responseUrl: 'https://hooks.slack.com/x' });
    expect(view).toMatchObject({
      type: 'modal',
      callback_id: 'hearken:ticket.reply',
      title: { type: 'plain_text', text: 'Reply to the customer o…' },
      submit: { type: 'plain_text', text: 'Send' },
      blocks: [
        {
          type: 'input',
          block_id: 'message',
          optional: false,
          label: { type: 'plain_text', text: 'Your reply' },
          element: {
            type: 'plain_text_input',
            action_id: 'message',
            multiline: true,
            max_length: 2000,
            placeholder: { type: 'plain_text', text: 'Be kind' },
          },
        },
        {
          type: 'input',
          block_id: 'tone',
          optional: true,
          element: {
            type: 'static_select',
            action_id: 'tone',
            initial_option: { value: 'warm' },
          },
        },
      ],
    });
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(decodeFormMetadata(view.private_metadata ?? '')).toEqual({
      formId: 'ticket.reply',
      context: 'complaint-uuid',
      origin: { channelId: 'C0STAFF', responseUrl: 'https://hooks.slack.com/x' },
    });
  });

  it('keeps the core context when the origin would overflow private_metadata', () => {
    const view = renderForm(
      { ...form, context: 'k'.repeat(2900) },
      { responseUrl: `https://x/${'r'.repeat(500)}` },
    );
    expect(decodeFormMetadata(view.private_metadata ?? '')).toEqual({
      formId: 'ticket.reply',
      context: 'k'.repeat(2900),
      origin: {},
    });
  });

  it('never prefills an input beyond its own limit, so the customer can submit their own form', () => {
    const view = renderForm({
      id: 'intake.form',
      title: 'Complaint',
      submitLabel: 'Send',
      fields: [
        {
          id: 'description',
          label: 'What happened?',
          kind: 'paragraph',
          required: true,
          initial: 'x'.repeat(4000),
        },
        {
          id: 'details',
          label: 'Details',
          kind: 'text',
          required: false,
          maxLength: 500,
          initial: '😀'.repeat(300),
        },
        { id: 'pick', label: 'Pick', kind: 'select', required: false, options: [] },
      ],
    });
    expect(refuseView(view)).toBeUndefined();
    const inputs = view.blocks.map(
      (b) => (b as { element: { initial_value?: string; max_length?: number } }).element,
    );
    expect(inputs[0]?.initial_value).toHaveLength(3000);
    expect(inputs[1]?.initial_value).toBe('😀'.repeat(250));
  });
});
