/** The values an intake conversation (`intake_sessions`) carries. */
import { oneOf } from './guard.js';

/** The questions of the intake conversation, in the order they are asked. */
export const INTAKE_STEPS = [
  'describe',
  'category',
  'impact',
  'details',
  'outcome',
  'outcome_note',
  'confirm',
  'edit',
  'resume',
] as const;
export type IntakeStep = (typeof INTAKE_STEPS)[number];
export const isIntakeStep = oneOf(INTAKE_STEPS);

/** An intake conversation's lifecycle; one `active` row per customer per tenant. */
export const INTAKE_STATUSES = ['active', 'completed', 'cancelled', 'expired'] as const;
export type IntakeStatus = (typeof INTAKE_STATUSES)[number];
export const isIntakeStatus = oneOf(INTAKE_STATUSES);
