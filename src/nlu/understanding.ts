/**
 * The understanding port: what a customer's message says, read once, for the dialogue to use.
 * The rule-based reader (`rules.ts`) is the embedded default; a model-backed reader can replace or
 * assist it by implementing the same interface. Nothing here touches the database or wording.
 */
import type { Category, Emotion, Outcome, Severity } from '../domain/index.js';

export type { Emotion } from '../domain/index.js';
export type UrgencyReason = 'safety' | 'legal' | 'money';
export type Language = 'en' | 'zh-CN';

/** Dialogue acts: what the message does to the conversation, beside what it says. */
export const ACTS = ['yes', 'no', 'back', 'cancel', 'skip', 'done', 'help', 'person', 'form'] as const;
export type Act = (typeof ACTS)[number];

/** A value read from the words, with the customer's own words that gave it away. */
export interface Heard<V> {
  value: V;
  /** The customer's phrase, as typed (`my order is late`, `今天就要`). */
  words: string;
}

/** One option the customer was shown, so "2", its label or a synonym can pick it. */
export interface Option {
  key: string;
  label: string;
  /** Other words for the same option (a short form of a long label). */
  synonyms?: readonly string[];
}

export interface UnderstandContext {
  /** The options of the question on screen, in display order. */
  options?: readonly Option[];
}

export interface Reading {
  language: Language;
  category?: Heard<Category>;
  severity?: Heard<Severity> & { reasons: UrgencyReason[] };
  outcome?: Heard<Outcome>;
  /** An order or reference number already given (`A-7731`). */
  reference?: string;
  /** When it happened, in the customer's words (`three weeks`, `昨天`). */
  when?: string;
  feeling: Emotion;
  /** 0 (no sign) to 1 (unmistakable): capitals, "!!", 😡, "furious" add up. */
  strength: number;
  /** The customer's own feeling word, when they named it (`furious`, `失望`). */
  feelingWords?: string;
  acts: Act[];
  /** The option picked, by number, label or a synonym of its key. */
  choice?: string;
  /** A satisfaction rating 1–5 in digits or words ("4/5", "four", "非常满意"). */
  rating?: number;
  /** A greeting or a bare "not happy with you": nothing to restate yet. */
  vague: boolean;
  /** Words that carry no data: "no that is all, thanks", "没有了", 👍, 🤷. */
  filler: boolean;
}

export interface Understanding {
  understand(text: string, context?: UnderstandContext): Reading;
}
