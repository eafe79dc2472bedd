/**
 * The older, narrower reading the engine used before dialogue acts existed. Kept as a view of
 * `Reading` so callers and tests that ask only for feeling, urgency and suggestions still work.
 */
import type { Category, Outcome } from '../domain/index.js';
import type { Emotion, Understanding, UrgencyReason } from './understanding.js';

export type { Emotion, UrgencyReason } from './understanding.js';

export interface Analysis {
  emotion: Emotion;
  /** Words that make a complaint urgent whatever the customer picks. */
  urgency: UrgencyReason[];
  category?: Category;
  outcome?: Outcome;
  /** True for a greeting or a bare "I want to complain": nothing to restate yet. */
  vague: boolean;
  language: 'en' | 'zh-CN';
  reference?: string;
  when?: string;
}

/** What the core accepts as its reader of customer words. */
export type Analyzer = Understanding;
