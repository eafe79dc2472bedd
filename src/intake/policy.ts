/**
 * The dialogue policy: given what the conversation knows and what the customer's latest message
 * says, which slots it fills and what to do next (ask one question, restate, file, cancel).
 * Pure: no database, no wording, no clock. The engine persists what this returns and the prompts
 * put it into words.
 *
 * The practice it follows (DESIGN.md, shared/seeds): let the customer tell it their way; every
 * message fills whatever it can; ask only for what is still missing, one question at a time;
 * never ask the same question in the same words twice; restate before filing; a person is
 * always one word away.
 */
import { isCategory, isOutcome, isSeverity } from '../domain/index.js';
import type { Reading } from '../nlu/understanding.js';
import { type Answers, EDITABLE, STEP_OF_FIELD, type Step } from './state.js';

export interface State {
  step: Step;
  answers: Answers;
  history: Step[];
}

export type Turn =
  /** Show the question of `step`; `variant` counts earlier showings, so each repeat is reworded. */
  | { kind: 'ask'; step: Step; variant: number }
  | { kind: 'file'; wantsPerson: boolean }
  | { kind: 'cancel' }
  | { kind: 'form' }
  | { kind: 'fresh' };

export interface Decision {
  state: State;
  turn: Turn;
  /** Things worth saying before the question: a correction taken, urgency words heard. */
  notes: Note[];
}

export type Note = 'cannotGoBack' | 'updated' | 'urgentBecause' | 'notPlaced';

/** After this many answers in a row that could not be placed, a person takes over. */
export const MAX_MISSES = 4;
/** From this showing on, a question also offers the form and a person. */
export const OFFER_FROM = 3;

/** Enough words to be a story rather than a short answer. */
function isStory(text: string, r: Reading): boolean {
  if (r.filler || r.acts.length > 0) return false;
  return r.language === 'zh-CN'
    ? [...text.replace(/[\s\p{P}]/gu, '')].length >= 12
    : text.split(/\s+/).filter(Boolean).length >= 8;
}

/** More than a button's worth: a short answer in words. */
function isSubstantive(text: string, r: Reading): boolean {
  if (r.filler || r.acts.length > 0) return false;
  return r.language === 'zh-CN'
    ? [...text.replace(/[\s\p{P}\p{S}]/gu, '')].length >= 2
    : (text.match(/\p{L}{2,}/gu) ?? []).length >= 1;
}

/** "Do you sell gift cards?": a question of their own that says nothing about the complaint. */
function isAside(text: string, r: Reading): boolean {
  return /[?？]\s*$/u.test(text) && !r.category && !r.outcome && !r.severity && !r.reference;
}

/** Spacing and case aside: how two tellings of the same words are compared. */
const plain = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * `b` added to what the customer wrote before, on a line of its own; words already there (a
 * double send, a message pasted again at the restatement) are not added twice.
 */
const join = (a: string | undefined, b: string) => {
  if (!a) return b;
  return plain(a).includes(plain(b)) ? a : `${a}\n${b}`;
};

/** A stronger feeling replaces a weaker one; the conversation's mood is its strongest moment. */
function feel(a: Answers, r: Reading): Answers {
  const rank = { calm: 0, anxious: 1, upset: 2, angry: 3 } as const;
  const before = (a.emotion as keyof typeof rank | undefined) ?? 'calm';
  const stronger = rank[r.feeling] > rank[before] || (r.feeling === before && r.strength > (a.strength ?? 0));
  if (!stronger && a.emotion) return a;
  return {
    ...a,
    emotion: r.feeling,
    strength: r.strength,
    ...(r.feelingWords ? { feelingWords: r.feelingWords } : {}),
  };
}

/** The slot a step asks for. */
const SLOT_OF: Partial<Record<Step, string>> = {
  describe: 'description',
  category: 'category',
  impact: 'severity',
  details: 'details',
  outcome: 'outcome',
  outcome_note: 'outcome',
};

