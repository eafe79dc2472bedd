/**
 * Every Slack payload the renderer makes fits every documented limit, for random and worst-case
 * input: the fake's own checks (test/kit/slack-limits.ts, from adapters/slack/limits.ts) find
 * nothing to refuse, and long text arrives whole across the parts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeMrkdwn,
  renderForm,
  renderMessage,
  renderMessageParts,
  renderMessages,
} from '../../adapters/slack/render.js';
import { renderCard } from '../../src/complaints/card.js';
import { catalog } from '../../src/i18n/index.js';
import type { OutboundMessage } from '../../src/messages.js';
import { refuseMessage, refuseView } from '../kit/slack-limits.js';
import {
  anyMessage,
  complaint,
  digest,
  form,
  PROPERTY_RUNS,
  PROPERTY_TIMEOUT_MS,
  relay,
  timeline,
} from '../support/payload-arbitraries.js';

const runs = { numRuns: PROPERTY_RUNS };

function fitsAsParts(message: OutboundMessage): void {
  const parts = renderMessageParts(message);
  expect(parts.length).toBeGreaterThan(0);
  for (const part of parts) expect(refuseMessage({ ...part })).toBeUndefined();
  expect(refuseMessage({ ...renderMessage(message) })).toBeUndefined();
}

describe('Slack payloads always fit Slack’s limits', () => {
  it('a message with empty words is still one message Slack accepts', () => {
    // fast-check found it: `{ text: '' }` rendered no part at all, so nothing would be sent.
    expect(renderMessageParts({ text: '' })).toHaveLength(1);
    fitsAsParts({ text: '' });
  });

  it(
    'any message, as parts and as one message for an update',
    () => {
      fc.assert(fc.property(anyMessage, fitsAsParts), runs);
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'a relayed complaint or reply arrives whole: its sections joined are the escaped text',
    () => {
      fc.assert(
        fc.property(relay, (message) => {
          const parts = renderMessageParts(message);
          for (const part of parts) expect(refuseMessage({ ...part })).toBeUndefined();
          const shown = parts.flatMap((p) =>
            p.blocks.map((b) => (b as { text: { text: string } }).text.text),
          );
          expect(shown.join('')).toBe(escapeMrkdwn(message.text));
        }),
        runs,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'staff cards from the real card renderer, in both languages',
    () => {
      fc.assert(
        fc.property(complaint, fc.constantFrom('en', 'zh-CN' as const), (c, locale) =>
          fitsAsParts(renderCard(c, catalog(locale), 'Europe/London')),
        ),
        runs,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'digests, timelines and lists',
    () => {
      fc.assert(fc.property(fc.oneof(digest, timeline), fitsAsParts), runs);
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'the Home tab',
    () => {
      fc.assert(
        fc.property(fc.array(fc.oneof(anyMessage, timeline), { maxLength: 6 }), (messages) => {
          expect(refuseView({ type: 'home', blocks: renderMessages(messages, 100) })).toBeUndefined();
        }),
        runs,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'forms, whatever they are prefilled with',
    () => {
      fc.assert(
        fc.property(form, (f) => {
          expect(
            refuseView(renderForm(f, { channelId: 'C0STAFF', responseUrl: 'https://hooks.slack.com/x' })),
          ).toBeUndefined();
        }),
        runs,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
