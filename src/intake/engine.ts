/**
 * The intake conversation, wired: it reads each message with the understanding port, asks the
 * dialogue policy what to do, persists the session and puts the answer into words. Every call
 * runs inside the caller's transaction, so a restart resumes exactly where the customer was, and
 * a crash mid-turn changes nothing.
 *
 * The parts: `policy.ts` decides (pure), `session.ts` stores, `prompts.ts` words, `filing.ts`
 * files, `form.ts` reads the one-page form, `idle.ts` reminds and pauses.
 */
import type { Queryable } from '../../db/client.js';
import { holdFiles, type SortedFiles, sortFiles } from '../complaints/files.js';
import { allowed, type Ctx, customerMessage, placeWords, reopenByCustomer } from '../complaints/workflow.js';
import { isCategory, isIntakeStep, isOutcome, isSeverity } from '../domain/index.js';
import { type Catalog, catalog, toLocale } from '../i18n/index.js';
import type { Actor, FileRef, Locale, OutboundMessage, Reply } from '../messages.js';
import { isThanksOnly, reportsSomethingWrong } from '../nlu/acts.js';
import type { Reading, Understanding } from '../nlu/understanding.js';
import { clean, defuse, MAX_TEXT } from '../text.js';
import { file } from './filing.js';
import { readForm } from './form.js';
import { INTAKE_TIMING, sweepIdle } from './idle.js';
import { type Decision, decide, type Note, open, type State } from './policy.js';
import {
  acknowledgement,
  answered,
  firstName,
  intakeForm,
  notedDetails,
  optionsFor,
  prompt,
  restatement,
} from './prompts.js';
import {
  activeSession,
  answersOf,
  type MessageIntake,
  NeedsTransaction,
  readIntake,
  readMessageIntake,
  type Session,
  SessionMoved,
  type StepWrite,
  saveSession,
  startSession,
  stepOf,
} from './session.js';
import { EDITABLE, type Editable, STEP_OF_FIELD, type Step } from './state.js';

export { INTAKE_TIMING } from './idle.js';

/**
 * Where a rating typed in a DM goes ("4", "非常满意"): the surveys register one (src/jobs), so a
 * customer who types instead of clicking the score still answers. Undefined: no survey waiting.
 */
export type TypedRatingHandler = (ctx: Ctx, actor: Actor, rating: number) => Promise<Reply | undefined>;

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
 * "This is a new problem" is only offered while no intake is active. A quick fix on the
 * restatement ("Change the type") is a field pick shown at the confirm step.
 */
function isStale(action: string, value: string, step: Step): boolean {
  if (action === 'intake.new') return true;
  if (action === 'intake.editField' && step === 'confirm') return false;
  const at = ANSWERED_AT[action];
  if (at) return at !== step;
  if (action === 'intake.back' || action === 'intake.cancel') return value !== '-' && value !== step;
  return false;
}

/** Chinese text wins; otherwise a few English words; otherwise the platform's locale. */
export function chooseLocale(actor: Actor, text: string, language: 'en' | 'zh-CN'): Locale {
  if (language === 'zh-CN') return 'zh-CN';
  if (text.split(/\s+/).filter((w) => /[a-z]/i.test(w)).length >= 3) return 'en';
  return toLocale(actor.locale) ?? 'en';
}

/** A click read as the same answer typed, so clicks and words take one path through the policy. */
function reading(parts: Partial<Reading>): Reading {
  return { language: 'en', feeling: 'calm', strength: 0, acts: [], vague: false, filler: false, ...parts };
}

/**
 * Runs an intake step; when the session changed between its read and its write (another event of
 * the customer's got there first), once more from a new read, which sees that change. A second
 * miss throws: the transaction rolls back and the event is retried, so nothing is lost or doubled.
 */
async function redo<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (!(error instanceof SessionMoved)) throw error;
    return step();
  }
}

