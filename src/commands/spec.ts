/**
 * Every slash command, declared once: its subcommands, their options, who may run them. The
 * core's parser (`parseCommand`), the help text (`help.ts`), Discord's registration payload
 * (`adapters/discord/commands.ts`), the Slack manifest (`npm run manifest`) and the sandbox's
 * hints are all derived from this table; `test/commands/spec.test.ts` fails when one is stale.
 *
 * How each subcommand answers is declared here too (`answer`): whether its answer can be a form
 * and who sees it. A platform that must acknowledge before the answer exists reads it through
 * `answerOf`; `test/commands/answers.test.ts` runs every subcommand through the core and fails
 * when the declaration and the answers part.
 *
 * Wording is not here: each subcommand's help line is `help.subcommands['<command>.<sub>']` and
 * each option's description `help.options[<option>]` in the catalogs, typed from this table so a
 * missing translation fails the type check.
 */

import { THREAD_REPLY_MODES } from '../domain/index.js';
import type { CommandName } from '../messages.js';

/** Who may run a command: anyone, the tenant's staff (admins included), or admins only. */
export type Access = 'anyone' | 'staff' | 'admin';

/**
 * How an option is written in the core's text:
 * - `positional`: in declaration order after the subcommand (`claim C-1001`);
 * - `pair`: `key=value` anywhere (`setup staff=#support`);
 * - `named`: the key, then the value (`settings timezone Asia/Shanghai`).
 */
export type Syntax = 'positional' | 'pair' | 'named';

/** What an option holds, which decides how it is checked and how each platform asks for it. */
export type OptionKind =
  /** A complaint code such as `C-1001` (platforms offer codes as you type). */
  | { type: 'code' }
  /** A person: an opaque user id from a mention. */
  | { type: 'user' }
  /** A channel: an opaque channel id from a mention. */
  | { type: 'channel' }
  /** A role or user group: an opaque id from a mention. */
  | { type: 'role' }
  /** Free text: everything after the other options, spacing kept. Always last. */
  | { type: 'text'; maxLength: number }
  /** One of a fixed list of words. */
  | { type: 'choice'; values: readonly string[] }
  /** An IANA time zone (`Europe/Berlin`). */
  | { type: 'timezone' }
  /** A 24-hour time of day (`09:00`). */
  | { type: 'time' }
  /** A delay: minutes, or a number with `m`, `h` or `d` (`90m`, `24h`, `2d`), at most `maxMinutes`. */
  | { type: 'duration'; maxMinutes: number }
  /**
   * A file the person attaches, where the platform's commands take one (a Discord attachment
   * option). Never part of the typed text: it reaches the core as the event's `files`.
   */
  | { type: 'file' }
  /** A whole number from `min` to `max` (`page 2`). */
  | { type: 'number'; min: number; max: number };

export interface OptionSpec {
  kind: OptionKind;
  required?: boolean;
  syntax?: Syntax;
  /** The word before the value for `pair` and `named` syntax (defaults to the option's name). */
  key?: string;
  /** Other keys that mean the same (`group=` for `role=`). */
  aliases?: readonly string[];
  /** May be given more than once (`role=@a role=@b`). */
  repeatable?: boolean;
}

/**
 * What the core answers a command with, known before it runs: a platform that must acknowledge
 * before the answer exists can do so at once only when no form can follow (a form may have to be
 * its first response), and must choose who sees the answer in that same acknowledgement.
 */
export interface AnswerSpec {
  /** `may`: the answer can be a form (a modal), which only a first response can open; `never`: messages only. */
  form: 'never' | 'may';
  /** In a channel: `private` when only the person who ran it sees the answer. A DM is theirs alone anyway. */
  seen: 'private' | 'public';
}

/** Messages only the person sees: the answer of every command that only reads or acts. */
const PRIVATE_MESSAGES = { form: 'never', seen: 'private' } as const satisfies AnswerSpec;
/** Possibly a form (the one-page complaint form), else messages only the person sees. */
const PRIVATE_OR_FORM = { form: 'may', seen: 'private' } as const satisfies AnswerSpec;

