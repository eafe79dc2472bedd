/**
 * Drives one corpus customer through the core as they would really behave: they answer whatever
 * is asked (recognised by the question's buttons), typed-only customers in words, click-only
 * customers by clicking; at the restatement they correct what is wrong, once per slot, as a person
 * checking "did I get that right?" would. Records every turn for the transcript and the figures.
 */
import { and, eq } from 'drizzle-orm';
import { complaints, intakeSessions } from '../../db/schema.js';
import type { Reply } from '../../src/messages.js';
import { customer, type Harness, shown } from '../support/harness.js';
import type { CorpusCustomer } from './corpus.js';

export interface Driven {
  customer: CorpusCustomer;
  code?: string;
  turns: number;
  /** Questions shown twice in exactly the same words. */
  repeated: number;
  transcript: string[];
  /** Slots as first restated (before the customer corrected anything), or as filed without one. */
  understood?: { category?: string; severity?: string; outcome?: string };
  filed?: { category: string; severity: string; outcome: string; mood: string; details: string | null };
}

type Question =
  | 'describe'
  | 'category'
  | 'impact'
  | 'details'
  | 'outcome'
  | 'confirm'
  | 'edit'
  | 'resume'
  | 'code';

const MAX_TURNS = 14;
const CODE = /\bC-\d{3,}\b/;

function questionOf(reply: Reply): Question {
  const last = reply.messages.at(-1);
  const all = reply.messages.map((m) => `${m.text ?? ''} ${m.footer ?? ''}`).join(' ');
  if (
    reply.messages.some((m) => m.tone === 'success' && CODE.test(`${m.text} ${m.footer ?? ''}`)) ||
    CODE.test(all)
  )
    return 'code';
  const actions = new Set((last?.buttons ?? []).map((b) => b.action));
  if (actions.has('intake.confirm')) return 'confirm';
  if (actions.has('intake.category')) return 'category';
  if (actions.has('intake.impact')) return 'impact';
  if (actions.has('intake.outcome')) return 'outcome';
  if (actions.has('intake.skip')) return 'details';
  if (actions.has('intake.editField')) return 'edit';
  if (actions.has('intake.resume')) return 'resume';
  return 'describe';
}

/** The question as shown: words and button labels. */
function questionText(reply: Reply): string {
  const last = reply.messages.at(-1);
  if (!last) return '';
  return [last.text, ...(last.buttons ?? []).map((b) => `[${b.label}]`)].join(' ');
}

