/**
 * Words, not characters: Chinese is segmented with jieba so a polite "麻烦您" is one word and is
 * not heard as "烦"; the language is read from the script, with franc for longer Latin text.
 */
import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';
import { franc } from 'franc-min';
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
    return segmenter()
      .cut(text, false)
      .map((w) => w.trim())
      .filter(Boolean);
  return text.toLowerCase().match(/[\p{L}\p{N}'’]+/gu) ?? [];
}

/** The text with polite words blanked, so emotion vocabularies do not match inside them. */
export function withoutPoliteness(text: string): string {
  if (!hasHan(text)) return text;
  return segmenter()
    .cut(text, false)
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
 * letters average about five to a word. Longer Latin-only text is checked with franc, which
 * still answers English for the languages we do not speak yet.
 */
export function language(text: string): Language {
  const han = text.match(HAN)?.length ?? 0;
  const latin = text.match(LATIN)?.length ?? 0;
  if (han > 0 && han * 5 >= latin) return 'zh-CN';
  if (han === 0 && latin > 40 && franc(text, { only: ['cmn', 'eng'] }) === 'cmn') return 'zh-CN';
  return 'en';
}