export interface SubcommandSpec {
  /** Option name → spec, in the order a person types them. Names are Discord-safe (`a-z0-9_-`). */
  options: Readonly<Record<string, OptionSpec>>;
  /** What an empty command does (`/complain` alone is `/complain new`). */
  bare?: boolean;
  /** A fixed word after the subcommand that is part of its name (`digest now`). */
  literal?: string;
  /** Other words a person may type for it (`状态` for `status`). */
  aliases?: readonly string[];
  /** Shown in help but not registered as a Discord subcommand (Discord lists subcommands itself). */
  notOnDiscord?: boolean;
  /** How it answers, when not as its command's `answer` says. */
  answer?: AnswerSpec;
}

export interface CommandSpec {
  access: Access;
  /** Usable in a DM with the bot as well as in a server channel. */
  inDms: boolean;
  /** Slack may rewrite mentions in the text to ids (`should_escape`). */
  mentions: boolean;
  subcommands: Readonly<Record<string, SubcommandSpec>>;
  /**
   * How its subcommands answer unless one says otherwise, and how text that names none of them
   * (or whose options do not read) is answered: `/complain` followed by words starts a
   * conversation, which may switch to the form.
   */
  answer: AnswerSpec;
}

const code = (required = false): OptionSpec => ({
  kind: { type: 'code' },
  ...(required ? { required } : {}),
});
const text = (required: boolean): OptionSpec => ({ kind: { type: 'text', maxLength: 1500 }, required });
const named = (kind: OptionKind): OptionSpec => ({ kind, syntax: 'named' });
/** Several words after the key, up to the next key (`sla urgent 1h 24h`); its command reads them. */
const phrase = (): OptionSpec => named({ type: 'text', maxLength: 200 });
const help = {
  options: {},
  aliases: ['帮助'],
  notOnDiscord: true,
  answer: PRIVATE_MESSAGES,
} as const satisfies SubcommandSpec;

/** The one declaration. Keep the subcommands in the order help lists them. */
export const COMMAND_SPEC = {
  complain: {
    access: 'anyone',
    inDms: true,
    mentions: false,
    // `new` opens the one-page form; words after `/complain` start a conversation that may switch to it.
    answer: PRIVATE_OR_FORM,
    subcommands: {
      new: { options: {}, bare: true },
      status: { options: { code: code() }, aliases: ['状态'], answer: PRIVATE_MESSAGES },
      help,
    },
  },
  ticket: {
    access: 'staff',
    inDms: false,
    mentions: true,
    answer: PRIVATE_MESSAGES,
    subcommands: {
      list: {
        options: {
          filter: { kind: { type: 'choice', values: ['open', 'mine', 'breaching'] } },
          page: named({ type: 'number', min: 1, max: 10_000 }),
        },
      },
      show: { options: { code: code() } },
      claim: { options: { code: code() } },
      assign: { options: { code: code(), member: { kind: { type: 'user' }, required: true } } },
      reply: { options: { code: code(), message: text(true), file: { kind: { type: 'file' } } } },
      ask: { options: { code: code(), question: text(true) } },
      note: { options: { code: code(), note: text(true) } },
      escalate: { options: { code: code(), reason: text(false) } },
      resolve: { options: { code: code(), resolution: text(true) } },
      reopen: { options: { code: code(), reason: text(false) } },
      // Macros and availability (issue 14): canned replies, and whether auto-assignment picks you.
      macro: {
        options: {
          action: { kind: { type: 'choice', values: ['list', 'add', 'edit', 'delete'] }, required: true },
          lang: { kind: { type: 'choice', values: ['en', 'zh-CN'] }, syntax: 'pair' },
          content: text(false),
        },
      },
      away: { options: {} },
      back: { options: {} },
      help,
    },
  },
  hearken: {
    access: 'admin',
    inDms: false,
    mentions: true,
    answer: PRIVATE_MESSAGES,
    subcommands: {
      setup: {
        options: {
          staff_channel: { kind: { type: 'channel' }, syntax: 'pair', key: 'staff' },
          manager_channel: { kind: { type: 'channel' }, syntax: 'pair', key: 'manager' },
          staff_role: {
            kind: { type: 'role' },
            syntax: 'pair',
            key: 'role',
            aliases: ['group'],
            repeatable: true,
          },
        },
      },
      settings: {
        options: {
          timezone: named({ type: 'timezone' }),
          digest: named({ type: 'time' }),
          locale: named({ type: 'choice', values: ['en', 'zh-CN'] }),
          'survey-delay': named({ type: 'duration', maxMinutes: 30 * 1440 }),
          // Policy from chat: each is read by its entry in src/commands/settings.ts.
          sla: phrase(),
          hours: phrase(),
          holidays: phrase(),
          // Staff and customer lifecycle (issue 14).
          'auto-close': named({ type: 'duration', maxMinutes: 30 * 1440 }),
          'reopen-window': named({ type: 'duration', maxMinutes: 90 * 1440 }),
          'out-of-hours': named({ type: 'choice', values: ['on', 'off'] }),
          assignment: named({ type: 'choice', values: ['off', 'round_robin', 'least_loaded'] }),
          'staff-mention': named({ type: 'choice', values: ['on', 'off'] }),
          'thread-replies': named({ type: 'choice', values: THREAD_REPLY_MODES }),
        },
      },
      // Block list: a blocked customer reaches no one on staff.
      block: { options: { customer: { kind: { type: 'user' }, required: true } } },
      unblock: { options: { customer: { kind: { type: 'user' }, required: true } } },
      blocked: { options: {} },
      digest: { options: {}, literal: 'now' },
      export: {
        options: {
          code: code(),
          // A data-subject request: everything kept about one person (`customer=@ana`, `customer:@ana`).
          customer: { kind: { type: 'user' }, syntax: 'pair', key: 'customer' },
        },
      },
      forget: { options: { code: code(true) } },
      /** Messages the outbox gave up on: `outbox [page]` lists them, `outbox retry <id>` requeues one. */
      outbox: {
        options: {
          retry: named({ type: 'text', maxLength: 20 }),
          page: { kind: { type: 'text', maxLength: 6 } },
        },
      },
      help,
    },
  },
} as const satisfies Record<CommandName, CommandSpec>;

