/**
 * The intake conversation: the eight steps of DESIGN.md as a state machine whose state lives in
 * `intake_sessions`. Every call runs inside the caller's transaction, so a restart resumes exactly
 * where the customer was, and a crash mid-step changes nothing.
 */
import { and, eq, isNotNull, isNull, lte } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { type Category, intakeSessions, type Outcome, type Severity } from '../../db/schema.js';
import { latestOpenForCustomer } from '../complaints/repo.js';
import { type Ctx, createComplaint, customerMessage } from '../complaints/workflow.js';
import { type Catalog, catalog, toLocale } from '../i18n/index.js';
import type { Actor, Locale, OutboundMessage, Platform, Reply } from '../messages.js';
import type { Analyzer } from '../nlu/analyzer.js';
import { enqueue } from '../outbox/outbox.js';
import { clean, MAX_SHORT, MAX_TEXT, quote, summarize } from '../text.js';
import {
  answered,
  CATEGORIES,
  EDITABLE,
  intakeForm,
  notedDetails,
  OUTCOMES,
  ordered,
  prompt,
  SEVERITIES,
} from './prompts.js';
import {
  type Answers,
  activeSession,
  answersOf,
  resumableSession,
  type Session,
  type Step,
  saveSession,
  startSession,
  stepOf,
} from './session.js';

export const INTAKE_TIMING = {
  /** Idle this long mid-intake: one gentle reminder. */
  remindAfterMs: 30 * 60_000,
  /** Idle this long after the reminder: pause politely, answers kept. */
  expireAfterMs: 24 * 60 * 60_000,
  /** An expired intake is offered back for this long. */
  resumeWithinMs: 7 * 24 * 60 * 60_000,
} as const;

const KEYWORDS = {
  cancel: ['cancel', 'stop', 'quit', '取消', '算了'],
  back: ['back', 'go back', '返回', '上一步'],
  form: ['form', 'use a form', '表单'],
  skip: ['skip', 'none', 'no', 'n/a', '跳过', '没有', '无'],
  yes: [
    'yes',
    'y',
    'yep',
    'yeah',
    'correct',
    'right',
    'that is right',
    "that's right",
    '是',
    '是的',
    '对',
    '对的',
    '没错',
    '正确',
  ],
  no: ['no', 'n', 'nope', 'change', 'edit', 'wrong', '不对', '不是', '修改', '错了'],
} as const;

const is = (text: string, list: readonly string[]) =>
  list.includes(
    text
      .trim()
      .toLowerCase()
      .replace(/[.!。！]+$/u, ''),
  );

const say = (...messages: OutboundMessage[]): Reply => ({ messages, ephemeral: false });

/** The question each answer button belongs to. */
const ANSWERED_AT: Record<string, Step> = {
  'intake.category': 'category',
  'intake.impact': 'impact',
  'intake.skip': 'details',
  'intake.outcome': 'outcome',
  'intake.confirm': 'confirm',
  'intake.edit': 'confirm',
  'intake.editField': 'edit',
  'intake.resume': 'resume',
};

/**
 * A click on a question other than the open one: delivered late, or clicked in the history.
 * Back and Cancel carry the step they were shown at ('-' on messages sent before they did), and
 * "This is a new problem" is only offered while no intake is active.
 */
function isStale(action: string, value: string, step: Step): boolean {
  if (action === 'intake.new') return true;
  const at = ANSWERED_AT[action];
  if (at) return at !== step;
  if (action === 'intake.back' || action === 'intake.cancel') return value !== '-' && value !== step;
  return false;
}

/** The order of questions; `editing` sends the customer back to the restatement instead. */
function nextStep(step: Step, a: Answers): Step {
  if (step === 'outcome' && a.outcome === 'other') return 'outcome_note';
  if (a.editing) return 'confirm';
  const order: Record<Step, Step> = {
    resume: 'describe',
    describe: 'category',
    category: 'impact',
    impact: 'details',
    details: 'outcome',
    outcome: 'confirm',
    outcome_note: 'confirm',
    confirm: 'confirm',
    edit: 'edit',
  };
  return order[step];
}

