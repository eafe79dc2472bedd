/**
 * Words, not characters: Chinese is segmented with jieba so a polite "麻烦您" is one word and is
 * not heard as "烦"; the language is read from the script.
 */
import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';
import type { Language } from './understanding.js';

const require = createRequire(import.meta.url);

let jieba: Jieba | undefined;
/**
 * Loading the dictionary takes ~0.2 s, so it happens at the first Chinese message only; so does
 * loading jieba at all (its native addon, and the 11 MB its dictionary module reads when imported).
 * Both are CommonJS: `require` loads them synchronously where a segment is needed.
 */
function segmenter(): Jieba {
  if (!jieba) {
    const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict.js') as typeof import('@node-rs/jieba/dict.js');
    jieba = Jieba.withDict(dict);
  }
  return jieba;
}

/**
 * The last few segmentations: one reading cuts the same text up to three times (the feeling, the
 * severity and the acts each look at its words), and jieba is most of what a Chinese reading costs.
 * Frozen, since every caller shares the same array.
 */
const CUTS = new Map<string, readonly string[]>();
const CUTS_KEPT = 16;

function cut(text: string): readonly string[] {
  const known = CUTS.get(text);
  if (known) return known;
  const words = Object.freeze(segmenter().cut(text, false));
  if (CUTS.size >= CUTS_KEPT) {
    const oldest = CUTS.keys().next();
    if (!oldest.done) CUTS.delete(oldest.value);
  }
  CUTS.set(text, words);
  return words;
}

const HAN = /\p{Script=Han}/gu;
const LATIN = /[A-Za-z]/g;

/** Chinese words that contain an emotion character but are politeness or neutral. */
const NEUTRAL_ZH = new Set(['麻烦', '麻烦您', '麻烦你', '不麻烦', '急救', '急诊', '耐烦', '不好意思']);

export function hasHan(text: string): boolean {
  return /\p{Script=Han}/u.test(text);
}

/** The words of a text: jieba for Chinese, letters and digits runs for the rest. */
export function tokens(text: string): string[] {
  if (hasHan(text))
    return cut(text)
      .map((w) => w.trim())
      .filter(Boolean);
  return text.toLowerCase().match(/[\p{L}\p{N}'’]+/gu) ?? [];
}

/** The text with polite words blanked, so emotion vocabularies do not match inside them. */
export function withoutPoliteness(text: string): string {
  if (!hasHan(text)) return text;
  return cut(text)
    .map((w) => (NEUTRAL_ZH.has(w) ? '□'.repeat(w.length) : w))
    .join('');
}

/** The text as the feeling vocabularies read it: politeness and negated feelings blanked. */
export function feelingText(text: string): string {
  // "不着急", "not worried" are the opposite of worry: a negated feeling is no feeling.
  return withoutPoliteness(text)
    .replace(/\b(?:not|no|never) (?:worried|angry|upset|in a hurry)\b/gi, '□')
    .replace(/[不别没][太很]?(?:着急|急|担心|生气|紧张|害怕)/gu, '□');
}

/**
 * `zh-CN` when Chinese carries the message. One Han character carries roughly a word; Latin
 * letters average about five to a word. Text without a Han character is English, the one other
 * language spoken: the script (`\p{Script=Han}`, the platform's Unicode tables) decides, which is
 * all a detector limited to Mandarin and English could use. A detector such as franc-min earns its
 * place when a third language arrives.
 */
export function language(text: string): Language {
  const han = text.match(HAN)?.length ?? 0;
  if (han === 0) return 'en';
  const latin = text.match(LATIN)?.length ?? 0;
  return han * 5 >= latin ? 'zh-CN' : 'en';
}
