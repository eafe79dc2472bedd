/**
 * Help and usage answers, derived from the spec and worded by the catalog's `help` section:
 * `/ticket help`, the answer to an unknown subcommand, a missing or an unusable option.
 */
import type { Catalog } from '../i18n/index.js';
import type { CommandName } from '../messages.js';
import { isTyped, type ParsedCommand } from './args.js';
import {
  type CommandSpec,
  commandSpec,
  type OptionKind,
  type OptionName,
  type OptionSpec,
  type OptionType,
  optionsOf,
  type SubcommandId,
  type SubcommandSpec,
  subcommandId,
  subcommandsOf,
} from './spec.js';

/** The shape of the catalog's `help` section; keyed by the spec, so each locale must cover it. */
export interface HelpCatalog {
  /** One line per command: what it is for (Discord's command description, Slack's manifest). */
  commands: Record<CommandName, string>;
  /** One line per subcommand (at most 100 characters: Discord shows it). */
  subcommands: Record<SubcommandId, string>;
  /** One line per option (at most 100 characters). */
  options: Record<OptionName, string>;
  /** How an option looks in a usage line, by kind (`C-1001`, `@name`). */
  placeholders: Record<Exclude<OptionType, 'choice'>, string>;
  /** A better placeholder for some options (`your message` rather than `text`). */
  texts: Partial<Record<OptionName, string>>;
  /** What a good value looks like, by kind; said when a value cannot be used. */
  hints: Record<Exclude<OptionType, 'text' | 'choice'>, string> & {
    choice: (values: readonly string[]) => string;
  };
  /** A note under a command's help (inside a thread the code may be left out). */
  notes: Record<CommandName, string>;
  heading: (command: string) => string;
  line: (p: { usage: string; what: string }) => string;
  unknown: (command: string) => string;
  missing: (p: { option: string; usage: string }) => string;
  invalid: (p: { option: string; value: string; hint: string }) => string;
  extra: (p: { word: string; usage: string }) => string;
}

function placeholder(t: HelpCatalog, name: string, option: OptionSpec): string {
  const kind = option.kind;
  if (kind.type === 'choice') return kind.values.join('|');
  return (isKnownOption(t, name) ? t.texts[name] : undefined) ?? t.placeholders[kind.type];
}

function optionUsage(t: HelpCatalog, name: string, option: OptionSpec): string {
  const value = placeholder(t, name, option);
  const key = option.key ?? name;
  const shown =
    option.syntax === 'pair' ? `${key}=${value}` : option.syntax === 'named' ? `${key} ${value}` : value;
  return option.required ? shown : `[${shown}]`;
}

/** `/ticket reply [C-1001] your message`: how a subcommand is typed. */
export function usage(t: HelpCatalog, command: CommandName, name: string, sub: SubcommandSpec): string {
  const words = [`/${command}`, sub.bare ? '' : name, sub.literal ?? ''];
  // A file is attached, not typed: it has no place in the typed usage.
  for (const [option, spec] of optionsOf(sub)) if (isTyped(spec)) words.push(optionUsage(t, option, spec));
  return words.filter(Boolean).join(' ');
}

const isKnownOption = (t: { options: object }, name: string): name is OptionName =>
  Object.hasOwn(t.options, name);

/** The help for a command: one line per subcommand, in the spec's order. */
export function commandHelp(t: Catalog, command: CommandName): string {
  // Typed here, not in the catalog: i18n must not import commands (no folder cycle).
  const h: HelpCatalog = t.help;
  const lines = subcommandsOf(command).map(([name, sub]) => {
    const id = subcommandId(command, name);
    return h.line({ usage: usage(h, command, name, sub), what: id ? h.subcommands[id] : '' });
  });
  const note = h.notes[command];
  return [h.heading(`/${command}`), ...lines, ...(note ? [note] : [])].join('\n');
}

function subUsage(t: HelpCatalog, command: CommandName, sub: string): string {
  const spec: CommandSpec = commandSpec(command);
  const found = spec.subcommands[sub];
  return found ? usage(t, command, sub, found) : `/${command}`;
}

function optionSpec(command: CommandName, sub: string, option: string): OptionSpec | undefined {
  return commandSpec(command).subcommands[sub]?.options[option];
}

/** What to say when the text does not fit the spec; undefined when it does. */
export function parseProblem(t: Catalog, command: CommandName, parsed: ParsedCommand): string | undefined {
  // Typed here, not in the catalog: i18n must not import commands (no folder cycle).
  const h: HelpCatalog = t.help;
  switch (parsed.kind) {
    case 'ok':
      return undefined;
    case 'unknown':
      return parsed.word === 'help' || parsed.word === ''
        ? commandHelp(t, command)
        : `${h.unknown(`/${command} ${parsed.word}`)}\n${commandHelp(t, command)}`;
    case 'missing':
      return h.missing({
        option: isKnownOption(h, parsed.option) ? h.options[parsed.option] : parsed.option,
        usage: subUsage(h, command, parsed.sub),
      });
    case 'invalid': {
      const hint = hintFor(t, optionSpec(command, parsed.sub, parsed.option)?.kind);
      return h.invalid({ option: parsed.option, value: parsed.value, hint });
    }
    case 'extra':
      return h.extra({ word: parsed.word, usage: subUsage(h, command, parsed.sub) });
  }
}

/** The accepted form of an option's values, in words (nothing for free text). */
export function hintFor(t: Catalog, kind: OptionKind | undefined): string {
  const h: HelpCatalog = t.help;
  if (kind?.type === 'choice') return h.hints.choice(kind.values);
  return kind && kind.type !== 'text' ? h.hints[kind.type] : '';
}