/** Chinese text wins; otherwise a few English words; otherwise the platform's locale. */
export function chooseLocale(actor: Actor, text: string, language: 'en' | 'zh-CN'): Locale {
  if (language === 'zh-CN') return 'zh-CN';
  if (text.split(/\s+/).filter((w) => /[a-z]/i.test(w)).length >= 3) return 'en';
  return toLocale(actor.locale) ?? 'en';
}

export class IntakeEngine {
  constructor(private readonly analyzer: Analyzer) {}

  /** A DM from a customer: start, continue, or add to their open complaint. */
  async message(ctx: Ctx, actor: Actor, input: string): Promise<Reply> {
    const { text, truncated } = clean(input, MAX_TEXT);
    const session = await activeSession(ctx.q, actor.tenantId, actor.userId);
    if (session) return this.continueWith(ctx, actor, session, text, truncated);

    const analysis = this.analyzer.analyze(text);
    const locale = chooseLocale(actor, text, analysis.language);
    const t = catalog(locale);
    if (!text) return say({ text: t.errors.empty });

    const open = await latestOpenForCustomer(ctx.q, actor.tenantId, actor.userId);
    if (open) {
      const ot = catalog(open.locale as Locale);
      const fresh = [{ action: 'intake.new', value: '-', label: ot.intake.newComplaintInstead }];
      // "hi" is a greeting, not news for the team: say where things stand instead of relaying it.
      if (analysis.vague) {
        const status = ot.statuses[open.status] ?? open.status;
        return say({
          text: ot.intake.openComplaintHello({ name: actor.displayName, code: open.code, status }),
          buttons: fresh,
        });
      }
      await customerMessage(ctx, open, actor, text);
      return say({ text: ot.intake.addedToComplaint(open.code), buttons: fresh });
    }

    const since = new Date(ctx.now.getTime() - INTAKE_TIMING.resumeWithinMs);
    const previous = await resumableSession(ctx.q, actor.tenantId, actor.userId, since);
    if (previous && answersOf(previous).description) {
      const resumed = await saveSession(
        ctx.q,
        previous,
        { status: 'active', step: 'resume', answers: { ...answersOf(previous), resumeStep: previous.step } },
        ctx.now,
      );
      const rt = catalog(resumed.locale as Locale);
      return say(prompt('resume', rt, answersOf(resumed), false));
    }

    if (analysis.vague) {
      await startSession(ctx.q, actor, locale, 'describe', {}, ctx.now);
      return say({
        text: `${t.intake.welcome(actor.displayName)}\n\n${t.intake.askWhat}`,
        buttons: prompt('describe', t, {}, false).buttons ?? [],
      });
    }
    const fresh = await startSession(ctx.q, actor, locale, 'describe', {}, ctx.now);
    return this.takeDescription(ctx, fresh, text, truncated, t.intake.thanks(actor.displayName));
  }

