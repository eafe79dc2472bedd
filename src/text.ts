/**
 * Cleaning what people type before it is stored or shown to anyone else. Chat text is hostile by
 * default: control characters, mass mentions, enormous pastes.
 */
import { PERSON_TEXT, unmarked } from './messages.js';

/**
 * Longest text we take in one go (a complaint's description, a message, a staff reply): Slack's
 * own cap on one message's text, so a long paste arrives whole (renderers split it for each
 * platform); longer text is refused or cut with the writer told, never silently.
 */
export const MAX_TEXT = 40_000;
/** Longest short answer (details, outcome note, reason). */
export const MAX_SHORT = 500;

// C0/C1 controls except tab and newline, plus bidi overrides that can disguise text, plus the
// noncharacters we use as marks (below), which nobody outside may send.
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFDD0-\uFDEF]/g;

// A UTF-16 surrogate without its partner (JSON may escape one, `"\ud800"`): Postgres refuses to
// store it, so it becomes U+FFFD like any other undecodable character.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text with NUL dropped and lone surrogates as U+FFFD: what a jsonb column will store. */
export function storable(input: string): string {
  return input.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\uFFFD');
}

export interface Cleaned {
  text: string;
  truncated: boolean;
}

/** Strips controls, replaces lone surrogates, normalises line ends and spaces, caps the length. */
export function clean(input: string, max = MAX_TEXT): Cleaned {
  const normalised = input
    .replace(LONE_SURROGATE, '\uFFFD')
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  // A string has at least as many UTF-16 units as characters: short enough in units needs no split.
  if (normalised.length <= max) return { text: normalised, truncated: false };
  const chars = [...normalised];
  if (chars.length <= max) return { text: normalised, truncated: false };
  return { text: chars.slice(0, max).join('').trimEnd(), truncated: true };
}

/**
 * Marks text a person wrote, for a message the bot sends to someone else: "written by a person,
 * render inert". Each adapter's renderer shows what is between the marks exactly as typed, with
 * its own platform's mention, link and markup syntax escaped (Slack `<!channel>`, Discord
 * `@everyone`, HTML), and drops the marks (`spans`, `unmarked` in src/messages.ts).
 */
export function defuse(text: string): string {
  return `${PERSON_TEXT.open}${unmarked(text)}${PERSON_TEXT.close}`;
}

/**
 * A one-line summary: whole sentences from the start until there is enough to say something
 * (an opening "This is ridiculous!" alone says nothing), at most `max` characters.
 */
export function summarize(text: string, max = 90): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const sentences = flat.match(/[^.!?。！？]+[.!?。！？]*/gu) ?? [flat];
  let summary = '';
  for (const sentence of sentences) {
    summary = `${summary} ${sentence.trim()}`.trim();
    if ([...summary].length >= 40) break;
  }
  const chars = [...summary];
  return chars.length <= max
    ? chars.join('')
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

/** Quotes user text for display inside a bot message, marked as theirs (see `defuse`). */
export function quote(text: string, max = 300): string {
  const chars = [...unmarked(text)];
  return defuse(chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`);
}
