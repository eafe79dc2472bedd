/**
 * fast-check arbitraries for what the core asks adapters to render, random and worst case: long
 * complaints and replies, emoji and ZWJ sequences, CJK, `<` and `&` that grow when escaped,
 * markdown that grows when converted, mentions; staff cards (from the real `renderCard`), digests,
 * timelines, lists with many buttons and options, and forms with prefills past their limits.
 *
 * `PROPERTY_RUNS` sets how many cases each property runs (default 500; the issue's target is
 * 10,000 per platform: `PROPERTY_RUNS=10000 npx vitest run test/*\/limits.property.test.ts`).
 */
import fc from 'fast-check';
import { fitStart } from '../../adapters/fit.js';
import type { Complaint } from '../../src/complaints/repo.js';
import type { Form, FormField, OutboundMessage } from '../../src/messages.js';

export const PROPERTY_RUNS = Number(process.env.PROPERTY_RUNS ?? 500);

/**
 * Time for one property: the suite's 30 s at the default count, more in proportion when a run
 * asks for more cases (10,000 cases of 25,000-character text take minutes, not a hang).
 */
export const PROPERTY_TIMEOUT_MS = Math.max(30_000, PROPERTY_RUNS * 40);

/** Pieces that break naive length arithmetic. */
const HOSTILE = [
  '<',
  '>',
  '&',
  '&amp;',
  '<!channel>',
  '<@U0123ABC>',
  '@everyone',
  '*bold*',
  '_it_',
  '`code`',
  '```',
  '# URGENT',
  '-# posted by Support',
  '[Click here](https://evil.example/login)',
  '👨‍👩‍👧‍👦',
  '🏳️‍🌈',
  '🇺🇳',
  '👍🏽',
  'é',
  '投诉处理',
  '您好，',
  '\n',
  '\n\n',
  ' ',
  'a',
] as const;

// Grapheme strings only: the core cleans lone surrogates away before anything is rendered.
const piece = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'grapheme', maxLength: 40 }));

/** A run of one hostile piece: the worst cases are repetitive. */
function run(maxLength: number): fc.Arbitrary<string> {
  return fc
    .constantFrom(...HOSTILE)
    .chain((p) =>
      fc.integer({ min: 1, max: Math.max(1, Math.floor(maxLength / p.length)) }).map((n) => p.repeat(n)),
    );
}

/** Hostile text up to `maxLength` characters, cut between graphemes. */
function textUpTo(maxLength: number): fc.Arbitrary<string> {
  return fc
    .oneof(
      { weight: 3, arbitrary: fc.array(piece, { maxLength: 30 }).map((parts) => parts.join('')) },
      {
        weight: 2,
        arbitrary: fc.array(fc.oneof(piece, run(maxLength)), { maxLength: 6 }).map((parts) => parts.join('')),
      },
      { weight: 1, arbitrary: run(maxLength) },
    )
    .map((value) => fitStart(value, maxLength));
}

/** Body text up to 25,000 characters (a 20,000-character complaint and more). */
export const text = textUpTo(25_000);

/** What fills a field, a footer or a prefill: up to 5,000 characters. */
const medium = textUpTo(5_000);

const shortText = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 120 }),
  fc.constantFrom(...HOSTILE),
  run(400),
);

const tone = fc.constantFrom('neutral', 'info', 'success', 'warning', 'danger' as const);

const field = fc.record({ label: shortText, value: medium, short: fc.boolean() });

/** Core action ids: short, no `|`; values at most 60 characters (the Button contract). */
const action = fc.stringMatching(/^[a-z]{1,12}\.[a-z]{1,20}$/);
const value = fc.string({ unit: 'grapheme-ascii', maxLength: 60 }).map((v) => v.replaceAll('|', '/'));

const button = fc.record({
  action,
  value,
  label: shortText,
  style: fc.constantFrom('primary', 'danger', 'default' as const),
});

const choices = fc.record({
  action,
  placeholder: shortText,
  options: fc.array(
    fc.record(
      {
        value: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 60 }),
        label: shortText,
        description: shortText,
      },
      { requiredKeys: ['value', 'label'] },
    ),
    { maxLength: 130 },
  ),
});