  /**
   * A click on one of the intake's buttons. A click on the open question answers it and turns the
   * clicked message into its answered version (`replaceSource`); a click on any other question
   * changes nothing and shows where the conversation is now.
   */
  async action(ctx: Ctx, actor: Actor, action: string, value: string): Promise<Reply> {
    const session = await activeSession(ctx.q, actor.tenantId, actor.userId);
    const t = catalog(session ? (session.locale as Locale) : (toLocale(actor.locale) ?? 'en'));
    if (!session) {
      if (action === 'intake.new') return this.startFresh(ctx, actor);
      if (action === 'intake.form') return { messages: [], form: intakeForm(t, {}), ephemeral: false };
      return say({ text: t.errors.unknownAction });
    }
    const a = answersOf(session);
    const step = stepOf(session);
    // A click on a question that is no longer open changes nothing.
    if (isStale(action, value, step)) return this.again(t, step, session, t.intake.staleButton);
    // What the clicked message shows: the open question, asked from this same state.
    const question = prompt(step, t, a, session.history.length > 0);
    const settle = (reply: Reply, chosen: string): Reply => ({
      ...reply,
      replaceSource: answered(question, chosen),
    });
    switch (action) {
      case 'intake.cancel':
        return settle(await this.cancel(ctx, session), t.intake.answered.cancelled);
      case 'intake.back':
        if (session.history.length === 0) return this.back(ctx, session);
        return settle(await this.back(ctx, session), t.intake.answered.back);
      case 'intake.form':
        // The question keeps its buttons: the customer may close the form and answer here instead.
        return { messages: [{ text: t.intake.switchedToForm }], form: intakeForm(t, a), ephemeral: false };
      case 'intake.category':
        if (!(CATEGORIES as readonly string[]).includes(value)) break;
        return settle(
          await this.answer(ctx, session, { category: value }),
          t.intake.answered.category(t.categories[value as Category]),
        );
      case 'intake.impact':
        if (!(SEVERITIES as readonly string[]).includes(value)) break;
        return settle(
          await this.takeImpact(ctx, session, value as Severity),
          t.intake.answered.impact(t.impactChoices[value as Severity]),
        );
      case 'intake.skip': {
        const noted = notedDetails(t, a);
        return settle(
          await this.answer(ctx, session, { details: noted }),
          noted ? t.intake.answered.details(noted) : t.intake.answered.skipped,
        );
      }
      case 'intake.outcome':
        if (!(OUTCOMES as readonly string[]).includes(value)) break;
        return settle(
          await this.answer(ctx, session, {
            outcome: value,
            ...(value === 'other' ? {} : { outcomeNote: '' }),
          }),
          t.intake.answered.outcome(t.outcomes[value as Outcome]),
        );
      case 'intake.confirm':
        return settle(await this.confirm(ctx, actor, session), t.intake.answered.confirmed);
      case 'intake.edit':
        return settle(await this.goTo(ctx, session, 'edit', a), t.intake.answered.editing);
      case 'intake.editField':
        if (!(EDITABLE as readonly string[]).includes(value)) break;
        return settle(
          await this.editField(ctx, session, value),
          t.intake.answered.editField(t.intake.editLabels[value as (typeof EDITABLE)[number]]),
        );
      case 'intake.resume':
        if (value === 'fresh') return settle(await this.startFresh(ctx, actor), t.intake.answered.restarted);
        return settle(
          await this.goTo(ctx, session, (a.resumeStep as Step | undefined) ?? 'describe', a),
          t.intake.answered.resumed,
        );
    }
    // A value no button of this question carries: ask it again.
    return this.again(t, step, session);
  }

  /** The one-page form (from `/complain` or "use a form instead"), prefilled from the chat. */
  async openForm(ctx: Ctx, actor: Actor, ephemeral: boolean): Promise<Reply> {
    const session = await activeSession(ctx.q, actor.tenantId, actor.userId);
    const t = catalog(session ? (session.locale as Locale) : (toLocale(actor.locale) ?? 'en'));
    return { messages: [], form: intakeForm(t, session ? answersOf(session) : {}), ephemeral };
  }

  /** The one-page form submitted: validated, then filed like a confirmed conversation. */
  async submitForm(
    ctx: Ctx,
    actor: Actor,
    values: Record<string, string>,
    ephemeral: boolean,
  ): Promise<Reply> {
    const session = await activeSession(ctx.q, actor.tenantId, actor.userId);
    const description = clean(values.description ?? '', MAX_TEXT).text;
    const analysis = this.analyzer.analyze(description);
    const locale = session ? (session.locale as Locale) : chooseLocale(actor, description, analysis.language);
    const t = catalog(locale);
    const missing = (label: string): Reply => ({
      messages: [
        {
          text: t.form.missing(label),
          buttons: [{ action: 'intake.form', value: '-', label: t.buttons.form }],
        },
      ],
      ephemeral,
    });
    if (!description) return missing(t.form.description);
    const category = values.category;
    if (!category || !(CATEGORIES as readonly string[]).includes(category)) return missing(t.form.category);
    const impact = values.impact;
    if (!impact || !(SEVERITIES as readonly string[]).includes(impact)) return missing(t.form.impact);
    const outcome = values.outcome;
    if (!outcome || !(OUTCOMES as readonly string[]).includes(outcome)) return missing(t.form.outcome);
    const answers: Answers = {
      description,
      category,
      severity: analysis.urgency.length > 0 ? 'urgent' : impact,
      urgency: analysis.urgency.join(','),
      emotion: analysis.emotion,
      details: clean(values.details ?? '', MAX_SHORT).text,
      outcome,
    };
    const fileSession = session ?? (await startSession(ctx.q, actor, locale, 'confirm', answers, ctx.now));
    const reply = await this.file(ctx, actor, fileSession, answers, 'form');
    return { ...reply, ephemeral };
  }

