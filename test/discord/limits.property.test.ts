/**
 * Every Discord payload the renderer makes fits every documented limit, for random and worst-case
 * input: the fake's own checks (test/kit/discord-rest.ts, from adapters/discord/limits.ts) find
 * nothing to refuse, with or without the closed-DM mention, and long text arrives whole.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type RenderedMessage,
  renderMessage,
  renderMessageParts,
  renderModal,
  toDiscordMarkdown,
} from '../../adapters/discord/render.js';
import { renderCard } from '../../src/complaints/card.js';
import { catalog } from '../../src/i18n/index.js';
import type { OutboundMessage } from '../../src/messages.js';
import { validateMessage, validateModal } from '../kit/discord-rest.js';
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

/** The REST body the port sends for a rendered message. */
function body(rendered: RenderedMessage): Record<string, unknown> {
  return {
    content: rendered.content,
    embeds: rendered.embeds,
    components: rendered.components,
    attachments: rendered.files.map((file, id) => ({
      id,
      filename: file.name,
      description: file.description,
    })),
  };
}

const MENTION = '<@123456789012345678> ';

function fitsAsParts(message: OutboundMessage): void {
  const parts = renderMessageParts(message);
  expect(parts.length).toBeGreaterThan(0);
  for (const part of parts) expect(() => validateMessage(body(part))).not.toThrow();
  // The closed-DM fallback puts a mention before the first part.
  const [first, ...rest] = renderMessageParts(message, { contentReserve: MENTION.length });
  if (first)
    expect(() => validateMessage(body({ ...first, content: `${MENTION}${first.content}` }))).not.toThrow();
  for (const part of rest) expect(() => validateMessage(body(part))).not.toThrow();
  expect(() => validateMessage(body(renderMessage(message)))).not.toThrow();
}

describe('Discord payloads always fit Discord’s limits', () => {
  it(
    'any message, as parts, after a mention, and as one message for an edit',
    () => {
      fc.assert(fc.property(anyMessage, fitsAsParts), runs);
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'a relayed complaint or reply arrives whole: its contents joined are the converted text',
    () => {
      fc.assert(
        fc.property(relay, (message) => {
          const parts = renderMessageParts(message);
          for (const part of parts) expect(() => validateMessage(body(part))).not.toThrow();
          expect(parts.map((p) => p.content).join('')).toBe(toDiscordMarkdown(message.text));
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
          fitsAsParts(renderCard({ ...c, platform: 'discord' }, catalog(locale), 'Asia/Shanghai')),
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
    'modals, whatever they are prefilled with',
    () => {
      fc.assert(
        fc.property(form, fc.boolean(), (f, complainInGuild) => {
          expect(() => validateModal({ ...renderModal(f, { complainInGuild }) })).not.toThrow();
        }),
        runs,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