/**
 * A step's context: with `held` (a lean step's, src/core/lean.ts) `q` is the pool, not a
 * transaction, and the step's one session write is held there to be sent with the event's record;
 * any other write refuses (`needsTransaction`).
 */
type StepCtx = Ctx & { held?: StepWrite };

/** Since when an expired conversation is offered back to a customer who writes again. */
export const resumeSince = (now: Date): Date => new Date(now.getTime() - INTAKE_TIMING.resumeWithinMs);

/** A lean step reached a write other than its one session write: it goes the transaction's way. */
function needsTransaction(ctx: StepCtx): void {
  if (ctx.held) throw new NeedsTransaction();
}

const stateOf = (session: Session): State => ({
  step: stepOf(session),
  answers: answersOf(session),
  history: session.history.filter(isIntakeStep),
});

export class IntakeEngine {
  private typedRating: TypedRatingHandler | undefined;

  constructor(private readonly reader: Understanding) {}

  /** Lets ratings typed in the DM reach the survey waiting for them. */
  onTypedRating(handler: TypedRatingHandler): void {
    this.typedRating = handler;
  }

  /**
   * A DM from a customer: start, continue, or add to their open complaint. Files shared with it
   * (with or without words) are something the customer said too: kept for the team, never ignored.
   */
  message(ctx: Ctx, actor: Actor, input: string, files: readonly FileRef[] = []): Promise<Reply> {
    if (files.length > 0) {
      const sorted = sortFiles(files);
      return redo(() => this.withFiles(ctx, actor, input, sorted));
    }
    return redo(() => this.words(ctx, actor, input));
  }

  /**
   * A DM's words as a lean step (src/core/lean.ts), with what `readLeanMessage` read: its one
   * session write is held in `ctx.held`; a step that would write anything else, or more, throws
   * `NeedsTransaction` before anything is sent.
   */
  leanWords(
    ctx: Ctx & { held: StepWrite },
    actor: Actor,
    input: string,
    found: MessageIntake,
  ): Promise<Reply> {
    return this.words(ctx, actor, input, found);
  }