  /** Reminds idle customers once, then pauses their intake politely. Returns [reminded, expired]. */
  async sweepIdle(q: Queryable, now: Date): Promise<[number, number]> {
    const remindBefore = new Date(now.getTime() - INTAKE_TIMING.remindAfterMs);
    const expireBefore = new Date(now.getTime() - INTAKE_TIMING.expireAfterMs);
    const toRemind = await q
      .update(intakeSessions)
      .set({ remindedAt: now })
      .where(
        and(
          eq(intakeSessions.status, 'active'),
          isNull(intakeSessions.remindedAt),
          lte(intakeSessions.lastActivityAt, remindBefore),
        ),
      )
      .returning();
    for (const s of toRemind)
      await this.notify(q, s, 'reminder', catalog(s.locale as Locale).intake.reminder(s.customerName));
    const toExpire = await q
      .update(intakeSessions)
      .set({ status: 'expired', updatedAt: now })
      .where(
        and(
          eq(intakeSessions.status, 'active'),
          isNotNull(intakeSessions.remindedAt),
          lte(intakeSessions.lastActivityAt, expireBefore),
        ),
      )
      .returning();
    for (const s of toExpire)
      await this.notify(q, s, 'expired', catalog(s.locale as Locale).intake.expired(s.customerName));
    return [toRemind.length, toExpire.length];
  }

  private async notify(q: Queryable, s: Session, kind: 'reminder' | 'expired', text: string) {
    await enqueue(q, {
      key: `intake-${kind}:${s.id}:${s.lastActivityAt.getTime()}`,
      tenantId: s.tenantId,
      platform: s.platform as Platform,
      target: { kind: 'user', userId: s.customerId },
      message: { text },
      purpose: `intake_${kind}`,
    });
  }

  private async continueWith(
    ctx: Ctx,
    actor: Actor,
    session: Session,
    text: string,
    truncated: boolean,
  ): Promise<Reply> {
    const t = catalog(session.locale as Locale);
    const a = answersOf(session);
    const step = stepOf(session);
    if (!text) return say({ text: t.errors.empty }, prompt(step, t, a, session.history.length > 0));
    if (is(text, KEYWORDS.cancel)) return this.cancel(ctx, session);
    if (is(text, KEYWORDS.back)) return this.back(ctx, session);
    if (is(text, KEYWORDS.form))
      return { messages: [{ text: t.intake.switchedToForm }], form: intakeForm(t, a), ephemeral: false };

    switch (step) {
      case 'describe':
        return this.takeDescription(ctx, session, text, truncated, '');
      case 'category': {
        const picked =
          matchOption(text, ordered(CATEGORIES, a.suggestedCategory), t.categories) ??
          this.analyzer.analyze(text).category;
        return picked ? this.answer(ctx, session, { category: picked }) : this.again(t, step, session);
      }
      case 'impact': {
        const picked =
          matchOption(text, SEVERITIES, t.impactChoices) ??
          (this.analyzer.analyze(text).urgency.length > 0 ? 'urgent' : undefined);
        return picked ? this.takeImpact(ctx, session, picked) : this.again(t, step, session);
      }
      case 'details': {
        const typed = is(text, KEYWORDS.skip) ? '' : clean(text, MAX_SHORT).text;
        // Changing the details from the restatement replaces them; the first answer adds to the noted.
        const noted = a.editing ? '' : notedDetails(t, a);
        return this.answer(ctx, session, { details: [noted, typed].filter(Boolean).join(' · ') });
      }
      case 'outcome': {
        const picked =
          matchOption(text, ordered(OUTCOMES, a.suggestedOutcome), t.outcomes) ??
          this.analyzer.analyze(text).outcome;
        return picked
          ? this.answer(ctx, session, { outcome: picked, outcomeNote: '' })
          : this.answer(
              ctx,
              session,
              { outcome: 'other', outcomeNote: clean(text, MAX_SHORT).text },
              'confirm',
            );
      }
      case 'outcome_note':
        return this.answer(ctx, session, { outcomeNote: clean(text, MAX_SHORT).text });
      case 'confirm':
        if (is(text, KEYWORDS.yes)) return this.confirm(ctx, actor, session);
        if (is(text, KEYWORDS.no)) return this.goTo(ctx, session, 'edit', a);
        return this.again(t, step, session);
      case 'edit': {
        const field = matchOption(
          text,
          ['description', 'category', 'impact', 'details', 'outcome'] as const,
          t.intake.editLabels,
        );
        return field ? this.editField(ctx, session, field) : this.again(t, step, session);
      }
      case 'resume':
        if (is(text, KEYWORDS.yes))
          return this.goTo(ctx, session, (a.resumeStep as Step | undefined) ?? 'describe', a);
        return this.again(t, step, session);
    }
  }