/** Whether the message answered the question that was open (then it is an answer, not a story). */
function answersOpen(step: Step, filled: Set<string>): boolean {
  const slot = SLOT_OF[step];
  return slot !== undefined && filled.has(slot);
}

/** The slots this message fills, whatever was asked. */
function absorb(state: State, r: Reading, text: string): { a: Answers; filled: Set<string> } {
  const { step } = state;
  let a: Answers = feel({ ...state.answers }, r);
  const filled = new Set<string>();
  const correcting = step === 'confirm' || step === 'edit';

  // A pick among the options on screen is the clearest answer there is.
  if (r.choice) {
    if (step === 'category' && isCategory(r.choice)) {
      a = { ...a, category: r.choice, categoryBy: 'chosen' };
      delete a.categoryWords;
      filled.add('category');
    } else if (step === 'impact' && isSeverity(r.choice)) {
      const urgent = (a.urgency ?? '') !== '';
      a = { ...a, severity: urgent ? 'urgent' : r.choice, severityBy: 'chosen' };
      delete a.severityWords;
      filled.add('severity');
    } else if (step === 'outcome' && isOutcome(r.choice)) {
      a = { ...a, outcome: r.choice, outcomeBy: 'chosen', outcomeNote: '' };
      delete a.outcomeWords;
      filled.add('outcome');
    }
  }

  if (r.category && !filled.has('category')) {
    const mayReplace = !a.category || step === 'category' || correcting || a.categoryBy === 'guess';
    if (mayReplace) {
      a = { ...a, category: r.category.value, categoryBy: 'words', categoryWords: r.category.words };
      filled.add('category');
    }
  }
  if (r.severity && !filled.has('severity')) {
    const reasons = r.severity.reasons;
    if (reasons.length > 0) {
      const known = (a.urgency ?? '').split(',').filter(Boolean);
      a = {
        ...a,
        severity: 'urgent',
        severityBy: 'words',
        severityWords: r.severity.words,
        urgency: [...new Set([...known, ...reasons])].join(','),
      };
      filled.add('severity');
    } else if (!a.urgency && (!a.severity || a.severityBy === 'guess' || step === 'impact' || correcting)) {
      a = { ...a, severity: r.severity.value, severityBy: 'words', severityWords: r.severity.words };
      filled.add('severity');
    }
  }
  if (r.outcome && !filled.has('outcome')) {
    const mayReplace = !a.outcome || step === 'outcome' || step === 'outcome_note' || correcting;
    if (mayReplace) {
      a = {
        ...a,
        outcome: r.outcome.value,
        outcomeBy: 'words',
        outcomeWords: r.outcome.words,
        outcomeNote: '',
      };
      filled.add('outcome');
    }
  }
  if (r.reference && !a.notedReference) {
    a = { ...a, notedReference: r.reference };
    filled.add('details');
  }
  if (r.when && !a.notedWhen) {
    a = { ...a, notedWhen: r.when };
    filled.add('details');
  }

  // Free text where free text was asked for; a question of their own is answered by a person later.
  if (isAside(text, r)) return { a, filled };
  if (step === 'describe' && !r.vague && isSubstantive(text, r)) {
    a = { ...a, description: join(a.description, text) };
    filled.add('description');
  } else if (step === 'details' && isSubstantive(text, r)) {
    a = { ...a, details: a.editing ? text : join(a.details, text) };
    filled.add('details');
  } else if (step === 'outcome_note' && isSubstantive(text, r)) {
    a = { ...a, outcomeNote: text };
    filled.add('outcome');
  } else if (step === 'outcome' && !filled.has('outcome') && isSubstantive(text, r) && !isStory(text, r)) {
    // "Just make sure it never happens again": an outcome of their own, in their words.
    a = { ...a, outcome: 'other', outcomeBy: 'chosen', outcomeNote: text };
    filled.add('outcome');
  } else if (step !== 'describe' && isStory(text, r) && !answersOpen(step, filled)) {
    // The story told later, whatever was asked: it joins the description.
    a = { ...a, description: join(a.description, text) };
    filled.add('description');
  }

  // "Skip" or 🤷 answers a question without giving data.
  const passes = r.acts.includes('skip') || r.acts.includes('done');
  if (passes && step === 'category' && !filled.has('category')) {
    a = { ...a, category: 'other', categoryBy: 'chosen' };
    filled.add('category');
  } else if (passes && step === 'impact' && !filled.has('severity')) {
    a = { ...a, severity: a.severity ?? 'normal', severityBy: a.severityBy ?? 'guess' };
    filled.add('severity');
  } else if (passes && (step === 'outcome' || step === 'outcome_note') && !filled.has('outcome')) {
    a = {
      ...a,
      outcome: a.outcome ?? 'other',
      outcomeBy: a.outcomeBy ?? 'chosen',
      outcomeNote: a.outcomeNote ?? '',
    };
    filled.add('outcome');
  } else if (passes && step === 'details') {
    filled.add('details');
  }
  return { a, filled };
}

