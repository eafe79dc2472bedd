import { CATEGORIES, OUTCOMES, SEVERITIES } from '../domain/index.js';
import type { Catalog } from '../i18n/index.js';
import type { Button, Form, OutboundMessage } from '../messages.js';
import type { Option } from '../nlu/understanding.js';
import { summarize } from '../text.js';
import { paraphrase } from './paraphrase.js';
import { OFFER_FROM } from './policy.js';
import { type Answers, EDITABLE, type Step } from './state.js';

/** The options in display order: the domain's own order. */
export { CATEGORIES, OUTCOMES, SEVERITIES } from '../domain/index.js';
export { EDITABLE } from './state.js';

/** "Ada Lovelace" → "Ada": people are greeted by their first name. Chinese names stay whole. */
export function firstName(name: string): string {
  const trimmed = name.trim();
  if (/\p{Script=Han}/u.test(trimmed)) return trimmed;
  return trimmed.split(/\s+/)[0] ?? trimmed;
}

/**
 * The way around a question: the form and Cancel always; Back only beside free-text questions,
 * so a question with options stays at seven buttons ("back" typed works everywhere). Back and
 * Cancel carry the step they were shown at, so a click on an old question is recognised.
 */
function nav(t: Catalog, step: Step, canGoBack: boolean): Button[] {
  const freeText = step === 'describe' || step === 'details' || step === 'outcome_note';
  return [
    ...(canGoBack && freeText ? [{ action: 'intake.back', value: step, label: t.buttons.back }] : []),
    { action: 'intake.form', value: '-', label: t.buttons.form },
    { action: 'intake.cancel', value: step, label: t.buttons.cancel },
  ];
}

/** The way out offered after repeated misses: the form, or a person now. */
function offer(t: Catalog): Button[] {
  return [
    { action: 'intake.form', value: '-', label: t.buttons.form },
    { action: 'intake.person', value: '-', label: t.intake.talkToPerson, style: 'primary' },
  ];
}

/** The reference and time already given, or undefined when neither was. */
function notedOf(a: Answers): { reference?: string; when?: string } | undefined {
  if (!a.notedReference && !a.notedWhen) return undefined;
  return {
    ...(a.notedReference ? { reference: a.notedReference } : {}),
    ...(a.notedWhen ? { when: a.notedWhen } : {}),
  };
}

/** The noted reference and time as the card, the restatement and the form show them ('' for none). */
export function notedDetails(t: Catalog, a: Answers): string {
  const noted = notedOf(a);
  return noted ? t.intake.notedDetails(noted) : '';
}

/** Everything known about details: noted and typed, for the complaint's Details field. */
export function allDetails(t: Catalog, a: Answers): string {
  return [a.wantsPerson ? t.intake.wantsPersonDetail : '', notedDetails(t, a), a.details ?? '']
    .filter(Boolean)
    .join(' · ');
}

/** The options a step shows, in display order; the engine matches typed answers against them. */
export function optionsFor(step: Step, t: Catalog): Option[] {
  switch (step) {
    case 'category':
      return CATEGORIES.map((key) => ({ key, label: t.categories[key] }));
    case 'impact':
      return SEVERITIES.map((key) => ({
        key,
        label: t.impactChoices[key],
        synonyms: [t.intake.impactShort[key]],
      }));
    case 'outcome':
      return OUTCOMES.map((key) => ({ key, label: t.outcomes[key] }));
    case 'edit':
      return EDITABLE.map((key) => ({ key, label: t.intake.editLabels[key] }));
    default:
      return [];
  }
}

function buttonsOf<K extends string>(
  keys: readonly K[],
  labels: Record<K, string>,
  action: string,
): Button[] {
  return keys.map((key) => ({ action, value: key, label: labels[key] }));
}

/** The words of a question on its `variant`-th showing: never the same words twice in a row. */
function worded(list: readonly string[], variant: number): string {
  return list[Math.min(variant, list.length - 1)] ?? '';
}

/** How a value reads in the restatement: in the customer's words, or marked as our guess. */
function played(
  t: Catalog,
  label: string,
  by: string | undefined,
  words: string | undefined,
  settled: boolean,
): string {
  // Once confirmed there is nothing left to tap: a guess reads as the plain value.
  if (by === 'guess') return settled ? label : t.intake.guessed(label);
  if (by === 'words' && words) return t.intake.fromWords(label, words);
  return label;
}

/**
 * The summary the customer confirms. `settled`: as it reads once confirmed (no "tap to change" on
 * our guesses: its buttons are gone).
 */
export function restatement(t: Catalog, a: Answers, variant = 0, settled = false): OutboundMessage {
  const r = t.intake.restateFields;
  const outcome = a.outcome ? t.outcomes[a.outcome] : r.none;
  const details = [notedDetails(t, a), a.details ?? ''].filter(Boolean).join(' · ');
  const severity = a.severity;
  const quickFixes: Button[] = [];
  if (a.categoryBy === 'words' || a.categoryBy === 'guess')
    quickFixes.push({ action: 'intake.editField', value: 'category', label: t.intake.fixLabels.category });
  if (a.severityBy === 'words' || a.severityBy === 'guess')
    quickFixes.push({ action: 'intake.editField', value: 'impact', label: t.intake.fixLabels.impact });
  return {
    text: worded(t.intake.restate, variant),
    fields: [
      { label: r.what, value: paraphrase(a.description ?? '') },
      {
        label: r.category,
        value: a.category
          ? played(t, t.categories[a.category], a.categoryBy, a.categoryWords, settled)
          : r.none,
        short: true,
      },
      {
        label: r.severity,
        value: severity
          ? played(t, t.intake.impactShort[severity], a.severityBy, a.severityWords, settled)
          : r.none,
        short: true,
      },
      { label: r.details, value: details || r.none, short: true },
      { label: r.outcome, value: a.outcomeNote ? `${outcome}: ${a.outcomeNote}` : outcome, short: true },
    ],
    buttons: [
      { action: 'intake.confirm', value: 'yes', label: t.buttons.confirm, style: 'primary' },
      ...quickFixes,
      { action: 'intake.edit', value: '-', label: t.buttons.edit },
      { action: 'intake.cancel', value: 'confirm', label: t.buttons.cancel, style: 'danger' },
    ],
  };
}

