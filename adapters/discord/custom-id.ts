/**
 * Discord gives each button, select and modal a `custom_id` of at most 100 characters, echoed
 * back on the interaction. We pack the core's action and value (or form id and context) in it.
 *
 * - component: `<action>|<value>` (a select carries its value in the pick: `<action>|`)
 * - modal: `form|<flags>|<formId>|<context>`; flags mark where the form was opened from.
 *
 * Core action ids contain no `|`; values and contexts may, so they always come last.
 */
import { PlatformError } from '../../src/errors.js';
export const CUSTOM_ID_MAX = 100;
const SEP = '|';
const FORM = 'form';

export class CustomIdTooLongError extends Error {
  override readonly name = 'CustomIdTooLongError';
  constructor(readonly customId: string) {
    super(
      `Discord custom_id is limited to ${CUSTOM_ID_MAX} characters; "${customId.slice(0, 40)}…" has ${customId.length}. Shorten the action value or form context in the core.`,
    );
  }
}

function checked(customId: string): string {
  if (customId.length > CUSTOM_ID_MAX) throw new CustomIdTooLongError(customId);
  return customId;
}

export function packAction(action: string, value: string): string {
  if (action.includes(SEP) || action === FORM)
    throw new PlatformError('E_PLATFORM_UNSUPPORTED_ID', `Action id "${action}"`);
  return checked(`${action}${SEP}${value}`);
}

export function unpackAction(customId: string): { action: string; value: string } | undefined {
  const at = customId.indexOf(SEP);
  if (at <= 0) return undefined;
  const action = customId.slice(0, at);
  if (action === FORM) return undefined;
  return { action, value: customId.slice(at + 1) };
}

/** Where a modal was opened from; the adapter acts on it after the submit (closed-DM check). */
export interface FormOrigin {
  /** Opened by `/complain` in a server: the submitter will be contacted later by DM. */
  complainInGuild: boolean;
}

export function packForm(formId: string, context: string | undefined, origin: FormOrigin): string {
  if (formId.includes(SEP))
    throw new PlatformError('E_PLATFORM_UNSUPPORTED_ID', `Form id "${formId}" (it contains "${SEP}")`);
  const flags = origin.complainInGuild ? 'c' : '-';
  const tail = context === undefined ? '' : `${SEP}${context}`;
  return checked(`${FORM}${SEP}${flags}${SEP}${formId}${tail}`);
}

export function unpackForm(
  customId: string,
): { formId: string; context?: string; origin: FormOrigin } | undefined {
  const [head, flags, ...rest] = customId.split(SEP);
  if (head !== FORM || flags === undefined || rest.length === 0) return undefined;
  const [formId = '', ...context] = rest;
  return {
    formId,
    ...(context.length ? { context: context.join(SEP) } : {}),
    origin: { complainInGuild: flags.includes('c') },
  };
}