/** Our best guess of urgency when the customer never said: from the reasons and the feeling. */
function guessSeverity(a: Answers): Answers {
  if (a.severity) return a;
  // An angry customer, or a badly worried one, should not wait in the normal queue.
  const pressing = a.emotion === 'angry' || (a.emotion === 'anxious' && (a.strength ?? 0) >= 0.75);
  if (pressing) return { ...a, severity: 'high', severityBy: 'guess' };
  // Asking only to be heard (an apology, an explanation) with nothing to send, mend or pay back,
  // and no deadline said: a person would put it behind the ones still waiting for something.
  return { ...a, severity: a.outcome === 'apology' ? 'low' : 'normal', severityBy: 'guess' };
}

/** What is still missing, in the order a person would ask; the restatement when nothing is. */
export function nextMissing(a: Answers): Step {
  if (!a.description) return 'describe';
  if (a.outcome === 'other' && a.outcomeNote === undefined) return 'outcome_note';
  if (a.editing) return 'confirm';
  if (!a.category) return 'category';
  if (!a.outcome) return 'outcome';
  return 'confirm';
}

/** Moves to `step`: counts the showing (for rewording) and keeps the way back. */
export function goTo(state: State, step: Step, answers: Answers, keepHistory = true): Decision['state'] {
  const from = state.step;
  const asked = { ...(answers.asked ?? {}) };
  asked[step] = (asked[step] ?? 0) + 1;
  const history =
    !keepHistory || from === step || from === 'resume' || from === 'edit' || from === 'confirm'
      ? state.history
      : [...state.history, from];
  let next: Answers = { ...answers, asked, misses: from === step ? (answers.misses ?? 0) : 0 };
  if (step === 'confirm') {
    const { editing: _editing, ...rest } = guessSeverity(next);
    next = rest;
  }
  return { step, answers: next, history };
}

const ask = (state: State, step: Step, answers: Answers, notes: Note[] = []): Decision => {
  const moved = goTo(state, step, answers);
  return {
    state: moved,
    turn: { kind: 'ask', step, variant: (moved.answers.asked?.[step] ?? 1) - 1 },
    notes,
  };
};

/**
 * The customer's next message, read: the next state and what to do. `text` is the cleaned
 * message; `r` is its reading with the on-screen options already matched.
 */