/** The question for a step on its `variant`-th showing. `canGoBack` is false at the first question. */
export function prompt(step: Step, t: Catalog, a: Answers, canGoBack: boolean, variant = 0): OutboundMessage {
  const q = t.intake.questions;
  const offering = variant >= OFFER_FROM;
  const withOffer = (text: string, buttons: Button[]): OutboundMessage =>
    offering
      ? {
          text: `${text}\n\n${worded(t.intake.offer, variant - OFFER_FROM)}`,
          buttons: [...buttons.filter((b) => b.action !== 'intake.form'), ...offer(t)],
        }
      : { text, buttons };
  switch (step) {
    case 'describe':
      return withOffer(worded(q.describe, variant), nav(t, step, canGoBack));
    case 'category':
      return withOffer(worded(q.category(CATEGORIES.map((k) => t.categories[k])), variant), [
        ...buttonsOf(CATEGORIES, t.categories, 'intake.category'),
        ...nav(t, step, canGoBack),
      ]);
    case 'impact':
      return withOffer(worded(q.impact(SEVERITIES.map((k) => t.intake.impactShort[k])), variant), [
        ...buttonsOf(SEVERITIES, t.impactChoices, 'intake.impact'),
        ...nav(t, step, canGoBack),
      ]);
    case 'details': {
      const noted = notedOf(a);
      return withOffer(
        noted && variant === 0 ? t.intake.askDetailsNoted(noted) : worded(q.details, variant),
        [
          { action: 'intake.skip', value: '-', label: noted ? t.buttons.thatIsAll : t.buttons.skip },
          ...nav(t, step, canGoBack),
        ],
      );
    }
    case 'outcome':
      return withOffer(worded(q.outcome(OUTCOMES.slice(0, 4).map((k) => t.outcomes[k])), variant), [
        ...buttonsOf(OUTCOMES, t.outcomes, 'intake.outcome'),
        ...nav(t, step, canGoBack),
      ]);
    case 'outcome_note':
      return withOffer(worded(q.outcomeNote, variant), nav(t, step, canGoBack));
    case 'confirm': {
      const restated = restatement(t, a, variant);
      return offering
        ? { ...restated, buttons: [...(restated.buttons ?? []), ...offer(t).slice(1)] }
        : restated;
    }
    case 'edit':
      return withOffer(worded(q.edit, variant), buttonsOf(EDITABLE, t.intake.editLabels, 'intake.editField'));
    case 'resume':
      return {
        text: t.intake.resumeAsk(summarize(a.description ?? '…', 120)),
        buttons: [
          { action: 'intake.resume', value: 'continue', label: t.intake.resumeContinue, style: 'primary' },
          { action: 'intake.resume', value: 'fresh', label: t.intake.resumeFresh },
        ],
      };
  }
}

/** The opening acknowledgement: thanks by first name, the feeling named in their terms. */
export function acknowledgement(t: Catalog, name: string, a: Answers, vague: boolean): string {
  const feeling = t.feelings[a.emotion ?? 'calm'](a.feelingWords);
  const opening = vague ? t.intake.welcome(firstName(name)) : t.intake.thanks(firstName(name));
  return [opening, feeling].filter(Boolean).join(t.locale === 'zh-CN' ? '' : ' ');
}

/**
 * A question once answered: the same words and fields, no buttons left to click, and a line saying
 * what was chosen. It replaces the clicked message so the conversation reads as a record.
 */
export function answered(question: OutboundMessage, chosen: string): OutboundMessage {
  const { buttons: _buttons, choices: _choices, ...rest } = question;
  return { ...rest, text: `${question.text}\n\n${chosen}` };
}

/** The one-page form, prefilled with whatever the conversation already has. */
export function intakeForm(t: Catalog, a: Answers): Form {
  const select = (labels: Record<string, string>, keys: readonly string[]) =>
    keys.map((value) => ({ value, label: labels[value] ?? value }));
  const details = [notedDetails(t, a), a.details ?? ''].filter(Boolean).join(' · ');
  return {
    id: 'intake.form',
    title: t.form.title,
    submitLabel: t.form.submit,
    cancelLabel: t.buttons.cancel,
    fields: [
      {
        id: 'description',
        label: t.form.description,
        kind: 'paragraph',
        required: true,
        placeholder: t.form.descriptionPlaceholder,
        maxLength: 4000,
        ...(a.description ? { initial: a.description } : {}),
      },
      {
        id: 'category',
        label: t.form.category,
        kind: 'select',
        required: true,
        options: select(t.categories, CATEGORIES),
        ...(a.category ? { initial: a.category } : {}),
      },
      {
        id: 'impact',
        label: t.form.impact,
        kind: 'select',
        required: true,
        options: select(t.impactChoices, SEVERITIES),
        ...(a.severity ? { initial: a.severity } : {}),
      },
      {
        id: 'details',
        label: t.form.details,
        kind: 'text',
        required: false,
        maxLength: 500,
        ...(details ? { initial: details } : {}),
      },
      {
        id: 'outcome',
        label: t.form.outcome,
        kind: 'select',
        required: true,
        options: select(t.outcomes, OUTCOMES),
        ...(a.outcome ? { initial: a.outcome } : {}),
      },
    ],
  };
}
