/**
 * The ids the core puts on buttons, choice lists and forms, and routes back on a click or a
 * submit. Adapters carry them opaquely (at most 40 characters, see `Button.action`).
 */
import { oneOf } from './guard.js';

/** Action ids grouped by the prefix the core routes on (`intake.` to the engine, …). */
export const ACTIONS = {
  intake: [
    'intake.new',
    'intake.back',
    'intake.cancel',
    'intake.form',
    'intake.category',
    'intake.impact',
    'intake.skip',
    'intake.outcome',
    'intake.confirm',
    'intake.edit',
    'intake.editField',
    'intake.resume',
    /** "Talk to a person": file what we have and hand the customer to staff. */
    'intake.person',
  ],
  ticket: [
    'ticket.claim',
    'ticket.reply',
    'ticket.escalate',
    'ticket.resolve',
    'ticket.reopen',
    /** Next or previous page of `/ticket list` (value `<filter>:<page>`). */
    'ticket.page',
  ],
  survey: ['survey.rate', 'survey.comment'],
} as const;
export type ActionGroup = keyof typeof ACTIONS;
export type IntakeAction = (typeof ACTIONS.intake)[number];
export type TicketAction = (typeof ACTIONS.ticket)[number];
export type SurveyAction = (typeof ACTIONS.survey)[number];
export type ActionId = IntakeAction | TicketAction | SurveyAction;
/** Every action id, flat. */
export const ACTION_IDS: readonly ActionId[] = [...ACTIONS.intake, ...ACTIONS.ticket, ...ACTIONS.survey];
export const isAction = oneOf(ACTION_IDS);
export const isIntakeAction = oneOf(ACTIONS.intake);
export const isTicketAction = oneOf(ACTIONS.ticket);
export const isSurveyAction = oneOf(ACTIONS.survey);

/** Form ids (`Form.id`): the one-page complaint form, the staff reply/resolve forms, the survey comment. */
export const FORMS = [
  'intake.form',
  'ticket.reply',
  'ticket.resolve',
  /** Why a complaint goes to the managers: the card's Escalate button asks. */
  'ticket.escalate',
  'survey.comment',
] as const;
export type FormId = (typeof FORMS)[number];
export const isForm = oneOf(FORMS);

/** A customer's later change to a message they sent (`MessageEvent.change`). */
export const MESSAGE_CHANGES = ['edited', 'deleted'] as const;
export type MessageChange = (typeof MESSAGE_CHANGES)[number];
