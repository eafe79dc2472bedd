/** Reading command text against the spec: the subcommand, its options, or what is wrong with them. */
import { normaliseCode } from '../complaints/repo.js';
import type { CommandName } from '../messages.js';
import { isValidTimeZone } from '../sla/calendar.js';
import {
  commandSpec,
  type OptionKind,
  type OptionSpec,
  optionsOf,
  type SubcommandSpec,
  subcommandsOf,
} from './spec.js';

export interface Parsed {
  sub: string;
  args: string[];
  /** Everything after the subcommand, spacing kept (free text such as a reply). */
  rest: string;
}

/** Splits command text into its first word and the rest, without the spec (extensions use it). */
export function parse(text: string): Parsed {
  const trimmed = text.trim();
  const match = trimmed.match(/^(\S+)\s*([\s\S]*)$/);
  if (!match) return { sub: '', args: [], rest: '' };
  const rest = match[2] ?? '';
  return { sub: (match[1] ?? '').toLowerCase(), args: rest.split(/\s+/).filter(Boolean), rest };
}

/** Drops the first word of `text` (after trimming), keeping the rest as typed. */
export function afterFirstWord(text: string): string {
  return text.trim().replace(/^\S+\s*/, '');
}

/** Option name → the values given, already checked and normalised (codes as `C-1001`, delays in minutes). */
export type OptionValues = Readonly<Record<string, readonly string[]>>;

/** What a command's text means, or why it cannot be used. */
export type ParsedCommand =
  | { kind: 'ok'; sub: string; values: OptionValues }
  | { kind: 'unknown'; word: string }
  | { kind: 'missing'; sub: string; option: string }
  | { kind: 'invalid'; sub: string; option: string; value: string }
  | { kind: 'extra'; sub: string; word: string };

/** The first value of an option, if given. */
export const first = (values: OptionValues, option: string): string | undefined => values[option]?.[0];