export async function drive(h: Harness, c: CorpusCustomer, index: number): Promise<Driven> {
  const actor = customer(`${c.name.split(' ')[0]}${index}`, c.locale);
  const who = { ...actor, displayName: c.name };
  const transcript: string[] = [];
  const seen = new Map<string, number>();
  let repeated = 0;
  let turns = 0;
  let storyTold = false;
  let asideSaid = !c.aside;
  let understood: Driven['understood'];
  const corrected = new Set<string>();

  const show = (reply: Reply) => {
    for (const line of shown(reply).split('\n')) transcript.push(`    bot: ${line}`);
    const q = questionOf(reply);
    if (q === 'code') return;
    const key = questionText(reply);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n > 1) repeated++;
  };
  const type = async (text: string) => {
    turns++;
    transcript.push(`  ${c.name}: ${text}`);
    const reply = await h.dm(who, text);
    show(reply);
    return reply;
  };
  const click = async (action: string, value: string, label: string) => {
    turns++;
    transcript.push(`  ${c.name}: [clicks ${label}]`);
    const reply = await h.click(who, action, value);
    show(reply);
    return reply;
  };
  const session = async () => {
    const [row] = await h.database.db
      .select()
      .from(intakeSessions)
      .where(and(eq(intakeSessions.customerId, actor.userId), eq(intakeSessions.status, 'active')));
    const a = (row?.answers ?? {}) as { category?: unknown; severity?: unknown; outcome?: unknown };
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return { category: str(a.category), severity: str(a.severity), outcome: str(a.outcome) };
  };
  const labelOf = (reply: Reply, action: string, value: string) =>
    reply.messages.flatMap((m) => m.buttons ?? []).find((b) => b.action === action && b.value === value)
      ?.label ?? value;

  let reply = await type(c.opener);
  let q = questionOf(reply);
  while (q !== 'code' && turns < MAX_TURNS) {
    const replies = turns;
    if (c.personAfter !== undefined && replies >= c.personAfter && c.personSays) {
      reply = await type(c.personSays);
      q = questionOf(reply);
      continue;
    }
    if (!asideSaid && c.aside) {
      asideSaid = true;
      reply = await type(c.aside);
      q = questionOf(reply);
      continue;
    }
    const clicks = c.mode === 'clicked';
    switch (q) {
      case 'describe':
        if (!storyTold && c.story) {
          storyTold = true;
          reply = await type(c.story);
        } else {
          reply = await type(c.say.outcome);
        }
        break;
      case 'category':
        reply = clicks
          ? await click(
              'intake.category',
              c.expect.category,
              labelOf(reply, 'intake.category', c.expect.category),
            )
          : await type(c.say.category);
        break;
      case 'impact':
        reply = clicks
          ? await click(
              'intake.impact',
              c.expect.severity,
              labelOf(reply, 'intake.impact', c.expect.severity),
            )
          : await type(c.say.impact);
        break;
      case 'details':
        reply = clicks
          ? await click('intake.skip', '-', labelOf(reply, 'intake.skip', '-'))
          : await type(c.say.details);
        break;
      case 'outcome':
        reply = clicks
          ? await click(
              'intake.outcome',
              c.expect.outcome,
              labelOf(reply, 'intake.outcome', c.expect.outcome),
            )
          : await type(c.say.outcome);
        break;
      case 'edit': {
        const wrong = [...corrected].at(-1) ?? 'category';
        const field = wrong === 'severity' ? 'impact' : wrong;
        reply = await click('intake.editField', field, labelOf(reply, 'intake.editField', field));
        break;
      }
      case 'resume':
        reply = await click('intake.resume', 'continue', 'Carry on');
        break;
      case 'confirm': {
        const now = await session();
        understood ??= now;
        const wrong = (['category', 'severity', 'outcome'] as const).find(
          (slot) => now[slot] !== c.expect[slot] && !corrected.has(slot),
        );
        if (wrong) {
          corrected.add(wrong);
          if (clicks) {
            const quick = reply.messages
              .flatMap((m) => m.buttons ?? [])
              .find(
                (b) =>
                  b.action === 'intake.editField' && b.value === (wrong === 'severity' ? 'impact' : wrong),
              );
            reply = quick
              ? await click(quick.action, quick.value, quick.label)
              : await click('intake.edit', '-', labelOf(reply, 'intake.edit', '-'));
          } else {
            reply = await type(
              wrong === 'category' ? c.say.category : wrong === 'severity' ? c.say.impact : c.say.outcome,
            );
          }
        } else {
          reply = clicks
            ? await click('intake.confirm', 'yes', labelOf(reply, 'intake.confirm', 'yes'))
            : await type(c.say.confirm);
        }
        break;
      }
    }
    q = questionOf(reply);
  }

  const code = reply.messages
    .map((m) => `${m.text} ${m.footer ?? ''}`)
    .join(' ')
    .match(CODE)?.[0];
  let filed: Driven['filed'];
  if (code) {
    const [row] = await h.database.db.select().from(complaints).where(eq(complaints.code, code));
    if (row)
      filed = {
        category: row.category,
        severity: row.severity,
        outcome: row.desiredOutcome,
        mood: row.sentiment,
        details: row.details,
      };
  }
  return {
    customer: c,
    ...(code ? { code } : {}),
    turns,
    repeated,
    transcript,
    understood:
      understood ??
      (filed ? { category: filed.category, severity: filed.severity, outcome: filed.outcome } : {}),
    ...(filed ? { filed } : {}),
  };
}

/** The corpus figures: what the bench prints and the test holds to the targets. */
export function figures(results: Driven[]) {
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    if (s.length === 0) return Number.NaN;
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
  };
  const reached = results.filter((r) => r.code);
  const vague = (r: Driven) => r.customer.tags.includes('vague');
  const noPerson = (r: Driven) => r.customer.personAfter === undefined && !r.customer.tags.includes('person');
  const right = (slot: 'category' | 'severity' | 'outcome') =>
    results.filter((r) => r.understood?.[slot] === r.customer.expect[slot]).length / results.length;
  const slotsRight =
    results.filter((r) =>
      (['category', 'severity', 'outcome'] as const).every((s) => r.understood?.[s] === r.customer.expect[s]),
    ).length / results.length;
  return {
    customers: results.length,
    reachedCode: reached.length,
    typedReached: `${reached.filter((r) => r.customer.mode === 'typed').length}/${results.filter((r) => r.customer.mode === 'typed').length}`,
    clickedReached: `${reached.filter((r) => r.customer.mode === 'clicked').length}/${results.filter((r) => r.customer.mode === 'clicked').length}`,
    medianTurnsSpecific: median(reached.filter((r) => !vague(r) && noPerson(r)).map((r) => r.turns)),
    medianTurnsVague: median(reached.filter((r) => vague(r) && noPerson(r)).map((r) => r.turns)),
    categoryRight: right('category'),
    severityRight: right('severity'),
    outcomeRight: right('outcome'),
    allThreeRight: slotsRight,
    moodRight: results.filter((r) => r.filed?.mood === r.customer.expect.mood).length / results.length,
    moodRightOfFiled:
      reached.filter((r) => r.filed?.mood === r.customer.expect.mood).length / (reached.length || 1),
    /** As recorded on the complaint, after the customer's own corrections at the restatement. */
    filedRight:
      results.filter((r) =>
        (['category', 'severity', 'outcome'] as const).every((s) => r.filed?.[s] === r.customer.expect[s]),
      ).length / results.length,
    repeatedQuestions: results.reduce((n, r) => n + r.repeated, 0),
  };
}