/** Any message the core could ask for. */
export const anyMessage: fc.Arbitrary<OutboundMessage> = fc.record(
  {
    text,
    title: shortText,
    fields: fc.array(field, { maxLength: 30 }),
    buttons: fc.array(button, { maxLength: 30 }),
    choices,
    footer: medium,
    tone,
  },
  { requiredKeys: ['text'] },
);

/** A reply or a complaint relayed as is: just long, hostile text. */
export const relay: fc.Arbitrary<OutboundMessage> = text.map((body) => ({ text: body }));

/** A timeline or list: a title, many lines, buttons to act on each. */
export const timeline: fc.Arbitrary<OutboundMessage> = fc
  .record({
    title: shortText,
    lines: fc.array(textUpTo(600), { maxLength: 80 }),
    buttons: fc.array(button, { maxLength: 25 }),
    footer: shortText,
  })
  .map(({ title, lines, buttons, footer }) => ({
    title,
    text: lines.map((line, i) => `*${i + 1}.* ${line}`).join('\n'),
    buttons,
    footer,
  }));

/** A digest: a title, figures as fields, a long body and a chart. */
export const digest: fc.Arbitrary<OutboundMessage> = fc
  .record({ title: shortText, body: text, fields: fc.array(field, { maxLength: 12 }) })
  .map(({ title, body, fields }) => ({
    title,
    text: body,
    fields,
    tone: 'info' as const,
    attachments: [
      { filename: 'chart.png', contentType: 'image/png', base64: 'iVBORw0KGgo=', alt: fitStart(body, 2000) },
    ],
  }));

/** A complaint with hostile words in every free-text column, for the real staff card. */
export const complaint: fc.Arbitrary<Complaint> = fc
  .record({
    customerName: shortText,
    summary: medium,
    description: text,
    details: fc.option(medium, { nil: null }),
    outcomeNote: fc.option(medium, { nil: null }),
    assigneeName: fc.option(shortText, { nil: null }),
    status: fc.constantFrom('open', 'claimed', 'waiting', 'resolved', 'closed', 'reopened' as const),
    escalationLevel: fc.integer({ min: 0, max: 3 }),
  })
  .map((words) => ({
    id: '00000000-0000-4000-8000-000000000001',
    tenantId: 't',
    platform: 'slack',
    code: 'C-1001',
    customerId: 'u',
    locale: 'en',
    category: 'delivery',
    severity: 'urgent',
    desiredOutcome: 'refund',
    sentiment: 'angry',
    source: 'dm',
    firstResponseDue: new Date('2026-11-30T10:00:00Z'),
    resolutionDue: new Date('2026-12-01T10:00:00Z'),
    firstRespondedAt: null,
    resolvedAt: null,
    closedAt: null,
    resolution: null,
    resolutionCount: 0,
    waitingSince: null,
    firstResponseWarnedAt: null,
    firstResponseBreachedAt: null,
    resolutionWarnedAt: null,
    resolutionBreachedAt: null,
    cardRef: null,
    followsId: null,
    assigneeId: null,
    createdAt: new Date('2026-11-30T09:00:00Z'),
    updatedAt: new Date('2026-11-30T09:00:00Z'),
    ...words,
  }));

const formField: fc.Arbitrary<FormField> = fc.record(
  {
    id: fc.stringMatching(/^[a-z]{1,20}$/),
    label: shortText,
    kind: fc.constantFrom('text', 'paragraph', 'select' as const),
    required: fc.boolean(),
    placeholder: shortText,
    initial: medium,
    maxLength: fc.integer({ min: 1, max: 6000 }),
    options: fc.array(
      fc.record({
        value: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 60 }),
        label: shortText,
      }),
      { maxLength: 30 },
    ),
  },
  { requiredKeys: ['id', 'label', 'kind', 'required'] },
);

/** A form of one to five fields with unique ids, prefilled with anything. */
export const form: fc.Arbitrary<Form> = fc.record({
  id: fc.stringMatching(/^[a-z]{1,10}\.[a-z]{1,10}$/),
  title: shortText,
  submitLabel: shortText,
  fields: fc.uniqueArray(formField, { minLength: 1, maxLength: 5, selector: (f) => f.id }),
  context: fc.string({ unit: 'grapheme-ascii', maxLength: 36 }).map((c) => c.replaceAll('|', '/')),
});
