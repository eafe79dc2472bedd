/**
 * Reading the customer's words: feeling, urgency, likely category and outcome, language.
 * The engine depends on this interface only, so a model can replace the lexicon later.
 */
import type { Category, Outcome } from '../../db/schema.js';

export type Emotion = 'angry' | 'upset' | 'anxious' | 'calm';
export type UrgencyReason = 'safety' | 'legal' | 'money';

export interface Analysis {
  emotion: Emotion;
  /** Words that make a complaint urgent whatever the customer picks. */
  urgency: UrgencyReason[];
  category?: Category;
  outcome?: Outcome;
  /** True for a greeting or a bare "I want to complain": nothing to restate yet. */
  vague: boolean;
  /** `zh-CN` when the text is mostly Chinese. */
  language: 'en' | 'zh-CN';
  /** An order or reference number the customer already gave (`A-7731`), so we do not ask again. */
  reference?: string;
  /** When it happened, in the customer's own words (`three weeks`, `昨天`). */
  when?: string;
}

export interface Analyzer {
  analyze(text: string): Analysis;
}