export function decide(state: State, r: Reading, text: string): Decision {
  const { step } = state;
  const acts = new Set(r.acts);

  if (acts.has('cancel')) return { state, turn: { kind: 'cancel' }, notes: [] };
  if (acts.has('person') || acts.has('help')) {
    return {
      state: { ...state, answers: { ...state.answers, wantsPerson: true } },
      turn: { kind: 'file', wantsPerson: true },
      notes: [],
    };
  }
  if (acts.has('form')) return { state, turn: { kind: 'form' }, notes: [] };
  if (acts.has('back')) return back(state);

  if (step === 'resume') {
    if (acts.has('yes')) {
      const to = state.answers.resumeStep ?? nextMissing(state.answers);
      return ask(state, to, state.answers);
    }
    if (acts.has('no')) return { state, turn: { kind: 'fresh' }, notes: [] };
  }

  const { a, filled } = absorb(state, r, text);
  const urgentNow =
    filled.has('severity') && a.urgency && !state.answers.urgency ? ['urgentBecause' as const] : [];

  if (step === 'confirm') {
    if ((acts.has('yes') || acts.has('done')) && filled.size === 0)
      return { state: { ...state, answers: a }, turn: { kind: 'file', wantsPerson: false }, notes: [] };
    if (filled.size > 0) return ask(state, nextMissing(a), a, ['updated', ...urgentNow]);
    if (acts.has('no')) return ask(state, 'edit', a);
    return miss(state, a);
  }
  if (step === 'edit') {
    const field = EDITABLE.find((f) => f === r.choice);
    if (field) return ask(state, STEP_OF_FIELD[field], { ...a, editing: field });
    if (filled.size > 0) return ask(state, 'confirm', a, ['updated', ...urgentNow]);
    if (acts.has('yes') || acts.has('done')) return ask(state, 'confirm', a);
    return miss(state, a);
  }

  const slot = SLOT_OF[step];
  const answeredOpen = slot !== undefined && filled.has(slot);
  if (answeredOpen || filled.size > 0) {
    // Choosing "Something else" as the outcome asks for it in their words.
    if (step === 'outcome' && a.outcome === 'other' && r.choice === 'other') {
      const { outcomeNote: _note, ...rest } = a;
      return ask(state, 'outcome_note', rest, urgentNow);
    }
    const next = nextMissing(a);
    return ask(state, next, a, urgentNow);
  }
  return miss(state, a);
}

/** An answer that could not be placed: the same question reworded; a person after too many. */
function miss(state: State, a: Answers): Decision {
  const misses = (a.misses ?? 0) + 1;
  if (misses >= MAX_MISSES) {
    return {
      state: { ...state, answers: { ...a, misses, wantsPerson: true } },
      turn: { kind: 'file', wantsPerson: true },
      notes: [],
    };
  }
  const decision = ask(state, state.step, { ...a, misses });
  return {
    ...decision,
    state: { ...decision.state, answers: { ...decision.state.answers, misses } },
    notes: ['notPlaced'],
  };
}

function back(state: State): Decision {
  const history = [...state.history];
  const previous = history.pop();
  if (!previous) return { ...ask(state, state.step, state.answers), notes: ['cannotGoBack'] };
  const { editing: _editing, ...answers } = state.answers;
  const asked = { ...(answers.asked ?? {}) };
  asked[previous] = (asked[previous] ?? 0) + 1;
  return {
    state: { step: previous, history, answers: { ...answers, asked, misses: 0 } },
    turn: { kind: 'ask', step: previous, variant: asked[previous] - 1 },
    notes: [],
  };
}

/**
 * The first message of a conversation: everything it says is kept; a vague one gets the open
 * question, a specific one the first missing slot or straight away the restatement.
 */
export function open(r: Reading, text: string): Decision {
  const start: State = { step: 'describe', answers: {}, history: [] };
  if (r.vague) return ask(start, 'describe', feel({}, r));
  const { a } = absorb(start, r, text);
  const answers = a.description ? a : { ...a, description: text };
  return ask(start, nextMissing(answers), answers, answers.urgency ? ['urgentBecause'] : []);
}

/** A button click, read as the same answer typed: the policy has one path for both. */
export function clicked(state: State, slot: 'category' | 'impact' | 'outcome', value: string): Decision {
  const reading: Reading = {
    language: 'en',
    feeling: 'calm',
    strength: 0,
    acts: [],
    choice: value,
    vague: false,
    filler: false,
  };
  return decide({ ...state, step: slot }, reading, '');
}