  /** Words in a DM: one read (the session, or what a new conversation needs) and one write. */
  private async words(ctx: StepCtx, actor: Actor, input: string, read?: MessageIntake): Promise<Reply> {
    const { text, truncated } = clean(input, MAX_TEXT);
    const found = read ?? (await readMessageIntake(ctx.q, actor, resumeSince(ctx.now)));
    if (found.session) return this.continueWith(ctx, actor, found.session, text);

    const r = this.reader.understand(text);
    const locale = chooseLocale(actor, text, r.language);
    const t = catalog(locale);
    if (!text) return say({ text: t.errors.empty });

    if (r.rating !== undefined && this.typedRating) {
      needsTransaction(ctx);
      const rated = await this.typedRating(ctx, actor, r.rating);
      if (rated) return rated;
    }
    // Ended longer ago than the reopen window: their message starts a new complaint that follows it.
    const { join: open_, follows } = placeWords(ctx, found.latest);
    if (open_) {
      // Its answers write to the complaint (or only read): not a lean step's one session write.
      needsTransaction(ctx);
      const ot = catalog(open_.locale);
      const fresh = [{ action: 'intake.new', value: '-', label: ot.intake.newComplaintInstead }];
      // Resolved or closed (within the window): what they write now may reopen it.
      const endedHere = allowed.reopen(open_);
      // "hi" is a greeting, not news for the team: say where things stand instead of relaying it.
      // After a resolution, "it broke again" is short but is news: it reopens, as we promised.
      if ((r.vague || r.filler) && !(endedHere && reportsSomethingWrong(text))) {
        const status = ot.statuses[open_.status] ?? open_.status;
        const who = { name: firstName(actor.displayName), code: open_.code, status };
        return say({
          text: endedHere ? ot.lifecycle.endedHello(who) : ot.intake.openComplaintHello(who),
          buttons: fresh,
        });
      }
      if (endedHere) {
        // "Thank you, that fixed it" goes to the team's thread; it does not reopen anything.
        if (isThanksOnly(text)) {
          await customerMessage(ctx, open_, actor, text);
          return say({
            text: ot.lifecycle.thanksNoted({ name: firstName(actor.displayName), code: open_.code }),
          });
        }
        await reopenByCustomer(ctx, open_, actor, text);
        return say({ text: ot.lifecycle.reopenedByYou(open_.code), buttons: fresh });
      }
      await customerMessage(ctx, open_, actor, text);
      return say({ text: ot.intake.addedToComplaint(open_.code), buttons: fresh });
    }

    const previous = found.resumable;
    if (previous && answersOf(previous).description) {
      const resumed = await saveSession(
        ctx.q,
        previous,
        { status: 'active', step: 'resume', answers: { ...answersOf(previous), resumeStep: previous.step } },
        ctx.now,
        ctx.held,
      );
      return say(prompt('resume', catalog(resumed.locale), answersOf(resumed), false));
    }

    if (r.acts.includes('cancel')) return say({ text: t.intake.nothingToCancel });
    // Asking for a person straight away: file what we have and hand over, no questions.
    if (r.acts.includes('person')) {
      needsTransaction(ctx);
      const started = await startSession(ctx.q, actor, locale, 'describe', { wantsPerson: true }, ctx.now);
      return file(ctx, actor, started, { wantsPerson: true, emotion: r.feeling }, 'dm');
    }
    const vague = r.vague || r.acts.length > 0;
    const decision = open(vague ? { ...r, vague: true } : r, text);
    const { step, history } = decision.state;
    const answers = follows ? { ...decision.state.answers, follows: follows.id } : decision.state.answers;
    const saved = await startSession(ctx.q, actor, locale, step, answers, ctx.now, history, ctx.held);
    const lead: OutboundMessage[] = [{ text: acknowledgement(t, actor.displayName, answers, vague) }];
    if (follows) lead.unshift({ text: t.lifecycle.followsEarlier(follows.code) });
    if (truncated) lead.push({ text: t.intake.truncated(MAX_TEXT) });
    return this.apply(ctx, actor, saved, { ...decision, state: { ...decision.state, answers } }, lead, false);
  }

  /**
   * Files from the customer: refused ones are named with why; kept ones join their open complaint
   * at once, or wait for the complaint this intake files. Words sent with them go on as usual.
   */
  private async withFiles(ctx: StepCtx, actor: Actor, input: string, files: SortedFiles): Promise<Reply> {
    const text = clean(input, MAX_TEXT).text;
    const found = await readMessageIntake(ctx.q, actor, resumeSince(ctx.now));
    const session = found.session;
    // Files join the complaint a message would: an open one, or one that ended within the reopen window.
    const open_ = session ? undefined : placeWords(ctx, found.latest).join;
    const locale =
      session?.locale ?? open_?.locale ?? chooseLocale(actor, text, this.reader.understand(text).language);
    const t = catalog(locale);
    const notes: OutboundMessage[] = files.refused.map(({ file, problem }) => ({
      text: t.files.refused[problem](defuse(file.name)),
    }));
    const count = files.kept.length;
    if (count === 0) {
      if (text) {
        const reply = await this.words(ctx, actor, text);
        return { ...reply, messages: [...notes, ...reply.messages] };
      }
      return say(...notes, ...(session ? [this.question(t, session)] : []));
    }
    if (open_) {
      const fresh = [{ action: 'intake.new', value: '-', label: t.intake.newComplaintInstead }];
      // A file about a complaint that ended within the reopen window reopens it, as words would.
      if (allowed.reopen(open_)) {
        await reopenByCustomer(ctx, open_, actor, text, files.kept);
        return say(...notes, { text: t.lifecycle.reopenedByYou(open_.code), buttons: fresh });
      }
      await customerMessage(ctx, open_, actor, text, files.kept);
      return say(...notes, { text: t.files.addedToComplaint({ code: open_.code, count }), buttons: fresh });
    }
    await holdFiles(ctx, actor, files.kept);
    const ack: OutboundMessage = { text: t.files.attached(count) };
    if (text) {
      const reply = await this.words(ctx, actor, text);
      return { ...reply, messages: [...notes, ack, ...reply.messages] };
    }
    if (session) return say(...notes, ack, this.question(t, session));
    // A screenshot before any words starts a complaint: it is kept, and we ask what happened.
    const reply = await this.startFresh(ctx, actor, undefined, locale);
    return { ...reply, messages: [...notes, ack, ...reply.messages] };
  }