  /** The open question again, after `lead` (by default: please pick one of the options). */
  private again(t: Catalog, step: Step, session: Session, lead = t.intake.chooseButton): Reply {
    return say({ text: lead }, prompt(step, t, answersOf(session), session.history.length > 0));
  }

  /** The customer's account of what happened: acknowledge, restate briefly, ask the category. */
  private async takeDescription(
    ctx: Ctx,
    session: Session,
    text: string,
    truncated: boolean,
    opening: string,
  ): Promise<Reply> {
    const t = catalog(session.locale as Locale);
    const analysis = this.analyzer.analyze(text);
    if ([...text].length < 3 || analysis.vague) return say({ text: t.intake.tooShort });
    const previous = answersOf(session);
    const { notedReference: _reference, notedWhen: _when, ...kept } = previous;
    const answers: Answers = {
      ...kept,
      description: text,
      emotion: analysis.emotion,
      urgency: analysis.urgency.join(','),
      ...(analysis.category ? { suggestedCategory: analysis.category } : {}),
      ...(analysis.outcome ? { suggestedOutcome: analysis.outcome } : {}),
      // Customers should never repeat themselves: what the description already says is noted.
      ...(analysis.reference ? { notedReference: analysis.reference } : {}),
      ...(analysis.when ? { notedWhen: analysis.when } : {}),
    };
    // A description changed from the restatement may carry new urgency words.
    if (previous.editing && analysis.urgency.length > 0) answers.severity = 'urgent';
    const next = nextStep('describe', answers);
    const saved = await this.move(ctx, session, next, answers);
    const acknowledgement = [
      opening,
      t.feelings[analysis.emotion],
      t.intake.heardYou(quote(summarize(text, 160), 200)),
    ]
      .filter(Boolean)
      .join(' ');
    const messages: OutboundMessage[] = [{ text: acknowledgement }];
    if (truncated) messages.push({ text: t.intake.truncated(MAX_TEXT) });
    messages.push(prompt(next, t, answersOf(saved), saved.history.length > 0));
    return say(...messages);
  }

  private async takeImpact(ctx: Ctx, session: Session, picked: Severity): Promise<Reply> {
    const t = catalog(session.locale as Locale);
    const reasons = (answersOf(session).urgency ?? '').split(',').filter(Boolean);
    const severity = reasons.length > 0 ? 'urgent' : picked;
    const reply = await this.answer(ctx, session, { severity });
    if (reasons.length === 0 || picked === 'urgent') return reply;
    return say({ text: t.intake.urgentBecause(reasons) }, ...reply.messages);
  }

  /** Stores answers for the current step and asks the next question. */
  private async answer(ctx: Ctx, session: Session, patch: Answers, force?: Step): Promise<Reply> {
    const t = catalog(session.locale as Locale);
    const answers = { ...answersOf(session), ...patch };
    const next = force ?? nextStep(stepOf(session), answers);
    const saved = await this.move(ctx, session, next, answers);
    return say(prompt(next, t, answersOf(saved), saved.history.length > 0));
  }

  private async move(ctx: Ctx, session: Session, next: Step, answers: Answers): Promise<Session> {
    const current = stepOf(session);
    const clearEditing = next === 'confirm';
    const history =
      current === next || current === 'resume' || current === 'edit'
        ? session.history
        : [...session.history, current];
    const { editing: _editing, ...rest } = answers;
    return saveSession(
      ctx.q,
      session,
      { step: next, history, answers: clearEditing ? rest : answers },
      ctx.now,
    );
  }

