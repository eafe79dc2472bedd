import { describe, expect, test } from 'vitest';
import {
  CustomIdTooLongError,
  packAction,
  packForm,
  unpackAction,
  unpackForm,
} from '../../adapters/discord/custom-id.js';
import { renderMessage, renderModal, toDiscordMarkdown } from '../../adapters/discord/render.js';
import type { Button, Form } from '../../src/messages.js';

const button = (action: string, value: string, label = value): Button => ({ action, value, label });

describe('rendering messages', () => {
  test('plain text is sent as content, with the core’s *bold* spelled the Discord way', () => {
    const rendered = renderMessage({ text: 'Your complaint is *C-1001*. _Thank you._' });
    expect(rendered).toEqual({
      content: 'Your complaint is **C-1001**. _Thank you._',
      embeds: [],
      components: [],
      files: [],
    });
  });

  test('a message with a title, fields, footer and tone becomes one coloured embed', () => {
    const rendered = renderMessage({
      title: 'C-1001 · Delivery',
      text: 'Parcel never arrived',
      fields: [
        { label: 'Severity', value: 'High', short: true },
        { label: 'Customer said', value: '*not* my fault_' },
      ],
      footer: 'First response due 13:00',
      tone: 'warning',
    });
    expect(rendered.content).toBe('');
    expect(rendered.embeds).toEqual([
      {
        color: 0xf59e0b,
        title: 'C-1001 · Delivery',
        description: 'Parcel never arrived',
        footer: { text: 'First response due 13:00' },
        fields: [
          { name: 'Severity', value: 'High', inline: true },
          // Field values are the customer's words: shown as typed, not as markdown.
          { name: 'Customer said', value: '\\*not\\* my fault\\_', inline: false },
        ],
      },
    ]);
  });

  test('buttons go five to a row and carry action and value in their custom_id', () => {
    const buttons = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((v) => button('intake.category', v));
    const rendered = renderMessage({
      text: 'Pick one',
      buttons: [{ ...buttons[0]!, style: 'primary' }, ...buttons.slice(1)],
    });
    expect(rendered.components.map((row) => row.components.length)).toEqual([5, 2]);
    expect(rendered.components[0]?.components[0]).toEqual({
      type: 2,
      style: 1,
      label: 'a',
      custom_id: 'intake.category|a',
    });
  });

  test('a choice list becomes a select whose picked value completes the action', () => {
    const options = Array.from({ length: 30 }, (_, i) => ({ value: `g${i}`, label: `Guild ${i}` }));
    const rendered = renderMessage({
      text: 'Which?',
      choices: { action: 'discord.tenant', placeholder: 'Pick', options },
    });
    const select = rendered.components[0]?.components[0];
    expect(select).toMatchObject({ type: 3, custom_id: 'discord.tenant|', min_values: 1, max_values: 1 });
    expect(select && 'options' in select ? select.options : []).toHaveLength(25);
  });

  test('long text is clipped to Discord limits instead of being refused', () => {
    const rendered = renderMessage({
      text: 'x'.repeat(5000),
      fields: [{ label: 'y'.repeat(300), value: 'z'.repeat(2000) }],
    });
    const embed = rendered.embeds[0]!;
    expect(embed.description).toHaveLength(4096);
    expect(embed.fields?.[0]?.name).toHaveLength(256);
    expect(embed.fields?.[0]?.value).toHaveLength(1024);
    expect(embed.description?.endsWith('…')).toBe(true);
  });

  test('a PNG attachment is uploaded as a file with alt text and shown in the embed', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64');
    const rendered = renderMessage({
      text: 'Weekly digest',
      title: 'Digest',
      attachments: [
        { filename: 'chart.png', contentType: 'image/png', base64: png, alt: 'Complaints per day' },
      ],
    });
    expect(rendered.files).toEqual([
      {
        name: 'chart.png',
        data: Buffer.from(png, 'base64'),
        contentType: 'image/png',
        description: 'Complaints per day',
      },
    ]);
    expect(rendered.embeds[0]?.image).toEqual({ url: 'attachment://chart.png' });
  });

  test('markdown conversion leaves lone asterisks and bullet lists alone', () => {
    expect(toDiscordMarkdown('5 * 3 = 15\n* item\n*bold* and **already**')).toBe(
      '5 * 3 = 15\n* item\n**bold** and **already**',
    );
  });
});