  /**
   * A click on one of the intake's buttons. A click on the open question answers it and turns the
   * clicked message into its answered version (`replaceSource`); a click on any other question
   * changes nothing and shows where the conversation is now.
   */
  action(ctx: Ctx, actor: Actor, action: string, value: string): Promise<Reply> {
    return redo(() => this.click(ctx, actor, action, value));
  }

  private async click(ctx: StepCtx, actor: Actor, action: string, value: string): Promise<Reply> {
    const session = await readIntake(ctx.q, actor);
    const t = catalog(session ? session.locale : (toLocale(actor.locale) ?? 'en'));
    if (!session) {
      if (action === 'intake.new') return this.startFresh(ctx, actor, undefined);
      if (action === 'intake.form') return { messages: [], form: intakeForm(t, {}), ephemeral: false };
      return say({ text: t.errors.unknownAction });
    }
    const state = stateOf(session);
    const { step, answers: a } = state;
    // Drawn only when a reply shows it: the confirmation draws its own summary instead.
    const question = () => this.question(t, session);
    if (isStale(action, value, step)) return say({ text: t.intake.staleButton }, question());
    const settle = (reply: Reply, chosen: string): Reply => ({
      ...reply,
      replaceSource: answered(question(), chosen),
    });
    const act = (parts: Partial<Reading>) =>
      this.apply(ctx, actor, session, decide(state, reading(parts), ''));
    switch (action) {
      case 'intake.cancel':
        return settle(await this.cancel(ctx, session), t.intake.answered.cancelled);
      case 'intake.back': {
        const reply = await act({ acts: ['back'] });
        return state.history.length === 0 ? reply : settle(reply, t.intake.answered.back);
      }
      case 'intake.form':
        // The question keeps its buttons: the customer may close the form and answer here instead.
        return { messages: [{ text: t.intake.switchedToForm }], form: intakeForm(t, a), ephemeral: false };
      case 'intake.person':
        return settle(await act({ acts: ['person'] }), t.intake.answered.person);
      case 'intake.category': {
        if (!isCategory(value)) break;
        return settle(await act({ choice: value }), t.intake.answered.category(t.categories[value]));
      }
      case 'intake.impact': {
        if (!isSeverity(value)) break;
        const reply = await act({ choice: value });
        const reasons = (a.urgency ?? '').split(',').filter(Boolean);
        const lead =
          reasons.length > 0 && value !== 'urgent' ? [{ text: t.intake.urgentBecause(reasons) }] : [];
        return settle(
          { ...reply, messages: [...lead, ...reply.messages] },
          t.intake.answered.impact(t.intake.impactShort[value]),
        );
      }
      case 'intake.skip': {
        const reply = await act({ acts: ['done'], filler: true });
        const noted = notedDetails(t, a);
        return settle(reply, noted ? t.intake.answered.details(noted) : t.intake.answered.skipped);
      }
      case 'intake.outcome':
        if (!isOutcome(value)) break;
        return settle(await act({ choice: value }), t.intake.answered.outcome(t.outcomes[value]));
      case 'intake.confirm': {
        // The summary as confirmed: our guesses no longer invite a tap that is gone. Drawn before
        // filing, whose statement takes the tenant's code: every other confirmation waits for this
        // transaction's commit from then on, so nothing that can be done earlier is done after it.
        const summary = restatement(t, a, Math.max(0, (a.asked?.[step] ?? 1) - 1), true);
        const reply = await file(ctx, actor, session, a, 'dm');
        return { ...reply, replaceSource: answered(summary, t.intake.answered.confirmed) };
      }
      case 'intake.edit':
        return settle(await act({ acts: ['no'] }), t.intake.answered.editing);
      case 'intake.editField': {
        const field = EDITABLE.find((f) => f === value);
        if (!field) break;
        return settle(
          await this.editField(ctx, actor, session, field),
          t.intake.answered.editField(t.intake.editLabels[field]),
        );
      }
      case 'intake.resume':
        if (value === 'fresh')
          return settle(await this.startFresh(ctx, actor, session), t.intake.answered.restarted);
        return settle(await act({ acts: ['yes'] }), t.intake.answered.resumed);
    }
    // A value no button of this question carries: where we are, unchanged.
    return say({ text: t.intake.staleButton }, question());
  }