/** The subcommand a typed word names (its name or an alias), or the bare one for no word. */
export function findSubcommand(command: CommandName, word: string): [string, SubcommandSpec] | undefined {
  const lower = word.toLowerCase();
  return subcommandsOf(command).find(([name, sub]) =>
    lower === '' ? sub.bare === true : name === lower || (sub.aliases ?? []).includes(lower),
  );
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function minutes(value: string, max: number): number | undefined {
  const match = value.match(/^(\d{1,5})\s*(m|min|h|d)?$/i);
  if (!match) return undefined;
  const n = Number(match[1]);
  const unit = (match[2] ?? 'm').toLowerCase();
  const total = unit === 'h' ? n * 60 : unit === 'd' ? n * 1440 : n;
  return total <= max ? total : undefined;
}

/** The value in the core's form, or undefined when it does not fit the option's kind. */
export function checkValue(kind: OptionKind, value: string): string | undefined {
  switch (kind.type) {
    case 'code':
      return normaliseCode(value);
    case 'choice':
      return kind.values.find((v) => v.toLowerCase() === value.toLowerCase());
    case 'timezone':
      return isValidTimeZone(value) ? value : undefined;
    case 'time':
      return TIME.test(value) ? value : undefined;
    case 'duration': {
      const total = minutes(value, kind.maxMinutes);
      return total === undefined ? undefined : String(total);
    }
    case 'number': {
      const n = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
      return n >= kind.min && n <= kind.max ? String(n) : undefined;
    }
    case 'text':
      return value;
    case 'user':
    case 'channel':
    case 'role':
      return value;
    case 'file':
      return undefined;
  }
}

/** Whether an option is typed at all (a file comes with the event, never in its text). */
export const isTyped = (option: OptionSpec): boolean => option.kind.type !== 'file';

const keysOf = (name: string, option: OptionSpec) => [option.key ?? name, ...(option.aliases ?? [])];

/**
 * A named free-text option (`sla urgent 1h 24h`) takes the words after its key up to the next
 * key of the same subcommand, so several such options fit on one line.
 */
function phrase(sub: SubcommandSpec, words: string[], at: number): [string | undefined, number] {
  const keys = new Set(
    optionsOf(sub)
      .filter(([, o]) => o.syntax === 'named')
      .flatMap(([name, o]) => keysOf(name, o)),
  );
  let end = at + 1;
  while (end < words.length && !keys.has((words[end] ?? '').toLowerCase())) end += 1;
  const taken = words.slice(at + 1, end).join(' ');
  return [taken || undefined, end - at];
}

/** Takes `key=value` and `key value` options out of the words, leaving the positional ones. */
function takeKeyed(
  sub: SubcommandSpec,
  words: string[],
  values: Record<string, string[]>,
): { option: string; value: string; problem: 'missing' | 'invalid' } | undefined {
  for (const [name, option] of optionsOf(sub)) {
    if (!option.syntax || option.syntax === 'positional') continue;
    const keys = keysOf(name, option);
    for (let i = 0; i < words.length; ) {
      const word = words[i] ?? '';
      let raw: string | undefined;
      let used = 0;
      if (option.syntax === 'pair') {
        // `key=value`, or `key:value` as people write it too (`customer:@ana`); the first
        // separator counts, so values may hold either (`staff=slack:T1:C2`).
        const at = word.search(/[=:]/);
        if (at > 0 && keys.includes(word.slice(0, at).toLowerCase())) [raw, used] = [word.slice(at + 1), 1];
      } else if (keys.includes(word.toLowerCase())) {
        [raw, used] = option.kind.type === 'text' ? phrase(sub, words, i) : [words[i + 1], 2];
      }
      if (used === 0) {
        i += 1;
        continue;
      }
      if (!raw) return { option: name, value: '', problem: 'missing' };
      const value = checkValue(option.kind, raw);
      if (value === undefined) return { option: name, value: raw, problem: 'invalid' };
      values[name] = option.repeatable ? [...(values[name] ?? []), value] : [value];
      words.splice(i, Math.min(used, words.length - i));
    }
  }
  return undefined;
}

/**
 * Reads `text` (everything after the command name) as the spec declares it. Positional options
 * are taken in order; an optional code is taken only when the word looks like one (inside a
 * complaint's thread the code may be left out and the text starts at once); free text takes the
 * rest as typed.
 */
export function parseCommand(command: CommandName, text: string): ParsedCommand {
  const { sub: word, rest } = parse(text);
  const found = findSubcommand(command, word);
  if (!found) return { kind: 'unknown', word };
  const [sub, spec] = found;
  let remaining = word === '' ? '' : rest;
  if (spec.literal) {
    const next = parse(remaining);
    if (next.sub === spec.literal) remaining = next.rest;
  }
  const values: Record<string, string[]> = {};
  const words = remaining.split(/\s+/).filter(Boolean);
  const keyed = takeKeyed(spec, words, values);
  if (keyed?.problem === 'missing') return { kind: 'missing', sub, option: keyed.option };
  if (keyed) return { kind: 'invalid', sub, option: keyed.option, value: keyed.value };
  if (words.length !== remaining.split(/\s+/).filter(Boolean).length) remaining = words.join(' ');

  const positional = optionsOf(spec).filter(
    ([, o]) => isTyped(o) && (!o.syntax || o.syntax === 'positional'),
  );
  for (const [index, [name, option]] of positional.entries()) {
    const next = parse(remaining);
    if (option.kind.type === 'text') {
      const value = remaining.trim();
      if (value) values[name] = [value];
      else if (option.required) return { kind: 'missing', sub, option: name };
      remaining = '';
      continue;
    }
    if (!next.sub) {
      if (option.required) return { kind: 'missing', sub, option: name };
      continue;
    }
    const raw = remaining.trim().split(/\s+/)[0] ?? '';
    const value = checkValue(option.kind, raw);
    if (value === undefined) {
      // Not a code, but more options follow: the thread says which complaint; the word is the next option.
      if (option.kind.type === 'code' && !option.required && index < positional.length - 1) continue;
      return { kind: 'invalid', sub, option: name, value: raw };
    }
    values[name] = [value];
    remaining = afterFirstWord(remaining);
  }
  const extra = remaining.trim().split(/\s+/)[0];
  if (extra) return { kind: 'extra', sub, word: extra };
  return { kind: 'ok', sub, values };
}

/** The core's text for a subcommand and option values, in the spec's order: what a person would type. */
export function commandText(
  command: CommandName,
  sub: string,
  given: Readonly<Record<string, string>>,
): string {
  const spec = commandSpec(command).subcommands[sub];
  if (!spec) return [sub, ...Object.values(given)].join(' ').trim();
  const words = [spec.bare ? '' : sub, spec.literal ?? ''];
  for (const [name, option] of optionsOf(spec)) {
    const value = given[name]?.trim();
    if (!value || !isTyped(option)) continue;
    const key = option.key ?? name;
    if (option.syntax === 'pair') words.push(`${key}=${value}`);
    else if (option.syntax === 'named') words.push(key, value);
    else words.push(value);
  }
  return words.filter(Boolean).join(' ');
}
