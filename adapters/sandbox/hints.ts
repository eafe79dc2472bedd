/**
 * The command box's suggestions, derived from the core's command spec: every staff and admin
 * subcommand as it is typed, one line per choice value, and whether a complaint code comes next
 * (then the page asks `/sandbox/api/codes` for the codes this person may see).
 */
import { COMMAND_NAMES, commandSpec, optionsOf, subcommandsOf } from '../../src/commands/spec.js';

export interface CommandHint {
  /** What the box offers, e.g. `/ticket claim ` (a trailing space when something follows). */
  text: string;
  /** A complaint code is the next word. */
  code: boolean;
}

/** The suggestions for the staff and manager panes: commands anyone may run are left to the customer. */
export function commandHints(): CommandHint[] {
  const hints: CommandHint[] = [];
  for (const command of COMMAND_NAMES) {
    if (commandSpec(command).access === 'anyone') continue;
    for (const [name, sub] of subcommandsOf(command)) {
      if (name === 'help') continue;
      const typed = [`/${command}`, name, sub.literal ?? ''].filter(Boolean).join(' ');
      const [first] = optionsOf(sub).filter(([, o]) => !o.syntax || o.syntax === 'positional');
      const kind = first?.[1].kind;
      if (kind?.type === 'code') hints.push({ text: `${typed} `, code: true });
      else if (kind?.type === 'choice') {
        hints.push({ text: typed, code: false });
        for (const value of kind.values) hints.push({ text: `${typed} ${value}`, code: false });
      } else hints.push({ text: typed, code: false });
    }
  }
  return hints;
}