  /** The one-page form (from `/complain` or "use a form instead"), prefilled from the chat. */
  async openForm(ctx: Ctx, actor: Actor, ephemeral: boolean): Promise<Reply> {
    const session = await activeSession(ctx.q, actor.tenantId, actor.userId);
    const t = catalog(session ? session.locale : (toLocale(actor.locale) ?? 'en'));
    return { messages: [], form: intakeForm(t, session ? answersOf(session) : {}), ephemeral };
  }

  /** The one-page form submitted: validated, then filed like a confirmed conversation. */
  submitForm(ctx: Ctx, actor: Actor, values: Record<string, string>, ephemeral: boolean): Promise<Reply> {
    return redo(() => this.submit(ctx, actor, values, ephemeral));
  }

  private async submit(
    ctx: StepCtx,
    actor: Actor,
    values: Record<string, string>,
    ephemeral: boolean,
  ): Promise<Reply> {
    const session = await readIntake(ctx.q, actor);
    const description = clean(values.description ?? '', MAX_TEXT).text;
    const locale = session
      ? session.locale
      : chooseLocale(actor, description, this.reader.understand(description).language);
    const t = catalog(locale);
    const result = readForm(t, values, (text) => this.reader.understand(text));
    if (!result.ok) {
      return {
        messages: [
          {
            text: t.form.missing(result.missing),
            buttons: [{ action: 'intake.form', value: '-', label: t.buttons.form }],
          },
        ],
        ephemeral,
      };
    }
    const before = session ? answersOf(session) : {};
    const answers = {
      ...result.answers,
      ...(before.wantsPerson ? { wantsPerson: true } : {}),
      ...(before.follows ? { follows: before.follows } : {}),
    };
    const fileSession = session ?? (await startSession(ctx.q, actor, locale, 'confirm', answers, ctx.now));
    const reply = await file(ctx, actor, fileSession, answers, 'form');
    return { ...reply, ephemeral };
  }

  /** Reminds idle customers once, then pauses their intake politely. Returns [reminded, expired]. */
  sweepIdle(q: Queryable, now: Date): Promise<[number, number]> {
    return sweepIdle(q, now);
  }

  private async continueWith(ctx: StepCtx, actor: Actor, session: Session, text: string): Promise<Reply> {
    const t = catalog(session.locale);
    if (!text) return say({ text: t.errors.empty }, this.question(t, session));
    const state = stateOf(session);
    const r = this.reader.understand(text, { options: optionsFor(state.step, t) });
    const decision = decide(state, r, text);
    // A feeling shown for the first time (the story after "hi") is acknowledged when it shows.
    const felt = decision.state.answers.emotion;
    const lead =
      felt && felt !== 'calm' && felt !== state.answers.emotion && decision.turn.kind === 'ask'
        ? [{ text: t.feelings[felt](decision.state.answers.feelingWords) }]
        : [];
    return this.apply(ctx, actor, session, decision, lead);
  }

