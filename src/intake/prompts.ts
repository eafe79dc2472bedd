/** What the bot says at each intake step, as neutral messages. No state changes here. */
import type { Category, Outcome, Severity } from '../../db/schema.js';
import type { Catalog } from '../i18n/index.js';
import type { Button, Form, OutboundMessage } from '../messages.js';
import { quote } from '../text.js';
import type { Answers, Step } from './session.js';

export const CATEGORIES: readonly Category[] = ['product', 'service', 'delivery', 'billing', 'other'];
export const SEVERITIES: readonly Severity[] = ['urgent', 'high', 'normal', 'low'];
export const OUTCOMES: readonly Outcome[] = ['refund', 'replacement', 'fix', 'apology', 'other'];
export const EDITABLE = ['description', 'category', 'impact', 'details', 'outcome'] as const;

/** Back and Cancel carry the step they were shown at, so a click on an old question is recognised. */
function nav(t: Catalog, step: Step, canGoBack: boolean): Button[] {
  return [
    ...(canGoBack ? [{ action: 'intake.back', value: step, label: t.buttons.back }] : []),
    { action: 'intake.form', value: '-', label: t.buttons.form },
    { action: 'intake.cancel', value: step, label: t.buttons.cancel },
  ];
}

/** The reference and time their description already gave, or undefined when it gave neither. */
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

/** The display order: the option suggested by the customer's words first. */
export function ordered<K extends string>(keys: readonly K[], suggested?: string): K[] {
  return suggested && keys.includes(suggested as K)
    ? [suggested as K, ...keys.filter((k) => k !== suggested)]
    : [...keys];
}

/** Options with the one suggested by the customer's words first and highlighted. */
function options<K extends string>(
  keys: readonly K[],
  labels: Record<K, string>,
  action: string,
  t: Catalog,
  suggested?: string,
): Button[] {
  return ordered(keys, suggested).map((key) => ({
    action,
    value: key,
    label: key === suggested ? t.buttons.suggested(labels[key]) : labels[key],
    style: key === suggested ? 'primary' : 'default',
  }));
}

export function restatement(t: Catalog, a: Answers): OutboundMessage {
  const r = t.intake.restateFields;
  const outcome = a.outcome ? t.outcomes[a.outcome as Outcome] : r.none;
  return {
    text: t.intake.restate,
    fields: [
      { label: r.what, value: quote(a.description ?? '', 1000) },
      { label: r.category, value: a.category ? t.categories[a.category as Category] : r.none, short: true },
      { label: r.severity, value: a.severity ? t.severities[a.severity as Severity] : r.none, short: true },
      { label: r.details, value: a.details ? quote(a.details, 300) : r.none, short: true },
      {
        label: r.outcome,
        value: a.outcomeNote ? `${outcome}: ${quote(a.outcomeNote, 200)}` : outcome,
        short: true,
      },
    ],
    buttons: [
      { action: 'intake.confirm', value: 'yes', label: t.buttons.confirm, style: 'primary' },
      { action: 'intake.edit', value: '-', label: t.buttons.edit },
      { action: 'intake.cancel', value: 'confirm', label: t.buttons.cancel, style: 'danger' },
    ],
  };
}

/** The question for a step. `canGoBack` is false at the first question. */
export function prompt(step: Step, t: Catalog, a: Answers, canGoBack: boolean): OutboundMessage {
  switch (step) {
    case 'describe':
      return { text: t.intake.askWhat, buttons: nav(t, step, canGoBack) };
    case 'category': {
      const suggested = a.suggestedCategory as Category | undefined;
      return {
        text: suggested ? t.intake.suggestCategory(t.categories[suggested]) : t.intake.askCategory,
        buttons: [
          ...options(CATEGORIES, t.categories, 'intake.category', t, suggested),
          ...nav(t, step, canGoBack),
        ],
      };
    }
    case 'impact':
      return {
        text: t.intake.askImpact,
        buttons: [...options(SEVERITIES, t.impactChoices, 'intake.impact', t), ...nav(t, step, canGoBack)],
      };
    case 'details': {
      const noted = notedOf(a);
      return {
        text: noted ? t.intake.askDetailsNoted(noted) : t.intake.askDetails,
        buttons: [
          {
            action: 'intake.skip',
            value: '-',
            label: noted ? t.buttons.thatIsAll : t.buttons.skip,
            style: 'primary',
          },
          ...nav(t, step, canGoBack),
        ],
      };
    }
    case 'outcome':
      return {
        text: t.intake.askOutcome,
        buttons: [
          ...options(OUTCOMES, t.outcomes, 'intake.outcome', t, a.suggestedOutcome),
          ...nav(t, step, canGoBack),
        ],
      };
    case 'outcome_note':
      return { text: t.intake.outcomeOther, buttons: nav(t, step, canGoBack) };
    case 'confirm':
      return restatement(t, a);
    case 'edit':
      return {
        text: t.intake.editWhich,
        buttons: EDITABLE.map((key) => ({
          action: 'intake.editField',
          value: key,
          label: t.intake.editLabels[key],
        })),
      };
    case 'resume':
      return {
        text: t.intake.resumeAsk(quote(a.description ?? '…', 120)),
        buttons: [
          { action: 'intake.resume', value: 'continue', label: t.intake.resumeContinue, style: 'primary' },
          { action: 'intake.resume', value: 'fresh', label: t.intake.resumeFresh },
        ],
      };
  }
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
  return {
    id: 'intake.form',
    title: t.form.title,
    submitLabel: t.form.submit,
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
        ...(a.category || a.suggestedCategory ? { initial: a.category ?? a.suggestedCategory } : {}),
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
        ...(a.details || notedDetails(t, a) ? { initial: a.details || notedDetails(t, a) } : {}),
      },
      {
        id: 'outcome',
        label: t.form.outcome,
        kind: 'select',
        required: true,
        options: select(t.outcomes, OUTCOMES),
        ...(a.outcome || a.suggestedOutcome ? { initial: a.outcome ?? a.suggestedOutcome } : {}),
      },
    ],
  };
}
