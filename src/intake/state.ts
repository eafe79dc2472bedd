/**
 * What an intake conversation knows: the slots a good agent fills (what happened, what it is
 * about, how urgent, what would put it right, details) and where each value came from, so the
 * restatement can say which were understood rather than chosen. Plain JSON, stored in
 * `intake_sessions.answers`.
 */

import {
  type Category,
  type Emotion,
  INTAKE_STEPS,
  type IntakeStep,
  type Outcome,
  type Severity,
} from '../domain/index.js';

/** The question open now; `describe` is the open "what happened?". */
export type Step = IntakeStep;
export const STEPS: readonly Step[] = INTAKE_STEPS;

/** Where a value came from: the customer's words, their pick, or our guess from the whole story. */
export type Source = 'words' | 'chosen' | 'guess';

export type Answers = {
  description?: string;
  category?: Category;
  categoryBy?: Source;
  /** The customer's words that told us the category (`my order is late`). */
  categoryWords?: string;
  severity?: Severity;
  severityBy?: Source;
  severityWords?: string;
  /** Comma-separated urgency reasons the words showed (`safety,money`). */
  urgency?: string;
  emotion?: Emotion;
  /** 0–1: how strongly the feeling showed. */
  strength?: number;
  feelingWords?: string;
  details?: string;
  /** A reference and a time the customer already gave: noted, never asked again. */
  notedReference?: string;
  notedWhen?: string;
  outcome?: Outcome;
  outcomeBy?: Source;
  outcomeWords?: string;
  outcomeNote?: string;
  /** Set while changing one answer from the restatement: go back there after it. */
  editing?: string;
  /** Where a resumed conversation continues. */
  resumeStep?: Step;
  /** Answers to the open question that could not be placed, in a row. */
  misses?: number;
  /** How many times each question was shown, so a repeat is always worded differently. */
  asked?: Partial<Record<Step, number>>;
  /** The customer asked for a person (or the conversation could not go on without one). */
  wantsPerson?: boolean;
  /** The id of the resolved complaint whose reopen window had passed when this conversation began. */
  follows?: string;
};

/** The fields of the restatement a customer can change. */
export const EDITABLE = ['description', 'category', 'impact', 'details', 'outcome'] as const;
export type Editable = (typeof EDITABLE)[number];

export const STEP_OF_FIELD: Record<Editable, Step> = {
  description: 'describe',
  category: 'category',
  impact: 'impact',
  details: 'details',
  outcome: 'outcome',
};