  /** The question open now, exactly as it was last shown. */
  private question(t: Catalog, session: Session): OutboundMessage {
    const step = stepOf(session);
    const a = answersOf(session);
    return prompt(step, t, a, session.history.length > 0, Math.max(0, (a.asked?.[step] ?? 1) - 1));
  }

  /** Persists a decision and puts it into words, after `lead` (the acknowledgement, if any). */
  private async apply(
    ctx: StepCtx,
    actor: Actor,
    session: Session,
    decision: Decision,
    lead: OutboundMessage[] = [],
    persist = true,
  ): Promise<Reply> {
    const t = catalog(session.locale);
    const { turn, state } = decision;
    switch (turn.kind) {
      case 'cancel':
        return this.cancel(ctx, session);
      case 'form':
        return {
          messages: [{ text: t.intake.switchedToForm }],
          form: intakeForm(t, state.answers),
          ephemeral: false,
        };
      case 'fresh':
        return this.startFresh(ctx, actor, session);
      case 'file': {
        needsTransaction(ctx);
        // Filing writes the answers with the session's completion.
        const reply = await file(ctx, actor, session, state.answers, 'dm');
        return { ...reply, messages: [...lead, ...reply.messages] };
      }
      case 'ask': {
        const saved = persist
          ? await saveSession(
              ctx.q,
              session,
              { step: state.step, answers: state.answers, history: state.history },
              ctx.now,
              ctx.held,
            )
          : session;
        const notes = decision.notes.flatMap((n) => this.note(t, n, state));
        return say(
          ...lead,
          ...notes,
          prompt(turn.step, t, state.answers, saved.history.length > 0, turn.variant),
        );
      }
    }
  }

  private note(t: Catalog, note: Note, state: State): OutboundMessage[] {
    switch (note) {
      case 'cannotGoBack':
        return [{ text: t.intake.cannotGoBack }];
      case 'updated':
        return state.step === 'confirm' ? [] : [{ text: t.intake.updated }];
      case 'urgentBecause':
        return [{ text: t.intake.urgentBecause((state.answers.urgency ?? '').split(',').filter(Boolean)) }];
      case 'notPlaced':
        return [];
    }
  }

  private async editField(ctx: StepCtx, actor: Actor, session: Session, field: Editable): Promise<Reply> {
    const state = stateOf(session);
    const step = STEP_OF_FIELD[field];
    const asked = { ...(state.answers.asked ?? {}) };
    asked[step] = (asked[step] ?? 0) + 1;
    const answers = { ...state.answers, editing: field, asked, misses: 0 };
    return this.apply(ctx, actor, session, {
      state: { step, answers, history: state.history },
      turn: { kind: 'ask', step, variant: asked[step] - 1 },
      notes: [],
    });
  }

  private async cancel(ctx: StepCtx, session: Session): Promise<Reply> {
    await saveSession(ctx.q, session, { status: 'cancelled' }, ctx.now, ctx.held);
    return say({ text: catalog(session.locale).intake.cancelled });
  }

  /** A new conversation from the top; `existing`, the active one the step read, is cancelled. */
  private async startFresh(
    ctx: StepCtx,
    actor: Actor,
    existing: Session | undefined,
    preferred?: Locale,
  ): Promise<Reply> {
    if (existing) await saveSession(ctx.q, existing, { status: 'cancelled' }, ctx.now, ctx.held);
    const locale = existing ? existing.locale : (preferred ?? toLocale(actor.locale) ?? 'en');
    const t = catalog(locale);
    await startSession(ctx.q, actor, locale, 'describe', { asked: { describe: 1 } }, ctx.now, [], ctx.held);
    return say(prompt('describe', t, {}, false));
  }
}