type Spec = typeof COMMAND_SPEC;
/** `'<command>.<subcommand>'` for every declared subcommand: the key of its help line. */
export type SubcommandId = {
  [C in keyof Spec]: `${C}.${Extract<keyof Spec[C]['subcommands'], string>}`;
}[keyof Spec];
type OptionsOf<S> = S extends { options: infer O } ? Extract<keyof O, string> : never;
/** Every option name used by any subcommand: the key of its description. */
export type OptionName = {
  [C in keyof Spec]: {
    [S in keyof Spec[C]['subcommands']]: OptionsOf<Spec[C]['subcommands'][S]>;
  }[keyof Spec[C]['subcommands']];
}[keyof Spec];
/** The placeholder kinds help uses in usage lines. */
export type OptionType = OptionKind['type'];

/** The commands in declaration order. */
export const COMMAND_NAMES: readonly CommandName[] = Object.keys(COMMAND_SPEC).filter(isCommandName);

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMAND_SPEC, name);
}

/** A command's spec, widened so code can walk it without literal types getting in the way. */
export function commandSpec(command: CommandName): CommandSpec {
  return COMMAND_SPEC[command];
}

/** `[name, spec]` of a command's subcommands, in declaration order. */
export function subcommandsOf(command: CommandName): [string, SubcommandSpec][] {
  return Object.entries(commandSpec(command).subcommands);
}

/** `[name, spec]` of a subcommand's options, in declaration order. */
export function optionsOf(sub: SubcommandSpec): [string, OptionSpec][] {
  return Object.entries(sub.options);
}

/**
 * How the core answers `sub` of `command`; with no `sub` (text that names no declared subcommand,
 * or whose options do not read), how the command answers such text.
 */
export function answerOf(command: CommandName, sub?: string): AnswerSpec {
  const spec = commandSpec(command);
  return (sub === undefined ? undefined : spec.subcommands[sub]?.answer) ?? spec.answer;
}

/** The help key of a declared subcommand, or undefined for a word the spec does not know. */
export function subcommandId(command: CommandName, sub: string): SubcommandId | undefined {
  const id = `${command}.${sub}`;
  return isSubcommandId(id) ? id : undefined;
}

function isSubcommandId(id: string): id is SubcommandId {
  const [command = '', sub = ''] = id.split('.');
  return isCommandName(command) && Object.hasOwn(commandSpec(command).subcommands, sub);
}