  private async goTo(ctx: Ctx, session: Session, step: Step, answers: Answers): Promise<Reply> {
    const t = catalog(session.locale as Locale);
    const saved = await saveSession(ctx.q, session, { step, answers: { ...answers } }, ctx.now);
    return say(prompt(step, t, answersOf(saved), saved.history.length > 0));
  }

  private async editField(ctx: Ctx, session: Session, field: string): Promise<Reply> {
    const step: Step | undefined = (
      {
        description: 'describe',
        category: 'category',
        impact: 'impact',
        details: 'details',
        outcome: 'outcome',
      } as Record<string, Step>
    )[field];
    if (!step) return this.again(catalog(session.locale as Locale), 'edit', session);
    return this.goTo(ctx, session, step, { ...answersOf(session), editing: field });
  }

  private async back(ctx: Ctx, session: Session): Promise<Reply> {
    const t = catalog(session.locale as Locale);
    const history = [...session.history];
    const previous = history.pop() as Step | undefined;
    if (!previous)
      return say({ text: t.intake.cannotGoBack }, prompt(stepOf(session), t, answersOf(session), false));
    const { editing: _editing, ...answers } = answersOf(session);
    const saved = await saveSession(ctx.q, session, { step: previous, history, answers }, ctx.now);
    return say(prompt(previous, t, answersOf(saved), history.length > 0));
  }

  private async cancel(ctx: Ctx, session: Session): Promise<Reply> {
    await saveSession(ctx.q, session, { status: 'cancelled' }, ctx.now);
    return say({ text: catalog(session.locale as Locale).intake.cancelled });
  }

  private async startFresh(ctx: Ctx, actor: Actor): Promise<Reply> {
    const existing = await activeSession(ctx.q, actor.tenantId, actor.userId);
    if (existing) await saveSession(ctx.q, existing, { status: 'cancelled' }, ctx.now);
    const locale = existing ? (existing.locale as Locale) : (toLocale(actor.locale) ?? 'en');
    const t = catalog(locale);
    await startSession(ctx.q, actor, locale, 'describe', {}, ctx.now);
    return say(prompt('describe', t, {}, false));
  }

  private async confirm(ctx: Ctx, actor: Actor, session: Session): Promise<Reply> {
    return this.file(ctx, actor, session, answersOf(session), 'dm');
  }

  /** Files the complaint: the code, what happens next, and when they will hear back. */
  private async file(
    ctx: Ctx,
    actor: Actor,
    session: Session,
    a: Answers,
    source: 'dm' | 'form',
  ): Promise<Reply> {
    const locale = session.locale as Locale;
    const t = catalog(locale);
    const description = a.description ?? '';
    const complaint = await createComplaint(ctx, {
      customer: actor,
      locale,
      category: (a.category ?? a.suggestedCategory ?? 'other') as Category,
      severity: (a.severity ?? 'normal') as Severity,
      summary: summarize(description),
      description,
      details: a.details || null,
      desiredOutcome: (a.outcome ?? 'other') as Outcome,
      outcomeNote: a.outcomeNote || null,
      sentiment: a.emotion ?? 'calm',
      source,
    });
    await saveSession(
      ctx.q,
      session,
      { status: 'completed', complaintId: complaint.id, answers: { ...a } },
      ctx.now,
    );
    const minutes = Math.round(
      (complaint.firstResponseDue.getTime() - complaint.createdAt.getTime()) / 60_000,
    );
    return say({
      text: `${t.intake.created({ name: actor.displayName, code: complaint.code })}\n\n${t.intake.nextSteps({ code: complaint.code, minutes })}`,
      tone: 'success',
      footer: complaint.code,
    });
  }
}

/** A typed answer matching an option's key, its label, or its 1-based number as displayed. */
function matchOption<K extends string>(
  text: string,
  keys: readonly K[],
  labels: Record<K, string>,
): K | undefined {
  const typed = text.trim().toLowerCase();
  const index = Number.parseInt(typed, 10);
  if (String(index) === typed && index >= 1 && index <= keys.length) return keys[index - 1];
  return keys.find(
    (key) =>
      key === typed ||
      labels[key].toLowerCase() === typed ||
      (labels[key].toLowerCase().startsWith(typed) && typed.length >= 3),
  );
}
