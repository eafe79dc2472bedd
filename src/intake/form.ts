/** The one-page form's answers, checked: the slots it fills, or the first field still missing. */
import type { Catalog } from '../i18n/index.js';
import type { Reading } from '../nlu/understanding.js';
import { clean, MAX_SHORT, MAX_TEXT } from '../text.js';
import { CATEGORIES, OUTCOMES, SEVERITIES } from './prompts.js';
import type { Answers } from './state.js';

export type FormResult = { ok: true; answers: Answers } | { ok: false; missing: string };

export function readForm(
  t: Catalog,
  values: Record<string, string>,
  read: (text: string) => Reading,
): FormResult {
  const description = clean(values.description ?? '', MAX_TEXT).text;
  if (!description) return { ok: false, missing: t.form.description };
  const category = CATEGORIES.find((c) => c === values.category);
  if (!category) return { ok: false, missing: t.form.category };
  const impact = SEVERITIES.find((s) => s === values.impact);
  if (!impact) return { ok: false, missing: t.form.impact };
  const outcome = OUTCOMES.find((o) => o === values.outcome);
  if (!outcome) return { ok: false, missing: t.form.outcome };
  const reading = read(description);
  const reasons = reading.severity?.reasons ?? [];
  return {
    ok: true,
    answers: {
      description,
      category,
      categoryBy: 'chosen',
      severity: reasons.length > 0 ? 'urgent' : impact,
      severityBy: 'chosen',
      urgency: reasons.join(','),
      emotion: reading.feeling,
      strength: reading.strength,
      details: clean(values.details ?? '', MAX_SHORT).text,
      outcome,
      outcomeBy: 'chosen',
    },
  };
}
