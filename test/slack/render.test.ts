import { describe, expect, it } from 'vitest';
import {
  decodeActionId,
  decodeFormMetadata,
  escapeMrkdwn,
  renderForm,
  renderMessage,
} from '../../adapters/slack/render.js';
import type { Form, OutboundMessage } from '../../src/messages.js';

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
});
