import { describe, expect, test } from 'vitest';
import {
  CustomIdTooLongError,
  packAction,
  packForm,
  unpackAction,
  unpackForm,
} from '../../adapters/discord/custom-id.js';
import {
  renderMessage,
  renderMessageParts,
  renderModal,
  toDiscordMarkdown,
} from '../../adapters/discord/render.js';
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

  test('a choice list becomes a select whose picked value completes the action; past 25 options a second select holds the rest', () => {
    const options = Array.from({ length: 30 }, (_, i) => ({ value: `g${i}`, label: `Guild ${i}` }));
    const rendered = renderMessage({
      text: 'Which?',
      choices: { action: 'discord.tenant', placeholder: 'Pick', options },
    });
    const selects = rendered.components.map((row) => row.components[0]);
    expect(selects[0]).toMatchObject({ type: 3, custom_id: 'discord.tenant|', min_values: 1, max_values: 1 });
    expect(selects[1]).toMatchObject({ type: 3, custom_id: 'discord.tenant|2' });
    expect(selects.map((select) => (select && 'options' in select ? select.options.length : 0))).toEqual([
      25, 5,
    ]);
  });

  test('long text is split into several messages at line breaks, never clipped', () => {
    const text = `${'x'.repeat(1500)}\n${'y'.repeat(1500)}\n${'z'.repeat(1500)}`;
    const parts = renderMessageParts({ text, buttons: [button('ticket.claim', 'c1', 'Claim')] });
    expect(parts.map((part) => part.content)).toEqual([
      `${'x'.repeat(1500)}\n`,
      `${'y'.repeat(1500)}\n`,
      'z'.repeat(1500),
    ]);
    // The buttons come after the whole text.
    expect(parts.map((part) => part.components.length)).toEqual([0, 0, 1]);
  });

  test('a long embed keeps every field and the 6,000 total in each message', () => {
    const parts = renderMessageParts({
      title: 'Timeline',
      text: 'x'.repeat(5000),
      fields: Array.from({ length: 8 }, (_, i) => ({ label: `Field ${i}`, value: 'z'.repeat(2000) })),
      footer: 'C-1001',
    });
    const embeds = parts.flatMap((part) => part.embeds);
    const weight = (e: (typeof embeds)[number]) =>
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.footer?.text.length ?? 0) +
      (e.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
    for (const embed of embeds) {
      expect(weight(embed)).toBeLessThanOrEqual(6000);
      expect(embed.description?.length ?? 0).toBeLessThanOrEqual(4096);
      for (const field of embed.fields ?? []) expect(field.value.length).toBeLessThanOrEqual(1024);
    }
    expect(embeds.map((e) => e.description ?? '').join('')).toBe('x'.repeat(5000));
    // Each 2,000-character field continues over two embed fields: all 16,000 characters arrive.
    const values = embeds.flatMap((e) => e.fields ?? []).map((f) => f.value);
    expect(values.join('')).toBe('z'.repeat(16_000));
    expect(embeds[0]?.title).toBe('Timeline');
    expect(embeds.at(-1)?.footer?.text).toBe('C-1001');
  });

  test('a 2,000-character relay whose *bold* grows on conversion still fits, in two messages', () => {
    const text = `*a* ${'b'.repeat(1996)}`;
    expect(text).toHaveLength(2000);
    const parts = renderMessageParts({ text });
    expect(parts).toHaveLength(2);
    expect(parts.map((p) => p.content).join('')).toBe(`**a** ${'b'.repeat(1996)}`);
    for (const part of parts) expect(part.content.length).toBeLessThanOrEqual(2000);
  });

  test('text is cut between graphemes: a family emoji is never split', () => {
    const family = '👨‍👩‍👧‍👦';
    const parts = renderMessageParts({ text: family.repeat(400) });
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.content.length).toBeLessThanOrEqual(2000);
      expect(part.content.replaceAll(family, '')).toBe('');
    }
  });

  test('a message that must stay one (a card edit) shows what fits and an ellipsis', () => {
    const rendered = renderMessage({
      title: 'C-1',
      text: 'x'.repeat(9000),
      buttons: [button('ticket.claim', 'c1')],
    });
    expect(rendered.embeds[0]?.description?.endsWith('…')).toBe(true);
    expect(rendered.components).toHaveLength(1);
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

describe('more buttons or choices than one Discord message holds', () => {
  test('thirty buttons become six rows over two messages; none is dropped', () => {
    const buttons = Array.from({ length: 30 }, (_, i) => ({
      action: 'intake.pick',
      value: String(i),
      label: `B${i}`,
    }));

    const parts = renderMessageParts({ text: 'Pick one', buttons });

    expect(parts.map((part) => part.components.length)).toEqual([5, 1]);
    const labels = parts.flatMap((part) =>
      part.components.flatMap((row) => row.components.map((c) => ('label' in c ? c.label : ''))),
    );
    expect(labels).toEqual(buttons.map((b) => b.label));
  });

  test('a server list of 130 becomes six selects over two messages; every server can be picked', () => {
    const options = Array.from({ length: 130 }, (_, i) => ({
      value: String(1000 + i),
      label: `Server ${i}`,
    }));

    const parts = renderMessageParts({
      text: 'Which server?',
      choices: { action: 'discord.tenant', placeholder: 'Pick', options },
    });

    expect(parts.map((part) => part.components.length)).toEqual([5, 1]);
    const values = parts.flatMap((part) =>
      part.components.flatMap((row) =>
        row.components.flatMap((c) => ('options' in c ? c.options.map((o) => o.value) : [])),
      ),
    );
    expect(values).toEqual(options.map((o) => o.value));
  });
});
