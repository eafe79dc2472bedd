/** The values staff work settings carry: how new complaints find an owner. */
import { oneOf } from './guard.js';

/**
 * How a new complaint is given an owner (`tenant_settings.assignment_mode`): nobody (staff claim),
 * the available staff member who was given one longest ago, or the one holding the fewest open.
 */
export const ASSIGNMENT_MODES = ['off', 'round_robin', 'least_loaded'] as const;
export type AssignmentMode = (typeof ASSIGNMENT_MODES)[number];
export const isAssignmentMode = oneOf(ASSIGNMENT_MODES);

/** A switch a setting turns on or off, as typed in `/hearken settings`. */
export const SWITCHES = ['on', 'off'] as const;
export type Switch = (typeof SWITCHES)[number];
export const isSwitch = oneOf(SWITCHES);
