/**
 * The rule-based understanding, the embedded default reader of customer words: vocabularies for
 * what a message is about, how urgent and what the customer wants; the segmenter and typing
 * signs for how they feel; whole-utterance rules for dialogue acts, choices and ratings.
 * Deterministic and explainable: every value comes with the words that gave it away.
 */
import type { Category, Outcome, Severity } from '../domain/index.js';
import { actsOf, choiceOf, ratingOf } from './acts.js';
import type { Analysis } from './analyzer.js';
import { feelingOf } from './feeling.js';
import { language, withoutPoliteness } from './segment.js';
import type { Heard, Reading, UnderstandContext, Understanding, UrgencyReason } from './understanding.js';
import {
  CATEGORIES,
  everywhere,
  type Lexicon,
  OUTCOMES,
  reference,
  SEVERITY_WORDS,
  URGENCY,
  VAGUE,
  when,
} from './vocabulary.js';

/**
 * The short clause around a match: the customer's words to play back (`my order is late`),
 * bounded by punctuation and by "and"/"but", at most a few words; else the match alone.
 */
function clause(text: string, index: number, length: number): string {
  const stop = /[.!?。！？;；,，\n]|\s(?:and|but|so|because)\s/giu;
  let start = 0;
  let end = text.length;
  for (const m of text.matchAll(stop)) {
    const at = m.index ?? 0;
    if (at + m[0].length <= index) start = at + m[0].length;
    else if (at >= index + length) {
      end = at;
      break;
    }
  }
  const whole = text.slice(start, end).trim();
  if ([...whole].length <= 48) return whole;
  return text.slice(index, index + length).trim();
}

/** The value with the most matching words; ties go to the order written. */
function best<K extends string>(lexicon: Lexicon<K>, text: string): Heard<K> | undefined {
  let found: { key: K; score: number; at: number; length: number } | undefined;
  for (const [key, pattern] of lexicon) {
    const all = [...text.matchAll(everywhere(pattern))];
    const first = all[0];
    if (first && (!found || all.length > found.score))
      found = { key, score: all.length, at: first.index ?? 0, length: first[0].length };
  }
  return found ? { value: found.key, words: clause(text, found.at, found.length) } : undefined;
}

function first<K extends string>(lexicon: Lexicon<K>, text: string): Heard<K> | undefined {
  for (const [key, pattern] of lexicon) {
    const m = pattern.exec(text);
    if (m) return { value: key, words: m[0].trim() };
  }
  return undefined;
}

/** The value whose words come first in the text: "fix it or replace it" asks for a fix. */
function earliest<K extends string>(lexicon: Lexicon<K>, text: string): Heard<K> | undefined {
  let found: { key: K; at: number; words: string } | undefined;
  for (const [key, pattern] of lexicon) {
    const m = pattern.exec(text);
    if (m && (!found || m.index < found.at)) found = { key, at: m.index, words: m[0].trim() };
  }
  return found ? { value: found.key, words: found.words } : undefined;
}

function severityOf(
  text: string,
  shouted: boolean,
): (Heard<Severity> & { reasons: UrgencyReason[] }) | undefined {
  const reasons = URGENCY.filter(([, pattern]) => pattern.test(text)).map(([reason]) => reason);
  if (reasons.length > 0) {
    const m = URGENCY.find(([r]) => r === reasons[0])?.[1].exec(text);
    return { value: 'urgent', reasons, words: m ? clause(text, m.index, m[0].length) : '' };
  }
  const said = first(SEVERITY_WORDS, withoutPoliteness(text));
  if (said) return { ...said, reasons: [] };
  // "I want my money back NOW": shouting a deadline is asking for speed.
  if (shouted && /\bNOW\b/.test(text)) return { value: 'high', words: 'NOW', reasons: [] };
  return undefined;
}

/** Short and about nothing yet: a greeting, "I want to complain", "not happy with you guys". */
function isVague(text: string, lang: 'en' | 'zh-CN', specific: boolean): boolean {
  if (specific) return false;
  const size =
    lang === 'zh-CN' ? [...text.replace(/[\s\p{P}]/gu, '')].length : text.split(/\s+/).filter(Boolean).length;
  const short = lang === 'zh-CN' ? size < 10 : size < 8;
  return short && (VAGUE.test(text) || size <= 3);
}

export class RuleUnderstanding implements Understanding {
  understand(text: string, context: UnderstandContext = {}): Reading {
    const lang = language(text);
    const feeling = feelingOf(text);
    const category = best<Category>(CATEGORIES, text);
    const outcome = earliest<Outcome>(OUTCOMES, text);
    const severity = severityOf(text, /\bNOW\b/.test(text));
    const ref = reference(text);
    const at = when(text);
    const acts = actsOf(text);
    const choice = context.options ? choiceOf(text, context.options) : undefined;
    const rating = ratingOf(text);
    const filler =
      acts.some((a) => a === 'done' || a === 'skip' || a === 'yes') && !category && !outcome && !ref;
    return {
      language: lang,
      ...(category ? { category } : {}),
      ...(severity ? { severity } : {}),
      ...(outcome ? { outcome } : {}),
      ...(ref ? { reference: ref } : {}),
      ...(at ? { when: at } : {}),
      feeling: feeling.feeling,
      strength: feeling.strength,
      ...(feeling.words ? { feelingWords: feeling.words } : {}),
      acts,
      ...(choice ? { choice } : {}),
      ...(rating !== undefined ? { rating } : {}),
      vague: acts.length === 0 && isVague(text, lang, Boolean(category || outcome || ref)),
      filler,
    };
  }

  /** The narrower view the engine used before acts existed (kept for its callers and tests). */
  analyze(text: string): Analysis {
    const r = this.understand(text);
    return {
      emotion: r.feeling,
      urgency: r.severity?.reasons ?? [],
      ...(r.category ? { category: r.category.value } : {}),
      ...(r.outcome ? { outcome: r.outcome.value } : {}),
      vague: r.vague || (r.acts.length > 0 && !r.category),
      language: r.language,
      ...(r.reference ? { reference: r.reference } : {}),
      ...(r.when ? { when: r.when } : {}),
    };
  }
}