describe('rendering forms as modals', () => {
  const form: Form = {
    id: 'intake.form',
    title: 'Tell us what happened, in one page please',
    submitLabel: 'Send',
    context: 'session-42',
    fields: [
      {
        id: 'description',
        label: 'What happened?',
        kind: 'paragraph',
        required: true,
        maxLength: 4000,
        initial: 'It broke',
      },
      {
        id: 'category',
        label: 'What is it about? Pick the closest one from the list',
        kind: 'select',
        required: true,
        initial: 'delivery',
        options: [
          { value: 'product', label: 'Product quality' },
          { value: 'delivery', label: 'Delivery' },
        ],
      },
      { id: 'details', label: 'Order number', kind: 'text', required: false, placeholder: 'e.g. 5521' },
    ],
  };

  test('each field sits in a Label; selects are real select menus; the context rides in the custom_id', () => {
    const modal = renderModal(form, { complainInGuild: true });
    expect(modal.custom_id).toBe('form|c|intake.form|session-42');
    expect(modal.title).toBe('Tell us what happened, in one page please');
    expect(modal.components).toEqual([
      {
        type: 18,
        label: 'What happened?',
        component: {
          type: 4,
          custom_id: 'description',
          style: 2,
          required: true,
          max_length: 4000,
          value: 'It broke',
        },
      },
      {
        type: 18,
        label: 'What is it about? Pick the closest one from …',
        description: 'What is it about? Pick the closest one from the list',
        component: {
          type: 3,
          custom_id: 'category',
          required: true,
          min_values: 1,
          max_values: 1,
          options: [
            { label: 'Product quality', value: 'product' },
            { label: 'Delivery', value: 'delivery', default: true },
          ],
        },
      },
      {
        type: 18,
        label: 'Order number',
        component: {
          type: 4,
          custom_id: 'details',
          style: 1,
          required: false,
          max_length: 4000,
          placeholder: 'e.g. 5521',
        },
      },
    ]);
  });

  test('a form with more than five fields is refused before Discord would refuse it', () => {
    const six = {
      ...form,
      fields: Array.from({ length: 6 }, (_, i) => ({ ...form.fields[2]!, id: `f${i}` })),
    };
    expect(() => renderModal(six, { complainInGuild: false })).toThrow(/at most 5/);
  });
});

describe('custom ids', () => {
  test('action and value round-trip, even when the value holds the separator', () => {
    expect(unpackAction(packAction('ticket.reply', 'a|b'))).toEqual({ action: 'ticket.reply', value: 'a|b' });
  });

  test('form id, context and origin round-trip; an absent context stays absent', () => {
    expect(unpackForm(packForm('ticket.reply', 'ctx|x', { complainInGuild: false }))).toEqual({
      formId: 'ticket.reply',
      context: 'ctx|x',
      origin: { complainInGuild: false },
    });
    expect(unpackForm(packForm('intake.form', undefined, { complainInGuild: true }))).toEqual({
      formId: 'intake.form',
      origin: { complainInGuild: true },
    });
  });

  test('a custom_id over 100 characters is an error that says what to shorten', () => {
    expect(() => packAction('ticket.claim', 'v'.repeat(90))).toThrow(CustomIdTooLongError);
  });

  test('a form custom_id is not mistaken for a button', () => {
    expect(unpackAction(packForm('intake.form', 'x', { complainInGuild: false }))).toBeUndefined();
  });
});
